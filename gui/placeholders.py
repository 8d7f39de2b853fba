"""Pages for areas that a later release builds: they say so plainly, instead of looking broken."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from gui.widgets.retranslate import Retranslating

CARD_STYLE = """
QFrame#placeholderCard { background: palette(base); border: 1px solid palette(mid);
                         border-radius: 6px; }
QLabel#badge { background: palette(alternate-base); border: 1px solid palette(mid);
               border-radius: 9px; padding: 2px 10px; }
"""


class PlaceholderPage(Retranslating, QWidget):
    """Title plus "Coming in a later release: <what it will do>"; both texts are source strings
    (contexts "Navigation" and "Placeholder") so they follow a language switch."""

    is_placeholder = True

    def __init__(self, title: str, coming: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title_source = title
        self._coming_source = coming
        self._setup_ui()
        self.retranslate()

    def _setup_ui(self) -> None:
        card = QFrame(self)
        card.setObjectName("placeholderCard")
        card.setStyleSheet(CARD_STYLE)
        card.setMaximumWidth(720)
        self.badge = QLabel(card)
        self.badge.setObjectName("badge")
        self.title = QLabel(card)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.message = QLabel(card)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setForegroundRole(self.message.palette().ColorRole.PlaceholderText)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 22)
        inner.setSpacing(10)
        inner.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(self.title)
        inner.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.addWidget(card)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.badge.setText(self.tr("Placeholder"))
        self.title.setText(QCoreApplication.translate("Navigation", self._title_source))
        what = QCoreApplication.translate("Placeholder", self._coming_source)
        self.message.setText(self.tr("Coming in a later release: {what}").format(what=what))
