"""Feedback on every scan: a colour flash over the widget that took it, and a sound.

Green and one high tone for accepted, red and two low tones for refused: a clerk looking at
the shelf, not the screen, must still know whether the scan counted.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from gui.scanning.sounds import ScanSounds

COLOURS = {"accepted": QColor(46, 160, 67), "refused": QColor(207, 34, 46)}
FLASH_MS = 450


class Flash(QWidget):
    """A translucent coloured frame laid over ``target`` for a moment; it follows the target's
    size, takes no mouse clicks and deletes itself."""

    def __init__(self, target: QWidget, outcome: str, ms: int = FLASH_MS) -> None:
        super().__init__(target)
        self.outcome = outcome
        self.colour = COLOURS[outcome]
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setObjectName(f"scanFlash_{outcome}")
        self.setGeometry(target.rect())
        target.installEventFilter(self)
        self.show()
        self.raise_()
        QTimer.singleShot(ms, self.deleteLater)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(obj.rect())
        return False

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        fill = QColor(self.colour)
        fill.setAlpha(40)
        painter.fillRect(self.rect(), fill)
        painter.setPen(QPen(self.colour, 4))
        painter.drawRect(self.rect().adjusted(2, 2, -2, -2))


class ScanFeedback:
    """``accepted(widget)`` / ``refused(widget)``: flash ``widget`` (if any) and play the sound."""

    def __init__(self, sounds: ScanSounds | None = None) -> None:
        self.sounds = sounds if sounds is not None else ScanSounds()

    def accepted(self, widget: QWidget | None = None) -> None:
        self._give("accepted", widget)

    def refused(self, widget: QWidget | None = None) -> None:
        self._give("refused", widget)

    def _give(self, outcome: str, widget: QWidget | None) -> None:
        if widget is not None and widget.isVisible():
            Flash(widget, outcome)
        self.sounds.play(outcome)
