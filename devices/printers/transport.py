"""Raw TCP printers (port 9100): Zebra ZPL and network ESC/POS printers take bytes as they are.

``send`` returns only after every byte went out and the connection was closed cleanly, so a job is
marked printed only when the printer accepted all of it; any socket error propagates for the
print queue to retry.
"""
from __future__ import annotations

import socket


class RawTcpPrinter:
    def __init__(self, host: str, port: int = 9100, timeout: float = 10.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout

    def send(self, data: bytes) -> None:
        with socket.create_connection((self.host, self.port), timeout=self.timeout) as conn:
            conn.sendall(data)
            conn.shutdown(socket.SHUT_WR)
            self._drain(conn)

    def is_online(self) -> bool:
        """Whether the printer accepts a connection now (it may still be out of paper)."""
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout):
                return True
        except OSError:
            return False

    def _drain(self, conn: socket.socket) -> None:
        """Wait for the printer to close its side; some never do, which is fine after a while."""
        try:
            while conn.recv(4096):
                pass
        except socket.timeout:
            pass
