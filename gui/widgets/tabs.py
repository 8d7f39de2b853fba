"""A page made of tabs whose titles follow a language switch (e.g. Admin: users, warehouses)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from gui.widgets.retranslate import Retranslating


class TabbedPage(Retranslating, QWidget):
    """Tabs given as (source title, widget); titles are translated in ``context``."""

    def __init__(self, pages: list[tuple[str, QWidget]], context: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._titles = [title for title, _ in pages]
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        for title, widget in pages:
            self.tabs.addTab(widget, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.retranslate()

    def retranslate(self) -> None:
        for index, title in enumerate(self._titles):
            self.tabs.setTabText(index, QCoreApplication.translate(self._context, title))
