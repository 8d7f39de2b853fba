"""Cutting a byte stream into scans: by suffix (CR, LF, CRLF, TAB, any line end) or by silence.

pyserial delivers whatever the OS had: half a scan, two scans, a CR in one read and its LF in
the next. The ``Framer`` keeps what it has not framed yet, so a frame split across reads (or
across a reconnect) is joined, and never cuts inside one.
"""
from __future__ import annotations

import re

SUFFIXES = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n", "TAB": b"\t", "EOL": None, "NONE": None}
_EOL = re.compile(rb"\r\n|\r|\n")


class Framer:
    """``suffix``: a key of ``SUFFIXES``. ``EOL`` accepts CR, LF and CRLF alike (scanners differ
    and are reconfigured); ``NONE`` frames by ``idle_timeout`` seconds of silence. A configured
    ``prefix`` is removed from the start of each frame when present."""

    def __init__(self, suffix: str = "EOL", prefix: bytes = b"", idle_timeout: float = 0.05):
        if suffix not in SUFFIXES:
            raise ValueError(f"unknown suffix {suffix!r}")
        self.suffix, self.prefix, self.idle_timeout = suffix, prefix, idle_timeout
        self._buffer = bytearray()
        self._last_byte_at: float | None = None

    @property
    def pending(self) -> bytes:
        return bytes(self._buffer)

    def feed(self, chunk: bytes, now: float) -> list[bytes]:
        """Add bytes read at ``now`` (monotonic seconds); return the frames they complete."""
        if not chunk:
            return []
        self._buffer += chunk
        self._last_byte_at = now
        return [] if self.suffix == "NONE" else self._split()

    def poll(self, now: float) -> list[bytes]:
        """Idle framing: the buffer is a frame once nothing came for ``idle_timeout``."""
        if self.suffix != "NONE" or not self._buffer or self._last_byte_at is None:
            return []
        if now - self._last_byte_at < self.idle_timeout:
            return []
        return self.take_rest()

    def take_rest(self) -> list[bytes]:
        """Whatever is buffered, as one frame (idle timeout, or the device went away)."""
        rest = self._strip(bytes(self._buffer))
        self._buffer.clear()
        return [rest] if rest else []

    def _split(self) -> list[bytes]:
        """Complete frames out, the unfinished rest kept. In EOL mode a CR ends the frame at
        once (no waiting for a LF that may never come); the LF then makes an empty frame,
        dropped like every empty frame: an empty scan is no scan."""
        data = bytes(self._buffer)
        parts = _EOL.split(data) if self.suffix == "EOL" else data.split(SUFFIXES[self.suffix])
        self._buffer[:] = parts.pop()
        return [f for f in (self._strip(p) for p in parts) if f]

    def _strip(self, frame: bytes) -> bytes:
        return frame[len(self.prefix):] if self.prefix and frame.startswith(self.prefix) else frame
