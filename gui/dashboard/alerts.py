"""Stock alerts where people look: a badge on the Reports entry of the navigation with the
number of stock-outs, items below their minimum and expired lots on hand.

``StockAlertWatcher`` reads the two KPI tiles (without rows) in an op every ``interval_ms`` and
after an op changed stock; never on the UI thread, one reading at a time. Like the sync's
watcher it is started after sign-in (``start()``) for users who may see reports.
"""
from __future__ import annotations

from datetime import datetime, timezone

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


class StockAlertWatcher(QObject):
    updated = Signal(int)

    def __init__(self, window, ctx: AppContext, *, interval_ms: int = 60_000) -> None:
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.count: int | None = None
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.refresh)
        ctx.changed.connect(self._on_changed)

    def start(self) -> None:
        if self.ctx.can(Permission.VIEW_REPORTS):
            self.timer.start()
            self.refresh()

    def _on_changed(self, changes: frozenset[str]) -> None:
        if changes & CHANGE_KEYS and self.timer.isActive():
            self.refresh()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        service, actor = self.ctx.service(KpiService), self.ctx.actor
        now = self.ctx.clock.now() if self.ctx.clock else datetime.now(timezone.utc)
        f = KpiFilter(now.date(), now.date(), now=now, rows=False)
        self.ctx.op(self, lambda _p: service.many(actor, ALERT_KPIS, f)) \
            .success(self._show).failure(self._failed).run()

    def _failed(self, _error: Exception) -> None:
        self._busy = False          # the next tick tries again; no dialog for a badge

    def _show(self, results: dict) -> None:
        self._busy = False
        self.count = alert_count(results)
        self.window.set_badge(SCREEN, self.count)
        self.updated.emit(self.count)

