"""Cycle counts, blind: scan the count task, then a bin, then each item found (a GS1 scan names
the lot) and type how many; scanning the bin again closes it. The counter never sees the book
quantity (the count sheet does not carry it) unless the count was planned open.

A supervisor plans counts here with the plan form: by bins, a zone, items or an ABC class,
recount thresholds, blind (the default) or open. With no count task open, scanning bins (or
items) adds them to the plan, switching the basis to match; Enter in a field of the form plans.
Counts are approved in ``CountApprovalScreen`` (by a different user from the counter)."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
)

from domain.barcodes.resolution import BIN, ITEM
from domain.permissions import Permission
from domain.queries.tasks import TaskReads
from domain.services.operations.counts import ABC_CLASSES, CountPlan, CountService
from gui.tasks.base import ITEM_COL, LOT_COL, ScanScreen
from gui.widgets.lazy_table import Column, format_quantity

C = "TaskScreens"
BASES = {"bin": QT_TRANSLATE_NOOP("CountScreen", "bins"),
         "zone": QT_TRANSLATE_NOOP("CountScreen", "a zone"),
         "item": QT_TRANSLATE_NOOP("CountScreen", "items"),
         "abc": QT_TRANSLATE_NOOP("CountScreen", "ABC class")}
VALUE_HINTS = {"bin": QT_TRANSLATE_NOOP("CountScreen", "scan bins, or type them comma separated"),
               "zone": QT_TRANSLATE_NOOP("CountScreen", "zone code"),
               "item": QT_TRANSLATE_NOOP("CountScreen",
                                         "scan items, or type them comma separated"),
               "abc": ""}
SCANNED_BASIS = {BIN: "bin", ITEM: "item"}


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
        self._build_plan_form()
        self.prompt(lambda: self.tr("Scan a count task"))

    def _build_plan_form(self) -> None:
        """The plan form (supervisors): warehouse, basis, its values, thresholds, blind."""
        self.book: dict[tuple, object] | None = None   # an open count's book, else None
        self.plan_box = QGroupBox(self)
        form = QFormLayout(self.plan_box)
        self.warehouse, self.basis, self.values = QLineEdit(self), QComboBox(self), QLineEdit(self)
        self.abc = QComboBox(self)
        for basis in BASES:
            self.basis.addItem("", basis)
        for abc_class in ABC_CLASSES:
            self.abc.addItem(abc_class, abc_class)
        self.threshold_pct, self.threshold_qty = QLineEdit("5", self), QLineEdit("0", self)
        self.blind = QCheckBox(self)
        self.blind.setChecked(True)
        self.plan_button = QPushButton(self)
        self.plan_button.clicked.connect(self.plan)
        for edit in (self.warehouse, self.values, self.threshold_pct, self.threshold_qty):
            edit.returnPressed.connect(self.plan)
        self.basis.currentIndexChanged.connect(self._basis_changed)
        thresholds = QHBoxLayout()
        for widget in (self.threshold_pct, QLabel("%", self), self.threshold_qty):
            thresholds.addWidget(widget)
        self.plan_labels = [QLabel(self) for _ in range(5)]
        for label, field in zip(self.plan_labels, (self.warehouse, self.basis, self.values,
                                                   self.abc, thresholds)):
            form.addRow(label, field)
        form.addRow(self.blind)
        form.addRow(self.plan_button)
        self.plan_box.setVisible(self.ctx.can(Permission.PLAN_COUNT))
        self.form.addRow(self.plan_box)
        self._basis_changed()

    def _basis_changed(self) -> None:
        abc = self.basis.currentData() == "abc"
        self.values.setVisible(not abc)
        self.plan_labels[2].setVisible(not abc)
        self.abc.setVisible(abc)
        self.plan_labels[3].setVisible(abc)
        self._value_hint()

    def _value_hint(self) -> None:
        hint = VALUE_HINTS[self.basis.currentData()]
        self.values.setPlaceholderText(self.tr(hint) if hint else "")

    def texts(self) -> None:
        self.title.setText(self.tr("Cycle count (blind)") if self.book is None
                           else self.tr("Cycle count (open: the book is shown)"))
        self.qty_label.setText(self.tr("Counted quantity"))
        self.plan_box.setTitle(self.tr("Plan a count"))
        for label, text in zip(self.plan_labels, (
                self.tr("Warehouse"), self.tr("Count by"), self.tr("Bins, zone or items"),
                self.tr("ABC class"), self.tr("Recount beyond % and quantity"))):
            label.setText(text)
        self.warehouse.setPlaceholderText(self.tr("warehouse code"))
        for index, basis in enumerate(BASES):
            self.basis.setItemText(index, self.tr(BASES[basis]))
        self._value_hint()
        self.blind.setText(self.tr("Blind: counters do not see the book quantity"))
        self.plan_button.setText(self.tr("Plan a count"))

    def reload(self) -> None:
        if not self.task:
            return super().reload()
        reads, actor, number = self.ctx.service(TaskReads), self.ctx.actor, self.task

        def loaded(result) -> None:
            sheet, book = result
            self.book = None if book is None else {
                (r["bin"], r["item"], r["lot_no"]): r["book_qty"] for r in book}
            self.texts()
            self._set_lines(sheet)
        self.run(lambda: (reads.count_sheet(actor, number), reads.count_book(actor, number)),
                 loaded)

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
        elif not self.task and kind in SCANNED_BASIS and self.ctx.can(Permission.PLAN_COUNT):
            self._add_to_plan(kind, match.detail.get("code", match.key) if kind == BIN
                              else match.key)
        elif not self.task:
            self.refuse(lambda: self.tr("{code}: scan a count task first").format(code=text))
        elif kind == BIN:
            self._bin(match.detail.get("code", match.key))
        elif kind == ITEM and self.bin:
            self.item, self.lot = match.key, res.meaning.lot
            self.qty.setText(str(res.meaning.count) if res.meaning.count else "")
            self.accept(lambda: self.tr("{item} {lot}: type the quantity counted").format(
                item=self.item, lot=self.lot or ""))
            book = (self.book or {}).get((self.bin, self.item, self.lot))
            if self.book is None:
                self.prompt(lambda: self.tr("How many {item} are in {bin}? (Enter)").format(
                    item=self.item, bin=self.bin))
            else:
                self.prompt(lambda: self.tr("How many {item} are in {bin}? The book says {qty} "
                                            "(Enter)").format(item=self.item, bin=self.bin,
                                                              qty=format_quantity(book or 0)))
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

    def _add_to_plan(self, kind: str, code: str) -> None:
        """A bin or item scanned while no count is open goes into the plan being made."""
        basis = SCANNED_BASIS[kind]
        if self.basis.currentData() != basis:
            self.basis.setCurrentIndex(self.basis.findData(basis))
            self.values.clear()
        values = [v.strip() for v in self.values.text().split(",") if v.strip()]
        if code not in values:
            values.append(code)
        self.values.setText(", ".join(values))
        self.accept(lambda: self.tr("{code} added to the plan; Enter plans the count")
                    .format(code=code))
        self.prompt(lambda: self.tr("Scan more, or press Enter to plan the count"))

    def enter_pressed(self) -> None:
        if not self.task and self.values.text().strip():
            self.plan()

    def plan(self) -> None:
        basis = self.basis.currentData()
        values = ((self.abc.currentData(),) if basis == "abc" else
                  tuple(v.strip() for v in self.values.text().split(",") if v.strip()))
        plan = CountPlan(self.warehouse.text().strip(), basis, values,
                         threshold_pct=self.threshold_pct.text().strip() or "0",
                         threshold_qty=self.threshold_qty.text().strip() or "0",
                         blind=self.blind.isChecked())
        service, actor = self.ctx.service(CountService), self.ctx.actor

        def planned(task) -> None:
            self.accept(lambda: self.tr("Count {task} planned").format(task=task.number))
            self.values.clear()
            self.blind.setChecked(True)                   # the next plan is blind again
            self.bin = None
            self.open_task(task.number)
        self.run(lambda: service.plan(actor, plan), planned, {"tasks"})
