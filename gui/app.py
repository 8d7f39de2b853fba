"""Starting the GUI: the application object, fonts, language, sign-in, then the main window.

``run(db, argv)`` is what main.py calls. Tests skip sign-in with ``build_main_window(db, user)``
or drive ``Shell`` directly (it never blocks: dialogs are opened, not exec'd).
"""
from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from domain.model import User
from domain.persistence.database import Database
from domain.services.users import UserService
from gui import ops
from gui.context import AppContext
from gui.login import FirstAdminDialog, LoginDialog
from gui.main_window import MainWindow
from gui.screens import Screen
from gui.settings import install_translator, station_language

log = logging.getLogger(__name__)
FONTS_DIR = Path(__file__).resolve().parents[1] / "resources" / "fonts"
# Bundled fonts first (resources/fonts, not committed: 5 MB), then the Debian/Ubuntu package.
CJK_FONT_CANDIDATES = (FONTS_DIR / "wqy-microhei.ttc",
                       Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"))


def load_cjk_font(app: QApplication) -> str | None:
    """Make Chinese text render everywhere, even where the system has no CJK font configured:
    load WenQuanYi Micro Hei and add it as the application font's fallback family.
    Returns the family name, or None (then Chinese relies on whatever the system has)."""
    for path in CJK_FONT_CANDIDATES:
        if not path.is_file():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            font = QFont(app.font())
            font.setFamilies([*app.font().families(), families[0]])
            app.setFont(font)
            return families[0]
        log.warning("could not load font %s", path)
    log.info("no CJK font found; Chinese text depends on the system fonts")
    return None


def setup_application(app: QApplication) -> None:
    """Names, fonts and the station's language: everything before the first window."""
    app.setApplicationName("Warelink")
    app.setApplicationDisplayName("Warelink")
    app.setOrganizationName("Warelink")
    load_cjk_font(app)
    ops.disable_automatic_gc()
    # Worker threads (the database op, the ERP sync, the change listener) hand the GIL over
    # every 1 ms instead of 5: the UI thread waits less for it during a sync burst.
    sys.setswitchinterval(0.001)
    install_translator(app, station_language())


def build_main_window(db: Database, user: User,
                      screens: Sequence[Screen] | None = None) -> MainWindow:
    """The main window for ``user``, as after a sign-in (tests use it to skip the dialog)."""
    return MainWindow(AppContext(db, user), screens)


SYNC_SETTINGS = frozenset({"sync.connection", "sync.schedule"})   # change keys: restart the sync


class Shell(QObject):
    """Moves between the sign-in dialogs and the main window. The next window is always shown
    before the previous one closes: closing the last window quits the application."""

    def __init__(self, db: Database, screens: Sequence[Screen] | None = None, *,
                 with_scanners: bool = False) -> None:
        super().__init__()
        self.db = db
        self.screens = screens
        self.with_scanners = with_scanners
        self.dialog: LoginDialog | FirstAdminDialog | None = None
        self.window: MainWindow | None = None
        self.sync = None   # integration.scheduler.SyncScheduler when an ERP is configured
        self._sync_lock = threading.Lock()
        self.feed = None   # gui.change_feed.ChangeFeed: other stations' changes (signed in)

    def start(self) -> None:
        """Ask the database whether any account exists (in an op), then open the right dialog."""
        service = UserService(self.db)
        ops.Op(self, lambda _p: service.has_users()).success(self._open_first_dialog).run()

    def _open_first_dialog(self, has_users: bool) -> None:
        self._open_dialog(LoginDialog(self.db) if has_users else FirstAdminDialog(self.db))

    def _open_dialog(self, dialog: LoginDialog | FirstAdminDialog) -> None:
        self.dialog = dialog
        dialog.signed_in.connect(self._on_signed_in)
        dialog.show()

    def _on_signed_in(self, user: User) -> None:
        self.window = build_main_window(self.db, user, self.screens)
        self.window.sign_out_requested.connect(self.sign_out)
        from gui.change_feed import ChangeFeed   # open views refresh on other stations' writes
        self.feed = ChangeFeed(self.window.ctx, self.window)
        from gui.sync.status import SyncStatusWatcher
        self.sync_status = SyncStatusWatcher(self.window, self.window.ctx,
                                             configured=self.sync is not None)
        self.sync_status.start()
        from gui.dashboard.alerts import StockAlertWatcher   # expiry and stock-out badge
        self.stock_alerts = StockAlertWatcher(self.window, self.window.ctx)
        self.stock_alerts.start()
        self.window.ctx.changed.connect(self._on_changed)
        # The application turns scanners on (run() does); GUI tests of other screens get no
        # live keyboard filter. Scanners stop when the window is destroyed.
        if self.with_scanners:
            from gui.scanning import install_scanning
            install_scanning(self.window, self.window.ctx)
            # The print queue drains from sign-in on, not only once the Printing screen is
            # opened: building that screen starts its queue runner.
            if "printing" in self.window.screen_keys():
                self.window.page("printing")
        self.window.show()
        # What exists now (modules, Qt wrappers, the window) lives as long as the session: the
        # periodic collection on the UI thread (gui.ops) need not walk it again each time —
        # walking it was the longest UI-thread stall measured (~150 ms) during a sync burst.
        gc.freeze()

    def _on_changed(self, changes: frozenset[str]) -> None:
        sync = self.sync
        if "stock" in changes and sync is not None:    # real time: wake the ERP dispatcher
            sync.wake()
        if changes & SYNC_SETTINGS:
            threading.Thread(target=self.restart_sync, name="sync-restart", daemon=True).start()

    def restart_sync(self) -> None:
        """The ERP connection or schedule changed: stop the sync thread (waiting for a pass in
        flight) and start it with the new settings. Runs off the UI thread."""
        from integration.scheduler import start_background_sync
        with self._sync_lock:
            old, self.sync = self.sync, None
            if old is not None:
                old.stop()
            self.sync = start_background_sync(self.db)
            status = getattr(self, "sync_status", None)
            if status is not None:
                status.configured = self.sync is not None

    def sign_out(self) -> None:
        """Back to the sign-in dialog; the main window (and its screens) is discarded."""
        old, self.window = self.window, None
        if self.feed is not None:
            self.feed.stop()
            self.feed = None
        self._open_dialog(LoginDialog(self.db))
        if old is not None:
            old.close()
            old.deleteLater()


class FirstPaintProbe(QObject):
    """Opt-in start-up probe for the benchmark suite (``WARELINK_PROBE_FIRST_PAINT=1``, or
    ``=quit`` to quit after the first paint): prints ``first-paint <window class> <unix time>`` on
    stdout when each top-level window paints for the first time. Off, it costs nothing."""

    def __init__(self, app: QApplication, quit_after: bool) -> None:
        super().__init__(app)
        self.quit_after = quit_after
        self.seen: set[str] = set()
        app.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:   # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and obj.isWidgetType() and obj.isWindow():
            name = type(obj).__name__
            if name not in self.seen:
                self.seen.add(name)
                print(f"first-paint {name} {time.time():.6f}", flush=True)
                if self.quit_after:
                    QApplication.instance().quit()
        return False


def run(db: Database, argv: list[str]) -> int:
    """Run the GUI until the last window closes; returns the exit code for ``sys.exit``."""
    app = QApplication.instance() or QApplication(argv)
    setup_application(app)
    probe = os.environ.get("WARELINK_PROBE_FIRST_PAINT")
    if probe:
        app._first_paint_probe = FirstPaintProbe(app, quit_after=probe == "quit")
    shell = Shell(db, with_scanners=True)
    from integration.scheduler import start_background_sync
    shell.sync = start_background_sync(db)
    shell.start()
    code = app.exec()
    if shell.feed is not None:
        shell.feed.stop()
    ops.wait_for_idle()
    if shell.sync is not None:
        shell.sync.stop()
    del shell
    return code
