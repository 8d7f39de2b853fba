"""Where rendered bytes go: raw TCP, serial port, file or device node, python-escpos device, PDF
folder. Every adapter does the same two things, ``send(data)`` and ``is_online()``.

``send`` returns only when every byte was handed over and raises ``PrinterOffline`` otherwise, so
the print queue can mark a job printed only after a clean return and retry anything else. Which
adapter a printer uses is data (``open_printer(config)``), kept with the station's settings.
"""
from __future__ import annotations

import itertools
import os
import time
from pathlib import Path
from typing import Any, Protocol

from devices.printers.transport import RawTcpPrinter
from domain.errors import DomainError
from domain.files import write_atomically


class PrinterOffline(DomainError):
    template = "Printer {printer} did not take the job: {reason}"


class Printer(Protocol):
    name: str

    def send(self, data: bytes) -> None: ...

    def is_online(self) -> bool: ...


class TcpPrinter:
    """Zebra (ZPL) or network ESC/POS printer on a raw port, usually 9100."""

    def __init__(self, name: str, host: str, port: int = 9100, timeout: float = 10.0) -> None:
        self.name = name
        self._raw = RawTcpPrinter(host, port, timeout)

    def send(self, data: bytes) -> None:
        with _offline_on_error(self.name):
            self._raw.send(data)

    def is_online(self) -> bool:
        return self._raw.is_online()


class SerialPrinter:
    """A printer on a serial port (or a USB-serial adapter); written, then flushed."""

    def __init__(self, name: str, port: str, baudrate: int = 9600, timeout: float = 10.0) -> None:
        self.name, self.port, self.baudrate, self.timeout = name, port, baudrate, timeout

    def _open(self):
        import serial

        return serial.serial_for_url(self.port, baudrate=self.baudrate,
                                     write_timeout=self.timeout, timeout=self.timeout)

    def send(self, data: bytes) -> None:
        with _offline_on_error(self.name), self._open() as port:
            port.write(data)
            port.flush()

    def is_online(self) -> bool:
        try:
            with self._open():
                return True
        except Exception:          # serial raises SerialException or OSError, both mean "no"
            return False


class FilePrinter:
    """A device node (``/dev/usb/lp0``) written as is, or a regular file replaced atomically."""

    def __init__(self, name: str, path: str | Path) -> None:
        self.name, self.path = name, Path(path)

    def send(self, data: bytes) -> None:
        with _offline_on_error(self.name):
            if self.path.exists() and not self.path.is_file():
                with open(self.path, "wb", buffering=0) as device:
                    device.write(data)
            else:
                write_atomically(self.path, data)

    def is_online(self) -> bool:
        target = self.path if self.path.exists() else self.path.parent
        return target.exists() and os.access(target, os.W_OK)


class PdfFolderPrinter:
    """PDFs dropped into a folder (a shared drive, a hot folder): one new file per job."""

    _counter = itertools.count(1)

    def __init__(self, name: str, folder: str | Path, prefix: str = "labels") -> None:
        self.name, self.folder, self.prefix = name, Path(folder), prefix

    def send(self, data: bytes) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.folder / f"{self.prefix}-{stamp}-{os.getpid()}-{next(self._counter)}.pdf"
        with _offline_on_error(self.name):
            write_atomically(target, data)

    def is_online(self) -> bool:
        return self.folder.is_dir() and os.access(self.folder, os.W_OK)


class EscposDevicePrinter:
    """Any python-escpos device (USB by vendor/product id, Network, Serial, File) sent raw bytes.

    python-escpos's own ``is_online`` waits for a status reply, so it is asked only when the
    station enables ``status`` (printers that do not answer would block every check).
    """

    def __init__(self, name: str, device: Any, status: bool = False) -> None:
        self.name, self.device, self.status = name, device, status

    def send(self, data: bytes) -> None:
        with _offline_on_error(self.name):
            self.device.open()
            try:
                self.device._raw(data)
            finally:
                self.device.close()

    def is_online(self) -> bool:
        try:
            self.device.open()
            try:
                return bool(self.device.is_online()) if self.status else True
            finally:
                self.device.close()
        except Exception:          # python-escpos raises many device-specific errors
            return False


def open_printer(config: dict) -> Printer:
    """A printer from its settings: ``{"name": "Dock 1", "kind": "tcp", "host": ..., ...}``."""
    kind, name = config.get("kind"), config.get("name", "printer")
    if kind == "tcp":
        return TcpPrinter(name, config["host"], int(config.get("port", 9100)),
                          float(config.get("timeout", 10)))
    if kind == "serial":
        return SerialPrinter(name, config["port"], int(config.get("baudrate", 9600)))
    if kind == "file":
        return FilePrinter(name, config["path"])
    if kind == "pdf-folder":
        return PdfFolderPrinter(name, config["folder"], config.get("prefix", "labels"))
    if kind == "escpos-usb":
        from escpos.printer import Usb

        device = Usb(int(str(config["vendor"]), 16), int(str(config["product"]), 16))
        return EscposDevicePrinter(name, device, bool(config.get("status", False)))
    raise ValueError(f"unknown printer kind {kind!r} (tcp, serial, file, pdf-folder, escpos-usb)")


class _offline_on_error:
    """Turn the transport's errors into ``PrinterOffline`` naming the printer."""

    def __init__(self, printer: str) -> None:
        self.printer = printer

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, tb) -> bool:
        if error is None or isinstance(error, DomainError) or not isinstance(error, Exception):
            return False
        raise PrinterOffline(printer=self.printer, reason=f"{type(error).__name__}: {error}") \
            from error
