"""Setting up the ERP connection (administrators): the connector, its address and user, and a
password that goes to the credential store, never into the settings or on screen again. A
Tryton connection has its own fields; the REST and file-exchange connectors take their JSON
mapping. "Test connection" reaches the ERP on the worker and says what answered."""
from __future__ import annotations

import json

from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from domain.errors import InvalidInput
from gui.context import AppContext
from gui.widgets.retranslate import Retranslating
from integration.connection import KINDS, ConnectionInfo, ConnectionService

TRYTON_FIELDS = ("url", "database", "username", "warehouse", "supplier")


class ConnectionPage(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info: ConnectionInfo | None = None
        self.kind = QComboBox(self)
        self.kind.addItems(list(KINDS))
        self.fields = {name: QLineEdit(self) for name in TRYTON_FIELDS}
        self.json = QPlainTextEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.save_button, self.test_button = QPushButton(self), QPushButton(self)
        self.form = QFormLayout()
        self.labels = {name: QLabel(self) for name in ("kind", *TRYTON_FIELDS, "json",
                                                        "password")}
        self.form.addRow(self.labels["kind"], self.kind)
        for name in TRYTON_FIELDS:
            self.form.addRow(self.labels[name], self.fields[name])
        self.form.addRow(self.labels["json"], self.json)
        self.form.addRow(self.labels["password"], self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.kind.currentTextChanged.connect(self._show_kind)
        self.save_button.clicked.connect(self.save)
        self.test_button.clicked.connect(self.test)
        self._show_kind(self.kind.currentText())
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        texts = {"kind": self.tr("Connector"), "url": self.tr("Tryton URL"),
                 "database": self.tr("Database"), "username": self.tr("User"),
                 "warehouse": self.tr("Warehouse code"), "supplier": self.tr("Receipts supplier"),
                 "json": self.tr("Settings (JSON)"), "password": self.tr("Password")}
        for name, text in texts.items():
            self.labels[name].setText(text)
        self.save_button.setText(self.tr("Save"))
        self.test_button.setText(self.tr("Test connection"))
        self._password_hint()

    def _password_hint(self) -> None:
        stored = self.info is not None and self.info.password_stored
        self.password.setPlaceholderText(
            self.tr("stored; type a new one to replace it") if stored else self.tr("not stored"))

    def _show_kind(self, kind: str) -> None:
        for name in TRYTON_FIELDS:
            self.form.setRowVisible(self.fields[name], kind == "tryton")
        self.form.setRowVisible(self.json, kind != "tryton")

    def reload(self) -> None:
        service, actor = self.ctx.service(ConnectionService), self.ctx.actor
        self.ctx.op(self, lambda _p: service.load(actor)).success(self._loaded).run()

    def _loaded(self, info: ConnectionInfo) -> None:
        self.info = info
        config = dict(info.config)
        kind = config.pop("kind", "tryton")
        self.kind.setCurrentText(kind if kind in KINDS else "tryton")
        for name in TRYTON_FIELDS:
            self.fields[name].setText(str(config.get(name, "")) if kind == "tryton" else "")
        self.json.setPlainText(json.dumps(config, indent=2, ensure_ascii=False)
                               if kind != "tryton" and config else "")
        self.password.clear()
        self._password_hint()

    def entered(self) -> dict:
        """The form as connector settings; raises ``InvalidInput`` for JSON that is not an
        object."""
        kind = self.kind.currentText()
        if kind == "tryton":
            return {"kind": kind, **{name: self.fields[name].text().strip()
                                     for name in TRYTON_FIELDS}}
        try:
            config = json.loads(self.json.toPlainText() or "{}")
        except json.JSONDecodeError as exc:
            raise InvalidInput(field="settings", reason=f"not JSON: {exc.msg}") from None
        if not isinstance(config, dict):
            raise InvalidInput(field="settings", reason="not a JSON object")
        return {**config, "kind": kind}

    def save(self) -> None:
        try:
            config = self.entered()
        except InvalidInput as exc:
            self.status.setText(str(exc))
            return
        password = self.password.text() or None
        service, actor = self.ctx.service(ConnectionService), self.ctx.actor
        self.ctx.op(self, lambda _p: service.save(actor, config, password=password)) \
            .changes({"sync", "sync.connection"}).success(self._saved).run()

    def _saved(self, _result) -> None:
        self.status.setText(self.tr("Saved. The sync restarts with the new settings."))
        self.reload()

    def test(self) -> None:
        self.status.setText(self.tr("Reaching the ERP…"))
        service, actor = self.ctx.service(ConnectionService), self.ctx.actor
        self.ctx.op(self, lambda _p: service.test(actor)) \
            .success(lambda text: self.status.setText(self.tr("Connected: {what}")
                                                      .format(what=text))) \
            .failure(lambda error: self.status.setText(self.tr("Not connected: {error}")
                                                       .format(error=error))).run()
