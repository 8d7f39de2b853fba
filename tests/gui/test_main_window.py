"""The main window: navigation by keyboard, placeholders, plugged-in screens, status, settings."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QLabel, QWidget

from domain.permissions import Permission
from domain.persistence.database import Database
from domain.services.users import UserService, actor_of
from gui.app import build_main_window
from gui.main_window import MainWindow
from gui.screens import Screen, default_screens, tabbed
from tests.gui.conftest import ADMIN_PASSWORD

AREAS = ["stock", "items", "bins", "lots", "tasks", "printing", "devices", "sync", "reports",
         "admin", "designer"]


def _press(qtbot, window: MainWindow, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(window.nav, key, modifier)


def test_navigation_lists_the_areas_in_order(main_window):
    assert main_window.screen_keys() == AREAS
    texts = [main_window.nav.item(row).text() for row in range(main_window.nav.count())]
    assert texts == ["Stock", "Items", "Bins", "Lots", "Tasks", "Printing", "Devices", "Sync",
                     "Reports", "Admin", "Label designer"]
    assert main_window.current_key() == "stock"


def test_ctrl_digit_jumps_to_an_area_and_ctrl_0_to_the_tenth(qtbot, main_window):
    main_window.activateWindow()
    for digit, key in ((Qt.Key.Key_3, "bins"), (Qt.Key.Key_0, "admin"), (Qt.Key.Key_1, "stock")):
        _press(qtbot, main_window, digit, Qt.KeyboardModifier.ControlModifier)
        assert main_window.current_key() == key
        assert main_window.stack.currentIndex() == AREAS.index(key)


def test_arrow_keys_move_through_the_navigation(qtbot, main_window):
    _press(qtbot, main_window, Qt.Key.Key_Down)
    _press(qtbot, main_window, Qt.Key.Key_Down)
    assert main_window.current_key() == "bins"
    assert main_window.windowTitle() == "Bins — Warelink"
    _press(qtbot, main_window, Qt.Key.Key_Up)
    assert main_window.current_key() == "items"


PLACEHOLDER_AREAS = [s.key for s in default_screens() if s.factory is None]


def test_built_areas_are_real_screens(main_window):
    for key in sorted(set(AREAS) - set(PLACEHOLDER_AREAS)):
        page = main_window.show_screen(key)
        assert not getattr(page, "is_placeholder", False), key


class _Probe(QWidget):
    built = 0

    def __init__(self, ctx) -> None:
        super().__init__()
        type(self).built += 1
        self.ctx = ctx
        self.changes: list[frozenset[str]] = []
        ctx.changed.connect(self.changes.append)


def test_a_registered_screen_is_built_on_first_show_with_the_context(qtbot, db, admin):
    _Probe.built = 0
    screens = [Screen("stock", QT_TRANSLATE_NOOP("Navigation", "Stock"), _Probe),
               *default_screens()[1:]]
    window = build_main_window(db, admin, screens)
    qtbot.addWidget(window)
    assert _Probe.built == 1  # the first entry is shown at once
    page = window.page("stock")
    assert isinstance(page, _Probe) and page.ctx is window.ctx
    window.show_screen("items")
    window.show_screen("stock")
    assert _Probe.built == 1 and window.stack.currentWidget().isAncestorOf(page)
    window.ctx.broadcast({"stock"})
    assert page.changes == [frozenset({"stock"})]


def test_tabbed_areas_and_permissions(qtbot, db, admin):
    clerk = UserService(db).add_user(actor_of(admin), "cleo", "pw-cleo-1", "clerk")
    admin_entry = Screen("admin", QT_TRANSLATE_NOOP("Navigation", "Admin"),
                         tabbed((QT_TRANSLATE_NOOP("Navigation", "Users"), _Probe),
                                (QT_TRANSLATE_NOOP("Navigation", "Zones"), _Probe)),
                         permission=Permission.MANAGE_USERS)
    for user, expected in ((admin, ["stock", "admin"]), (clerk, ["stock"])):
        window = build_main_window(db, user, [default_screens()[0], admin_entry])
        qtbot.addWidget(window)
        assert window.screen_keys() == expected
    window = build_main_window(db, admin, [admin_entry])
    qtbot.addWidget(window)
    page = window.page("admin")
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["Users", "Zones"]


def test_a_screen_that_fails_to_build_does_not_take_the_window_down(qtbot, db, admin):
    def broken(_ctx):
        raise RuntimeError("no such table")

    window = build_main_window(db, admin, [Screen("stock", "Stock", broken)])
    qtbot.addWidget(window)
    assert isinstance(window.page("stock"), QLabel)
    assert "could not be opened" in window.page("stock").text()


def test_status_bar_shows_user_role_database_sync_and_scanner(main_window, db):
    assert main_window.user_label.text() == "Signed in: Ada Admin (admin) · Role: admin"
    assert main_window.db_label.text() == f"Database: {db.describe()}"
    assert main_window.sync_label.text() == "Sync: not configured"
    assert main_window.scanner_label.text() == "Scanner: none"


def test_status_bar_never_shows_the_database_password(qtbot, admin):
    remote = Database("postgresql+psycopg://warelink:s3cret-pw@db.example/warelink")
    window = build_main_window(remote, admin, screens=[
        s for s in default_screens() if s.factory is None])  # no screen may query the fake host
    qtbot.addWidget(window)
    assert "s3cret-pw" not in window.db_label.text()
    assert "warelink:***@db.example" in window.db_label.text()
    remote.dispose()


def test_settings_switch_the_language_live_and_save_it(qtbot, db, main_window):
    dialog = main_window.open_settings()
    dialog.language.set_language("zh_CN")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: main_window.nav.item(0).text() == "库存")
    assert main_window.file_menu.title() == "文件(&F)"
    assert main_window.nav.item(AREAS.index("reports")).text() == "报表"
    assert main_window.sync_label.text() == "同步：未配置"
    assert UserService(db).authenticate("admin", ADMIN_PASSWORD).language == "zh_CN"
