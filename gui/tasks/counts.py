"""Cycle counts, blind: scan the count task, then a bin, then each item found (a GS1 scan names
the lot) and type how many; scanning the bin again closes it. The counter never sees the book
quantity (the count sheet does not carry it). A supervisor plans counts here and approves them
in ``CountApprovalPanel`` (a different user from the counter)."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton

from domain.barcodes.resolution import BIN, ITEM
from domain.permissions import Permission
from domain.queries.tasks import TaskReads
from domain.services.operations.counts import CountPlan, CountService
from gui.tasks.base import ITEM_COL, LOT_COL, ScanScreen
from gui.widgets.lazy_table import Column

C = "TaskScreens"
BASES = {"bin": QT_TRANSLATE_NOOP("CountScreen", "bins"),
         "item": QT_TRANSLATE_NOOP("CountScreen", "items"),
         "abc": QT_TRANSLATE_NOOP("CountScreen", "ABC class")}


class CountScreen(ScanScreen):
    COLUMNS = [Column("bin", QT_TRANSLATE_NOOP("TaskScreens", "Bin"), width=10), ITEM_COL, LOT_COL,
               Column("round", QT_TRANSLATE_NOOP("TaskScreens", "Round"), numeric=True, width=5),
               Column("counted_qty", QT_TRANSLATE_NOOP("TaskScreens", "Counted"), numeric=True,
                      width=8)]

    def build_form(self) -> None:
        self.bin: str | None = None
        self.item: str | None = None
        self.lot: str | None = None
        self.qty = QLineEdit(self)
        self.qty.returnPressed.connect(self.record)
        self.qty_label = QLabel(self)
        self.form.addRow(self.qty_label, self.qty)
        self.warehouse, self.basis, self.values = QLineEdit(self), QComboBox(self), QLineEdit(self)
        for basis in BASES:
            self.basis.addItem("", basis)
        self.plan_button = QPushButton(self)
        self.plan_button.clicked.connect(self.plan)
        plan_row = QHBoxLayout()
        for widget in (self.warehouse, self.basis, self.values, self.plan_button):
            plan_row.addWidget(widget)
            widget.setVisible(self.ctx.can(Permission.PLAN_COUNT))
        self.form.addRow(plan_row)
        self.prompt(lambda: self.tr("Scan a count task"))

    def texts(self) -> None:
        self.title.setText(self.tr("Cycle count (blind)"))
        self.qty_label.setText(self.tr("Counted quantity"))
        self.warehouse.setPlaceholderText(self.tr("warehouse"))
        self.values.setPlaceholderText(self.tr("bins, zone, items or class (comma separated)"))
        for index, basis in enumerate(BASES):
            self.basis.setItemText(index, self.tr(BASES[basis]))
        self.plan_button.setText(self.tr("Plan a count"))

    def reload(self) -> None:
        if not self.task:
            return super().reload()
        reads, actor, number = self.ctx.service(TaskReads), self.ctx.actor, self.task
        self.run(lambda: reads.count_sheet(actor, number), self._set_lines)

    def bins_left(self) -> list[str]:
        return list(dict.fromkeys(r["bin"] for r in self.rows))

    def lines_loaded(self) -> None:
        bins = self.bins_left()
        if self.bin in bins:
            self._ask_item()
        elif bins:
            self.bin = None
            self.prompt(lambda: self.tr("Scan a bin to count: {bins}").format(
                bins=", ".join(bins[:6])))
        elif self.task:
            task = self.task
            self.prompt(lambda: self.tr("{task} is counted; a supervisor approves it").format(
                task=task))

    def _ask_item(self) -> None:
        where = self.bin
        self.prompt(lambda: self.tr("Scan an item in {bin}, or {bin} again when it is done")
                    .format(bin=where))

    def on_scan(self, res, text: str) -> None:
        match = res.match
        kind = match.kind if match else res.kind
        if self.opened_task(match, "count"):
            self.bin = None
        elif not self.task:
            self.refuse(lambda: self.tr("{code}: scan a count task first").format(code=text))
        elif kind == BIN:
            self._bin(match.detail.get("code", match.key))
        elif kind == ITEM and self.bin:
            self.item, self.lot = match.key, res.meaning.lot
            self.qty.setText(str(res.meaning.count) if res.meaning.count else "")
            self.accept(lambda: self.tr("{item} {lot}: type the quantity counted").format(
                item=self.item, lot=self.lot or ""))
            self.prompt(lambda: self.tr("How many {item} are in {bin}? (Enter)").format(
                item=self.item, bin=self.bin))
            self.qty.setFocus()
        else:
            self.refuse(lambda: self.tr("{code}: expected a bin or an item").format(code=text))

    def _bin(self, code: str) -> None:
        if code == self.bin:
            return self.finish_bin()
        if code not in self.bins_left():
            self.refuse(lambda: self.tr("{bin} is not to be counted in {task}").format(
                bin=code, task=self.task))
            return
        self.bin = code
        self.accept(lambda: self.tr("Counting {bin}").format(bin=code))
        self._ask_item()

    def record(self) -> None:
        if not (self.bin and self.item):
            self.refuse(lambda: self.tr("Scan a bin and an item first"))
            return
        service, actor = self.ctx.service(CountService), self.ctx.actor
        args = (self.task, self.bin, self.item, self.qty.text().strip() or "0")
        lot, item = self.lot, self.item

        def done(_none) -> None:
            qty = self.qty.text().strip() or "0"
            self.accept(lambda: self.tr("Counted {qty} × {item}").format(qty=qty, item=item))
            self.item = self.lot = None
            self.qty.clear()
            self.code_edit.setFocus()
            self.reload()
        self.run(lambda: service.record(actor, *args, lot=lot), done, {"tasks"})

    def finish_bin(self) -> None:
        service, actor, number, code = self.ctx.service(CountService), self.ctx.actor, \
            self.task, self.bin

        def done(result) -> None:
            if result.recount:
                self.refuse(lambda: self.tr("The variance in {bin} is too large: count it again")
                            .format(bin=code))
            else:
                self.accept(lambda: self.tr("{bin} counted").format(bin=code))
            self.bin = None
            self.reload()
        self.run(lambda: service.finish_bin(actor, number, code), done, {"stock", "tasks"})

    def plan(self) -> None:
        values = tuple(v.strip() for v in self.values.text().split(",") if v.strip())
        plan = CountPlan(self.warehouse.text().strip(), self.basis.currentData(), values)
        service, actor = self.ctx.service(CountService), self.ctx.actor

        def planned(task) -> None:
            self.accept(lambda: self.tr("Count {task} planned").format(task=task.number))
            self.bin = None
            self.open_task(task.number)
        self.run(lambda: service.plan(actor, plan), planned, {"tasks"})
