"""The shape of the short-list screens (warehouses and zones, users): whole lists read at once,
each beside its editor. Lists of tens of rows need no paging, so they use ``RowsTableModel``."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.widgets.lazy_table import Column, DataTableView, RowsTableModel


class ShortList(QWidget):
    """A titled table of rows with a "New" button above it; ``selected(row | None)`` is called when
    the current row changes; ``load(rows)`` replaces the rows and keeps the selection by key."""

    def __init__(self, columns: list[Column], context: str, key: str,
                 selected: Callable[[dict | None], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.model = RowsTableModel(columns, context, self)
        self.view = DataTableView(self)
        self.view.setModel(self.model)
        self.view.setSortingEnabled(False)
        self.title, self.new_button = QLabel(self), QPushButton(self)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self._selected = selected
        self._pending: object = None   # a key to select once it is loaded (just saved)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.new_button)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)

    def load(self, rows: list[dict]) -> None:
        current = self.current()
        wanted = self._pending if self._pending is not None else (
            current[self.key] if current is not None else None)
        self._pending = None
        self.model.set_rows(rows)
        if wanted is not None:
            self.select(wanted)
        else:
            self._selected(None)

    def current(self) -> dict | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def select(self, key: object) -> None:
        """Make the row with ``key`` current, now or (if it is not loaded yet) after the next
        ``load``: a save's success arrives before the reload its change broadcast starts."""
        for row in range(self.model.rowCount()):
            if self.model.row(row)[self.key] == key:
                self.view.setCurrentIndex(self.model.index(row, 0))
                return
        self._pending = key

    def clear_selection(self) -> None:
        self.view.setCurrentIndex(QModelIndex())

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._selected(self.model.row(current.row()) if current.isValid() else None)
