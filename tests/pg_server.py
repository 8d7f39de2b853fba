"""A throwaway PostgreSQL server for the test suite.

``start_server()`` runs ``initdb`` into a fresh temporary directory and starts
a private postmaster on 127.0.0.1 with a free port, tuned for speed
(fsync=off: the data is thrown away).  It works as root (initdb, pg_ctl and
postgres refuse to run as root, so they run as the ``postgres`` user through
``runuser``) and as an ordinary user.  ``PgServer.stop()`` stops the server
and deletes the directory; it is also registered with ``atexit``.

If ``WARELINK_TEST_PG_URL`` is set, that existing server is used instead.  It
is an SQLAlchemy URL (``postgresql://`` or ``postgresql+psycopg://``) of a role
that may create databases; the tests then connect as that same role.

The temporary directory is created in /dev/shm when that is a tmpfs with at
least 1 GiB free (much faster), else in the usual temp directory;
``WARELINK_TEST_PG_BASEDIR`` overrides this.  Its name is
``warelink-pg-XXXXXXXX`` or, with ``WARELINK_TEST_PG_TAG=T``,
``warelink-pg-T-XXXXXXXX``; ``.ci/run`` sets a tag so that its exit trap can
find and kill the servers of a killed pytest, and only those.
"""

from __future__ import annotations

import atexit
import glob
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

__all__ = ["PgServer", "PgUnavailable", "start_server"]

APP_USER = "warelink"
APP_PASSWORD = "warelink-test"
APP_DATABASE = "warelink_test"
ADMIN_USER = "postgres"
ADMIN_PASSWORD = "warelink-admin"
DIR_PREFIX = "warelink-pg-"

_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_START_ATTEMPTS = 5
_SHM_MIN_FREE = 1 << 30   # bytes; Docker's default 64 MiB /dev/shm is far too small


class PgUnavailable(RuntimeError):
    """No PostgreSQL server binaries (or no way to run them) on this machine."""


def _psycopg_dsn(url: URL) -> str:
    """SQLAlchemy URL -> libpq connection string for plain psycopg."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


class PgServer:
    """A running PostgreSQL server (started here, or an external one)."""

    def __init__(self, url: URL, admin_url: URL, *, root: Path | None = None,
                 bindir: Path | None = None, run_as: list[str] | None = None):
        self._url = url
        self._admin_url = admin_url
        self.root = root          # temporary directory; None for an external server
        self.bindir = bindir
        self._run_as = run_as or []
        self._created: set[str] = set()
        self._stopped = False

    # -- URLs -------------------------------------------------------------
    @property
    def url(self) -> str:
        """SQLAlchemy URL of the application database (role ``warelink``)."""
        return self._url.render_as_string(hide_password=False)

    @property
    def admin_url(self) -> str:
        """SQLAlchemy URL of a superuser (or CREATEDB role) on database ``postgres``."""
        return self._admin_url.render_as_string(hide_password=False)

    @property
    def port(self) -> int:
        return int(self._url.port or 5432)

    @property
    def data_dir(self) -> Path | None:
        return self.root / "data" if self.root else None

    @property
    def log_file(self) -> Path | None:
        return self.root / "log" if self.root else None

    # -- databases ----------------------------------------------------------
    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(_psycopg_dsn(self._admin_url), autocommit=True, connect_timeout=10)

    def create_database(self, name: str) -> str:
        """Create an empty database owned by the application role; return its URL."""
        if not _NAME_RE.match(name):
            raise ValueError(f"unsafe database name {name!r}: use [a-z_][a-z0-9_]*, at most 63 chars")
        owner = self._url.username
        with self._admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(owner)))
        self._created.add(name)
        return self._url.set(database=name).render_as_string(hide_password=False)

    def drop_database(self, name: str) -> None:
        """Drop a database, disconnecting anybody still connected to it."""
        with self._admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        self._created.discard(name)

    # -- lifecycle ----------------------------------------------------------
    def stop(self) -> None:
        """Stop the server and delete its directory (idempotent).

        For an external server, only drop the databases created through this object.
        """
        if self._stopped:
            return
        self._stopped = True
        if self.root is None:
            for name in list(self._created):
                try:
                    self.drop_database(name)
                except Exception:
                    pass
            return
        try:
            _stop_postmaster(self.bindir, self.root / "data", self._run_as)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> "PgServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.root if self.root else "external"
        return f"<PgServer {self._url.render_as_string()} ({where})>"


# ---------------------------------------------------------------------------
def find_bindir() -> Path:
    """Directory holding initdb/pg_ctl: newest /usr/lib/postgresql/*/bin, else PATH."""
    candidates = []
    for initdb in glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        version = Path(initdb).parent.parent.name
        key = tuple(int(p) if p.isdigit() else 0 for p in version.split("."))
        candidates.append((key, Path(initdb).parent))
    if candidates:
        return max(candidates)[1]
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl", path=str(Path(initdb).parent)):
        return Path(initdb).resolve().parent
    raise PgUnavailable(
        "PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb, no initdb on PATH); "
        "install them with: apt-get install postgresql")


def _run_as_prefix() -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        import pwd
        pwd.getpwnam("postgres")
    except KeyError:
        raise PgUnavailable("running as root, but there is no 'postgres' user to run the server as") from None
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"
    if not os.path.exists(runuser):
        raise PgUnavailable("running as root, but runuser (util-linux) is missing")
    return [runuser, "-u", "postgres", "--"]


def _traversable_by_others(path: Path) -> bool:
    """True if every directory from / down to path has the 'x' bit for others."""
    path = path.resolve()
    for p in [path, *path.parents]:
        try:
            if not os.stat(p).st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
    return True


def _default_base() -> str:
    """/dev/shm when it is a roomy tmpfs (CREATE DATABASE is about 10x faster
    there than on a VM disk, even with fsync=off), else the temp directory."""
    shm = "/dev/shm"
    try:
        st = os.statvfs(shm)
        if st.f_bavail * st.f_frsize >= _SHM_MIN_FREE and os.access(shm, os.W_OK | os.X_OK):
            return shm
    except OSError:
        pass
    return tempfile.gettempdir()


def _dir_prefix() -> str:
    tag = re.sub(r"[^A-Za-z0-9_]", "", os.environ.get("WARELINK_TEST_PG_TAG", ""))
    return f"{DIR_PREFIX}{tag}-" if tag else DIR_PREFIX


def _make_root(as_root: bool) -> Path:
    base = os.environ.get("WARELINK_TEST_PG_BASEDIR") or _default_base()
    if as_root and not _traversable_by_others(Path(base)):
        base = "/tmp"   # e.g. TMPDIR under /root: the postgres user could not reach it
    root = Path(tempfile.mkdtemp(prefix=_dir_prefix(), dir=base))
    if as_root:
        shutil.chown(root, "postgres", "postgres")
    return root


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _clean_env() -> dict[str, str]:
    """Our environment without PG* variables that would steer initdb/pg_ctl."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def _run(cmd: list[str], *, cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=_clean_env(), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)


def _initdb(bindir: Path, root: Path, run_as: list[str]) -> None:
    pwfile = root / "pwfile"
    pwfile.write_text(ADMIN_PASSWORD + "\n")
    if run_as:
        shutil.chown(pwfile, "postgres", "postgres")
    base = [*run_as, str(bindir / "initdb"), "-D", str(root / "data"), "-U", ADMIN_USER,
            f"--pwfile={pwfile}", "--auth-local=trust", "--auth-host=scram-sha-256",
            "-E", "UTF8", "--no-sync"]
    try:
        # C.UTF-8 gives Unicode-aware upper()/lower(); fall back to C where it is missing.
        res = None
        for locale in ("C.UTF-8", "C"):
            res = _run([*base, f"--locale={locale}"], cwd=root, timeout=180)
            if res.returncode == 0:
                return
            shutil.rmtree(root / "data", ignore_errors=True)
        raise RuntimeError(f"initdb failed ({res.returncode}):\n{res.stdout}")
    finally:
        pwfile.unlink(missing_ok=True)


def _start_postmaster(bindir: Path, root: Path, run_as: list[str]) -> int:
    """Start the server on a free port; retry when another process grabs the port first."""
    log = root / "log"
    last = ""
    for _ in range(_START_ATTEMPTS):
        log.unlink(missing_ok=True)   # pg_ctl -l appends; keep only this attempt's messages
        port = _free_port()
        opts = (f"-c listen_addresses=127.0.0.1 -p {port} -k {root} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=200")
        res = _run([*run_as, str(bindir / "pg_ctl"), "-D", str(root / "data"), "-l", str(log),
                    "-w", "-t", "60", "-o", opts, "start"], cwd=root, timeout=120)
        if res.returncode == 0:
            return port
        log_text = log.read_text(errors="replace") if log.exists() else ""
        last = f"pg_ctl start failed ({res.returncode}):\n{res.stdout}\n--- server log ---\n{log_text[-4000:]}"
        _stop_postmaster(bindir, root / "data", run_as)   # in case it half-started
        if "could not bind" not in log_text and "could not create any TCP/IP sockets" not in log_text:
            break
    raise RuntimeError(last)


def _stop_postmaster(bindir: Path | None, data: Path, run_as: list[str]) -> None:
    pidfile = data / "postmaster.pid"
    if not pidfile.exists():
        return
    if bindir is not None:
        try:
            res = _run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                        "-t", "30", "stop"], cwd=data.parent, timeout=60)
            if res.returncode == 0:
                return
        except (OSError, subprocess.TimeoutExpired):
            pass
    # pg_ctl did not manage: SIGQUIT (immediate shutdown), then SIGKILL, the postmaster.
    try:
        pid = int(pidfile.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return
    for sig in (signal.SIGQUIT, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        except PermissionError:
            return
        for _ in range(50):
            time.sleep(0.1)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return


def _external_server(raw_url: str) -> PgServer:
    url = make_url(raw_url)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    admin_url = url
    server = PgServer(url, admin_url)
    try:
        with server._admin() as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        raise RuntimeError(f"WARELINK_TEST_PG_URL is set but its server cannot be reached: {exc}") from exc
    return server


def start_server() -> PgServer:
    """Start a throwaway server (or use WARELINK_TEST_PG_URL) and return it.

    Raises PgUnavailable if there are no PostgreSQL binaries; RuntimeError if
    the server could not be started (the message includes the server log).
    """
    external = os.environ.get("WARELINK_TEST_PG_URL")
    if external:
        return _external_server(external)

    bindir = find_bindir()
    run_as = _run_as_prefix()
    root = _make_root(as_root=bool(run_as))
    try:
        _initdb(bindir, root, run_as)
        port = _start_postmaster(bindir, root, run_as)
        admin_url = URL.create("postgresql+psycopg", username=ADMIN_USER, password=ADMIN_PASSWORD,
                               host="127.0.0.1", port=port, database="postgres")
        app_url = URL.create("postgresql+psycopg", username=APP_USER, password=APP_PASSWORD,
                             host="127.0.0.1", port=port, database=APP_DATABASE)
        server = PgServer(app_url, admin_url, root=root, bindir=bindir, run_as=run_as)
        atexit.register(server.stop)
        with server._admin() as conn:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(APP_USER), sql.Literal(APP_PASSWORD)))
        server.create_database(APP_DATABASE)
        return server
    except BaseException:
        _stop_postmaster(bindir, root / "data", run_as)
        shutil.rmtree(root, ignore_errors=True)
        raise


if __name__ == "__main__":   # manual check: python tests/pg_server.py
    t0 = time.perf_counter()
    srv = start_server()
    print(f"up in {time.perf_counter() - t0:.2f} s: {srv.url}")
    try:
        print(srv.create_database("manual_check"))
    finally:
        srv.stop()
