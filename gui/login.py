"""Signing in, and creating the first administrator on an empty database.

Both dialogs check passwords through ``UserService`` in an op (argon2 takes tens of
milliseconds, too long for the UI thread) and emit ``signed_in(User)`` before they close, so the
caller can show the main window first (closing the last window would quit the application).
A language picked in the dialog switches the UI at once and is saved to the account.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from domain.errors import DomainError
from domain.model import User
from domain.persistence.database import Database
from domain.services.users import MIN_PASSWORD_LENGTH, UserService, actor_of
from gui import errors
from gui.ops import Op
from gui.settings import apply_language, current_language
from gui.widgets.forms import DialogHeader, ErrorLabel, LanguageCombo
from gui.widgets.retranslate import Retranslating


class _AccountDialog(Retranslating, QDialog):
    """Header, a form, an inline error line, a language picker and one primary button."""

    signed_in = Signal(object)  # User

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.header = DialogHeader(self)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(10)
        self.error = ErrorLabel(self)
        self.language = LanguageCombo(self)
        self.language.set_language(current_language())
        self.language.language_chosen.connect(apply_language)
        self.buttons = QDialogButtonBox(self)
        self.submit = QPushButton(self)
        self.submit.setDefault(True)
        self.quit = QPushButton(self)
        self.buttons.addButton(self.submit, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit, QDialogButtonBox.ButtonRole.RejectRole)
        self.submit.clicked.connect(self._on_submit)
        self.quit.clicked.connect(self.reject)
        self._labels: dict[str, QLabel] = {}

    def _add_row(self, key: str, field: QWidget) -> None:
        label = QLabel(self)
        label.setBuddy(field)
        self._labels[key] = label
        self.form.addRow(label, field)

    def _finish_layout(self) -> None:
        self._add_row("language", self.language)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(14)
        layout.addWidget(self.header)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.retranslate()

    def retranslate(self) -> None:
        self._labels["language"].setText(self.tr("&Language:"))
        self.quit.setText(self.tr("&Quit"))

    def _run(self, work) -> None:
        """Run the account work (returns a User) in an op, the form disabled meanwhile."""
        self.error.clear_error()
        self._set_busy(True)
        Op(self, lambda _p: work()).success(self._on_done).failure(self._on_failed).run()

    def _set_busy(self, busy: bool) -> None:
        for widget in self.findChildren(QLineEdit) + [self.language, self.submit]:
            widget.setEnabled(not busy)

    def _on_done(self, user: User) -> None:
        self._set_busy(False)
        apply_language(user.language)
        self.signed_in.emit(user)
        self.accept()

    def _on_failed(self, error: Exception) -> None:
        self._set_busy(False)
        if isinstance(error, DomainError):
            self.error.show_error(errors.domain_message(error))
        else:
            errors.present(self, error)

    def _on_submit(self) -> None:
        raise NotImplementedError


def _save_language(service: UserService, user: User, language: str | None) -> User:
    """Persist a language chosen in the dialog (worker thread, inside the op)."""
    if language is not None and user.language != language:
        service.set_language(actor_of(user), language)
        user.language = language
    return user


class LoginDialog(_AccountDialog):
    """User name and password; a wrong pair shows an inline error and keeps the dialog open."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self._language_touched = False
        self.language.language_chosen.connect(lambda _code: self._touch_language())
        self.username = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self._add_row("username", self.username)
        self._add_row("password", self.password)
        self._finish_layout()
        self.username.setFocus()

    def _touch_language(self) -> None:
        self._language_touched = True

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Warelink — Sign in"))
        self.header.set_texts("Warelink", self.tr("Warehouse control. Sign in to continue."))
        self._labels["username"].setText(self.tr("&User name:"))
        self._labels["password"].setText(self.tr("&Password:"))
        self.submit.setText(self.tr("&Sign in"))

    def _on_submit(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username:
            self.error.show_error(self.tr("Enter your user name."))
            self.username.setFocus()
            return
        # Only a language picked here overrides the one saved with the account.
        language = self.language.language() if self._language_touched else None
        service = UserService(self.db)
        self._run(lambda: _save_language(service, service.authenticate(username, password),
                                         language))

    def _on_failed(self, error: Exception) -> None:
        super()._on_failed(error)
        self.password.clear()
        self.password.setFocus()


class FirstAdminDialog(_AccountDialog):
    """The first start: creates the administrator account and signs it in."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.username = QLineEdit(self)
        self.full_name = QLineEdit(self)
        self.password = QLineEdit(self)
        self.confirm = QLineEdit(self)
        for field in (self.password, self.confirm):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        for key, field in (("username", self.username), ("full_name", self.full_name),
                           ("password", self.password), ("confirm", self.confirm)):
            self._add_row(key, field)
        self._finish_layout()
        self.username.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Warelink — First start"))
        self.header.set_texts(self.tr("Welcome to Warelink"), self.tr(
            "There are no accounts yet. Create the administrator account; other users are "
            "added later under Admin."))
        self._labels["username"].setText(self.tr("&User name:"))
        self._labels["full_name"].setText(self.tr("&Full name:"))
        self._labels["password"].setText(self.tr("&Password:"))
        self._labels["confirm"].setText(self.tr("&Confirm password:"))
        self.submit.setText(self.tr("&Create administrator"))

    def validation_error(self) -> str:
        """The first thing wrong with the form, or "" (the service validates again)."""
        username = self.username.text().strip()
        if not username or any(c.isspace() for c in username):
            return self.tr("Enter a user name without spaces.")
        if len(self.password.text()) < MIN_PASSWORD_LENGTH:
            return self.tr("The password needs at least {n} characters.").format(
                n=MIN_PASSWORD_LENGTH)
        if self.password.text() != self.confirm.text():
            return self.tr("The two passwords are not the same.")
        return ""

    def _on_submit(self) -> None:
        problem = self.validation_error()
        if problem:
            self.error.show_error(problem)
            return
        service = UserService(self.db)
        username, password = self.username.text().strip(), self.password.text()
        full_name, language = self.full_name.text().strip(), self.language.language()
        self._run(lambda: _save_language(
            service, service.create_first_admin(username, password, full_name), language))
