"""Picking: scan a pick task (or an outbound order: it is allocated into a new task that stages
at the staging bin). Lines come in walking order; each is confirmed by scanning its bin, its
item and, when planned, its lot or serial. The quantity defaults to what is left on the line;
"Short" picks what was found and backorders the rest with a reason."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
)

from domain.barcodes.resolution import BIN, ITEM, LOT, SERIAL
from domain.services.operations.picking import PickingService, PickScan
from domain.services.operations.scanning import ORDER
from domain.services.operations.waves import WaveService
from gui.tasks.base import ITEM_COL, LINE_COL, LOT_COL, QTY_COL, STATE_COL, ScanScreen
from gui.tasks.putaway import remaining
from gui.widgets.lazy_table import Column

STEP_WORDS = {"bin": QT_TRANSLATE_NOOP("PickingScreen", "bin"),
              "item": QT_TRANSLATE_NOOP("PickingScreen", "item"),
              "lot": QT_TRANSLATE_NOOP("PickingScreen", "lot"),
              "serial": QT_TRANSLATE_NOOP("PickingScreen", "serial")}
SHORT_REASONS = (QT_TRANSLATE_NOOP("PickingScreen", "not found in bin"),
                 QT_TRANSLATE_NOOP("PickingScreen", "damaged"),
                 QT_TRANSLATE_NOOP("PickingScreen", "expired"),
                 QT_TRANSLATE_NOOP("PickingScreen", "wrong item in bin"))


class PickingScreen(ScanScreen):
    COLUMNS = [LINE_COL, STATE_COL, Column("from_bin", QT_TRANSLATE_NOOP("TaskScreens", "Bin"),
                                           width=10),
               ITEM_COL, LOT_COL, Column("serial_no", QT_TRANSLATE_NOOP("TaskScreens", "Serial"),
                                         width=10),
               QTY_COL,
               Column("qty_done", QT_TRANSLATE_NOOP("TaskScreens", "Picked"), numeric=True,
                      width=8),
               Column("order", QT_TRANSLATE_NOOP("TaskScreens", "Order"), width=14)]

    def build_form(self) -> None:
        self.scanned: dict[str, str] = {}
        self.staging, self.qty = QLineEdit(self), QLineEdit(self)
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItems(["" for _ in SHORT_REASONS])
        self.short_button, self.unpick_button = QPushButton(self), QPushButton(self)
        self.short_button.clicked.connect(self.short)
        self.unpick_button.clicked.connect(self.unpick)
        self.wave_box = QCheckBox(self)
        self.wave: list[str] = []
        self.labels = [QLabel(self) for _ in range(3)]
        for label, field in zip(self.labels, (self.staging, self.qty, self.reason)):
            self.form.addRow(label, field)
        buttons = QHBoxLayout()
        for widget in (self.short_button, self.unpick_button, self.wave_box):
            buttons.addWidget(widget)
        self.form.addRow(buttons)
        self.prompt(lambda: self.tr("Scan a pick task, or an outbound order to allocate"))

    def texts(self) -> None:
        self.title.setText(self.tr("Picking"))
        for label, text in zip(self.labels, (self.tr("Staging bin"), self.tr("Quantity"),
                                             self.tr("Short reason"))):
            label.setText(text)
        self.staging.setPlaceholderText(self.tr("scan a staging bin before allocating"))
        for index, reason in enumerate(SHORT_REASONS):
            self.reason.setItemText(index, self.tr(reason))
        self.short_button.setText(self.tr("Short pick: only the quantity above was there"))
        self.unpick_button.setText(self.tr("Unpick the selected line (quantity above)"))
        self.wave_box.setText(self.tr("Wave: collect several orders, Enter allocates them"))

    def steps(self, row: dict) -> list[str]:
        return ["bin", "item"] + (["lot"] if row["lot_no"] else []) + (
            ["serial"] if row["serial_no"] else [])

    def lines_loaded(self) -> None:
        self.scanned = {}
        self.qty.clear()
        row = self.line()
        if row is not None:
            self.qty.setPlaceholderText(remaining(row))
        self._ask()

    def _ask(self) -> None:
        row = self.line()
        if row is None:
            if self.task:
                task = self.task
                self.prompt(lambda: self.tr("{task} is picked. Scan the next task").format(
                    task=task))
            return
        step = next(s for s in self.steps(row) if s not in self.scanned)
        words = {"bin": lambda: self.tr("Scan bin {bin}"),
                 "item": lambda: self.tr("Scan item {item} ({qty})"),
                 "lot": lambda: self.tr("Scan lot {lot}"),
                 "serial": lambda: self.tr("Scan serial {serial}")}[step]
        self.prompt(lambda: words().format(bin=row["from_bin"], item=row["item"],
                                           qty=remaining(row), lot=row["lot_no"],
                                           serial=row["serial_no"]))

    def on_scan(self, res, text: str) -> None:
        match = res.match
        kind = match.kind if match else res.kind
        if self.opened_task(match, "pick"):
            return
        if kind == ORDER and match.detail.get("direction") == "outbound" \
                and self.wave_box.isChecked():
            self.wave.append(match.key)
            wave = ", ".join(self.wave)
            self.accept(lambda: self.tr("Wave: {orders}").format(orders=wave))
            self.prompt(lambda: self.tr("Scan more orders, or press Enter to allocate the wave"))
        elif kind == ORDER and match.detail.get("direction") == "outbound":
            self._allocate([match.key])
        elif kind == BIN and match.detail.get("bin_type") in ("staging", "shipping"):
            self.staging.setText(match.detail.get("code", match.key))
            self.accept(lambda: self.tr("Staging at {bin}").format(bin=self.staging.text()))
        elif self.line() is None:
            self.refuse(lambda: self.tr("{code}: scan a pick task or an outbound order first")
                        .format(code=text))
        else:
            self._step(res, kind, match, text)

    def _step(self, res, kind: str, match, text: str) -> None:
        row = self.line()
        step = next(s for s in self.steps(row) if s not in self.scanned)
        expected = {"bin": row["from_bin"], "item": row["item"], "lot": row["lot_no"],
                    "serial": row["serial_no"]}[step]
        got = {BIN: "bin", ITEM: "item", LOT: "lot", SERIAL: "serial"}.get(kind)
        code = match.detail.get("code", match.key) if match and got in ("bin", "item") \
            else (match.detail.get("lot_no") or match.detail.get("serial_no") or text
                  if match else text)
        if step in ("lot", "serial") and got not in ("lot", "serial", "item"):
            code, got = text, step      # a lot label need not be known to the resolver
        if got != step or code != expected:
            self.refuse(lambda: self.tr("Wrong scan: {code}; expected {what} {expected}")
                        .format(code=code, what=self.tr(STEP_WORDS[step]), expected=expected))
            return
        self.scanned[step] = code
        if step == "item" and res.meaning.lot:
            self.scanned["lot"] = res.meaning.lot
        if step == "item" and res.meaning.serial:
            self.scanned["serial"] = res.meaning.serial
        if all(s in self.scanned for s in self.steps(row)):
            self._confirm(row)
        else:
            self.accept(lambda: self.tr("OK: {what} {code}").format(
                what=self.tr(STEP_WORDS[step]), code=code))
            self._ask()

    def enter_pressed(self) -> None:
        if self.wave:
            orders, self.wave = self.wave, []
            self._allocate(orders)

    def _allocate(self, orders: list[str]) -> None:
        service, actor, staging = self.ctx.service(WaveService), self.ctx.actor, \
            self.staging.text().strip()

        def done(result) -> None:
            short = ", ".join(result.short) or "-"
            self.accept(lambda: self.tr("Pick task {task}: {lines} line(s); short: {short}")
                        .format(task=result.task, lines=result.lines, short=short))
            self.open_task(result.task)
        self.run(lambda: service.allocate(actor, orders, staging), done, {"stock", "tasks"})

    def _confirm(self, row: dict) -> None:
        qty = self.qty.text().strip() or None
        scan = PickScan(self.task, self.scanned["bin"], self.scanned["item"], qty,
                        lot=self.scanned.get("lot"), serial=self.scanned.get("serial"),
                        line_no=row["line_no"])
        service, actor = self.ctx.service(PickingService), self.ctx.actor
        picked = qty or remaining(row)

        def done(_key) -> None:
            self.accept(lambda: self.tr("Picked {qty} × {item} from {bin}").format(
                qty=picked, item=row["item"], bin=row["from_bin"]))
            self.reload()
        self.scanned = {}
        self.run(lambda: service.confirm(actor, scan), done, {"stock", "tasks"},
                 refused=self._ask)

    def short(self) -> None:
        row = self.line()
        if row is None:
            return
        found = self.qty.text().strip() or "0"
        reason, service, actor = self.reason.currentText(), self.ctx.service(PickingService), \
            self.ctx.actor
        number = self.task

        def done(result) -> None:
            self.accept(lambda: self.tr("Short pick: {missing} missing, backorder {order}; "
                                        "count {count} will check {bin}")
                        .format(missing=result.missing, order=result.backorder,
                                count=result.count_task, bin=row["from_bin"]))
            self.reload()
        self.run(lambda: service.short(actor, number, row["line_no"], found, reason), done,
                 {"stock", "tasks"})

    def unpick(self) -> None:
        """Put picked units of the selected line back to its bin."""
        selected = self.table.selectionModel().selectedRows()
        qty = self.qty.text().strip()
        if not selected or not qty:
            self.refuse(lambda: self.tr("Select a picked line and type the quantity to put back"))
            return
        row, service, actor = self.rows[selected[0].row()], self.ctx.service(PickingService), \
            self.ctx.actor
        number = self.task

        def done(_key) -> None:
            self.accept(lambda: self.tr("Put {qty} × {item} back into {bin}").format(
                qty=qty, item=row["item"], bin=row["from_bin"]))
            self.reload()
        self.run(lambda: service.unpick(actor, number, row["line_no"], qty), done,
                 {"stock", "tasks"})
