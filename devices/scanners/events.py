"""What every scanner delivers: a ``ScanEvent``; and what every scanner is: a ``ScanSource``.

Sources call plain callbacks on their own thread (``on_scan``, ``on_status``); the GUI's thin
adapter (``gui.scanning``) turns them into queued Qt signals. Keeping Qt out of here lets the
serial reader be tested with real ptys and no event loop.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Protocol

_AIM = re.compile(rb"\][A-Za-z][0-9A-Za-z]")


class Status(str, enum.Enum):
    STOPPED = "stopped"
    CONNECTING = "connecting"        # first open after start()
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"    # was open, lost (unplugged, server closed)
    RECONNECTING = "reconnecting"    # waiting to retry an open that failed


@dataclass(frozen=True)
class ScannerStatus:
    source: str
    status: Status
    reason: str = ""                 # the OS/driver message, for the status bar and the log


@dataclass(frozen=True)
class ScanEvent:
    """One scan. ``data`` is exactly the bytes the scanner sent between prefix and suffix, with
    an AIM symbology identifier (``]C1``, ``]d2`` …) moved to ``symbology``; GS separators are
    kept. ``complete`` is False only for bytes left without their suffix when the device went
    away: shown and refused, never dropped and never glued to the next scan."""
    data: bytes
    text: str
    source: str
    symbology: str | None = None
    timestamp: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    complete: bool = True


def split_aim(frame: bytes) -> tuple[str | None, bytes]:
    """``b"]C1010950…"`` → ``("]C1", b"010950…")``."""
    if _AIM.match(frame):
        return frame[:3].decode("ascii"), frame[3:]
    return None, frame


def make_event(frame: bytes, source: str, encoding: str = "utf-8", *,
               complete: bool = True) -> ScanEvent:
    symbology, data = split_aim(frame)
    return ScanEvent(data=data, text=data.decode(encoding, errors="replace"), source=source,
                     symbology=symbology, complete=complete)


ScanCallback = Callable[[ScanEvent], None]
StatusCallback = Callable[[ScannerStatus], None]


class ScanSource(Protocol):
    """A scanner the station listens to. ``start`` returns at once; scans and status changes
    arrive through the callbacks the source was built with; ``stop`` is idempotent."""
    name: str

    @property
    def status(self) -> ScannerStatus: ...

    def start(self) -> None: ...

    def stop(self, timeout: float = 2.0) -> bool: ...
