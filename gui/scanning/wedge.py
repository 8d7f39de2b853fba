"""Keyboard-wedge scanners: an application-wide event filter that tells scans from typing.

A wedge scanner types: characters a few milliseconds apart, then Enter (or Tab). People type
80–300 ms apart. The filter lets every key through as usual and only looks at timing; when a
fast burst of at least ``min_length`` characters ends in Enter/Tab, it puts the focused text
field back as it was before the burst, swallows the Enter (so no dialog's default button fires)
and emits ``scanned``. Slow keys, short bursts and bursts without Enter are typing: untouched.

Timing comes from an injectable clock in milliseconds: QTest key events all carry timestamp 0.
Keyboard layouts and some scanners lose the GS separator; a station can configure the
character its scanner types instead (``gs_substitute``), which becomes GS again here.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from devices.scanners.events import make_event
from domain.barcodes.escapes import substitute_gs

GS = "\x1d"
TERMINATORS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab}
MODIFIERS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
             Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock}


def monotonic_ms() -> float:
    return time.monotonic() * 1000


@dataclass
class _Burst:
    widget: QWidget | None
    snapshot: tuple | None                 # the field's text and cursor before the burst
    chars: list[str] = field(default_factory=list)
    last_at: float = 0.0


class WedgeFilter(QObject):
    """Install with ``QApplication.instance().installEventFilter(wedge)``."""

    scanned = Signal(object)   # devices.scanners.ScanEvent

    def __init__(self, parent: QObject | None = None, *, name: str = "wedge",
                 max_key_gap_ms: float = 35, min_length: int = 4, gs_substitute: str = "",
                 clock: Callable[[], float] = monotonic_ms) -> None:
        super().__init__(parent)
        self.name, self.max_key_gap_ms, self.min_length = name, max_key_gap_ms, min_length
        self.gs_substitute, self.clock = gs_substitute, clock
        self.enabled = True
        self._burst: _Burst | None = None
        self._swallow_release: int | None = None

    def configure(self, *, max_key_gap_ms: float, min_length: int, gs_substitute: str) -> None:
        self.max_key_gap_ms, self.min_length = max_key_gap_ms, min_length
        self.gs_substitute = gs_substitute

    # -- the filter -------------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyRelease and self._swallow_release is not None:
            if event.key() == self._swallow_release and not event.isAutoRepeat():
                self._swallow_release = None
                return True
        if kind != QEvent.Type.KeyPress or not self.enabled or obj is not _key_target():
            return False
        return self._on_key(obj, event)

    def _on_key(self, widget: QWidget, event: QKeyEvent) -> bool:
        key, now = event.key(), self.clock()
        if key in MODIFIERS:
            return False                       # Shift before a capital is part of a burst
        if event.isAutoRepeat():
            self._burst = None                 # a held key repeats fast; no scanner does that
            return False
        if isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal:
            self._burst = None                 # a password is typed, never scanned away
            return False
        burst = self._burst
        fast = burst is not None and burst.widget is widget and \
            now - burst.last_at <= self.max_key_gap_ms
        if key in TERMINATORS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self._burst = None
            return fast and self._finish(burst, key)
        text = event.text()
        if not text or not (text.isprintable() or text == GS):
            self._burst = None                 # arrows, Backspace, shortcuts: typing
            return False
        if not fast:
            burst = self._burst = _Burst(widget, _snapshot(widget))
        burst.chars.append(text)
        burst.last_at = now
        return False

    def _finish(self, burst: _Burst, key: int) -> bool:
        if burst is None or len(burst.chars) < self.min_length:
            return False
        _restore(burst.widget, burst.snapshot)
        self._swallow_release = key
        text = substitute_gs("".join(burst.chars), self.gs_substitute or None)
        self.scanned.emit(make_event(text.encode("utf-8"), self.name))
        return True


def _key_target() -> QWidget | None:
    """The widget key events are meant for; the filter also sees them on their way up to the
    parents and the window, which must not count twice."""
    return QApplication.focusWidget() or QApplication.activeWindow()


def _snapshot(widget: QWidget) -> tuple | None:
    if isinstance(widget, QLineEdit):
        return widget.text(), widget.cursorPosition()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText(), widget.textCursor().position()
    return None


def _restore(widget: QWidget | None, snapshot: tuple | None) -> None:
    """Put the field back as before the burst (what the scanner typed was never meant as text)."""
    if widget is None or snapshot is None:
        return
    text, position = snapshot
    if isinstance(widget, QLineEdit):
        widget.setText(text)
        widget.setCursorPosition(position)
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        widget.setPlainText(text)
        cursor = widget.textCursor()
        cursor.setPosition(min(position, len(text)))
        widget.setTextCursor(cursor)
