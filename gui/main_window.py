"""The main window: navigation on the left, the current screen on the right, session status below.

Screens come from ``gui.screens`` (key, title, factory); each is built the first time it is
shown, so opening the window costs no screen's queries. Ctrl+1 … Ctrl+0 jump to the first ten
entries (also listed in the Go menu); the arrow keys move through the navigation list.
"""
from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version
from typing import Sequence

from PySide6.QtCore import QCoreApplication, QKeyCombination, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QMainWindow, QMessageBox, QStackedWidget, QVBoxLayout, QWidget)

from gui.context import AppContext
from gui.errors import domain_term
from gui.placeholders import PlaceholderPage
from gui.screens import Screen, default_screens
from gui.settings import SettingsDialog
from gui.widgets.retranslate import Retranslating

log = logging.getLogger(__name__)
SIDEBAR_STYLE = """
QFrame#sidebar { background: palette(base); border: none; border-right: 1px solid palette(mid); }
QLabel#brand { font-size: 17pt; font-weight: bold; padding: 18px 18px 14px 18px; }
QListWidget#navigation { border: none; background: transparent; outline: 0; }
QListWidget#navigation::item { padding: 9px 18px; margin: 1px 8px; border-radius: 4px; }
QListWidget#navigation::item:hover { background: palette(alternate-base); }
QListWidget#navigation::item:selected { background: palette(highlight);
                                        color: palette(highlighted-text); }
"""


def _nav_key(index: int) -> QKeySequence:
    """Ctrl+1 for the first entry … Ctrl+9, then Ctrl+0 for the tenth."""
    digit = Qt.Key(Qt.Key.Key_0.value + (index + 1) % 10)
    return QKeySequence(QKeyCombination(Qt.KeyboardModifier.ControlModifier, digit))


def app_version() -> str:
    try:
        return version("warelink")
    except PackageNotFoundError:
        return "dev"


class MainWindow(Retranslating, QMainWindow):
    """``sign_out_requested`` asks the application shell to return to the sign-in dialog."""

    sign_out_requested = Signal()

    def __init__(self, ctx: AppContext, screens: Sequence[Screen] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.screens = [s for s in (screens if screens is not None else default_screens())
                        if s.permission is None or ctx.can(s.permission)]
        self._pages: dict[str, QWidget] = {}
        self._sync_text: str | None = None
        self._badges: dict[str, int] = {}
        self._scanner_text: str | None = None
        self._setup_ui()
        self._setup_menus()
        self.retranslate()
        self.nav.setCurrentRow(0)
        self.nav.setFocus()

    # -- construction -------------------------------------------------------------------------
    def _setup_ui(self) -> None:
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget(self)
        for screen in self.screens:
            self.nav.addItem(QListWidgetItem())
            holder = QWidget(self.stack)
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.stack.addWidget(holder)
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._sidebar())
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._setup_status_bar()
        self.resize(1100, 720)

    def _sidebar(self) -> QFrame:
        """The product name over the navigation list, on a panel set apart from the screen."""
        sidebar = QFrame(self)
        sidebar.setObjectName("sidebar")
        sidebar.setStyleSheet(SIDEBAR_STYLE)
        sidebar.setFixedWidth(200)
        brand = QLabel("Warelink", sidebar)
        brand.setObjectName("brand")
        layout = QVBoxLayout(sidebar)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(0)
        layout.addWidget(brand)
        layout.addWidget(self.nav, 1)
        return sidebar

    def _setup_status_bar(self) -> None:
        self.user_label, self.db_label = QLabel(self), QLabel(self)
        self.sync_label, self.scanner_label = QLabel(self), QLabel(self)
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        bar.addWidget(self.user_label)
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(self.sync_label)
        bar.addPermanentWidget(self.scanner_label)
        for label in (self.user_label, self.db_label, self.sync_label, self.scanner_label):
            label.setContentsMargins(8, 2, 8, 2)

    def _setup_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu, self.go_menu, self.help_menu = (bar.addMenu("") for _ in range(3))
        self.settings_action = self._action(self.file_menu, self.open_settings,
                                            QKeySequence.StandardKey.Preferences)
        self.sign_out_action = self._action(self.file_menu, self.sign_out_requested.emit)
        self.file_menu.addSeparator()
        self.quit_action = self._action(self.file_menu, self.close, QKeySequence.StandardKey.Quit)
        self.go_actions = [
            self._action(self.go_menu, lambda _=False, r=row: self.nav.setCurrentRow(r),
                         _nav_key(row) if row < 10 else None)
            for row in range(len(self.screens))]
        self.about_action = self._action(self.help_menu, self.show_about)

    def _action(self, menu, slot, shortcut=None) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.go_menu.setTitle(self.tr("&Go"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.sign_out_action.setText(self.tr("Sign &out"))
        self.quit_action.setText(self.tr("&Quit"))
        self.about_action.setText(self.tr("&About Warelink"))
        for row, screen in enumerate(self.screens):
            title = QCoreApplication.translate("Navigation", screen.title)
            self.go_actions[row].setText(title)
            item = self.nav.item(row)
            badge = self._badges.get(screen.key, 0)
            item.setText(f"{title}  ({badge})" if badge else title)
            if row < 10:
                shortcut = _nav_key(row).toString(QKeySequence.SequenceFormat.NativeText)
                item.setToolTip(f"{title} ({shortcut})")
        self._update_title()
        self._update_status()

    # -- navigation ---------------------------------------------------------------------------
    def screen_keys(self) -> list[str]:
        return [screen.key for screen in self.screens]

    def current_key(self) -> str:
        return self.screens[self.nav.currentRow()].key

    def show_screen(self, key: str) -> QWidget:
        row = self.screen_keys().index(key)
        self.nav.setCurrentRow(row)
        return self.page(key)

    def page(self, key: str) -> QWidget:
        """The screen's widget, built now if it has not been shown yet."""
        row = self.screen_keys().index(key)
        if key not in self._pages:
            self._pages[key] = self._build_page(self.screens[row])
            self.stack.widget(row).layout().addWidget(self._pages[key])
        return self._pages[key]

    def _build_page(self, screen: Screen) -> QWidget:
        if screen.factory is None:
            return PlaceholderPage(screen.title, screen.coming)
        try:
            return screen.factory(self.ctx)
        except Exception:  # one broken screen must not take the window down
            log.exception("screen %r failed to build", screen.key)
            return QLabel(self.tr("This screen could not be opened. The details have been "
                                  "written to the log."))

    def _on_nav_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.page(self.screens[row].key)
        self.stack.setCurrentIndex(row)
        self._update_title()

    def _update_title(self) -> None:
        row = self.nav.currentRow()
        if row < 0:
            self.setWindowTitle("Warelink")
            return
        title = QCoreApplication.translate("Navigation", self.screens[row].title)
        self.setWindowTitle(f"{title} — Warelink")

    # -- status -------------------------------------------------------------------------------
    def set_sync_state(self, text: str | None) -> None:
        """Replace "Sync: not configured" (``text`` already translated; None: back to default)."""
        self._sync_text = text
        self._update_status()

    def set_badge(self, key: str, count: int) -> None:
        """A number after a screen's name in the navigation (e.g. open sync problems); 0 hides
        it. Ignored for screens this user does not have."""
        if self._badges.get(key, 0) == count:
            return
        self._badges[key] = count
        if key in self.screen_keys():
            self.retranslate()

    def set_scanner_state(self, text: str | None) -> None:
        """Replace "Scanner: none" (``text`` already translated; None: back to default)."""
        self._scanner_text = text
        self._update_status()

    def _update_status(self) -> None:
        user = self.ctx.user
        name = f"{user.full_name} ({user.username})" if user.full_name else user.username
        self.user_label.setText(self.tr("Signed in: {name} · Role: {role}").format(
            name=name, role=domain_term(user.role)))
        self.db_label.setText(self.tr("Database: {db}").format(db=self.ctx.db.describe()))
        self.sync_label.setText(self._sync_text or self.tr("Sync: not configured"))
        self.scanner_label.setText(self._scanner_text or self.tr("Scanner: none"))

    # -- menu actions -------------------------------------------------------------------------
    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About Warelink"), "",
                          QMessageBox.StandardButton.Ok, self)
        box.setText(f"<h3>Warelink {app_version()}</h3>")
        box.setInformativeText(self.tr("Warehouse control: bins, lots, serial numbers, tasks, "
                                       "labels and ERP synchronisation."))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box
