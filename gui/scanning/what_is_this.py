"""The "what is this?" panel: what a scan means and where that thing is.

It takes the scans no screen expects (``ScanHub.unclaimed``) and codes typed into its own box.
Parsing, resolving and the stock rows run in one background op (never on the UI thread); a
newer scan makes the answer to an older one obsolete, so late answers are dropped.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QDockWidget, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from devices.scanners import ScanEvent
from domain.barcodes import BarcodeError
from domain.barcodes.escapes import unescape
from domain.barcodes.resolution import Match, Resolution
from domain.services.resolve import ResolveService
from gui import errors
from gui.scanning import describe
from gui.scanning.feedback import ScanFeedback
from gui.widgets.retranslate import Retranslating

STOCK_KEYS = ("warehouse", "bin", "item_code", "lot_no", "expiry_date", "serial_no", "status",
              "on_hand", "available")


class WhatIsThisPanel(Retranslating, QWidget):
    shown = Signal(object)   # the Resolution (or BarcodeError) on screen now: for tests

    def __init__(self, ctx, feedback: ScanFeedback | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.feedback = ctx, feedback
        self._seq = 0
        self._setup_ui()
        self.retranslate()

    def _setup_ui(self) -> None:
        self.code = QLineEdit(self)
        self.code.returnPressed.connect(self._on_look_up)
        self.look_up = QPushButton(self)
        self.look_up.clicked.connect(self._on_look_up)
        self.title, self.subtitle = QLabel(self), QLabel(self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.subtitle.setWordWrap(True)
        self.meaning = _table(self, 2)
        self.candidates = QListWidget(self)
        self.candidates.currentItemChanged.connect(self._on_candidate)
        self.stock = _table(self, len(STOCK_KEYS))
        self.stock.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.setMinimumWidth(420)
        entry = QHBoxLayout()
        entry.addWidget(self.code, 1)
        entry.addWidget(self.look_up)
        layout = QVBoxLayout(self)
        layout.addLayout(entry)
        for widget in (self.title, self.subtitle, self.meaning, self.candidates, self.stock):
            layout.addWidget(widget)
        self._clear()

    def retranslate(self) -> None:
        self.code.setPlaceholderText(self.tr("Scan or type a code"))
        self.look_up.setText(self.tr("Look up"))
        self.meaning.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Value")])
        self.stock.setHorizontalHeaderLabels([
            self.tr("Warehouse"), self.tr("Bin"), self.tr("Item"), self.tr("Lot"),
            self.tr("Expiry"), self.tr("Serial"), self.tr("Status"), self.tr("On hand"),
            self.tr("Available")])

    # -- input ----------------------------------------------------------------------------------
    def show_scan(self, event: ScanEvent) -> None:
        if not event.complete:
            self._seq += 1
            self._clear()
            self.title.setText(self.tr("Incomplete scan"))
            self.subtitle.setText(self.tr("The scanner went away while sending; scan again."))
            self._give("refused")
            return
        self.lookup(event.text, event.symbology)

    def _on_look_up(self) -> None:
        if self.code.text().strip():
            self.lookup(unescape(self.code.text()))

    def lookup(self, text: str, symbology: str | None = None) -> None:
        self._seq += 1
        seq, service, actor = self._seq, self.ctx.service(ResolveService), self.ctx.actor

        def work(_progress):
            resolution = service.resolve(actor, text, symbology=symbology)
            match = resolution.match
            return resolution, service.whereabouts(actor, match) if match else []
        self.ctx.op(self, work).success(lambda result: self._show(seq, *result)) \
            .failure(lambda error: self._failed(seq, error)).run()

    # -- output ---------------------------------------------------------------------------------
    def _show(self, seq: int, resolution: Resolution, rows: list[dict]) -> None:
        if seq != self._seq:
            return
        self._clear()
        self.title.setText(describe.resolution_title(resolution))
        _fill(self.meaning, describe.meaning_rows(resolution.meaning))
        for related in resolution.related:
            self.subtitle.setText(describe.match_text(related))
        if resolution.kind == "ambiguous":
            self._show_candidates(resolution.matches)
        self._show_rows(rows)
        self._give("accepted" if describe.is_accepted(resolution) else "refused")
        self.shown.emit(resolution)

    def _show_candidates(self, matches: tuple[Match, ...]) -> None:
        self.candidates.blockSignals(True)
        for match in matches:
            item = QListWidgetItem(describe.match_text(match))
            item.setData(Qt.ItemDataRole.UserRole, match)
            self.candidates.addItem(item)
        self.candidates.blockSignals(False)
        self.candidates.show()

    def _on_candidate(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        match, seq = item.data(Qt.ItemDataRole.UserRole), self._seq
        service, actor = self.ctx.service(ResolveService), self.ctx.actor
        self.ctx.op(self, lambda _p: service.whereabouts(actor, match)) \
            .success(lambda rows: self._show_rows(rows) if seq == self._seq else None).run()

    def _show_rows(self, rows: list[dict]) -> None:
        _fill(self.stock, [[_cell(r.get(k), k) for k in STOCK_KEYS] for r in rows])
        self.stock.setVisible(bool(rows))

    def _failed(self, seq: int, error: Exception) -> None:
        if seq != self._seq:
            return
        if not isinstance(error, BarcodeError):
            errors.present(self, error)
            return
        self._clear()
        self.title.setText(describe.error_title())
        self.subtitle.setText(errors.domain_message(error))
        self._give("refused")
        self.shown.emit(error)

    def _clear(self) -> None:
        self.title.clear()
        self.subtitle.clear()
        self.meaning.setRowCount(0)
        self.candidates.clear()
        self.candidates.hide()
        self.stock.setRowCount(0)
        self.stock.hide()

    def _give(self, outcome: str) -> None:
        if self.feedback is not None:
            getattr(self.feedback, outcome)(self)


class WhatIsThisDock(Retranslating, QDockWidget):
    """The panel in a dock of the main window; it comes forward when a scan arrives."""

    def __init__(self, ctx, feedback: ScanFeedback | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("whatIsThisDock")
        self.panel = WhatIsThisPanel(ctx, feedback, self)
        self.setWidget(self.panel)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("What is this?"))

    def show_scan(self, event: ScanEvent) -> None:
        self.show()
        self.raise_()
        self.panel.show_scan(event)


def _table(parent: QWidget, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns, parent)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.setVisible(True)


def _cell(value: object, key: str) -> str:
    if value is None:
        return ""
    if key == "status":
        return errors.domain_term(str(value))
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
