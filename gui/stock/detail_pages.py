"""The three pages of the stock detail dialog: an item, a bin, a lot (or serial) and its trace.

Each page is built empty and filled once by ``show_data(data)`` with what the matching read model
in ``domain.queries.masterdata.details`` returned; none of them queries anything itself.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (QFormLayout, QGroupBox, QLabel, QTabWidget, QVBoxLayout,
                               QWidget)

from gui.errors import domain_term
from gui.masterdata.terms import bin_type_term, lot_status_term, reason_term
from gui.widgets.lazy_table import Column, DataTableView, RowsTableModel, format_value
from gui.widgets.retranslate import Retranslating

def _status(value: str | None) -> str:
    return domain_term(value) if value else ""


C = "StockDetail"
HISTORY = [
    Column("created_at", QT_TRANSLATE_NOOP("StockDetail", "When"), width=15),
    Column("reason", QT_TRANSLATE_NOOP("StockDetail", "Reason"), display=reason_term, width=12),
    Column("document_ref", QT_TRANSLATE_NOOP("StockDetail", "Document"), width=19),
    Column("item_code", QT_TRANSLATE_NOOP("StockDetail", "Item"), width=12),
    Column("lot_no", QT_TRANSLATE_NOOP("StockDetail", "Lot"), width=10),
    Column("serial_no", QT_TRANSLATE_NOOP("StockDetail", "Serial"), width=10),
    Column("qty", QT_TRANSLATE_NOOP("StockDetail", "Quantity"), numeric=True, width=8),
    Column("from_bin", QT_TRANSLATE_NOOP("StockDetail", "From"), width=10),
    Column("to_bin", QT_TRANSLATE_NOOP("StockDetail", "To"), width=10),
    Column("to_status", QT_TRANSLATE_NOOP("StockDetail", "Status"), display=_status, width=10),
    Column("user", QT_TRANSLATE_NOOP("StockDetail", "User"), width=9),
    Column("note", QT_TRANSLATE_NOOP("StockDetail", "Note"), width=20),
]
CONTENTS = [
    Column("item_code", QT_TRANSLATE_NOOP("StockDetail", "Item"), width=12),
    Column("item_name", QT_TRANSLATE_NOOP("StockDetail", "Name"), width=22),
    Column("lot_no", QT_TRANSLATE_NOOP("StockDetail", "Lot"), width=10),
    Column("expiry_date", QT_TRANSLATE_NOOP("StockDetail", "Expiry"), width=10),
    Column("serial_no", QT_TRANSLATE_NOOP("StockDetail", "Serial"), width=10),
    Column("status", QT_TRANSLATE_NOOP("StockDetail", "Status"), display=_status, width=10),
    Column("on_hand", QT_TRANSLATE_NOOP("StockDetail", "On hand"), numeric=True, width=8),
    Column("reserved", QT_TRANSLATE_NOOP("StockDetail", "Reserved"), numeric=True, width=8),
    Column("uom", QT_TRANSLATE_NOOP("StockDetail", "Unit"), width=5),
]
WHERE_NOW = [
    Column("warehouse", QT_TRANSLATE_NOOP("StockDetail", "Warehouse"), width=8),
    Column("bin", QT_TRANSLATE_NOOP("StockDetail", "Bin"), width=10),
    Column("status", QT_TRANSLATE_NOOP("StockDetail", "Status"), display=_status, width=10),
    Column("on_hand", QT_TRANSLATE_NOOP("StockDetail", "On hand"), numeric=True, width=8),
    Column("reserved", QT_TRANSLATE_NOOP("StockDetail", "Reserved"), numeric=True, width=8),
]


def table(columns: list[Column], parent: QWidget) -> tuple[RowsTableModel, DataTableView]:
    model = RowsTableModel(columns, C, parent)
    view = DataTableView(parent)
    view.setModel(model)
    view.setSortingEnabled(False)
    return model, view


class _Page(Retranslating, QWidget):
    """A summary form over one or more tables; texts are set in ``retranslate``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: dict | None = None
        self.summary = QFormLayout()
        self.summary.setHorizontalSpacing(16)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.summary)
        self._values: dict[str, QLabel] = {}

    def value(self, key: str) -> QLabel:
        if key not in self._values:
            self._values[key] = QLabel(self)
            self.summary.addRow(QLabel(self), self._values[key])
        return self._values[key]

    def set_label(self, key: str, text: str) -> None:
        label = self.summary.labelForField(self.value(key))
        label.setText(text)

    def titled(self, view: QWidget) -> QGroupBox:
        box = QGroupBox(self)
        QVBoxLayout(box).addWidget(view)
        self.layout_.addWidget(box, 1)
        return box


class ItemPage(_Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for key in ("item", "available", "by_status"):
            self.value(key)
        self.history_model, self.history = table(HISTORY, self)
        self.history_box = self.titled(self.history)
        self.retranslate()

    def show_data(self, data: dict) -> None:
        self.data = data
        item = data["item"]
        self.value("item").setText(
            f"<b>{item['code']}</b> — {item['name']}  ({item['base_uom']})")
        self.value("available").setText(f"<b>{format_value(data['available'])}</b>")
        self.value("by_status").setText("  ·  ".join(
            f"{domain_term(status) if status != 'reserved' else self.tr('reserved')} "
            f"{format_value(qty)}" for status, qty in data["by_status"].items()) or "—")
        self.history_model.set_rows(data["history"])

    def retranslate(self) -> None:
        self.set_label("item", self.tr("Item"))
        self.set_label("available", self.tr("Available to promise"))
        self.set_label("by_status", self.tr("On hand by status"))
        self.history_box.setTitle(self.tr("Movement history (newest first)"))
        self.history_model.retranslate()
        if self.data is not None:
            self.show_data(self.data)


class BinPage(_Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for key in ("bin", "type", "blocked"):
            self.value(key)
        self.contents_model, self.contents = table(CONTENTS, self)
        self.history_model, self.history = table(HISTORY, self)
        self.contents_box, self.history_box = self.titled(self.contents), self.titled(self.history)
        self.retranslate()

    def show_data(self, data: dict) -> None:
        self.data = data
        b = data["bin"]
        zone = f" / {b['zone']}" if b["zone"] else ""
        self.value("bin").setText(f"<b>{b['warehouse']}{zone} / {b['code']}</b>  ({b['barcode']})")
        self.value("type").setText(bin_type_term(b["bin_type"]))
        self.value("blocked").setText(self.tr("Blocked: {reason}").format(
            reason=b["blocked_reason"]) if b["blocked"] else self.tr("No"))
        self.contents_model.set_rows(data["contents"])
        self.history_model.set_rows(data["history"])

    def retranslate(self) -> None:
        self.set_label("bin", self.tr("Bin"))
        self.set_label("type", self.tr("Type"))
        self.set_label("blocked", self.tr("Blocked"))
        self.contents_box.setTitle(self.tr("Contents"))
        self.history_box.setTitle(self.tr("Movement history (newest first)"))
        for model in (self.contents_model, self.history_model):
            model.retranslate()
        if self.data is not None:
            self.show_data(self.data)


class TracePage(_Page):
    """A lot or serial: dates and status, then its trace in tabs (now, origin, path, left)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for key in ("tracked", "expiry", "status"):
            self.value(key)
        self.tabs = QTabWidget(self)
        self.now_model, now = table(WHERE_NOW, self)
        self.origin_model, origin = table(HISTORY, self)
        self.path_model, path = table(HISTORY, self)
        self.left_model, left = table(HISTORY, self)
        for view in (now, origin, path, left):
            self.tabs.addTab(view, "")
        self.layout_.addWidget(self.tabs, 1)
        self.retranslate()

    def show_data(self, data: dict) -> None:
        self.data = data
        trace, lot = data["trace"], data["lot"]
        name = trace.lot_no if lot else trace.serial_no
        self.value("tracked").setText(f"<b>{trace.item_code} / {name}</b>")
        self.value("expiry").setText(format_value(lot["expiry_date"]) if lot else "—")
        self.value("status").setText(lot_status_term(lot["status"]) if lot else "—")
        for model, rows in ((self.now_model, trace.current), (self.origin_model, trace.origin),
                            (self.path_model, trace.moves), (self.left_model, trace.left)):
            model.set_rows(rows)

    def retranslate(self) -> None:
        self.set_label("tracked", self.tr("Lot / serial"))
        self.set_label("expiry", self.tr("Expiry"))
        self.set_label("status", self.tr("Lot status"))
        for index, text in enumerate((self.tr("Where it is now"), self.tr("Origin receipts"),
                                      self.tr("Path"), self.tr("Where it left"))):
            self.tabs.setTabText(index, text)
        for model in (self.now_model, self.origin_model, self.path_model, self.left_model):
            model.retranslate()
        if self.data is not None:
            self.show_data(self.data)
