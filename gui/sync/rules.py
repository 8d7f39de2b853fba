"""Retry rules as a table an admin edits: one row per error class (network, timeout, HTTP 5xx,
429, locked, validation, mapping, auth, malformed), how many attempts in all, the first wait,
the backoff factor, the longest wait and the jitter. Saved through
``SyncInboxService.save_retry_rules`` (``CONFIGURE_SYNC``, validated and audited there);
others see the rules read-only."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from domain.permissions import Permission
from gui.context import AppContext
from gui.widgets.retranslate import Retranslating
from integration.inbox import SyncInboxService
from integration.retry_policy import RULE_KEYS


class RetryRulesPage(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rules: dict[str, dict] = {}
        self.editable = ctx.can(Permission.CONFIGURE_SYNC)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: palette(highlight)")
        self.table = QTableWidget(0, 1 + len(RULE_KEYS), self)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        if not self.editable:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.save_button, self.reload_button = QPushButton(self), QPushButton(self)
        self.save_button.setEnabled(self.editable)
        self.save_button.clicked.connect(self.save)
        self.reload_button.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.hint.setText(self.tr(
            "What the sync does when the ERP refuses or cannot be reached. Attempts counts every "
            "try, the first one included: 1 sends the message straight to the error inbox. The "
            "wait grows by the backoff factor up to the longest wait; jitter spreads retries "
            "(0.2 = ±20 %).") + ("" if self.editable else " " + self.tr(
                "Only an administrator can change them.")))
        self.table.setHorizontalHeaderLabels([
            self.tr("Error class"), self.tr("Attempts"), self.tr("Wait (s)"),
            self.tr("Backoff"), self.tr("Longest wait (s)"), self.tr("Jitter")])
        self.save_button.setText(self.tr("Save rules"))
        self.reload_button.setText(self.tr("Reload"))

    def reload(self) -> None:
        service, actor = self.ctx.service(SyncInboxService), self.ctx.actor
        self.ctx.op(self, lambda _p: service.retry_rules(actor)).success(self._loaded).run()

    def _loaded(self, rules: dict[str, dict]) -> None:
        self.rules = rules
        self.error.clear()
        self.table.setRowCount(len(rules))
        for row, (error_class, rule) in enumerate(sorted(rules.items())):
            head = QTableWidgetItem(error_class)
            head.setFlags(head.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, head)
            for col, key in enumerate(RULE_KEYS, 1):
                value = rule.get(key, "")
                self.table.setItem(row, col, QTableWidgetItem(
                    f"{value:g}" if isinstance(value, (int, float)) else str(value)))

    def entered(self) -> dict[str, dict]:
        """The table as rules; raises ValueError naming the first cell that is not a number."""
        rules: dict[str, dict] = {}
        for row in range(self.table.rowCount()):
            error_class = self.table.item(row, 0).text()
            rule = {}
            for col, key in enumerate(RULE_KEYS, 1):
                text = (self.table.item(row, col).text() if self.table.item(row, col) else "")
                text = text.strip()
                if not text:
                    continue
                try:
                    number = float(text)
                except ValueError:
                    raise ValueError(f"{error_class} / {key}: {text!r}") from None
                rule[key] = int(number) if key == "attempts" and number.is_integer() else number
            rules[error_class] = rule
        return rules

    def save(self) -> None:
        try:
            rules = self.entered()
        except ValueError as exc:
            self.error.setText(self.tr("Not a number: {cell}").format(cell=exc))
            return
        service, actor = self.ctx.service(SyncInboxService), self.ctx.actor
        self.ctx.op(self, lambda _p: service.save_retry_rules(actor, rules)) \
            .changes({"sync"}).success(lambda _r: self.reload()).run()
