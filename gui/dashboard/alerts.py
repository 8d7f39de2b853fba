"""Stock alerts where people look: a badge on the Reports entry of the navigation with the
number of stock-outs, items below their minimum and expired lots on hand.

``StockAlertWatcher`` reads the two KPI tiles (without rows) on a thread of its own, at start,
after stock changed (at most once a minute) and at least every ten minutes; never on the UI
thread, never ahead of the user's ops, one reading at a time. Like the sync's
watcher it is started after sign-in (``start()``) for users who may see reports.
"""
from __future__ import annotations

import threading
import time
from datetime import datetime, timezone

import shiboken6

from PySide6.QtCore import QObject, QTimer, Signal

from domain.permissions import Permission
from domain.queries.kpis.common import KpiFilter
from domain.queries.kpis.service import KpiService
from gui.context import AppContext

CHANGE_KEYS = frozenset({"stock"})
SCREEN = "reports"
ALERT_KPIS = ("stock_alerts", "expiry")


def alert_count(results: dict) -> int:
    """Stock-outs and below-minimum items, plus expired lots on hand."""
    alerts, expiry = results["stock_alerts"], results["expiry"]
    return int(alerts.value or 0) + int(expiry.extra.get("expired_lots", 0))


class _Relay(QObject):
    """Lives on the UI thread: the reading thread emits, Qt queues, the slots run here."""
    done = Signal(object)
    failed = Signal(object)


class StockAlertWatcher(QObject):
    """Reads on a thread of its own, not on the op worker: on a large warehouse the expiry
    reading takes seconds, and the user's own ops must not queue behind it. A reading runs at
    start, then at most once a ``interval_ms`` tick after stock changed, and at least every
    ``max_age_s`` seconds."""
    updated = Signal(int)

    def __init__(self, window, ctx: AppContext, *, interval_ms: int = 60_000,
                 max_age_s: float = 600.0) -> None:
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.count: int | None = None
        self.max_age_s = max_age_s
        self._busy = False
        self._dirty = False
        self._last = 0.0
        self._relay = _Relay(self)
        self._relay.done.connect(self._show)
        self._relay.failed.connect(self._failed)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        ctx.changed.connect(self._on_changed)

    def start(self) -> None:
        if self.ctx.can(Permission.VIEW_REPORTS):
            self.timer.start()
            self.refresh()

    def _on_changed(self, changes: frozenset[str]) -> None:
        if changes & CHANGE_KEYS and self.timer.isActive():
            self._dirty = True          # read at the next tick, not at every posting

    def _tick(self) -> None:
        if self._dirty or time.monotonic() - self._last >= self.max_age_s:
            self.refresh()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy, self._dirty = True, False
        service, actor, relay = self.ctx.service(KpiService), self.ctx.actor, self._relay
        now = self.ctx.clock.now() if self.ctx.clock else datetime.now(timezone.utc)
        f = KpiFilter(now.date(), now.date(), now=now, rows=False)

        def read() -> None:
            try:
                relay.done.emit(service.many(actor, ALERT_KPIS, f))
            except Exception as exc:   # noqa: BLE001 - the badge waits for the next reading
                relay.failed.emit(exc)
        threading.Thread(target=read, name="stock-alerts", daemon=True).start()

    def _failed(self, _error: Exception) -> None:
        self._busy = False          # the next tick tries again; no dialog for a badge
        self._last = time.monotonic()

    def _show(self, results: dict) -> None:
        self._busy = False
        self._last = time.monotonic()
        self.count = alert_count(results)
        if shiboken6.isValid(self.window):
            self.window.set_badge(SCREEN, self.count)
        self.updated.emit(self.count)
