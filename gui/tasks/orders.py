"""Orders by hand (when the ERP does not send them): inbound from a supplier or outbound to a
customer. Scanning an item adds a line (one unit per scan, a GS1 case its count and lot; scanning
it again adds more); the quantity of the last line can be typed. Enter creates the order.

Supervisors also cancel orders here: scan (or type) the order's number, type the reason, Enter
or "Cancel order" (``OrderCancelService``: reservations released, open tasks cancelled, picked
units put back; refused once something has shipped or been received)."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton

from domain.barcodes.resolution import ITEM
from domain.permissions import Permission
from domain.services.operations.cancel import OrderCancelService
from domain.services.operations.orders import (
    InboundData, OrderLineData, OrderService, OutboundData,
)
from domain.services.operations.scanning import ORDER
from gui.tasks.base import ITEM_COL, LINE_COL, LOT_COL, QTY_COL, ScanScreen
from gui.widgets.lazy_table import format_quantity

DIRECTIONS = {"inbound": QT_TRANSLATE_NOOP("OrderEntryScreen", "Inbound (from a supplier)"),
              "outbound": QT_TRANSLATE_NOOP("OrderEntryScreen", "Outbound (to a customer)")}


class OrderEntryScreen(ScanScreen):
    COLUMNS = [LINE_COL, ITEM_COL, LOT_COL, QTY_COL]

    def build_form(self) -> None:
        self.direction, self.warehouse, self.partner = QComboBox(self), QLineEdit(self), \
            QLineEdit(self)
        self.qty = QLineEdit(self)
        for key in DIRECTIONS:
            self.direction.addItem("", key)
        self.qty.textEdited.connect(self._set_last_qty)
        self.labels = [QLabel(self) for _ in range(4)]
        for label, field in zip(self.labels, (self.direction, self.warehouse, self.partner,
                                              self.qty)):
            self.form.addRow(label, field)
        self.cancel_target: tuple[str, str] | None = None      # (direction, number)
        self.cancel_label, self.cancel_reason = QLabel(self), QLineEdit(self)
        self.cancel_button = QPushButton(self)
        self.cancel_reason.returnPressed.connect(self.cancel_order)
        self.cancel_button.clicked.connect(self.cancel_order)
        cancel_row = QHBoxLayout()
        for widget in (self.cancel_label, self.cancel_reason, self.cancel_button):
            cancel_row.addWidget(widget)
            widget.setVisible(self.ctx.can(Permission.MANAGE_TASKS))
        self.form.addRow(cancel_row)
        self.prompt(lambda: self.tr("Scan the items of the order; Enter creates it"))

    def texts(self) -> None:
        self.title.setText(self.tr("New order"))
        for label, text in zip(self.labels, (self.tr("Direction"), self.tr("Warehouse"),
                                             self.tr("Supplier or customer"),
                                             self.tr("Quantity of the last line"))):
            label.setText(text)
        for index, key in enumerate(DIRECTIONS):
            self.direction.setItemText(index, self.tr(DIRECTIONS[key]))
        self._show_cancel_target()
        self.cancel_reason.setPlaceholderText(self.tr("why the order is cancelled"))
        self.cancel_button.setText(self.tr("Cancel order"))

    def _show_cancel_target(self) -> None:
        if self.cancel_target is None:
            self.cancel_label.setText(self.tr("Order to cancel: scan it"))
        else:
            self.cancel_label.setText(self.tr("Order to cancel: {order}").format(
                order=self.cancel_target[1]))

    def on_scan(self, res, text: str) -> None:
        match = res.match
        orders = res.of_kind(ORDER)     # an order that moved stock also names its moves
        if len(orders) == 1 and self.ctx.can(Permission.MANAGE_TASKS):
            match = orders[0]
            self.cancel_target = (match.detail.get("direction"), match.key)
            self._show_cancel_target()
            self.accept(lambda: self.tr("{order} ({partner}): type why it is cancelled").format(
                order=match.key, partner=match.detail.get("partner", "")))
            self.cancel_reason.setFocus()
            return
        if match is None or match.kind != ITEM:
            self.refuse(lambda: self.tr("{code} is not an item").format(code=text))
            return
        qty = Decimal(str(match.detail.get("qty_per_scan") or 1)) * (res.meaning.count or 1)
        lot = res.meaning.lot
        same = next((r for r in self.rows if r["item"] == match.key and r["lot_no"] == lot),
                    None)
        if same is not None:
            same["qty"] += qty
        else:
            self.rows.append({"line_no": len(self.rows) + 1, "item": match.key, "lot_no": lot,
                              "qty": qty})
        self.model.set_rows(self.rows)
        row = same or self.rows[-1]
        self.qty.setText(format_quantity(row["qty"]))
        self.accept(lambda: self.tr("{item}: {qty}").format(item=match.key,
                                                            qty=format_quantity(row["qty"])))

    def _set_last_qty(self, text: str) -> None:
        try:
            qty = Decimal(text.strip())
        except ArithmeticError:
            return
        if self.rows and qty > 0:
            self.rows[-1]["qty"] = qty
            self.model.set_rows(self.rows)

    def enter_pressed(self) -> None:
        self.create()

    def create(self) -> None:
        if not self.rows:
            self.refuse(lambda: self.tr("Scan at least one item"))
            return
        lines = [OrderLineData(r["item"], r["qty"], r["lot_no"]) for r in self.rows]
        warehouse, partner = self.warehouse.text().strip(), self.partner.text().strip()
        service, actor = self.ctx.service(OrderService), self.ctx.actor
        inbound = self.direction.currentData() == "inbound"

        def work():
            if inbound:
                return service.create_inbound(actor, InboundData(warehouse, partner, lines))
            return service.create_outbound(actor, OutboundData(warehouse, partner, lines))

        def created(order) -> None:
            self.rows = []
            self.model.set_rows([])
            self.qty.clear()
            self.accept(lambda: self.tr("Order {order} created").format(order=order.number))
        self.run(work, created, {"orders"})

    def cancel_order(self) -> None:
        """Cancel the scanned order with the reason typed (supervisors)."""
        if self.cancel_target is None:
            self.refuse(lambda: self.tr("Scan the order to cancel first"))
            return
        (direction, number), reason = self.cancel_target, self.cancel_reason.text()
        service, actor = self.ctx.service(OrderCancelService), self.ctx.actor

        def cancelled(result) -> None:
            self.cancel_target = None
            self.cancel_reason.clear()
            self._show_cancel_target()
            self.accept(lambda: self.tr("Order {order} cancelled: {tasks} task(s) cancelled, "
                                        "{moves} picked line(s) put back").format(
                order=result.order, tasks=len(result.tasks_cancelled),
                moves=result.returned_moves))
            self.code_edit.setFocus()
        self.run(lambda: service.cancel(actor, direction, number, reason), cancelled,
                 {"orders", "tasks", "stock"})
