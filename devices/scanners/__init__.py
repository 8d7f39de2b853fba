"""Barcode scanners: one ``ScanSource`` protocol, ``ScanEvent``s with exact bytes, and the
serial/network reader. The keyboard-wedge source needs Qt's key events and lives in
``gui.scanning``; ``devices`` never imports ``gui``."""
from devices.scanners.config import SERIAL, WEDGE, ScannerConfig
from devices.scanners.events import (
    ScanEvent, ScannerStatus, ScanSource, Status, make_event, split_aim,
)
from devices.scanners.framing import SUFFIXES, Framer
from devices.scanners.serial_reader import SerialScanner, available_ports, open_port

__all__ = ["SERIAL", "WEDGE", "ScannerConfig", "ScanEvent", "ScannerStatus", "ScanSource",
           "Status", "make_event", "split_aim", "SUFFIXES", "Framer", "SerialScanner",
           "available_ports", "open_port"]
