"""The Devices screen (scanners now; label printers will join it).

Register it in ``gui.screens.default_screens``: ``factory=devices_screen``."""
from __future__ import annotations


def devices_screen(ctx):
    """Screen factory: imported lazily so that building the navigation stays cheap."""
    from gui.devices.screen import DevicesScreen
    return DevicesScreen(ctx)
