"""Starting up: the first administrator, signing in and out, the language picked at sign-in."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from domain.services.users import UserService
from gui.app import Shell
from gui.login import FirstAdminDialog, LoginDialog
from gui.main_window import MainWindow
from tests.gui.conftest import ADMIN_PASSWORD


@pytest.fixture
def shell(qtbot, db, shown_errors):
    shell = Shell(db)
    yield shell
    for widget in (shell.dialog, shell.window):
        if widget is not None:
            widget.close()


def _started(qtbot, shell: Shell):
    shell.start()
    qtbot.waitUntil(lambda: shell.dialog is not None and shell.dialog.isVisible())
    return shell.dialog


def _sign_in_by_keyboard(qtbot, dialog: LoginDialog, username: str, password: str) -> None:
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_first_start_asks_for_the_first_admin_and_creates_it(qtbot, db, shell):
    dialog = _started(qtbot, shell)
    assert isinstance(dialog, FirstAdminDialog)
    dialog.username.setText("boss")
    dialog.full_name.setText("Bo Boss")
    dialog.password.setText("long-password")
    dialog.confirm.setText("long-password")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible())
    assert not dialog.isVisible()
    assert shell.window.ctx.user.username == "boss"
    assert UserService(db).authenticate("boss", "long-password").role == "admin"


def test_first_admin_dialog_refuses_passwords_that_differ(qtbot, db, shell):
    dialog = _started(qtbot, shell)
    dialog.username.setText("boss")
    dialog.password.setText("long-password")
    dialog.confirm.setText("long-passwort")
    dialog.submit.click()
    assert dialog.error.isVisible()
    assert dialog.error.text() == "The two passwords are not the same."
    assert dialog.isVisible() and shell.window is None
    assert not UserService(db).has_users()


def test_an_existing_database_asks_to_sign_in(qtbot, admin, shell):
    assert isinstance(_started(qtbot, shell), LoginDialog)


def test_a_wrong_password_shows_an_error_and_keeps_the_dialog_open(qtbot, admin, shell):
    dialog = _started(qtbot, shell)
    _sign_in_by_keyboard(qtbot, dialog, "admin", "not-the-password")
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == "Unknown user or wrong password"
    assert dialog.isVisible() and shell.window is None
    assert dialog.password.text() == "" and dialog.submit.isEnabled()


def test_the_right_password_typed_and_entered_opens_the_main_window(qtbot, admin, shell):
    dialog = _started(qtbot, shell)
    _sign_in_by_keyboard(qtbot, dialog, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: isinstance(shell.window, MainWindow) and shell.window.isVisible())
    assert not dialog.isVisible()
    assert shell.window.ctx.actor.username == "admin"


def test_a_language_picked_at_sign_in_applies_and_is_saved_to_the_account(qtbot, db, admin,
                                                                          shell):
    dialog = _started(qtbot, shell)
    dialog.language.setFocus()
    qtbot.keyClick(dialog.language, Qt.Key.Key_Down)  # English -> 简体中文, by keyboard
    assert dialog.language.language() == "zh_CN"
    qtbot.waitUntil(lambda: dialog.submit.text() == "登录(&S)")  # the dialog switches at once
    dialog.username.setText("admin")
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.submit.click()
    qtbot.waitUntil(lambda: shell.window is not None)
    assert shell.window.nav.item(0).text() == "库存"
    assert UserService(db).authenticate("admin", ADMIN_PASSWORD).language == "zh_CN"


def test_signing_out_returns_to_the_sign_in_dialog(qtbot, admin, shell):
    dialog = _started(qtbot, shell)
    _sign_in_by_keyboard(qtbot, dialog, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: shell.window is not None)
    window = shell.window
    window.sign_out_action.trigger()
    assert isinstance(shell.dialog, LoginDialog) and shell.dialog is not dialog
    assert shell.dialog.isVisible() and not window.isVisible() and shell.window is None
