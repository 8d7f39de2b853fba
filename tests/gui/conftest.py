"""GUI fixtures: a fresh migrated SQLite database, users, a signed-in main window, and an error
presenter that records instead of opening dialogs. Ops run on the real worker thread."""
from __future__ import annotations

import gc
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication  # noqa: E402

from domain.persistence.database import Database  # noqa: E402
from domain.services.users import UserService  # noqa: E402
from gui import errors, ops  # noqa: E402
from gui.app import build_main_window  # noqa: E402
from gui.settings import install_translator  # noqa: E402

ADMIN_PASSWORD = "secret-pw"


@pytest.fixture(autouse=True)
def _isolated_gui(tmp_path, monkeypatch, qapp):
    """Station settings in tmp, English UI, no op left running into the next test, and the
    garbage collected on this thread while no op runs (as the app does: ops.disable_automatic_gc)."""
    monkeypatch.setenv("WARELINK_DATA_DIR", str(tmp_path / "data"))
    install_translator(qapp, "en")
    gc.disable()
    yield
    # A delivered op may start the next (a preview after a load): settle until none is left.
    deadline = time.monotonic() + 10
    while True:
        assert ops.wait_for_idle(10_000), "an op was still running at the end of the test"
        QCoreApplication.processEvents()
        if ops.collect_garbage_when_idle():
            break
        assert time.monotonic() < deadline, "ops kept starting after the end of the test"
    install_translator(qapp, "en")
    gc.enable()   # the database and device tests that follow run as usual


@pytest.fixture
def db(tmp_path):
    database = Database(f"sqlite:///{tmp_path}/t.db")
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def admin(db):
    return UserService(db).create_first_admin("admin", ADMIN_PASSWORD, "Ada Admin")


@pytest.fixture
def shown_errors():
    """Errors that ops would have shown in a dialog: a list of (title, text, details)."""
    shown: list[tuple[str, str, str]] = []
    previous = errors.set_presenter(lambda _parent, title, text, details: shown.append(
        (title, text, details)))
    yield shown
    errors.set_presenter(previous)


@pytest.fixture
def main_window(qtbot, db, admin, shown_errors):
    window = build_main_window(db, admin)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
