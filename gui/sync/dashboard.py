"""The sync at a glance: backlog per message type, lag, throughput, the last success, the
connector and what the schedule runs next (``SyncInboxService.dashboard``, read on the worker
every few seconds while the page is visible and after every sync change)."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QAbstractItemView, QFormLayout, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from domain.clock import Clock
from gui.context import AppContext
from gui.widgets.retranslate import Retranslating
from integration.inbox import SyncDashboard, SyncInboxService


def _age(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


class SyncDashboardPage(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 interval_ms: int = 5_000) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: SyncDashboard | None = None
        self._busy = False
        self.values = {key: QLabel(self) for key in
                       ("lag", "throughput", "failed", "last_success", "connector", "next")}
        for label in self.values.values():
            label.setWordWrap(True)
        self.captions = {key: QLabel(self) for key in self.values}
        form = QFormLayout()
        for key, value in self.values.items():
            form.addRow(self.captions[key], value)
        self.table = QTableWidget(0, 4, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.reload)
        ctx.changed.connect(lambda changes: changes & {"stock", "sync"} and self.reload())
        self.retranslate()
        self.reload()

    def showEvent(self, event) -> None:       # noqa: N802 (Qt)
        super().showEvent(event)
        self.timer.start()
        self.reload()

    def hideEvent(self, event) -> None:       # noqa: N802 (Qt)
        super().hideEvent(event)
        self.timer.stop()

    def retranslate(self) -> None:
        captions = {"lag": self.tr("Oldest waiting"), "throughput": self.tr("Delivered"),
                    "failed": self.tr("Failed in the last hour"),
                    "last_success": self.tr("Last success"), "connector": self.tr("Connector"),
                    "next": self.tr("Next scheduled")}
        for key, text in captions.items():
            self.captions[key].setText(text)
        self.table.setHorizontalHeaderLabels([self.tr("Message type"), self.tr("Waiting"),
                                              self.tr("Failed"), self.tr("Oldest waiting")])
        self._show()

    def reload(self) -> None:
        if self._busy:
            return
        self._busy = True
        service, actor = self.ctx.service(SyncInboxService), self.ctx.actor
        self.ctx.op(self, lambda _p: service.dashboard(actor)).success(self._loaded) \
            .failure(lambda _e: setattr(self, "_busy", False)).run()

    def _loaded(self, data: SyncDashboard) -> None:
        self._busy = False
        self.data = data
        self._show()

    def _show(self) -> None:
        d = self.data
        if d is None:
            return
        v = self.values
        v["lag"].setText(_age(d.lag_seconds) if d.lag_seconds else self.tr("nothing waiting"))
        v["throughput"].setText(self.tr("{hour} in the last hour, {five} in the last 5 minutes")
                                .format(hour=d.delivered_last_hour,
                                        five=d.delivered_last_5_minutes))
        v["failed"].setText(str(d.failed_last_hour))
        v["last_success"].setText(f"{d.last_success_at.astimezone():%Y-%m-%d %H:%M:%S}"
                                  if d.last_success_at else self.tr("never"))
        v["connector"].setText(", ".join(f"{k}: {val}" for k, val in d.connector.items())
                               or self.tr("not configured"))
        v["next"].setText("; ".join(f"{name} {at:%Y-%m-%d %H:%M}" for name, at in d.next_runs)
                          or self.tr("everything in real time, no nightly jobs"))
        self.table.setRowCount(len(d.backlog))
        now = (self.ctx.clock or Clock()).now()
        for row, b in enumerate(d.backlog):
            age = _age(int((now - b.oldest_at).total_seconds())) if b.oldest_at else ""
            for col, value in enumerate((b.message_type, str(b.pending), str(b.failed), age)):
                self.table.setItem(row, col, QTableWidgetItem(value))
