"""Users (admins only): list accounts; add one; change role, name, active, password.

Passwords are typed twice and never shown; an empty password field on an existing account means
"keep the password". The domain refuses an admin removing their own admin access.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from domain.model import Role
from domain.services.users import UserService
from gui.context import AppContext
from gui.errors import domain_term
from gui.masterdata.small_lists import ShortList
from gui.masterdata.widgets import EditorPanel
from gui.widgets.forms import ErrorLabel
from gui.widgets.lazy_table import Column
from gui.widgets.retranslate import Retranslating

COLUMNS = [
    Column("username", QT_TRANSLATE_NOOP("UsersScreen", "User name"), width=12),
    Column("full_name", QT_TRANSLATE_NOOP("UsersScreen", "Full name"), width=20),
    Column("role", QT_TRANSLATE_NOOP("UsersScreen", "Role"), display=domain_term, width=10),
    Column("active", QT_TRANSLATE_NOOP("UsersScreen", "Active"), width=5),
    Column("last_login_at", QT_TRANSLATE_NOOP("UsersScreen", "Last sign-in"), width=15),
]
FIELDS = ("username", "full_name", "role", "active", "language", "last_login_at")


class UsersScreen(Retranslating, QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx, self.service = ctx, ctx.service(UserService)
        self.list = ShortList(COLUMNS, "UsersScreen", "username", self._on_user, self)
        self.form = EditorPanel(self)
        self.username = self.form.row("username", QLineEdit(self))
        self.full_name = self.form.row("full_name", QLineEdit(self))
        self.role = self.form.row("role", QComboBox(self))
        for role in Role:
            self.role.addItem("", role.value)
        self.active = self.form.row("active", QCheckBox(self))
        self.password = self.form.row("password", QLineEdit(self))
        self.repeat = self.form.row("repeat", QLineEdit(self))
        for field in (self.password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = ErrorLabel(self)
        self.form.body.addWidget(self.problem)
        self.form.finish()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addWidget(self.list, 3)
        layout.addWidget(self.form, 2)
        self.form.save_requested.connect(self.save)
        self.form.revert_requested.connect(lambda: self._on_user(self.list.current()))
        self.list.new_button.clicked.connect(self.list.clear_selection)
        ctx.changed.connect(self._on_changed)   # a bound method: dropped with the screen
        self.retranslate()
        self._on_user(None)
        self.reload()

    def reload(self) -> None:
        actor, service = self.ctx.actor, self.service
        self.ctx.op(self, lambda _p: [{f: getattr(u, f) for f in FIELDS}
                                      for u in service.list_users(actor)]) \
            .success(self.list.load).run()

    def _on_changed(self, changes: frozenset[str]) -> None:
        if "users" in changes:
            self.reload()

    def _on_user(self, row: dict | None) -> None:
        self.username.setText(row["username"] if row else "")
        self.username.setReadOnly(row is not None)
        self.full_name.setText(row["full_name"] if row else "")
        self.role.setCurrentIndex(max(0, self.role.findData(row["role"] if row else "clerk")))
        self.active.setChecked(row["active"] if row else True)
        self.password.clear()
        self.repeat.clear()
        self.problem.clear_error()
        self.retranslate()

    def save(self) -> None:
        password = self.password.text()
        if password != self.repeat.text():
            return self.problem.show_error(self.tr("The two passwords differ."))
        self.problem.clear_error()
        existing, actor, service = self.list.current(), self.ctx.actor, self.service
        username, full_name = self.username.text().strip(), self.full_name.text().strip()
        role, active = self.role.currentData(), self.active.isChecked()

        def work(_progress):
            if existing is None:
                return service.add_user(actor, username, password, role, full_name)
            return service.update_user(actor, username, role=role, active=active,
                                       full_name=full_name, password=password or None)
        self.ctx.op(self, work).changes({"users"}) \
            .success(lambda user: self.list.select(user.username)).run()

    def retranslate(self) -> None:
        current = self.list.current()
        self.form.title.setText(self.tr("User {name}").format(name=current["username"])
                                if current else self.tr("New user"))
        for key, text in (("username", self.tr("User name")), ("full_name", self.tr("Full name")),
                          ("role", self.tr("Role")), ("active", self.tr("Active")),
                          ("password", self.tr("Password")), ("repeat", self.tr("Repeat"))):
            self.form.labels[key].setText(text)
        self.password.setPlaceholderText(self.tr("Unchanged") if current else "")
        for index in range(self.role.count()):
            self.role.setItemText(index, domain_term(self.role.itemData(index)))
        self.list.title.setText(self.tr("Users"))
        self.list.new_button.setText(self.tr("New user"))
        self.list.model.retranslate()
