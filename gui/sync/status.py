"""The sync's state where people look: the main window's status bar, a badge on the Sync entry
with the number of open problems, and a desktop (tray) notification when a new problem appears.

``SyncStatusWatcher`` asks ``SyncInboxService.status`` on the database worker every
``interval_ms`` and whenever an op changed the outbox or the inbox (so a retry done here shows at
once); it never reads on the UI thread. A *new* problem is a signature not seen by this window
before: the first reading after sign-in notifies about the problems already open, later ones only
about those that appeared since.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from gui.context import AppContext
from integration.inbox import SyncInboxService, SyncStatus

CHANGE_KEYS = frozenset({"stock", "sync", "outbox"})


class SyncStatusWatcher(QObject):
    """``new_problems(count, open)`` is emitted on the UI thread when problems appear."""

    new_problems = Signal(int, int)
    updated = Signal(object)        # SyncStatus

    def __init__(self, window, ctx: AppContext, *, interval_ms: int = 15_000,
                 configured: bool = True,
                 notify: Callable[[str, str], None] | None = None) -> None:
        """``configured``: this PC runs the ERP sync (else another station or a server may;
        the backlog is shown either way)."""
        super().__init__(window)
        self.configured = configured
        self.window, self.ctx = window, ctx
        self.status: SyncStatus | None = None
        self._seen: set[str] = set()
        self._busy = False
        self._notify = notify if notify is not None else self._tray_message
        self._tray: QSystemTrayIcon | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.refresh)
        ctx.changed.connect(self._on_changed)

    def start(self) -> None:
        self.timer.start()
        self.refresh()

    def _on_changed(self, changes: frozenset[str]) -> None:
        if changes & CHANGE_KEYS:
            self.refresh()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        service, actor = self.ctx.service(SyncInboxService), self.ctx.actor
        self.ctx.op(self, lambda _p: service.status(actor)) \
            .success(self._show).failure(self._failed).run()

    def _failed(self, _error: Exception) -> None:
        self._busy = False          # a database hiccup: the next tick tries again, no dialog

    def _show(self, status: SyncStatus) -> None:
        self._busy = False
        self.status = status
        problems = len(status.problems)
        if problems:
            text = self.tr("Sync: %n problem(s)", "", problems)
        elif not self.configured:
            text = self.tr("Sync: off on this PC · %n waiting", "", status.pending)
        elif status.pending:
            text = self.tr("Sync: %n waiting", "", status.pending)
        else:
            text = self.tr("Sync: up to date")
        self.window.set_sync_state(text)
        self.window.set_badge("sync", problems)
        new = set(status.problems) - self._seen
        self._seen = set(status.problems)
        if new:
            self.new_problems.emit(len(new), problems)
            self._notify(self.tr("ERP sync needs attention"),
                         self.tr("%n new problem(s) in the sync error inbox.", "", len(new)))
        self.updated.emit(status)

    def _tray_message(self, title: str, text: str) -> None:
        """A desktop notification where the platform has a tray; otherwise the status bar and
        the badge say it."""
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.messageClicked.connect(lambda: self.window.show_screen("sync"))
            self._tray.show()
        self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, 10_000)
