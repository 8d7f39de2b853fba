"""``SerialScanner``: a COM/USB-serial or network (``socket://``) scanner read on its own thread.

The thread opens the port by its configured path or URL, reads whatever arrives, frames it and
calls ``on_scan`` for each scan, in order. When the device goes away (a USB adapter unplugged,
socat killed, the network scanner's server closing), reads raise; the thread reports
``DISCONNECTED``, delivers what it had read, and reopens the same path with growing pauses
(``RECONNECTING``) until the device is back, because the /dev node behind a link can change.

Nothing read is lost or delivered twice across a reconnect: frames complete before the loss are
delivered at once; bytes of an unfinished frame are delivered as an incomplete scan (never
glued onto the next one); pyserial flushes the OS input buffer on open, so nothing is re-read.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

import serial

from devices.scanners.config import ScannerConfig
from devices.scanners.events import (
    ScanCallback, ScannerStatus, Status, StatusCallback, make_event,
)
from devices.scanners.framing import Framer
from domain.barcodes.escapes import unescape

log = logging.getLogger(__name__)
POLL_SECONDS = 0.02          # read timeout: how quickly stop() and idle framing react
BACKOFF = (0.1, 0.2, 0.5, 1.0, 2.0)   # pauses between reopen attempts (the last repeats)

Opener = Callable[[ScannerConfig], "serial.SerialBase"]


def available_ports() -> list[str]:
    """Serial ports the OS lists (USB adapters, COM ports). ptys and network scanners are not
    listed: the port field stays free text."""
    from serial.tools import list_ports
    try:
        return sorted(p.device for p in list_ports.comports())
    except OSError:
        return []


def open_port(config: ScannerConfig) -> serial.SerialBase:
    """Open a path or pyserial URL with the configured line settings (no flow control)."""
    return serial.serial_for_url(
        config.port.strip(), baudrate=config.baudrate, bytesize=config.bytesize,
        parity=config.parity, stopbits=config.stopbits, timeout=POLL_SECONDS)


class SerialScanner:
    """A ``ScanSource``. Callbacks run on the reader thread: keep them short and thread-safe
    (the GUI adapter only emits a queued signal)."""

    def __init__(self, config: ScannerConfig, on_scan: ScanCallback,
                 on_status: StatusCallback | None = None, *, opener: Opener = open_port,
                 backoff: tuple[float, ...] = BACKOFF, clock=time.monotonic) -> None:
        self.config, self.name = config, config.name
        self._on_scan, self._on_status = on_scan, on_status
        self._opener, self._backoff, self._clock = opener, backoff, clock
        self._framer = Framer(config.suffix, unescape(config.prefix).encode("latin-1"),
                              config.idle_timeout_ms / 1000)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._port: serial.SerialBase | None = None
        self._status = ScannerStatus(self.name, Status.STOPPED)

    @property
    def status(self) -> ScannerStatus:
        return self._status

    # -- control ----------------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"scanner {self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> bool:
        """Ask the thread to finish and wait up to ``timeout``; True once it has."""
        self._stop.set()
        port = self._port
        if port is not None and hasattr(port, "cancel_read"):
            try:
                port.cancel_read()
            except Exception:  # noqa: BLE001 - best effort: the read times out anyway
                pass
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    # -- the reader thread ------------------------------------------------------------------------
    def _run(self) -> None:
        self._set_status(Status.CONNECTING)
        attempt = 0
        while not self._stop.is_set():
            port = self._open(attempt)
            if port is None:
                attempt += 1
                continue
            attempt = 0
            self._read_until_lost(port)
        self._set_status(Status.STOPPED)

    def _open(self, attempt: int) -> serial.SerialBase | None:
        try:
            self._port = self._opener(self.config)
        except (serial.SerialException, OSError, ValueError) as error:
            self._set_status(Status.RECONNECTING, _reason(error))
            self._stop.wait(self._backoff[min(attempt, len(self._backoff) - 1)])
            return None
        self._set_status(Status.CONNECTED)
        return self._port

    def _read_until_lost(self, port: serial.SerialBase) -> None:
        try:
            while not self._stop.is_set():
                chunk = port.read(max(1, port.in_waiting))
                now = self._clock()
                self._deliver(self._framer.feed(chunk, now) + self._framer.poll(now))
        except (serial.SerialException, OSError, TypeError) as error:
            # TypeError: pyserial's posix read after cancel_read/close on some versions
            if not self._stop.is_set():
                self._set_status(Status.DISCONNECTED, _reason(error))
        finally:
            self._deliver(self._framer.take_rest(), complete=self.config.suffix == "NONE")
            self._close(port)

    def _close(self, port: serial.SerialBase) -> None:
        self._port = None
        try:
            port.close()
        except Exception:  # noqa: BLE001 - the device is gone; closing is only tidying up
            log.debug("closing %s failed", self.name, exc_info=True)

    def _deliver(self, frames: list[bytes], complete: bool = True) -> None:
        for frame in frames:
            event = make_event(frame, self.name, self.config.encoding, complete=complete)
            _call(self._on_scan, event)

    def _set_status(self, status: Status, reason: str = "") -> None:
        self._status = ScannerStatus(self.name, status, reason)
        log.info("scanner %s: %s %s", self.name, status.value, reason)
        if self._on_status is not None:
            _call(self._on_status, self._status)


def _call(callback, value) -> None:
    """A failing callback must not kill the reader: the next scan would be lost."""
    try:
        callback(value)
    except Exception:  # noqa: BLE001
        log.exception("scanner callback failed")


def _reason(error: BaseException) -> str:
    return str(error) or type(error).__name__
