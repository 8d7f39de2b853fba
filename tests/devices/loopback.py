"""A loopback TCP listener standing in for a raw-port printer: it can be created "offline" (port
reserved, nothing listening) and started later on the same port. Each connection's bytes are one
captured job. Every wait is bounded."""
from __future__ import annotations

import socket
import threading


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LoopbackPrinter:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.jobs: list[bytes] = []
        self._cond = threading.Condition()
        self._server: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def connection(self) -> dict:
        return {"kind": "tcp", "host": "127.0.0.1", "port": self.port, "timeout": 2}

    def start(self) -> LoopbackPrinter:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(8)
        server.settimeout(0.2)
        self._server = server
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def _serve(self) -> None:
        while self._server is not None:
            try:
                conn, _ = self._server.accept()
            except (socket.timeout, OSError):
                continue
            with conn:
                conn.settimeout(5)
                chunks = []
                while chunk := conn.recv(65536):
                    chunks.append(chunk)
            with self._cond:
                self.jobs.append(b"".join(chunks))
                self._cond.notify_all()

    def wait_jobs(self, n: int, timeout: float = 5.0) -> list[bytes]:
        with self._cond:
            assert self._cond.wait_for(lambda: len(self.jobs) >= n, timeout), self.jobs
            return list(self.jobs)
