"""The designer's Warnings tab: what the checks find in the canvas, and a test print.

The checks judge the document as the canvas laid it out (no second layout) and, when a printer is
chosen, its barcode modules at that printer's resolution. Printing and publishing both go through
``approved``: the warnings come first, and the user is asked (``confirm_warnings``, replaceable in
tests) before going on with any.
"""
from __future__ import annotations

import copy
from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QListWidget, QListWidgetItem, QMessageBox,
                               QPushButton, QVBoxLayout, QWidget)

from domain.errors import DomainError
from domain.labels.checks import LabelWarning, check
from domain.permissions import Permission
from domain.printing import PrintService
from gui.context import AppContext
from gui.designer.canvas import DesignScene
from gui.designer.document import DesignDocument
from gui.errors import domain_message


def error_text(error: Exception) -> str:
    """An element's layout error as the user reads it (translated when it is a DomainError)."""
    return domain_message(error) if isinstance(error, DomainError) else str(error)


def warning_text(warning: LabelWarning, error: Exception | None = None) -> str:
    d = warning.detail
    if warning.kind == "module":
        text = QCoreApplication.translate(
            "Designer", "barcode modules of %1 mm are %2 dot(s) at %3 dpi; use at least %4 mm") \
            .replace("%1", f"{d['module_mm']:g}").replace("%2", str(d["dots"])) \
            .replace("%3", str(d["dpi"])).replace("%4", f"{d['minimum_mm']:g}")
    elif warning.kind == "overflow":
        text = QCoreApplication.translate("Designer", "the text does not fit its box")
    elif warning.kind == "field":
        text = QCoreApplication.translate("Designer", "unknown field %1").replace("%1", d["field"])
    elif warning.kind == "outside":
        text = QCoreApplication.translate(
            "Designer", "outside the printable area (%1 mm from each edge)").replace(
            "%1", f"{d['margin_mm']:g}")
    else:
        text = QCoreApplication.translate("Designer", "cannot be laid out: %1").replace(
            "%1", error_text(error) if error is not None else d.get("reason", ""))
    return f"{warning.element}: {text}"


class WarningsPane(QWidget):
    checked = Signal()         # ``warnings`` is new: the tab title counts them
    note = Signal(str)         # a print job was queued: said next to the template's state

    def __init__(self, ctx: AppContext, document: DesignDocument, scene: DesignScene,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.document = document
        self.scene = scene
        self.printer_dpi: dict[str, int] = {}
        self.warnings: list[LabelWarning] = []
        self.confirm_warnings: Callable[[list[LabelWarning]], bool] = self._ask_warnings
        self.printer_combo = QComboBox(self)       # which printer the modules are judged for
        self.printer_combo.addItem("", None)
        self.printer_combo.activated.connect(lambda _i: self.run_checks())
        self.warning_list = QListWidget(self)
        self.warning_list.setWordWrap(True)
        self.warning_list.itemClicked.connect(
            lambda item: self.scene.select([item.data(Qt.ItemDataRole.UserRole)]))
        self.print_button = QPushButton(self)
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(lambda: self.print_test())
        layout = QVBoxLayout(self)
        printer_row = QHBoxLayout()
        printer_row.addWidget(self.printer_combo, 1)
        printer_row.addWidget(self.print_button)
        layout.addLayout(printer_row)
        layout.addWidget(self.warning_list, 1)
        ctx.changed.connect(self._on_changed)

    def retranslate(self) -> None:
        self.printer_combo.setItemText(0, self.tr("At the template's resolution"))
        self.print_button.setText(self.tr("Print"))
        self.print_button.setToolTip(self.tr("Print the canvas as it is (with the preview record) "
                                             "on the chosen printer, after the warnings"))

    def _on_changed(self, changes: frozenset[str]) -> None:
        if "printers" in changes:
            self.refresh_printers()

    def refresh_printers(self) -> None:
        """The station's printers, to judge barcode modules at their resolution."""
        if not self.ctx.can(Permission.PRINT):
            return
        actor, service = self.ctx.actor, self.ctx.service(PrintService)

        def listed(printers) -> None:
            while self.printer_combo.count() > 1:
                self.printer_combo.removeItem(1)
            self.printer_dpi = {p.name: p.dpi for p in printers}
            for printer in printers:
                self.printer_combo.addItem(self.tr("For %1 (%2 dpi)").replace(
                    "%1", printer.name).replace("%2", str(printer.dpi)), printer.name)
            self.print_button.setEnabled(bool(printers))
        self.ctx.op(self, lambda _p: service.printers(actor)).success(listed).run()

    def run_checks(self) -> list[LabelWarning]:
        """The warnings for the document as laid out on the canvas (no second layout)."""
        self.warnings = check(self.document.template, self.document.record,
                              laid_out=self.scene.laid_out, dpi=self.printer_dpi.get(
                                  self.printer_combo.currentData()))
        self.warning_list.clear()
        for warning in self.warnings:
            error = self.scene.laid_out.get(warning.element)
            item = QListWidgetItem(warning_text(
                warning, error if isinstance(error, Exception) else None))
            item.setData(Qt.ItemDataRole.UserRole, warning.element)
            self.warning_list.addItem(item)
        self.checked.emit()
        return self.warnings

    def approved(self) -> bool:
        """True when the checks find nothing, or the user goes on despite what they find."""
        warnings = self.run_checks()
        return not warnings or self.confirm_warnings(warnings)

    def print_test(self, done: Callable[[int], None] | None = None) -> None:
        """The template as on the canvas, with the preview record (else its sample data), queued
        on the chosen printer; the warnings for that printer come first."""
        printer = self.printer_combo.currentData()
        if not printer or not self.approved():
            return
        template = self.document.snapshot()
        records = [copy.deepcopy(self.document.record)] if self.document.record is not None \
            else copy.deepcopy(template.sample[:1])
        actor, service = self.ctx.actor, self.ctx.service(PrintService)

        def queued(job: int) -> None:
            self.note.emit(self.tr("print job %1 queued on %2").replace(
                "%1", str(job)).replace("%2", printer))
            if done is not None:
                done(job)
        self.ctx.op(self, lambda _p: service.enqueue(actor, printer, template, records)) \
            .changes({"print jobs"}).success(queued).run()

    def _ask_warnings(self, warnings: list[LabelWarning]) -> bool:
        text = "\n".join(warning_text(w) for w in warnings[:12])
        answer = QMessageBox.question(
            self, self.tr("Publish with warnings?"),
            self.tr("Check these before printing:") + "\n\n" + text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes
