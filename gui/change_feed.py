"""Other stations' changes into the app's change broadcast, so open views refresh by themselves.

``domain.persistence.notify.ChangeListener`` hears them on its own thread; a queued Qt signal
brings the keys to the UI thread, where they are broadcast through ``ctx.changed`` like a local
write. A change after a quiet moment goes out at once; while changes keep coming (another
station's burst), what arrives is merged and sent at most every ``THROTTLE_MS``, so open views
refresh a few times a second instead of once per posting.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from domain.persistence.notify import ChangeListener, install_commit_hook
from gui.context import AppContext

THROTTLE_MS = 500


class ChangeFeed(QObject):
    arrived = Signal(object)        # frozenset[str], emitted from the listener thread

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *,
                 poll_interval: float = 0.25) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._pending: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(THROTTLE_MS)
        self._timer.timeout.connect(self._flush)
        self.arrived.connect(self._on_arrived)          # queued: the receiver is on the UI thread
        install_commit_hook(ctx.db)                     # our own commits tell the others
        self.listener = ChangeListener(ctx.db, self.arrived.emit, poll_interval=poll_interval)
        self.listener.start()
        listener = self.listener
        self.destroyed.connect(lambda *_: listener.stop(0))

    def stop(self) -> None:
        self._timer.stop()
        self.listener.stop()

    def _on_arrived(self, keys: frozenset[str]) -> None:
        if self._timer.isActive():               # within the throttle window: merge
            self._pending |= keys
            return
        self.ctx.broadcast(keys)
        self._timer.start()

    def _flush(self) -> None:
        """End of a throttle window: send what was merged, and start another window if so."""
        keys, self._pending = frozenset(self._pending), set()
        if keys:
            self.ctx.broadcast(keys)
            self._timer.start()
