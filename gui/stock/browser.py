"""The stock browser (库存查询): every quant, filtered and sorted on the server, a page at a
time.

Enter or a double-click on a row opens the detail dialog (item, bin, lot). Export writes what
the filter shows, in the list's order, to CSV or XLSX. The list refreshes when stock changes.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLineEdit,
                               QPushButton, QVBoxLayout)

from domain.model import StockStatus
from domain.queries.stock import StockFilter, stock_count, stock_page
from domain.services.tabular import export_stock
from gui.context import AppContext
from gui.errors import domain_term
from gui.masterdata.list_screen import ListScreen, ask_save_path
from gui.stock.detail import StockDetailDialog
from gui.widgets.lazy_table import Column

CONTEXT = "StockBrowser"
COLUMNS = [
    Column("item_code", QT_TRANSLATE_NOOP("StockBrowser", "Item"), width=12),
    Column("item_name", QT_TRANSLATE_NOOP("StockBrowser", "Name"), width=26),
    Column("warehouse", QT_TRANSLATE_NOOP("StockBrowser", "Warehouse"), width=9),
    Column("zone", QT_TRANSLATE_NOOP("StockBrowser", "Zone"), width=6),
    Column("bin", QT_TRANSLATE_NOOP("StockBrowser", "Bin"), width=11),
    Column("lot_no", QT_TRANSLATE_NOOP("StockBrowser", "Lot"), width=10),
    Column("expiry_date", QT_TRANSLATE_NOOP("StockBrowser", "Expiry"), width=10),
    Column("serial_no", QT_TRANSLATE_NOOP("StockBrowser", "Serial"), width=10),
    Column("status", QT_TRANSLATE_NOOP("StockBrowser", "Status"), display=domain_term, width=10),
    Column("on_hand", QT_TRANSLATE_NOOP("StockBrowser", "On hand"), numeric=True, width=8),
    Column("reserved", QT_TRANSLATE_NOOP("StockBrowser", "Reserved"), numeric=True, width=8),
    Column("available", QT_TRANSLATE_NOOP("StockBrowser", "Available"), numeric=True,
           sortable=False, width=8),
    Column("uom", QT_TRANSLATE_NOOP("StockBrowser", "Unit"), sortable=False, width=5),
]


class StockBrowser(ListScreen):
    CHANGE_KEYS = frozenset({"stock", "items", "bins", "lots"})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, COLUMNS, context=CONTEXT, sort="item_code",
                         page_query=stock_page, count_query=stock_count)
        self.detail: StockDetailDialog | None = None
        self._setup_filters()
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self._on_export)
        self.actions.addWidget(self.export_button)
        self.finish_layout()

    def _setup_filters(self) -> None:
        self.item, self.bin, self.lot = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.warehouse, self.zone = QLineEdit(self), QLineEdit(self)
        self.status = QComboBox(self)
        self.status.addItem("", "")
        for status in StockStatus:
            self.status.addItem("", status.value)
        self.expiry_on = QCheckBox(self)
        self.expiry = QDateEdit(QDate.currentDate().addDays(30), self)
        self.expiry.setCalendarPopup(True)
        self.expiry.setDisplayFormat("yyyy-MM-dd")
        self.expiry.setEnabled(False)
        self.expiry_on.toggled.connect(self.expiry.setEnabled)
        self.only_available = QCheckBox(self)
        texts, flags = QHBoxLayout(), QHBoxLayout()
        for field, stretch in ((self.item, 3), (self.bin, 2), (self.lot, 2), (self.warehouse, 1),
                               (self.zone, 1)):
            texts.addWidget(field, stretch)
        for field in (self.status, self.expiry_on, self.expiry, self.only_available):
            flags.addWidget(field)
            flags.addSpacing(8 if field is not self.expiry_on else 0)
        flags.addStretch(1)
        rows = QVBoxLayout()
        rows.addLayout(texts)
        rows.addLayout(flags)
        self.filter_bar.addLayout(rows)
        self.watch(self.item, self.bin, self.lot, self.warehouse, self.zone, self.status,
                   self.expiry_on, self.expiry, self.only_available)

    def current_filter(self) -> StockFilter:
        expiry = self.expiry.date().toPython() if self.expiry_on.isChecked() else None
        return StockFilter(item=self.item.text(), bin=self.bin.text(), zone=self.zone.text(),
                           warehouse=self.warehouse.text(), lot=self.lot.text(),
                           status=self.status.currentData() or "", expiry_before=expiry,
                           only_available=self.only_available.isChecked())

    def retranslate(self) -> None:
        for field, text in ((self.item, self.tr("Item code or name")), (self.bin, self.tr("Bin")),
                            (self.lot, self.tr("Lot")), (self.warehouse, self.tr("Warehouse")),
                            (self.zone, self.tr("Zone"))):
            field.setPlaceholderText(text)
            field.setAccessibleName(text)
        self.status.setItemText(0, self.tr("All statuses"))
        for index in range(1, self.status.count()):
            self.status.setItemText(index, domain_term(self.status.itemData(index)))
        self.expiry_on.setText(self.tr("Expires before"))
        self.only_available.setText(self.tr("Only available"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Export the rows shown to Excel or CSV"))
        super().retranslate()

    # -- actions --------------------------------------------------------------------------------
    def on_row_activated(self, row: dict) -> None:
        if self.detail is not None:
            self.detail.close()
        self.detail = StockDetailDialog(self.ctx, row, self)
        self.detail.open()

    def _on_export(self) -> None:
        ask_save_path(self, self.tr("Export stock"), "stock.xlsx", self.export_to)

    def export_to(self, path: str) -> None:
        """Export in an op; the filter and order are read here, on the UI thread."""
        f, (sort, descending) = self.model.filter, self.model.sort_key
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.op(self, lambda _p: export_stock(db, actor, path, f, sort=sort,
                                                  descending=descending)) \
            .with_progress(self.tr("Exporting stock…"), cancellable=False) \
            .success(lambda n: self.say(self.tr("Exported to {file} (rows: {n}).")
                                        .format(file=Path(path).name, n=n))).run()
