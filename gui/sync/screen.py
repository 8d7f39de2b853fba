"""Sync: how far the outbox is, and the error inbox grouped by problem.

Supervisors see failed messages grouped by error signature (one row per problem, with a count)
and act on a whole group: retry, cancel with a reason, assign to a user; the first message of a
group can have its payload edited and be resubmitted. Every action goes through
``SyncInboxService`` in an op (permission-checked and audited there).
"""
from __future__ import annotations

import json

from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QInputDialog, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from integration.inbox import ProblemGroup, SyncInboxService
from gui.context import AppContext
from gui.widgets.retranslate import Retranslating


class SyncScreen(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.groups: list[ProblemGroup] = []
        self.counts: dict[str, int] = {}
        self.status = QLabel(self)
        self.filter = QLineEdit(self)
        self.table = QTableWidget(0, 5, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.refresh_button, self.retry_button = QPushButton(self), QPushButton(self)
        self.cancel_button, self.assign_button = QPushButton(self), QPushButton(self)
        self.edit_button = QPushButton(self)
        buttons = QHBoxLayout()
        for b in (self.refresh_button, self.retry_button, self.edit_button, self.assign_button,
                  self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh_button.clicked.connect(self.reload)
        self.retry_button.clicked.connect(lambda: self.retry_selected())
        self.cancel_button.clicked.connect(lambda: self.cancel_selected())
        self.assign_button.clicked.connect(lambda: self.assign_selected())
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.filter.returnPressed.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        ctx.changed.connect(self._on_changed)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Count"), self.tr("Error class"),
                                              self.tr("Message type"), self.tr("Error"),
                                              self.tr("Assigned to")])
        self.filter.setPlaceholderText(self.tr("Filter by message type, e.g. stock.receipt"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.retry_button.setText(self.tr("Retry now"))
        self.cancel_button.setText(self.tr("Cancel…"))
        self.assign_button.setText(self.tr("Assign…"))
        self.edit_button.setText(self.tr("Edit and resubmit…"))
        self._show_counts()
        self._update_buttons()

    # -- loading --------------------------------------------------------------------------------
    def reload(self) -> None:
        service = self.ctx.service(SyncInboxService)
        actor, message_type = self.ctx.actor, self.filter.text().strip() or None
        self.ctx.op(self, lambda _p: (service.counts(actor),
                                      service.problems(actor, message_type=message_type))) \
            .success(self._loaded).run()

    def _loaded(self, result) -> None:
        self.counts, self.groups = result
        self._show_counts()
        self.table.setRowCount(len(self.groups))
        for row, g in enumerate(self.groups):
            for col, value in enumerate((str(g.count), g.error_class, g.message_type, g.error,
                                         ", ".join(sorted(g.assignees)))):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self._update_buttons()

    def _show_counts(self) -> None:
        c = self.counts
        self.status.setText(self.tr(
            "Pending {pending} · sending {sending} · delivered {delivered} · failed {failed} · "
            "cancelled {cancelled} · oldest waiting {lag} s").format(
            pending=c.get("pending", 0), sending=c.get("sending", 0),
            delivered=c.get("delivered", 0), failed=c.get("failed", 0),
            cancelled=c.get("cancelled", 0), lag=c.get("lag_seconds", 0)))

    def _on_changed(self, changes: frozenset[str]) -> None:
        if changes & {"stock", "sync"}:
            self.reload()

    def selected(self) -> ProblemGroup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.groups[rows[0].row()] if rows and rows[0].row() < len(self.groups) else None

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        for b in (self.retry_button, self.cancel_button, self.assign_button, self.edit_button):
            b.setEnabled(has)

    # -- actions (arguments let tests skip the dialogs) -------------------------------------------
    def _act(self, work) -> None:
        service, actor = self.ctx.service(SyncInboxService), self.ctx.actor
        self.ctx.op(self, lambda _p: work(service, actor)).changes({"sync"}).run()

    def retry_selected(self) -> None:
        g = self.selected()
        if g:
            self._act(lambda s, a: s.retry(a, g.ids))

    def cancel_selected(self, reason: str | None = None) -> None:
        g = self.selected()
        if not g:
            return
        if reason is None:
            reason, ok = QInputDialog.getText(self, self.tr("Cancel messages"), self.tr(
                "The warehouse keeps its stock change but the ERP will never get these {n} "
                "message(s): they will disagree until someone books it there by hand.\n"
                "Reason:").format(n=g.count))
            if not ok:
                return
        self._act(lambda s, a: s.cancel(a, g.ids, reason))

    def assign_selected(self, username: str | None = None) -> None:
        g = self.selected()
        if not g:
            return
        if username is None:
            username, ok = QInputDialog.getText(self, self.tr("Assign"),
                                                self.tr("User name (empty: nobody):"))
            if not ok:
                return
        self._act(lambda s, a: s.assign(a, g.ids, username.strip() or None))

    def edit_selected(self, payload: str | None = None) -> None:
        g = self.selected()
        if not g:
            return
        first = g.ids[0]
        if payload is not None:
            self._act(lambda s, a: s.resubmit(a, first, payload))
            return
        service, actor = self.ctx.service(SyncInboxService), self.ctx.actor
        self.ctx.op(self, lambda _p: service.detail(actor, first)).success(self._edit_dialog).run()

    def _edit_dialog(self, detail) -> None:
        payload, ok = QInputDialog.getMultiLineText(
            self, self.tr("Edit and resubmit"),
            self.tr("Payload of message {id} (JSON):").format(id=detail.id),
            json.dumps(detail.payload, indent=2, ensure_ascii=False))
        if not ok or QMessageBox.question(self, self.tr("Edit and resubmit"), self.tr(
                "Send the edited message to the ERP? The change is kept in the audit log.")) \
                != QMessageBox.StandardButton.Yes:
            return
        self._act(lambda s, a: s.resubmit(a, detail.id, payload))
