"""Real ptys for scanner tests: ``os.openpty()`` and socat pairs that can be unplugged and
plugged in again at the same path. Every wait is bounded: a broken reader fails, never hangs."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

WAIT = 5.0  # seconds: generous for a loaded CI machine, still far from the pytest timeout


class Recorder:
    """Collects callback values from the reader thread; ``wait`` blocks until a condition."""

    def __init__(self) -> None:
        self.items: list = []
        self._cond = threading.Condition()

    def __call__(self, value) -> None:
        with self._cond:
            self.items.append(value)
            self._cond.notify_all()

    def wait(self, predicate, timeout: float = WAIT) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self.items), timeout)

    def wait_count(self, n: int, timeout: float = WAIT) -> list:
        assert self.wait(lambda items: len(items) >= n, timeout), f"got {self.items!r}"
        return list(self.items)


class Statuses(Recorder):
    def wait_for(self, status, after: int = 0, timeout: float = WAIT):
        """The first status ``status`` recorded at index ``after`` or later."""
        ok = self.wait(lambda items: any(s.status == status for s in items[after:]), timeout)
        assert ok, f"no {status} in {[(s.status.value, s.reason) for s in self.items]}"
        return next(s for s in self.items[after:] if s.status == status)


class OpenPty:
    """``os.openpty()``: the scanner opens ``path`` (the slave); the test writes to the master."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        self.path = os.ttyname(self.slave)

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def unplug(self) -> None:
        os.close(self.master)
        self.master = -1

    def close(self) -> None:
        for fd in (self.master, self.slave):
            if fd >= 0:
                os.close(fd)


class SocatPair:
    """``socat pty,link=app pty,link=device``: the app opens ``path``; the test writes to
    ``device``. ``unplug`` kills socat (the links vanish), ``replug`` starts it again."""

    def __init__(self, directory: Path) -> None:
        self.path, self.device = str(directory / "ttyA"), str(directory / "ttyB")
        self.process: subprocess.Popen | None = None
        self._fd = -1

    def plug(self) -> None:
        self.process = subprocess.Popen(
            ["socat", f"pty,raw,echo=0,link={self.path}", f"pty,raw,echo=0,link={self.device}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + WAIT
        while not (os.path.exists(self.path) and os.path.exists(self.device)):
            assert time.monotonic() < deadline, "socat did not create its links"
            assert self.process.poll() is None, "socat exited"
            time.sleep(0.01)
        self._fd = os.open(self.device, os.O_RDWR | os.O_NOCTTY)

    def write(self, data: bytes) -> None:
        os.write(self._fd, data)

    def unplug(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(WAIT)
        deadline = time.monotonic() + WAIT
        while os.path.exists(self.path):  # socat removes its links on exit
            assert time.monotonic() < deadline, "socat left its link behind"
            time.sleep(0.01)

    replug = plug


@pytest.fixture
def openpty():
    pty = OpenPty()
    yield pty
    pty.close()


@pytest.fixture
def socat(tmp_path):
    if shutil.which("socat") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("socat is required on CI (.ci/run installs it)")
        pytest.skip("socat is not installed")
    pair = SocatPair(tmp_path)
    pair.plug()
    yield pair
    pair.unplug()
