"""Devices of a station: scanners (``devices.scanners``) and, later, printers.

Devices talk to hardware on their own threads and report through plain callbacks; they never
import ``gui`` (the GUI adapts them to Qt signals)."""
