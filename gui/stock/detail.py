"""The detail dialog of one stock row: its item, its bin, and its lot or serial with the trace.

Opened with ``open()`` (window-modal, no nested event loop); Esc closes it. Each page is loaded
by its own op, so the first page shows while the trace of a long-lived lot is still being read.
"""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from domain.queries.masterdata import Reader, bin_detail, item_detail, tracking_detail
from gui.context import AppContext
from gui.stock.detail_pages import BinPage, ItemPage, TracePage
from gui.widgets.retranslate import Retranslating


class StockDetailDialog(Retranslating, QDialog):
    def __init__(self, ctx: AppContext, row: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        self.tabs = QTabWidget(self)
        self.item_page, self.bin_page = ItemPage(self), BinPage(self)
        self.trace_page = TracePage(self) if row.get("lot_no") or row.get("serial_no") else None
        for page in (self.item_page, self.bin_page, self.trace_page):
            if page is not None:
                self.tabs.addTab(page, "")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(980, 640)
        self.retranslate()
        self._load()

    def _load(self) -> None:
        read, row = self.ctx.service(Reader), dict(self.row)
        today = read.today()
        self._run(lambda: read(item_detail, row["item_code"], today), self.item_page)
        self._run(lambda: read(bin_detail, row["warehouse"], row["bin"]), self.bin_page)
        if self.trace_page is not None:
            self._run(lambda: read(tracking_detail, row["item_code"], row.get("lot_no"),
                                   row.get("serial_no")), self.trace_page)

    def _run(self, work, page) -> None:
        self.ctx.op(self, lambda _progress: work()).success(page.show_data).run()

    @property
    def loaded(self) -> bool:
        pages = (self.item_page, self.bin_page, self.trace_page)
        return all(p.data is not None for p in pages if p is not None)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Stock detail — {item} in {bin}").format(
            item=self.row["item_code"], bin=self.row["bin"]))
        self.tabs.setTabText(0, self.tr("Item"))
        self.tabs.setTabText(1, self.tr("Bin"))
        if self.trace_page is not None:
            self.tabs.setTabText(2, self.tr("Lot") if self.row.get("lot_no") else self.tr("Serial"))
