"""Sync: the error inbox grouped by problem.

Supervisors see failed messages grouped by error signature (one row per problem, with a count),
filter them by message type, document, assignee and age, and act on a whole group: retry, cancel
with a reason, assign to a user; the first message of a group can have its payload edited and
be resubmitted, and be commented on. The detail pane shows that message's payload, every attempt
with the ERP's request and response, the stock moves of its document and the comments. Every
action goes through ``SyncInboxService`` in an op (permission-checked and audited there).
"""
from __future__ import annotations

import json

from datetime import timedelta
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QInputDialog, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QSpinBox, QSplitter,
                               QTabWidget, QTableWidget, QTableWidgetItem, QTextBrowser,
                               QVBoxLayout, QWidget)

from domain.clock import Clock
from integration.inbox import ProblemGroup, SyncInboxService
from gui.context import AppContext
from gui.widgets.retranslate import Retranslating


class SyncInboxPage(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.groups: list[ProblemGroup] = []
        self.counts: dict[str, int] = {}
        self.status = QLabel(self)
        self.exceptions_label = QLabel(self)        # sync exceptions for the admin role
        self.exceptions_label.setWordWrap(True)
        self.exceptions_label.setVisible(False)
        self.exceptions: list = []
        self.filter = QLineEdit(self)               # message type
        self.document_filter = QLineEdit(self)
        self.assignee_filter = QLineEdit(self)
        self.age_filter = QSpinBox(self)            # older than N hours (0: any age)
        self.age_filter.setRange(0, 24 * 365)
        self.detail = QTextBrowser(self)
        self.detail_id: int | None = None
        self.table = QTableWidget(0, 5, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.refresh_button, self.retry_button = QPushButton(self), QPushButton(self)
        self.cancel_button, self.assign_button = QPushButton(self), QPushButton(self)
        self.edit_button, self.comment_button = QPushButton(self), QPushButton(self)
        buttons = QHBoxLayout()
        for b in (self.refresh_button, self.retry_button, self.edit_button, self.assign_button,
                  self.comment_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        filters = QHBoxLayout()
        for w in (self.filter, self.document_filter, self.assignee_filter):
            filters.addWidget(w, 2)
            w.returnPressed.connect(self.reload)
        self.age_label = QLabel(self)
        filters.addWidget(self.age_label)
        filters.addWidget(self.age_filter)
        self.age_filter.editingFinished.connect(self.reload)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.exceptions_label)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.refresh_button.clicked.connect(self.reload)
        self.retry_button.clicked.connect(lambda: self.retry_selected())
        self.cancel_button.clicked.connect(lambda: self.cancel_selected())
        self.assign_button.clicked.connect(lambda: self.assign_selected())
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.comment_button.clicked.connect(lambda: self.comment_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemSelectionChanged.connect(self.load_detail)
        ctx.changed.connect(self._on_changed)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Count"), self.tr("Error class"),
                                              self.tr("Message type"), self.tr("Error"),
                                              self.tr("Assigned to")])
        self.filter.setPlaceholderText(self.tr("Message type, e.g. stock.receipt"))
        self.document_filter.setPlaceholderText(self.tr("Document"))
        self.assignee_filter.setPlaceholderText(self.tr("Assigned to (- for nobody)"))
        self.age_label.setText(self.tr("Older than (h)"))
        self.comment_button.setText(self.tr("Comment…"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.retry_button.setText(self.tr("Retry now"))
        self.cancel_button.setText(self.tr("Cancel…"))
        self.assign_button.setText(self.tr("Assign…"))
        self.edit_button.setText(self.tr("Edit and resubmit…"))
        self._show_counts()
        self._update_buttons()

    # -- loading --------------------------------------------------------------------------------
    def filters(self) -> dict:
        """The filter fields as ``SyncInboxService.problems`` keywords."""
        found: dict = {}
        if self.filter.text().strip():
            found["message_type"] = self.filter.text().strip()
        if self.document_filter.text().strip():
            found["document"] = self.document_filter.text().strip()
        assignee = self.assignee_filter.text().strip()
        if assignee:
            found["assignee"] = "" if assignee == "-" else assignee
        if self.age_filter.value():
            now = (self.ctx.clock or Clock()).now()
            found["older_than"] = now - timedelta(hours=self.age_filter.value())
        return found

    def reload(self) -> None:
        from domain.permissions import Permission
        service = self.ctx.service(SyncInboxService)
        actor, filters = self.ctx.actor, self.filters()
        admin = self.ctx.can(Permission.CONFIGURE_SYNC)
        self.ctx.op(self, lambda _p: (service.counts(actor),
                                      service.problems(actor, **filters),
                                      service.exceptions(actor) if admin else [])) \
            .success(self._loaded).run()

    def _loaded(self, result) -> None:
        self.counts, self.groups, self.exceptions = result
        self._show_exceptions()
        self._show_counts()
        self.table.setRowCount(len(self.groups))
        for row, g in enumerate(self.groups):
            for col, value in enumerate((str(g.count), g.error_class, g.message_type, g.error,
                                         ", ".join(sorted(g.assignees)))):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self._update_buttons()

    def _show_exceptions(self) -> None:
        """Messages whose retries ran out open a sync exception for IT (the admin role); it
        closes when the message is delivered or cancelled."""
        shown = self.exceptions[:3]
        self.exceptions_label.setVisible(bool(self.exceptions))
        self.exceptions_label.setText(self.tr("Sync exceptions for IT: %n open", "",
                                              len(self.exceptions))
                                      + "".join(f"\n· {e.summary[:160]}" for e in shown)
                                      + ("\n…" if len(self.exceptions) > len(shown) else ""))

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
        for b in (self.retry_button, self.cancel_button, self.assign_button, self.edit_button,
                  self.comment_button):
            b.setEnabled(has)

    # -- detail of the selected problem's first message ----------------------------------------
    def load_detail(self) -> None:
        g = self.selected()
        if g is None:
            self.detail_id = None
            self.detail.clear()
            return
        first = g.ids[0]
        service, actor = self.ctx.service(SyncInboxService), self.ctx.actor
        self.ctx.op(self, lambda _p: (service.detail(actor, first), service.attempts(actor, first),
                                      service.related_moves(actor, first))) \
            .success(self._show_detail).run()

    def _show_detail(self, found) -> None:
        message, attempts, moves = found
        self.detail_id = message.id
        title = self.tr("Message {id}: {type} of {document}").format(
            id=message.id, type=message.message_type, document=message.document_key)
        state = self.tr("State {state}, {n} attempt(s), key {key}").format(
            state=message.state, n=message.attempts, key=message.idempotency_key)
        headings = (self.tr("Payload"), self.tr("Attempts"), self.tr("Stock moves of the document"),
                    self.tr("Comments"))
        payload = json.dumps(message.payload, indent=2, ensure_ascii=False)
        parts = [f"<h3>{escape(title)}</h3><p>{escape(state)}</p>",
                 f"<h4>{escape(headings[0])}</h4><pre>{escape(payload)}</pre>",
                 f"<h4>{escape(headings[1])}</h4>"]
        for a in attempts:
            parts.append(f"<p><b>{a.at:%Y-%m-%d %H:%M:%S}</b> {escape(a.outcome)} "
                         f"{escape(a.error_class)} ({a.duration_ms} ms) {escape(a.message)}</p>")
            if a.request:
                parts.append(f"<pre>→ {escape(a.request[:4000])}</pre>")
            if a.response:
                parts.append(f"<pre>← {escape(a.response[:4000])}</pre>")
        parts.append(f"<h4>{escape(headings[2])}</h4>")
        for m in moves:
            parts.append(f"<p>{m.created_at:%Y-%m-%d %H:%M} {escape(m.item)} {m.qty} "
                         f"{escape(m.from_bin or '—')} → {escape(m.to_bin or '—')} "
                         f"{escape(m.lot or '')} {escape(m.reason)}</p>")
        parts.append(f"<h4>{escape(headings[3])}</h4>")
        for c in message.comments:
            parts.append(f"<p><b>{escape(str(c.get('username', '')))}</b> "
                         f"{escape(str(c.get('at', ''))[:16])}: {escape(str(c.get('text', '')))}</p>")
        self.detail.setHtml("".join(parts))

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

    def comment_selected(self, text: str | None = None) -> None:
        """A comment on the group's first message (the one the detail pane shows)."""
        g = self.selected()
        if not g:
            return
        if text is None:
            text, ok = QInputDialog.getMultiLineText(
                self, self.tr("Comment"),
                self.tr("Comment on message {id}:").format(id=g.ids[0]))
            if not ok or not text.strip():
                return
        first = g.ids[0]
        self.ctx.op(self, lambda _p: self.ctx.service(SyncInboxService).comment(
            self.ctx.actor, first, text)).changes({"sync"}).success(
            lambda _r: self.load_detail()).run()

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


class SyncScreen(Retranslating, QTabWidget):
    """The Sync area: the error inbox, the dashboard, the reconciliation with the ERP's book
    stock, the retry rules and (administrators) the ERP connection, as tabs."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from domain.permissions import Permission
        from gui.sync.connection import ConnectionPage
        from gui.sync.dashboard import SyncDashboardPage
        from gui.sync.reconciliation import ReconciliationPage
        from gui.sync.rules import RetryRulesPage
        self.inbox = SyncInboxPage(ctx, self)
        self.dashboard = SyncDashboardPage(ctx, self)
        self.rules = RetryRulesPage(ctx, self)
        self.reconciliation = ReconciliationPage(ctx, self) if ctx.can(Permission.RECONCILE) \
            else None
        self.connection = ConnectionPage(ctx, self) if ctx.can(Permission.CONFIGURE_SYNC) \
            else None
        for page in (self.inbox, self.dashboard, self.reconciliation, self.rules,
                     self.connection):
            if page is not None:
                self.addTab(page, "")
        self.retranslate()

    def retranslate(self) -> None:
        titles = {self.inbox: self.tr("Problems"), self.dashboard: self.tr("Dashboard"),
                  self.reconciliation: self.tr("Reconciliation"),
                  self.rules: self.tr("Retry rules"), self.connection: self.tr("Connection")}
        for index in range(self.count()):
            self.setTabText(index, titles[self.widget(index)])
