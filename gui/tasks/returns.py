"""Customer returns: scan the outbound order it was shipped on (optional), the item (GS1 fills
lot and count), choose the reason and press Enter. Returned goods go to quarantine and get an
inspection task; the inspection screen takes it from there."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from domain.barcodes.resolution import BIN, ITEM
from domain.services.operations.returns import ReturnScan, ReturnService
from domain.services.operations.scanning import ORDER
from gui.tasks.base import ScanScreen
from gui.widgets.lazy_table import Column, format_quantity

REASONS = (QT_TRANSLATE_NOOP("ReturnScreen", "damaged in transit"),
           QT_TRANSLATE_NOOP("ReturnScreen", "wrong item"),
           QT_TRANSLATE_NOOP("ReturnScreen", "not wanted"), QT_TRANSLATE_NOOP("ReturnScreen",
                                                                              "defective"))


class ReturnScreen(ScanScreen):
    COLUMNS = [Column("task", QT_TRANSLATE_NOOP("TaskScreens", "Return"), width=16),
               Column("item", QT_TRANSLATE_NOOP("TaskScreens", "Item"), width=12),
               Column("qty", QT_TRANSLATE_NOOP("TaskScreens", "Quantity"), numeric=True, width=8),
               Column("inspection", QT_TRANSLATE_NOOP("TaskScreens", "Inspection"), width=16)]

    def build_form(self) -> None:
        self.done: list[dict] = []
        self.order, self.bin, self.warehouse = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.item, self.lot, self.qty = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItems(["" for _ in REASONS])
        self.labels = [QLabel(self) for _ in range(7)]
        for label, field in zip(self.labels, (self.order, self.bin, self.warehouse, self.item,
                                              self.lot, self.qty, self.reason)):
            self.form.addRow(label, field)
        for edit in (self.item, self.lot, self.qty):
            edit.returnPressed.connect(self.receive)
        self.prompt(lambda: self.tr("Scan the outbound order the goods were shipped on, or "
                                    "the returned item"))

    def texts(self) -> None:
        self.title.setText(self.tr("Customer returns"))
        for label, text in zip(self.labels, (
                self.tr("Outbound order"), self.tr("Bin"), self.tr("Warehouse"), self.tr("Item"),
                self.tr("Lot"), self.tr("Quantity"), self.tr("Reason"))):
            label.setText(text)
        self.order.setPlaceholderText(self.tr("unknown"))
        self.bin.setPlaceholderText(self.tr("default: the first receiving bin"))
        self.warehouse.setPlaceholderText(self.tr("needed without an order and a bin"))
        for index, reason in enumerate(REASONS):
            self.reason.setItemText(index, self.tr(reason))

    def on_scan(self, res, text: str) -> None:
        match = res.match
        kind = match.kind if match else res.kind
        if kind == ORDER and match.detail.get("direction") == "outbound":
            self.order.setText(match.key)
            self.accept(lambda: self.tr("Return from {customer} on {order}").format(
                customer=match.detail.get("partner", ""), order=match.key))
        elif kind == BIN:
            self.bin.setText(match.detail.get("code", match.key))
            self.accept(lambda: self.tr("Into {bin}").format(bin=self.bin.text()))
        elif kind == ITEM:
            self.item.setText(match.key)
            self.lot.setText(res.meaning.lot or "")
            per_scan = match.detail.get("qty_per_scan") or 1
            self.qty.setText(format_quantity(per_scan * (res.meaning.count or 1)))
            self.accept(lambda: self.tr("{item}: check the quantity and reason").format(
                item=match.key))
            self.prompt(lambda: self.tr("Press Enter to receive the return of {item}").format(
                item=self.item.text()))
            self.qty.setFocus()
            return
        else:
            self.refuse(lambda: self.tr("{code} is not an order, a bin or an item").format(
                code=text))
            return
        self.prompt(lambda: self.tr("Scan the returned item"))

    def enter_pressed(self) -> None:
        if self.item.text().strip():
            self.receive()

    def receive(self) -> None:
        scan = ReturnScan(self.item.text().strip(), self.qty.text().strip() or "1",
                          self.reason.currentText(), order=self.order.text().strip() or None,
                          lot=self.lot.text().strip() or None,
                          bin=self.bin.text().strip() or None,
                          warehouse=self.warehouse.text().strip())
        service, actor = self.ctx.service(ReturnService), self.ctx.actor

        def done(result) -> None:
            self.done.append({"task": result.task, "item": scan.item, "qty": scan.qty,
                              "inspection": result.inspection_task})
            self.model.set_rows(self.done)
            self.accept(lambda: self.tr("Return {task} in quarantine; inspection {inspection}")
                        .format(task=result.task, inspection=result.inspection_task))
            for edit in (self.item, self.lot, self.qty):
                edit.clear()
            self.prompt(lambda: self.tr("Scan the next returned item"))
        self.run(lambda: service.receive(actor, scan), done, {"stock", "tasks"})
