"""The live log of scans: time, source, symbology, the exact data, and what it means.

Decoding is ``parse_scan`` only (pure and sub-millisecond: fine on the UI thread); where the
thing is belongs to the "what is this?" panel. The log keeps the newest ``LIMIT`` scans.
"""
from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QWidget

from devices.scanners import ScanEvent
from domain.barcodes import BarcodeError, parse_scan
from domain.barcodes.escapes import visible
from gui.errors import domain_message
from gui.scanning import describe
from gui.widgets.forms import ERROR_COLOR
from gui.widgets.retranslate import Retranslating

LIMIT = 200


def meaning_summary(event: ScanEvent) -> tuple[str, bool]:
    """("(01) 09506000134352 · (10) AB", True), or the reason it is not a valid barcode."""
    if not event.complete:
        return describe.tr(describe.TEXTS["incomplete"]), False
    try:
        meaning = parse_scan(event.text, event.symbology)
    except BarcodeError as error:
        return domain_message(error), False
    fields = describe.interpreted_rows(meaning)
    text = " · ".join(f"{label} {value}" for label, value in fields)
    return text or describe.meaning_rows(meaning)[0][1], True


class ScanLog(Retranslating, QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((100, 110, 80, 260)):
            self.setColumnWidth(column, width)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Source"), self.tr("Symbology"),
                                        self.tr("Data"), self.tr("Meaning")])

    def add(self, event: ScanEvent) -> None:
        """Newest first."""
        summary, ok = meaning_summary(event)
        self.insertRow(0)
        values = (event.timestamp.astimezone().strftime("%H:%M:%S.%f")[:-3], event.source,
                  event.symbology or "", visible(event.text), summary)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if not ok:
                item.setForeground(QColor(ERROR_COLOR))
            self.setItem(0, column, item)
        self.item(0, 4).setToolTip(summary)
        self.item(0, 3).setToolTip(visible(event.text))
        while self.rowCount() > LIMIT:
            self.removeRow(self.rowCount() - 1)
