"""Receiving: against an inbound order (scan the order) or blind (scan a receiving bin). An item
scan fills item, lot, expiry and quantity (a GS1 case barcode fills them all); the clerk checks
or corrects them and confirms with Enter. Over-receipt needs the supervisor's override box."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton

from domain.barcodes.resolution import BIN, ITEM
from domain.permissions import Permission
from domain.services.operations.receiving import ReceiptScan, ReceivingService
from domain.services.operations.scanning import ORDER, receipt_from_scan
from domain.services.operations.tasks import TaskService
from gui.errors import domain_term
from gui.tasks.base import ITEM_COL, LINE_COL, LOT_COL, ScanScreen
from gui.widgets.lazy_table import Column, format_quantity



class ReceivingScreen(ScanScreen):
    COLUMNS = [LINE_COL, ITEM_COL, LOT_COL,
               Column("expiry_date", QT_TRANSLATE_NOOP("TaskScreens", "Expiry"), width=10),
               Column("qty_done", QT_TRANSLATE_NOOP("TaskScreens", "Received"), numeric=True,
                      width=8),
               Column("to_bin", QT_TRANSLATE_NOOP("TaskScreens", "Bin"), width=10),
               Column("status", QT_TRANSLATE_NOOP("TaskScreens", "Status"), width=10,
                      display=lambda v: domain_term(v) if v else "")]

    def build_form(self) -> None:
        self.order, self.bin, self.item = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.lot, self.expiry, self.qty = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.serials = QLineEdit(self)
        self.override = QCheckBox(self)
        self.override.setVisible(self.ctx.can(Permission.OVERRIDE_TOLERANCE))
        self.confirm_button = QPushButton(self)
        self.confirm_button.clicked.connect(self.confirm)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close_order)
        for edit in (self.item, self.lot, self.expiry, self.qty, self.serials):
            edit.returnPressed.connect(self.confirm)
        self.labels = [QLabel(self) for _ in range(7)]
        for label, field in zip(self.labels, (self.order, self.bin, self.item, self.lot,
                                              self.expiry, self.qty, self.serials)):
            self.form.addRow(label, field)
        self.form.addRow(self.override)
        self.form.addRow(self.confirm_button)
        self.form.addRow(self.close_button)
        self.prompt(self._ask_start)

    def texts(self) -> None:
        for label, text in zip(self.labels, (self.tr("Inbound order"), self.tr("Receiving bin"),
                                             self.tr("Item"), self.tr("Lot"),
                                             self.tr("Expiry (YYYY-MM-DD)"), self.tr("Quantity"),
                                             self.tr("Serials"))):
            label.setText(text)
        self.order.setPlaceholderText(self.tr("none: blind receipt"))
        self.bin.setPlaceholderText(self.tr("default: the first receiving bin"))
        self.serials.setPlaceholderText(self.tr("serial-tracked items: one per unit, comma "
                                                "separated"))
        self.override.setText(self.tr("Supervisor override of the receipt tolerance"))
        self.confirm_button.setText(self.tr("Confirm receipt (Enter)"))
        self.close_button.setText(self.tr("Close the order (or a blind receipt): nothing more "
                                          "will come"))
        self.title.setText(self.tr("Receiving"))

    def _ask_start(self) -> str:
        return self.tr("Scan an inbound order, or a receiving bin for a blind receipt")

    def _ask_item(self) -> str:
        where = self.order.text() or self.bin.text()
        return self.tr("Scan an item for {where}").format(where=where)

    def on_scan(self, res, text: str) -> None:
        match = res.match
        kind = match.kind if match else res.kind
        if kind == ORDER and match.detail.get("direction") == "inbound":
            self.order.setText(match.key)
            self.task = None
            self.reload()
            self.accept(lambda: self.tr("Order {order} from {supplier}").format(
                order=match.key, supplier=match.detail.get("partner", "")))
            self.prompt(self._ask_item)
        elif kind == BIN:
            self.bin.setText(match.detail.get("code", match.key))
            self.accept(lambda: self.tr("Receiving into {bin}").format(bin=self.bin.text()))
            self.prompt(self._ask_item)
        elif self.opened_task(match, "receive"):
            self.prompt(self._ask_item)
        elif kind == ITEM:
            self._fill(receipt_from_scan(res))
        else:
            self.refuse(lambda: self.tr("{code} is not an order, a receiving bin or an item")
                        .format(code=text))

    def _fill(self, scan: ReceiptScan) -> None:
        self.item.setText(scan.item)
        self.lot.setText(scan.lot or "")
        self.expiry.setText(scan.expiry.isoformat() if scan.expiry else "")
        self.qty.setText(format_quantity(scan.qty))
        self.serials.setText(", ".join(scan.serials))
        self.accept(lambda: self.tr("Item {item}: check lot, expiry and quantity").format(
            item=scan.item))
        self.prompt(lambda: self.tr("Confirm {qty} × {item} with Enter, or correct it").format(
            qty=self.qty.text(), item=self.item.text()))
        self.qty.setFocus()
        self.qty.selectAll()

    def confirm(self) -> None:
        if not self.item.text().strip():
            self.refuse(lambda: self.tr("Scan an item first"))
            return
        try:
            expiry = date.fromisoformat(self.expiry.text().strip()) if self.expiry.text().strip() \
                else None
        except ValueError:
            self.refuse(lambda: self.tr("The expiry date must read YYYY-MM-DD"))
            return
        scan = ReceiptScan(item=self.item.text().strip(), qty=self.qty.text().strip() or "1",
                           order=self.order.text().strip() or None,
                           lot=self.lot.text().strip() or None, expiry=expiry,
                           bin=self.bin.text().strip() or None, task=self.task,
                           override=self.override.isChecked(),
                           serials=tuple(x.strip() for x in self.serials.text().split(",")
                                         if x.strip()))
        service, actor = self.ctx.service(ReceivingService), self.ctx.actor
        self.run(lambda: service.receive(actor, scan), self._received, {"stock", "tasks"})

    def _received(self, result) -> None:
        self.task = result.task
        qty, item = self.qty.text(), self.item.text()
        for edit in (self.item, self.lot, self.expiry, self.qty, self.serials):
            edit.clear()
        self.override.setChecked(False)
        if result.inspection_task:
            self.accept(lambda: self.tr("Received {qty} × {item} into quarantine; inspection "
                                        "{task}").format(qty=qty, item=item,
                                                         task=result.inspection_task))
        else:
            self.accept(lambda: self.tr("Received {qty} × {item}").format(qty=qty, item=item))
        self.prompt(self._ask_item)
        self.reload()
        self.code_edit.setFocus()

    def enter_pressed(self) -> None:
        if self.item.text().strip():
            self.confirm()

    def close_order(self) -> None:
        """Close the inbound order (short beyond tolerance needs the override box); a blind
        receipt finishes its receive task instead."""
        order, task = self.order.text().strip(), self.task
        if not order and not task:
            self.refuse(lambda: self.tr("Scan an inbound order first"))
            return
        actor, override = self.ctx.actor, self.override.isChecked()
        if order:
            service = self.ctx.service(ReceivingService)
            work = lambda: service.close(actor, order, override=override)  # noqa: E731
        else:
            tasks = self.ctx.service(TaskService)
            work = lambda: tasks.finish(actor, task)  # noqa: E731

        def closed(_none) -> None:
            self.accept(lambda: self.tr("{order} closed").format(order=order or task))
            self.order.clear()
            self.task = None
            self.override.setChecked(False)
            self.model.set_rows([])
            self.prompt(self._ask_start)
        self.run(work, closed, {"stock", "tasks"})
