"""Table models for long lists: rows come a page at a time, off the UI thread, sorted by the server.

``LazyTableModel`` never queries by itself: it is given three plain functions (a page query, a
count query, and a *runner* that executes work in the background and calls back on the UI
thread — the app passes one built on its op helper). That keeps this module free of the
database and of the app, and lets it stay responsive over a million rows: only the pages the
user has scrolled through are in memory. Every request carries a generation number, so a page
that arrives after the filter or sort changed is dropped instead of mixed in.

Cells are shown plainly: quantities right-aligned without trailing zeros, dates as ISO dates.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Callable

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QModelIndex,
                            QPersistentModelIndex, Qt, Signal)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Row = dict[str, Any]
# runner(work, on_result, on_error): run work() off the UI thread; call back on the UI thread.
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]], None]
# page(filter, sort key, descending, offset, limit) -> rows; count(filter) -> total
PageQuery = Callable[[object, str, bool, int, int], list[Row]]
CountQuery = Callable[[object], int]
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


def format_quantity(value: Decimal | int | None) -> str:
    """12, 0.5, 1000 — never 12.000000 or 1E+3."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, Decimal):
        return format_quantity(value)
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Column:
    """``title`` is a source text, translated in the model's context (mark it with
    ``QT_TRANSLATE_NOOP``). ``display`` overrides how a value is shown (e.g. translated terms);
    ``width`` is the initial width in characters (0: the view's default)."""
    key: str
    title: str
    numeric: bool = False
    sortable: bool = True
    display: Callable[[Any], str] | None = None
    width: int = 0


class RowsTableModel(QAbstractTableModel):
    """Rows (dicts) shown through columns; the base of the lazy model, and enough for short lists
    (warehouses, users) given all at once with ``set_rows``."""

    def __init__(self, columns: list[Column], context: str, parent=None) -> None:
        super().__init__(parent)
        self.columns = columns
        self._context = context
        self._rows: list[Row] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._rows[index.row()].get(column.key)
            return column.display(value) if column.display else format_value(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            value = self._rows[index.row()].get(column.key)
            return _RIGHT if column.numeric else _CENTER if isinstance(value, bool) else _LEFT
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self._context, self.columns[section].title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.columns[section].numeric else _LEFT
        return None

    def row(self, index: int) -> Row:
        return self._rows[index]

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def retranslate(self) -> None:
        """Call from the screen's ``retranslate``: titles and translated cells follow."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.columns) - 1))


class LazyTableModel(RowsTableModel):
    """Pages on demand (``canFetchMore``/``fetchMore``), a filter that restarts, server-side sort,
    and the total from a separate count query (``total_changed``; -1 while counting)."""

    total_changed = Signal(int)
    loading_changed = Signal(bool)

    def __init__(self, columns: list[Column], context: str, *, page: PageQuery,
                 count: CountQuery, runner: Runner, page_size: int = 200,
                 sort: str = "", parent=None) -> None:
        super().__init__(columns, context, parent)
        self._page, self._count, self._run = page, count, runner
        self.page_size = page_size
        self._filter: object = None
        self._sort, self._descending = sort or columns[0].key, False
        self._generation = 0
        self._loading = False
        self._exhausted = True
        self.total = -1

    # -- what to show ---------------------------------------------------------------------------
    @property
    def filter(self) -> object:
        return self._filter

    @property
    def sort_key(self) -> tuple[str, bool]:
        return self._sort, self._descending

    def set_filter(self, f: object) -> None:
        self._filter = f
        self.restart()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        key, descending = self.columns[column].key, order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self._sort, self._descending):
            self._sort, self._descending = key, descending
            self.restart()

    def restart(self) -> None:
        """Drop what is loaded, then ask for the first page and the count."""
        self._generation += 1
        self.beginResetModel()
        self._rows, self._exhausted = [], False
        self.endResetModel()
        self._set_loading(False)
        self._set_total(-1)
        self._request(0, self.page_size, self._append)
        generation, f = self._generation, self._filter
        self._run(lambda: self._count(f), lambda n: self._on_count(generation, n), self._on_error)

    def refresh(self) -> None:
        """Reload what is loaded (after a change elsewhere), keeping the scroll position when the
        number of rows stays the same."""
        if self._generation == 0:
            return self.restart()
        self._generation += 1
        limit = max(self.page_size, len(self._rows))
        self._request(0, limit, self._replace)
        generation, f = self._generation, self._filter
        self._run(lambda: self._count(f), lambda n: self._on_count(generation, n), self._on_error)

    # -- Qt's lazy population -------------------------------------------------------------------
    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._request(len(self._rows), self.page_size, self._append)

    @property
    def loading(self) -> bool:
        return self._loading

    # -- plumbing -------------------------------------------------------------------------------
    def _request(self, offset: int, limit: int, apply: Callable[[list[Row], int], None]) -> None:
        self._set_loading(True)
        generation = self._generation
        f, sort, descending = self._filter, self._sort, self._descending
        self._run(lambda: self._page(f, sort, descending, offset, limit),
                  lambda rows: self._on_rows(generation, rows, limit, apply), self._on_error)

    def _on_rows(self, generation: int, rows: list[Row], limit: int, apply) -> None:
        if generation != self._generation:
            return  # an answer to an older filter or sort
        self._exhausted = len(rows) < limit
        apply(rows, limit)
        self._set_loading(False)

    def _append(self, rows: list[Row], _limit: int) -> None:
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def _replace(self, rows: list[Row], _limit: int) -> None:
        if len(rows) == len(self._rows) and rows:
            self._rows = rows
            last = self.index(len(rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        else:
            self.set_rows(rows)

    def _on_count(self, generation: int, total: int) -> None:
        if generation == self._generation:
            self._set_total(total)

    def _on_error(self, _error: Exception) -> None:
        """The runner has shown the error; stop asking until the user changes something."""
        self._exhausted = True
        self._set_loading(False)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    def _set_total(self, total: int) -> None:
        self.total = total
        self.total_changed.emit(total)


class DataTableView(QTableView):
    """A read-only list: whole-row selection, sortable header, compact rows. ``activated`` fires
    on Enter and on double-click, so one slot serves keyboard and mouse."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)   # Tab leaves the table, arrows move inside it
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(110)

    def setModel(self, model) -> None:
        super().setModel(model)
        digit = self.fontMetrics().horizontalAdvance("0")
        for index, column in enumerate(getattr(model, "columns", [])):
            if column.width:
                self.setColumnWidth(index, column.width * digit + 16)
        sort = getattr(model, "sort_key", None)
        if sort is not None:   # show the model's initial order without asking it to re-sort
            keys = [c.key for c in model.columns]
            column = keys.index(sort[0]) if sort[0] in keys else -1
            order = Qt.SortOrder.DescendingOrder if sort[1] else Qt.SortOrder.AscendingOrder
            self.horizontalHeader().setSortIndicator(column, order)
            self.setSortingEnabled(True)
