"""Scanning in the GUI: the keyboard-wedge filter, the Qt adapter for serial scanners, the hub
that routes scans to the screen expecting them, scan feedback (flash and sound) and the
"what is this?" panel. ``install_scanning(window, ctx)`` wires it all into the main window."""
from gui.scanning.feedback import ScanFeedback
from gui.scanning.hub import QtSerialScanner, ScanConsumer, ScanHub
from gui.scanning.install import install_scanning
from gui.scanning.wedge import WedgeFilter

__all__ = ["ScanFeedback", "QtSerialScanner", "ScanConsumer", "ScanHub", "install_scanning",
           "WedgeFilter"]
