"""Lot status changes (a recall): scan the item with its lot (a GS1 scan carries both, a lot label
names them too), give the reason, and block the lot everywhere, or release it again. Units held
by picks stay reserved and are reported so a supervisor can unpick or cancel them."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton

from domain.barcodes.resolution import ITEM, LOT
from domain.permissions import Permission
from domain.services.operations.recall import RecallService
from gui.tasks.base import ScanScreen
from gui.widgets.lazy_table import format_quantity


class RecallScreen(ScanScreen):

    def build_form(self) -> None:
        self.item, self.lot, self.reason = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.labels = [QLabel(self) for _ in range(3)]
        for label, field in zip(self.labels, (self.item, self.lot, self.reason)):
            self.form.addRow(label, field)
        self.block_button, self.release_button = QPushButton(self), QPushButton(self)
        self.block_button.clicked.connect(lambda: self.change(block=True))
        self.release_button.clicked.connect(lambda: self.change(block=False))
        self.release_button.setVisible(self.ctx.can(Permission.RELEASE))
        row = QHBoxLayout()
        row.addWidget(self.block_button)
        row.addWidget(self.release_button)
        self.form.addRow(row)
        self.table.hide()
        self.prompt(lambda: self.tr("Scan the item with its lot (GS1), or the lot label"))

    def texts(self) -> None:
        self.title.setText(self.tr("Lot status: block or release a lot everywhere"))
        for label, text in zip(self.labels, (self.tr("Item"), self.tr("Lot"), self.tr("Reason"))):
            label.setText(text)
        self.block_button.setText(self.tr("Block the lot everywhere"))
        self.release_button.setText(self.tr("Release the lot"))

    def on_scan(self, res, text: str) -> None:
        match = res.match
        kind = match.kind if match else res.kind
        if kind == LOT:
            self.item.setText(match.detail.get("item_code", ""))
            self.lot.setText(match.detail.get("lot_no", ""))
        elif kind == ITEM:
            self.item.setText(match.key)
            self.lot.setText(res.meaning.lot or self.lot.text())
        else:
            self.refuse(lambda: self.tr("{code} is not an item or a lot").format(code=text))
            return
        item, lot = self.item.text(), self.lot.text()
        self.accept(lambda: self.tr("{item} lot {lot}").format(item=item, lot=lot or "?"))
        self.prompt(lambda: self.tr("Give the reason, then block or release {item} lot {lot}")
                    .format(item=item, lot=lot or "?"))
        self.reason.setFocus()

    def change(self, *, block: bool) -> None:
        item, lot, reason = self.item.text().strip(), self.lot.text().strip(), \
            self.reason.text().strip()
        if not (item and lot):
            self.refuse(lambda: self.tr("Scan the item and its lot first"))
            return
        service, actor = self.ctx.service(RecallService), self.ctx.actor
        work = (lambda: service.block_lot(actor, item, lot, reason)) if block else \
            (lambda: service.release_lot(actor, item, lot, reason))

        def done(result) -> None:
            moved, held = format_quantity(result.moved), format_quantity(result.still_reserved)
            if block:
                self.accept(lambda: self.tr("Lot {lot} blocked: {moved} unit(s); {held} still "
                                            "reserved for picks").format(lot=lot, moved=moved,
                                                                         held=held))
            else:
                self.accept(lambda: self.tr("Lot {lot} released: {moved} unit(s)").format(
                    lot=lot, moved=moved))
            self.reason.clear()
        self.run(work, done, {"stock", "lots"})
