"""The designer screen on a fresh database, shown, with no modal questions."""
from __future__ import annotations

import pytest

from gui.context import AppContext
from gui.designer import DesignerScreen


@pytest.fixture
def screen(qtbot, db, admin, shown_errors):
    widget = DesignerScreen(AppContext(db, admin))
    qtbot.addWidget(widget)
    widget.templates.confirm_discard = lambda: True           # no modal questions in tests
    widget.warnings_pane.confirm_warnings = lambda warnings: pytest.fail(
        f"unexpected warnings {warnings}")
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.templates.template_combo.count() > 0, timeout=5000)
    return widget
