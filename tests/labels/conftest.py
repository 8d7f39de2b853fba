"""Fixtures for label tests: a loopback TCP listener standing in for a network printer."""
from __future__ import annotations

import socket
import threading

import pytest


class CaptureServer:
    """Accepts connections on 127.0.0.1 and keeps every byte received, per connection."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.jobs: list[bytes] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                chunks = []
                while chunk := conn.recv(65536):
                    chunks.append(chunk)
                if chunks:
                    self.jobs.append(b"".join(chunks))
                    self._done.set()

    def wait(self, timeout: float = 10.0) -> bytes:
        assert self._done.wait(timeout), "the listener received nothing"
        self._done.clear()
        return self.jobs[-1]

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def capture_server():
    server = CaptureServer()
    yield server
    server.close()
