"""Wiring scanning into the main window: one call from the application shell.

    hub = install_scanning(window, ctx)

starts this station's scanners (``station.load_configs``), installs the wedge filter on the
application, keeps the status bar's scanner text current (``window.set_scanner_state``),
sends scans no screen expects to a "what is this?" dock, and leaves the hub at
``ctx.scan_hub`` for the Devices screen. Screens that take scans register
with ``hub.add_consumer(self)`` (see ``ScanConsumer``). Scanners stop when the window goes.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QMainWindow

from gui.scanning.feedback import ScanFeedback
from gui.scanning.hub import ScanHub
from gui.scanning.station import load_configs
from gui.scanning.what_is_this import WhatIsThisDock


def install_scanning(window: QMainWindow, ctx, *, hub: ScanHub | None = None,
                     feedback: ScanFeedback | None = None) -> ScanHub:
    hub = hub or ScanHub()
    feedback = feedback or ScanFeedback()
    app = QApplication.instance()
    hub.listen_to_keyboard()
    dock = WhatIsThisDock(ctx, feedback, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    hub.unclaimed.connect(dock.show_scan)

    def show_status(_status=None) -> None:
        window.set_scanner_state(hub.status_text())
    hub.status_changed.connect(show_status)
    window.installEventFilter(_OnLanguageChange(window, show_status))
    hub.apply(load_configs())
    show_status()

    window.destroyed.connect(lambda _obj=None: hub.shutdown())
    app.aboutToQuit.connect(hub.shutdown)
    window.scan_hub, window.scan_feedback, window.what_is_this = hub, feedback, dock
    ctx.scan_hub = hub            # the Devices screen configures the same scanners
    return hub


class _OnLanguageChange(QObject):
    """The status bar keeps the text it was given: give it again in the new language."""

    def __init__(self, parent: QObject, callback) -> None:
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self._callback()
        return False
