"""Putaway: scan the receiving bin (a task is planned for what waits there) or a putaway task;
each line shows its suggested bin, and scanning the bin really used confirms it (another bin
overrides the suggestion; a blocked or full bin is refused)."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLabel, QLineEdit

from domain.barcodes.resolution import BIN
from domain.services.operations.putaway import PutawayService
from gui.tasks.base import ITEM_COL, LINE_COL, LOT_COL, QTY_COL, STATE_COL, ScanScreen
from gui.widgets.lazy_table import Column, format_quantity



def remaining(row: dict) -> str:
    return format_quantity(row["qty"] - row["qty_done"])


class PutawayScreen(ScanScreen):
    COLUMNS = [LINE_COL, STATE_COL, ITEM_COL, LOT_COL, QTY_COL,
               Column("from_bin", QT_TRANSLATE_NOOP("TaskScreens", "From"), width=10),
               Column("to_bin", QT_TRANSLATE_NOOP("TaskScreens", "To (suggested)"), width=12)]

    def build_form(self) -> None:
        self.current = QLabel(self)
        self.qty = QLineEdit(self)
        self.qty_label = QLabel(self)
        self.form.addRow(self.current)
        self.form.addRow(self.qty_label, self.qty)
        self.prompt(self._ask_start)

    def texts(self) -> None:
        self.title.setText(self.tr("Putaway"))
        self.qty_label.setText(self.tr("Quantity"))
        self.qty.setPlaceholderText(self.tr("default: the rest of the line"))

    def _ask_start(self) -> str:
        return self.tr("Scan the receiving bin to put away from, or a putaway task")

    def lines_loaded(self) -> None:
        row = self.line()
        self.qty.clear()
        if row is None:
            self.current.clear()
            if self.task:
                task = self.task
                self.prompt(lambda: self.tr("{task} is done. Scan the next receiving bin")
                            .format(task=task))
            return
        self.qty.setPlaceholderText(remaining(row))
        self.current.setText(self.tr("Line {line}: {qty} × {item} {lot} from {source}").format(
            line=row["line_no"], qty=remaining(row), item=row["item"], lot=row["lot_no"] or "",
            source=row["from_bin"]))
        if row["to_bin"]:
            self.prompt(lambda: self.tr("Scan bin {bin} (suggested) to put away {item}")
                        .format(bin=row["to_bin"], item=row["item"]))
        else:
            self.prompt(lambda: self.tr("No bin suggested: scan a storage bin for {item}")
                        .format(item=row["item"]))

    def on_scan(self, res, text: str) -> None:
        match = res.match
        kind = match.kind if match else res.kind
        if self.opened_task(match, "putaway"):
            return
        if kind == BIN and (self.line() is None
                            or match.detail.get("bin_type") == "receiving"):
            self._plan(match.detail.get("code", match.key))
        elif kind == BIN:
            self._confirm(self.line(), match.detail.get("code", match.key))
        else:
            self.refuse(lambda: self.tr("{code} is not a bin or a putaway task").format(code=text))

    def _plan(self, source: str) -> None:
        service, actor = self.ctx.service(PutawayService), self.ctx.actor

        def planned(task) -> None:
            self.accept(lambda: self.tr("Putaway task {task} from {bin}").format(
                task=task.number, bin=source))
            self.open_task(task.number)
        self.run(lambda: service.plan(actor, source), planned, {"tasks"})

    def _confirm(self, row: dict, bin_code: str) -> None:
        service, actor, number = self.ctx.service(PutawayService), self.ctx.actor, self.task
        qty = self.qty.text().strip() or None
        moved = qty or remaining(row)

        def done(_key) -> None:
            if row["to_bin"] and bin_code != row["to_bin"]:
                self.accept(lambda: self.tr("Put {qty} × {item} into {bin} instead of {suggested}")
                            .format(qty=moved, item=row["item"], bin=bin_code,
                                    suggested=row["to_bin"]))
            else:
                self.accept(lambda: self.tr("Put {qty} × {item} into {bin}").format(
                    qty=moved, item=row["item"], bin=bin_code))
            self.reload()
        self.run(lambda: service.confirm(actor, number, row["line_no"], bin_code, qty=qty), done,
                 {"stock", "tasks"})
