"""Quality inspection: scan the inspection task (or open it from the list); its lines show what
waits in quarantine. Pass releases to available; fail sends the units to damaged in place or to
a return-to-supplier bin; partial names how many failed (one line at a time)."""
from __future__ import annotations

import mimetypes
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton,
)

from domain.barcodes.resolution import BIN
from domain.services.operations.inspection import InspectionService, Verdict
from gui.tasks.base import ITEM_COL, LINE_COL, LOT_COL, QTY_COL, STATE_COL, ScanScreen
from gui.widgets.lazy_table import Column

DISPOSITIONS = {"damaged": QT_TRANSLATE_NOOP("InspectionScreen", "damaged, in place"),
                "return": QT_TRANSLATE_NOOP("InspectionScreen", "to the return-to-supplier bin")}


class InspectionScreen(ScanScreen):
    COLUMNS = [LINE_COL, STATE_COL, ITEM_COL, LOT_COL, QTY_COL,
               Column("to_bin", QT_TRANSLATE_NOOP("TaskScreens", "Bin"), width=10)]

    def build_form(self) -> None:
        self.failed, self.return_bin, self.notes = QLineEdit(self), QLineEdit(self), \
            QLineEdit(self)
        self.disposition = QComboBox(self)
        for key in DISPOSITIONS:
            self.disposition.addItem("", key)
        self.labels = [QLabel(self) for _ in range(4)]
        for label, field in zip(self.labels, (self.failed, self.disposition, self.return_bin,
                                              self.notes)):
            self.form.addRow(label, field)
        self.buttons = {r: QPushButton(self) for r in ("pass", "fail", "partial")}
        row = QHBoxLayout()
        for result, button in self.buttons.items():
            button.clicked.connect(lambda _=False, r=result: self.record(r))
            row.addWidget(button)
        self.attach_button = QPushButton(self)
        self.attach_button.clicked.connect(self._choose_photo)
        row.addWidget(self.attach_button)
        self.form.addRow(row)
        self.prompt(lambda: self.tr("Scan an inspection task"))

    def texts(self) -> None:
        self.title.setText(self.tr("Quality inspection"))
        for label, text in zip(self.labels, (self.tr("Failed quantity (partial)"),
                                             self.tr("Failed units go"),
                                             self.tr("Return-to-supplier bin"), self.tr("Notes"))):
            label.setText(text)
        for index, key in enumerate(DISPOSITIONS):
            self.disposition.setItemText(index, self.tr(DISPOSITIONS[key]))
        self.buttons["pass"].setText(self.tr("&Pass: release"))
        self.buttons["fail"].setText(self.tr("&Fail"))
        self.buttons["partial"].setText(self.tr("P&artial"))
        self.attach_button.setText(self.tr("Attach a photo…"))

    def lines_loaded(self) -> None:
        rows = self.open_rows()
        if rows:
            self.prompt(lambda: self.tr("{count} line(s) to inspect: Pass (Alt+P), Fail (Alt+F) "
                                        "or Partial (Alt+A)").format(count=len(rows)))
        elif self.task:
            task = self.task
            self.prompt(lambda: self.tr("{task} is done. Scan the next inspection task").format(
                task=task))

    def on_scan(self, res, text: str) -> None:
        match = res.match
        kind = match.kind if match else res.kind
        if self.opened_task(match, "inspect"):
            return
        if kind == BIN and self.task:
            self.return_bin.setText(match.detail.get("code", match.key))
            self.disposition.setCurrentIndex(list(DISPOSITIONS).index("return"))
            self.accept(lambda: self.tr("Failed units go to {bin}").format(
                bin=self.return_bin.text()))
        else:
            self.refuse(lambda: self.tr("{code} is not an inspection task").format(code=text))

    def record(self, result: str) -> None:
        rows = self.open_rows()
        if not rows:
            self.refuse(lambda: self.tr("Nothing to inspect: scan an inspection task"))
            return
        verdict = Verdict(self.task, result,
                          line_no=rows[0]["line_no"] if result == "partial" else None,
                          qty_failed=self.failed.text().strip() or 0,
                          disposition=self.disposition.currentData(),
                          return_bin=self.return_bin.text().strip() or None,
                          notes=self.notes.text().strip())
        service, actor = self.ctx.service(InspectionService), self.ctx.actor

        def done(_key) -> None:
            self.accept(lambda: self.tr("Inspection recorded: {result}").format(
                result=self.buttons[result].text().replace("&", "")))
            self.failed.clear()
            self.reload()
        self.run(lambda: service.record(actor, verdict), done, {"stock", "tasks"})

    def _choose_photo(self) -> None:
        dialog = QFileDialog(self, self.tr("Photo for the inspection"))
        dialog.setNameFilter(self.tr("Images (*.jpg *.jpeg *.png);;All files (*)"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.attach_file)
        dialog.open()

    def attach_file(self, path: str) -> None:
        """Keep the photo with the inspection (its bytes, read off the UI thread)."""
        if not self.task:
            self.refuse(lambda: self.tr("Nothing to inspect: scan an inspection task"))
            return
        service, actor, number = self.ctx.service(InspectionService), self.ctx.actor, self.task
        name = Path(path).name
        mime = mimetypes.guess_type(name)[0] or ""
        self.run(lambda: service.attach(actor, number, name, content=Path(path).read_bytes(),
                                        mime_type=mime),
                 lambda _none: self.accept(lambda: self.tr("Photo {name} attached").format(
                     name=name)), {"tasks"})
