"""The keyboard-wedge filter, with an injected clock (QTest events all carry timestamp 0):
scanner bursts become scans and vanish from the field, typing is left alone."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QApplication, QDialog, QLineEdit, QPlainTextEdit, QPushButton,
                               QVBoxLayout, QWidget)

from gui.scanning.wedge import WedgeFilter

SCANNER_GAP, HUMAN_GAP = 4, 150   # ms between keys
KEYS = {"\r": Qt.Key.Key_Return, "\t": Qt.Key.Key_Tab}


class FakeClock:
    def __init__(self) -> None:
        self.ms = 10_000.0

    def __call__(self) -> float:
        return self.ms


class Keyboard:
    """Sends key presses and releases to the focused widget, moving the fake clock."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock

    def press(self, text: str, key=None, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
        widget = QApplication.focusWidget()
        key = key or KEYS.get(text) or (Qt.Key(ord(text.upper())) if text.isalnum() and
                                        text.isascii() else Qt.Key.Key_unknown)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, text))

    def type(self, text: str, gap: float) -> None:
        for char in text:
            self.clock.ms += gap
            self.press(char)

    def scan(self, text: str, end: str = "\r") -> None:
        self.type(text + end, SCANNER_GAP)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def wedge(qapp, clock):
    wedge = WedgeFilter(clock=clock, max_key_gap_ms=35, min_length=4)
    scans = []
    wedge.scanned.connect(scans.append)
    wedge.scans = scans
    qapp.installEventFilter(wedge)
    yield wedge
    qapp.removeEventFilter(wedge)


@pytest.fixture
def keyboard(clock):
    return Keyboard(clock)


@pytest.fixture
def form(qtbot):
    """A window with two line edits; the first has the focus and counts returnPressed."""
    window = QWidget()
    window.first, window.second = QLineEdit(window), QLineEdit(window)
    layout = QVBoxLayout(window)
    layout.addWidget(window.first)
    layout.addWidget(window.second)
    window.returns = []
    window.first.returnPressed.connect(lambda: window.returns.append(window.first.text()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.first.setFocus()
    qtbot.waitUntil(window.first.hasFocus)
    return window


def test_a_scanner_burst_becomes_a_scan_and_leaves_the_field_as_it_was(wedge, keyboard, form):
    form.first.setText("qty 5")
    keyboard.scan("0109506000134352")
    assert [e.text for e in wedge.scans] == ["0109506000134352"]
    assert form.first.text() == "qty 5" and form.first.cursorPosition() == 5
    assert form.returns == []          # the Enter was swallowed


def test_human_typing_is_untouched(wedge, keyboard, form):
    keyboard.type("ABCD\r", HUMAN_GAP)
    assert wedge.scans == [] and form.first.text() == "ABCD" and form.returns == ["ABCD"]


def test_typing_then_a_scan_keeps_what_was_typed(wedge, keyboard, form):
    keyboard.type("12", HUMAN_GAP)
    keyboard.clock.ms += 2000
    keyboard.scan("WH1-A-01")
    assert [e.text for e in wedge.scans] == ["WH1-A-01"] and form.first.text() == "12"
    keyboard.type("3\r", HUMAN_GAP)
    assert form.first.text() == "123" and form.returns == ["123"]


def test_a_short_fast_burst_is_typing(wedge, keyboard, form):
    keyboard.scan("AB")
    assert wedge.scans == [] and form.first.text() == "AB" and form.returns == ["AB"]


def test_a_fast_burst_without_enter_is_typing(wedge, keyboard, form):
    keyboard.type("ABCDEFG", SCANNER_GAP)
    keyboard.clock.ms += 500
    keyboard.press("\r")
    assert wedge.scans == [] and form.first.text() == "ABCDEFG"


def test_a_slow_key_inside_a_burst_breaks_it(wedge, keyboard, form):
    keyboard.type("AB", SCANNER_GAP)
    keyboard.clock.ms += 100
    keyboard.scan("CD")                # only 2 fast characters before Enter
    assert wedge.scans == [] and form.first.text() == "ABCD"


def test_tab_ends_a_scan_and_keeps_the_focus(wedge, keyboard, form):
    keyboard.scan("A-01-02", end="\t")
    assert [e.text for e in wedge.scans] == ["A-01-02"]
    assert form.first.hasFocus() and form.first.text() == ""


def test_shift_before_capitals_does_not_break_a_burst(wedge, keyboard, form):
    for char in "Wh1-A":
        keyboard.clock.ms += SCANNER_GAP
        if char.isupper():
            keyboard.press("", Qt.Key.Key_Shift)
        keyboard.press(char)
    keyboard.clock.ms += SCANNER_GAP
    keyboard.press("\r")
    assert [e.text for e in wedge.scans] == ["Wh1-A"]


def test_a_configured_gs_substitute_becomes_gs(wedge, keyboard, form):
    wedge.configure(max_key_gap_ms=35, min_length=4, gs_substitute="~")
    keyboard.scan("0109506000134352" "10AB~17261231")
    assert wedge.scans[0].data == b"0109506000134352" b"10AB\x1d17261231"


def test_a_gs_control_character_is_kept(wedge, keyboard, form):
    keyboard.type("10AB", SCANNER_GAP)
    keyboard.clock.ms += SCANNER_GAP
    keyboard.press("\x1d", Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    keyboard.scan("17261231")
    assert wedge.scans[0].text == "10AB\x1d17261231"


def test_an_aim_identifier_typed_by_the_scanner_is_split_off(wedge, keyboard, form):
    keyboard.scan("]C10109506000134352")
    assert (wedge.scans[0].symbology, wedge.scans[0].text) == ("]C1", "0109506000134352")


def test_each_scan_is_emitted_once_although_parents_see_the_key_too(wedge, keyboard, form):
    keyboard.scan("SCAN-1")
    keyboard.clock.ms += 1000
    keyboard.scan("SCAN-2")
    assert [e.text for e in wedge.scans] == ["SCAN-1", "SCAN-2"]


def test_a_password_field_is_never_scanned_away(wedge, keyboard, form):
    form.first.setEchoMode(QLineEdit.EchoMode.Password)
    keyboard.scan("SECRET-123")
    assert wedge.scans == [] and form.first.text() == "SECRET-123"


def test_a_plain_text_edit_is_restored_too(wedge, keyboard, qtbot):
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("note")
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    keyboard.scan("L-2026-01")
    assert [e.text for e in wedge.scans] == ["L-2026-01"] and editor.toPlainText() == "note"


def test_a_scan_does_not_press_the_dialogs_default_button(wedge, keyboard, qtbot):
    dialog = QDialog()
    edit, ok = QLineEdit(dialog), QPushButton("OK", dialog)
    ok.setDefault(True)
    ok.clicked.connect(dialog.accept)
    QVBoxLayout(dialog).addWidget(edit)
    dialog.layout().addWidget(ok)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    keyboard.scan("WH1-RCV")
    assert dialog.isVisible() and dialog.result() == 0 and len(wedge.scans) == 1
    keyboard.type("x\r", HUMAN_GAP)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted


def test_a_disabled_filter_does_nothing(wedge, keyboard, form):
    wedge.enabled = False
    keyboard.scan("0109506000134352")
    assert wedge.scans == [] and form.first.text() == "0109506000134352"


def test_a_held_key_repeating_fast_is_typing(wedge, keyboard, form):
    widget = QApplication.focusWidget()
    for _ in range(6):
        keyboard.clock.ms += SCANNER_GAP
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                                 Qt.KeyboardModifier.NoModifier, "a", True))
    keyboard.clock.ms += SCANNER_GAP
    keyboard.press("\r")
    assert wedge.scans == [] and form.first.text() == "aaaaaa" and form.returns == ["aaaaaa"]
