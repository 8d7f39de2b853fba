"""Printing a document of real data: a pick list or count sheet of a task, a receiving note of a
receive task, a delivery note of a shipped order. Scan or type the number, choose the printer
and the template (the shipped ones and every published designed one for that document), Enter
prints. The record is built and the job queued by ``PrintService.print_document`` in an op."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton,
                               QWidget)

from domain.printing import PrintService
from domain.printing.documents import DOCUMENTS
from gui.context import AppContext
from gui.widgets.retranslate import Retranslating

TITLES = {"pick_list": QT_TRANSLATE_NOOP("DocumentPrintBox", "Pick list (pick task)"),
          "count_sheet": QT_TRANSLATE_NOOP("DocumentPrintBox", "Count sheet (count task)"),
          "receiving_note": QT_TRANSLATE_NOOP("DocumentPrintBox",
                                              "Receiving note (receive task)"),
          "delivery_note": QT_TRANSLATE_NOOP("DocumentPrintBox",
                                             "Delivery note (outbound order)")}


class DocumentPrintBox(Retranslating, QGroupBox):
    queued = Signal(int)            # the job id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.templates: list[str] = []
        self.document = QComboBox(self)
        for key in DOCUMENTS:
            self.document.addItem("", key)
        self.number = QLineEdit(self)
        self.printer = QComboBox(self)
        self.template = QComboBox(self)
        self.print_button = QPushButton(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.labels = [QLabel(self) for _ in range(4)]
        form = QFormLayout(self)
        for label, field in zip(self.labels, (self.document, self.number, self.printer,
                                              self.template)):
            form.addRow(label, field)
        form.addRow(self.print_button)
        form.addRow(self.status)
        self.document.currentIndexChanged.connect(lambda _i: self._fill_templates())
        self.number.returnPressed.connect(self.print_document)
        self.print_button.clicked.connect(self.print_document)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Documents"))
        for label, text in zip(self.labels, (self.tr("Document"), self.tr("Number"),
                                             self.tr("Printer"), self.tr("Template"))):
            label.setText(text)
        for i in range(self.document.count()):
            self.document.setItemText(i, QCoreApplication.translate(
                "DocumentPrintBox", TITLES[self.document.itemData(i)]))
        self.number.setPlaceholderText(self.tr("Scan or type the task or order number"))
        self.print_button.setText(self.tr("Print document"))

    def set_choices(self, printers: list[str], templates: list[str]) -> None:
        current = self.printer.currentText()
        self.printer.clear()
        self.printer.addItems(printers)
        self.printer.setCurrentIndex(max(0, self.printer.findText(current)))
        self.templates = templates
        self._fill_templates()

    def _fill_templates(self) -> None:
        document, current = self.document.currentData(), self.template.currentText()
        self.template.clear()
        self.template.addItems([t for t in self.templates if t.startswith(f"{document}.")
                                or t.startswith(f"{document}_")]
                               or [f"{document}.en"])
        self.template.setCurrentIndex(max(0, self.template.findText(current)))

    def print_document(self) -> None:
        number, printer = self.number.text().strip(), self.printer.currentText()
        if not number or not printer:
            self.status.setText(self.tr("Choose a printer and scan the number first."))
            return
        document, template = self.document.currentData(), self.template.currentText()
        service, actor = self.ctx.service(PrintService), self.ctx.actor

        def done(job_id: int) -> None:
            self.status.setText(self.tr("Job %1 queued.").replace("%1", str(job_id)))
            self.number.clear()
            self.queued.emit(job_id)
        self.ctx.op(self, lambda _p: service.print_document(actor, printer, document, number,
                                                            template=template)) \
            .changes({"print jobs"}).success(done).run()
