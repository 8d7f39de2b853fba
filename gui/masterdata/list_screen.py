"""What every list screen shares (items, bins, lots, the stock browser): a filter bar with its
actions, a lazily loaded list with its row count, an optional editor beside the list, and a
message line for what the last action did.

Filters apply ~250 ms after the last keystroke (one query per pause, not per key); Enter in a
filter field applies at once. The list reloads when the app's ``changed`` broadcast names one of
the screen's ``CHANGE_KEYS``.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QLocale, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QLayout, QLineEdit,
                               QSplitter, QVBoxLayout, QWidget)

from domain.permissions import Permission
from domain.queries.masterdata import Reader
from gui import errors
from gui.context import AppContext
from gui.widgets.lazy_table import Column, DataTableView, LazyTableModel, Runner
from gui.widgets.retranslate import Retranslating

DEBOUNCE_MS = 250


def op_runner(ctx: AppContext, parent: QWidget) -> Runner:
    """A ``LazyTableModel`` runner on the app's op helper: errors are shown, then reported."""
    def run(work: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[Exception], None]) -> None:
        def on_failure(error: Exception) -> None:
            errors.present(parent, error)
            failed(error)
        ctx.op(parent, lambda _progress: work()).success(done).failure(on_failure).run()
    return run


class ListScreen(Retranslating, QWidget):
    """Subclasses build their filter widgets into ``filter_bar``, buttons into ``actions``, give
    ``current_filter()``, and call ``finish_layout(editor)`` last."""

    CHANGE_KEYS: frozenset[str] = frozenset()

    def __init__(self, ctx: AppContext, columns: list[Column], *, context: str,
                 page_query: Callable, count_query: Callable, sort: str = "") -> None:
        """``page_query(session, filter, *, sort, descending, offset, limit)`` and
        ``count_query(session, filter)`` are read models, run through a ``Reader``."""
        super().__init__()
        self.ctx = ctx
        self.read = read = ctx.service(Reader)
        self.can_edit = ctx.can(Permission.EDIT_MASTER_DATA)
        self.model = LazyTableModel(
            columns, context, runner=op_runner(ctx, self), sort=sort, parent=self,
            page=lambda f, key, desc, offset, limit: read(
                page_query, f, sort=key, descending=desc, offset=offset, limit=limit),
            count=lambda f: read(count_query, f))
        self.view = DataTableView(self)
        self.view.setModel(self.model)
        self.filter_bar = QHBoxLayout()
        self.actions = QHBoxLayout()
        self.count_label = QLabel(self)
        self.message = QLabel(self)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.model.total_changed.connect(self._show_total)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.view.activated.connect(self._on_activated)
        self.model.dataChanged.connect(self._on_rows_reloaded)
        ctx.changed.connect(self._on_changed)

    # -- for subclasses -------------------------------------------------------------------------
    def current_filter(self) -> object:
        raise NotImplementedError

    def on_row_selected(self, row: dict | None) -> None:
        """The current row changed (None: no row)."""

    def on_row_activated(self, row: dict) -> None:
        """Enter or double-click on a row."""

    def on_current_reloaded(self, row: dict) -> None:
        """The current row was read again (after a change); the editor may keep its edits."""

    def watch(self, *fields: QWidget) -> None:
        """Re-filter when any of these fields change (debounced); Enter in a line edit applies."""
        for field in fields:
            for name in ("textChanged", "currentIndexChanged", "toggled", "dateChanged"):
                signal = getattr(field, name, None)
                if signal is not None:
                    signal.connect(self.schedule_filter)
                    break
            if isinstance(field, QLineEdit):
                field.returnPressed.connect(self.apply_filter)
                field.setClearButtonEnabled(True)

    def finish_layout(self, editor: QWidget | None = None) -> None:
        top = QHBoxLayout()
        top.addLayout(self.filter_bar, 1)
        top.addSpacing(12)
        top.addLayout(self.actions)
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(self.view)
        if editor is not None:
            body.addWidget(editor)
            body.setStretchFactor(0, 3)
            body.setStretchFactor(1, 2)
            body.setSizes([3000, 2000])   # proportions; the splitter scales them to fit
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        footer.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        layout.addLayout(footer)
        self._set_tab_order(editor)
        self.retranslate()
        self.apply_filter()

    def _set_tab_order(self, editor: QWidget | None) -> None:
        """Tab walks as the eye reads: filters, actions, the list, then the editor (the list
        is created first, so the default order would start there)."""
        chain = _widgets(self.filter_bar) + _widgets(self.actions) + [self.view]
        if editor is not None:
            chain.append(editor)
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def schedule_filter(self, *_args: object) -> None:
        self._debounce.start()

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.current_filter())

    def selected_row(self) -> dict | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def say(self, text: str) -> None:
        """One line about what the last action did (saved, exported, …)."""
        self.message.setText(text)

    def retranslate(self) -> None:
        self.model.retranslate()
        self._show_total(self.model.total)

    # -- slots ----------------------------------------------------------------------------------
    def _show_total(self, total: int) -> None:
        self.count_label.setText(self.tr("Counting…") if total < 0
                                 else self.tr("Rows: {n}").format(n=QLocale().toString(total)))

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.on_row_selected(self.model.row(current.row()) if current.isValid() else None)

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.on_row_activated(self.model.row(index.row()))

    def _on_rows_reloaded(self, *_args: object) -> None:
        row = self.selected_row()
        if row is not None:
            self.on_current_reloaded(row)

    def _on_changed(self, changes: frozenset[str]) -> None:
        if changes & self.CHANGE_KEYS:
            self.model.refresh()


def _widgets(layout: QLayout) -> list[QWidget]:
    """The widgets of a layout and its sub-layouts, in layout order."""
    out: list[QWidget] = []
    for index in range(layout.count()):
        entry = layout.itemAt(index)
        if entry.widget() is not None:
            out.append(entry.widget())
        elif entry.layout() is not None:
            out.extend(_widgets(entry.layout()))
    return out


# -- file choosers that never block (no exec()): the callback gets the chosen path -------------
FILE_FILTERS = "Excel (*.xlsx);;CSV (*.csv)"


def ask_save_path(parent: QWidget, title: str, name: str, chosen: Callable[[str], None]) -> None:
    """Ask where to export; the path gets the extension of the chosen file type if it has none."""
    dialog = QFileDialog(parent, title, name, FILE_FILTERS)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def on_selected(path: str) -> None:
        if not path.lower().endswith((".csv", ".xlsx")):
            path += ".csv" if "csv" in dialog.selectedNameFilter().lower() else ".xlsx"
        chosen(path)
    dialog.fileSelected.connect(on_selected)
    dialog.open()


def ask_open_path(parent: QWidget, title: str, chosen: Callable[[str], None]) -> None:
    dialog = QFileDialog(parent, title, "", "Excel, CSV (*.xlsx *.csv)")
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(chosen)
    dialog.open()
