"""Bin-to-bin moves: scan the source bin, then the item (a GS1 scan names the lot and count),
check the quantity and press Enter (the move is planned and its units reserved), then scan the
target bin. A move task opened from the task list goes straight to the target scan."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLabel, QLineEdit

from domain.barcodes.resolution import BIN, ITEM
from domain.services.operations.moves import MoveOrder, MoveScan, MoveService
from gui.tasks.base import ITEM_COL, LINE_COL, LOT_COL, QTY_COL, STATE_COL, ScanScreen
from gui.tasks.putaway import remaining
from gui.widgets.lazy_table import Column, format_quantity



class MoveScreen(ScanScreen):
    COLUMNS = [LINE_COL, STATE_COL, ITEM_COL, LOT_COL, QTY_COL,
               Column("from_bin", QT_TRANSLATE_NOOP("TaskScreens", "From"), width=10),
               Column("to_bin", QT_TRANSLATE_NOOP("TaskScreens", "To"), width=10)]

    def build_form(self) -> None:
        self.source = self.item = self.lot = None
        self.qty, self.qty_label = QLineEdit(self), QLabel(self)
        self.qty.returnPressed.connect(self.create)
        self.form.addRow(self.qty_label, self.qty)
        self.prompt(self._ask_source)

    def texts(self) -> None:
        self.title.setText(self.tr("Bin-to-bin move"))
        self.qty_label.setText(self.tr("Quantity"))

    def _ask_source(self) -> str:
        return self.tr("Scan the bin to move from (or a move task)")

    def lines_loaded(self) -> None:
        row = self.line()
        if row is not None:
            self.prompt(lambda: self.tr("Scan the target bin for {qty} × {item} from {source}")
                        .format(qty=remaining(row), item=row["item"], source=row["from_bin"]))
        else:
            self.task = self.source = self.item = None
            self.prompt(self._ask_source)

    def on_scan(self, res, text: str) -> None:
        match = res.match
        kind = match.kind if match else res.kind
        if self.opened_task(match, "move"):
            return
        if kind == BIN and self.line() is not None:
            self._confirm(match.detail.get("code", match.key))
        elif kind == BIN:
            self.source = match.detail.get("code", match.key)
            self.accept(lambda: self.tr("From {bin}").format(bin=self.source))
            self.prompt(lambda: self.tr("Scan the item to move from {bin}").format(
                bin=self.source))
        elif kind == ITEM and self.source:
            self.item, self.lot = match.key, res.meaning.lot
            per_scan = match.detail.get("qty_per_scan") or 1
            self.qty.setText(format_quantity(per_scan * (res.meaning.count or 1)))
            self.accept(lambda: self.tr("{item} {lot}").format(item=self.item,
                                                               lot=self.lot or ""))
            self.prompt(lambda: self.tr("Move how many {item}? (Enter)").format(item=self.item))
            self.qty.setFocus()
            self.qty.selectAll()
        else:
            self.refuse(lambda: self.tr("{code}: expected a bin, an item or a move task")
                        .format(code=text))

    def enter_pressed(self) -> None:
        if self.item and not self.task:
            self.create()

    def create(self) -> None:
        if not (self.source and self.item):
            self.refuse(lambda: self.tr("Scan the source bin and the item first"))
            return
        order = MoveOrder(self.item, self.source, self.qty.text().strip() or "1", lot=self.lot)
        service, actor = self.ctx.service(MoveService), self.ctx.actor

        def created(task) -> None:
            self.accept(lambda: self.tr("Move {task}: units reserved").format(task=task.number))
            self.qty.clear()
            self.open_task(task.number)
        self.run(lambda: service.create(actor, order), created, {"stock", "tasks"})

    def _confirm(self, target: str) -> None:
        row = self.line()
        scan = MoveScan(self.task, target, line_no=row["line_no"])
        service, actor = self.ctx.service(MoveService), self.ctx.actor

        def done(_key) -> None:
            self.accept(lambda: self.tr("Moved {qty} × {item} to {bin}").format(
                qty=remaining(row), item=row["item"], bin=target))
            self.reload()
        self.run(lambda: service.confirm(actor, scan), done, {"stock", "tasks"})
