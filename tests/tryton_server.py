"""A throwaway Tryton 8.2 server on 127.0.0.1 for the ERP sync tests (issue 7).

Tryton is installed once into its own venv in a cache directory (``WARELINK_TRYTON_HOME``, else
``$XDG_CACHE_HOME/warelink-tryton`` or ``~/.cache/warelink-tryton``) and reused: pip ~15 s,
``trytond-admin`` database initialisation ~25 s, both only the first time. The freshly initialised
database is kept as ``template/wms.sqlite``; each test session copies it into a temporary
directory and starts ``trytond -d wms`` there on a free port (~1.5 s). See
../shared/docs/tryton.md for the verified facts (gotchas G1, G2, G8, G9, G14).

``start_server()`` raises ``TrytonUnavailable`` when Tryton cannot be installed here (no network,
no PyPI); the fixture then skips, except on CI (``CI=true``) where it fails.
"""
from __future__ import annotations

import atexit
import fcntl
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

__all__ = ["TrytonServer", "TrytonUnavailable", "start_server", "ADMIN_PASSWORD", "DATABASE"]

PACKAGES = ("trytond==8.2.*", "trytond-stock==8.2.*", "trytond-stock-lot==8.2.*",
            "trytond-purchase==8.2.*", "trytond-sale==8.2.*")
MODULES = ("stock", "stock_lot", "purchase", "sale")   # purchase/sale: the PO and SO pulls
DATABASE = "wms"
ADMIN_PASSWORD = "tryton-admin"   # a throwaway test server on loopback; never a real secret
_MARK = "warelink-ok-" + "-".join(MODULES)


class TrytonUnavailable(RuntimeError):
    """Tryton could not be installed or initialised on this machine."""


def cache_dir() -> Path:
    if os.environ.get("WARELINK_TRYTON_HOME"):
        return Path(os.environ["WARELINK_TRYTON_HOME"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "warelink-tryton"


@contextmanager
def _locked(home: Path):
    """Two pytest sessions preparing the same cache take turns."""
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _run(cmd: list[str], *, env: dict | None = None, timeout: float, what: str) -> None:
    try:
        proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TrytonUnavailable(f"{what}: {exc}") from None
    if proc.returncode != 0:
        raise TrytonUnavailable(f"{what} failed ({proc.returncode}): {proc.stderr[-2000:]}")


def ensure_installed(home: Path) -> Path:
    """The venv's bin directory, installing Tryton when it is not there yet."""
    venv = home / "venv"
    if not (venv / _MARK).exists():
        if not (venv / "bin" / "python").exists():
            _run([sys.executable, "-m", "venv", str(venv)], timeout=300, what="creating the venv")
        _run([str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check",
              *PACKAGES], timeout=900, what="pip install trytond")
        (venv / _MARK).touch()
    return venv / "bin"


def _env(db_dir: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRYTOND_")}
    env.update(TRYTOND_DATABASE__URI="sqlite://", TRYTOND_DATABASE__PATH=str(db_dir), **extra)
    return env


def ensure_template(home: Path, bindir: Path) -> Path:
    """A pristine initialised database (``template/wms.sqlite``), made once."""
    template = home / "template"
    db_file = template / f"{DATABASE}.sqlite"
    if (template / _MARK).exists() and db_file.exists():
        return db_file
    shutil.rmtree(template, ignore_errors=True)
    template.mkdir(parents=True)
    db_file.touch()                                   # G1: the file must exist
    passfile = home / "admin.pass"
    passfile.write_text(ADMIN_PASSWORD + "\n")
    _run([str(bindir / "trytond-admin"), "-d", DATABASE, "--all", "-u", *MODULES,
          "--activate-dependencies", "--email", "admin@example.com"],
         env=_env(template, TRYTONPASSFILE=str(passfile)), timeout=900,
         what="trytond-admin database initialisation")
    for suffix in ("-wal", "-shm"):                    # G14: fold the WAL into the file
        if Path(str(db_file) + suffix).exists():
            con = sqlite3.connect(db_file)
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.close()
            break
    (template / _MARK).touch()
    return db_file


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TrytonServer:
    def __init__(self, root: Path, port: int, proc: subprocess.Popen) -> None:
        self.root, self.port, self.proc = root, port, proc
        self._stopped = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    database = DATABASE
    username = "admin"
    password = ADMIN_PASSWORD

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        shutil.rmtree(self.root, ignore_errors=True)


def _answers(url: str) -> bool:
    import json
    import urllib.request
    req = urllib.request.Request(url + "/rpc/", data=json.dumps(
        {"id": 1, "method": "common.server.version", "params": []}).encode(),
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def start_server(timeout: float = 60.0) -> TrytonServer:
    home = cache_dir()
    with _locked(home):
        bindir = ensure_installed(home)
        template = ensure_template(home, bindir)
    root = Path(tempfile.mkdtemp(prefix="warelink-tryton-"))
    db_dir = root / "db"
    db_dir.mkdir()
    src, dst = sqlite3.connect(template), sqlite3.connect(db_dir / f"{DATABASE}.sqlite")
    src.backup(dst)
    src.close()
    dst.close()
    port = _free_port()
    log = open(root / "trytond.log", "wb")
    proc = subprocess.Popen([str(bindir / "trytond"), "-d", DATABASE],   # G2: always -d
                            env=_env(db_dir, TRYTOND_WEB__LISTEN=f"127.0.0.1:{port}"),
                            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    server = TrytonServer(root, port, proc)
    atexit.register(server.stop)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = (root / "trytond.log").read_text(errors="replace")[-2000:]
            server.stop()
            raise TrytonUnavailable(f"trytond exited with {proc.returncode}: {tail}")
        if _answers(server.url):
            return server
        time.sleep(0.1)
    server.stop()
    raise TrytonUnavailable(f"trytond did not answer on port {port} within {timeout} s")
