"""The report table: a KPI's rows (tuples, columns named by the KPI), sorted by their values
(numbers as numbers, dates as dates, empty cells first), narrowed by a drill-down (one column
equal to one value: the bar that was clicked) and by a text filter over every column."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPersistentModelIndex,
                            QSortFilterProxyModel, Qt)

from gui.dashboard.catalog import column_title, term
from gui.widgets.lazy_table import format_value

RAW = Qt.ItemDataRole.UserRole
MONEY = frozenset({"value", "average_value", "consumed_value", "closing_value"})
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def sort_key(value: Any) -> tuple:
    if value is None or value == "":
        return (0, 0)
    if _numeric(value):
        return (1, float(value))
    if isinstance(value, datetime):
        return (2, value.timestamp())
    if isinstance(value, date):
        return (2, datetime.combine(value, datetime.min.time()).timestamp())
    return (3, str(term(value)).casefold())


class KpiRowsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.columns: tuple[str, ...] = ()
        self.rows: list[tuple] = []

    def set_result(self, columns: tuple[str, ...], rows: list[tuple]) -> None:
        self.beginResetModel()
        self.columns, self.rows = tuple(columns), list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, Decimal) and self.columns[index.column()] in MONEY:
                return f"{value:,.2f}"
            return format_value(term(value))
        if role == RAW:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if _numeric(value) else _LEFT
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return column_title(self.columns[section])
        return None

    def numeric_columns(self) -> list[bool]:
        """Columns whose values are numbers (right-aligned on screen and on paper)."""
        return [any(_numeric(r[c]) for r in self.rows) for c in range(len(self.columns))]

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.columns) - 1))


class KpiRowsProxy(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.drill: tuple[int, object] | None = None     # (column, value)
        self.text = ""

    def set_drill(self, column: int | None, value: object = None) -> None:
        self.beginFilterChange()
        self.drill = None if column is None else (column, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model: KpiRowsModel = self.sourceModel()
        row = model.rows[source_row]
        if self.drill is not None and (row[self.drill[0]] or "") != (self.drill[1] or ""):
            return False
        if self.text:
            return any(self.text in format_value(term(v)).casefold() for v in row)
        return True

    def lessThan(self, left, right) -> bool:
        return sort_key(left.data(RAW)) < sort_key(right.data(RAW))

    def visible_rows(self) -> list[tuple]:
        """The rows as shown (filtered, in the shown order): what an export writes."""
        model: KpiRowsModel = self.sourceModel()
        return [model.rows[self.mapToSource(self.index(r, 0)).row()]
                for r in range(self.rowCount())]
