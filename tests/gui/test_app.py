"""``gui.app.run``: the whole start, from application setup to the last window closing."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from gui import app as gui_app
from gui.login import FirstAdminDialog


def test_run_opens_the_first_admin_dialog_and_returns_when_it_is_closed(qapp, db):
    seen: list[str] = []
    previous_font = qapp.font()

    def close_dialog_when_open() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, FirstAdminDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, close_dialog_when_open)
            return
        seen.append(dialogs[0].windowTitle())
        dialogs[0].reject()  # the last window closes: the application quits

    QTimer.singleShot(0, close_dialog_when_open)
    watchdog = QTimer(singleShot=True, interval=15_000)  # never hang the suite
    watchdog.timeout.connect(lambda: qapp.exit(99))
    watchdog.start()
    try:
        assert gui_app.run(db, []) == 0
    finally:
        watchdog.stop()
        qapp.setFont(previous_font)
    assert seen == ["Warelink — First start"]
    assert qapp.applicationDisplayName() == "Warelink"
