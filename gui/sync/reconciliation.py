"""ERP book stock against the warehouse (supervisors): the runs with their inventory accuracy, a
run on demand (the nightly one is in the sync schedule), the discrepancies of a run with the
warehouse's moves of the selected line, and the resolution of a line: explain it (no stock
moves), adjust the warehouse to the ERP (a ledger posting in a chosen bin with a reason code),
or push the warehouse's quantity to the ERP (an outbox correction). Everything runs in ops
through ``ReconciliationService`` (permission-checked and audited there)."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QPushButton, QSplitter, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)
from PySide6.QtCore import Qt

from domain.services.reconciliation import Discrepancy, MoveInfo, ReconciliationService, RunInfo
from gui.context import AppContext
from gui.widgets.retranslate import Retranslating
from integration.connection import erp_moves, reconcile_now


def _qty(value) -> str:
    return format(value.normalize(), "f") if value is not None else ""


class ReconciliationPage(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runs: list[RunInfo] = []
        self.lines: list[Discrepancy] = []
        self.run_combo = QComboBox(self)
        self.run_button = QPushButton(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 6, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.moves = QTableWidget(0, 6, self)
        self.moves.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.moves.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.erp_moves = QTableWidget(0, 5, self)          # the ERP's side of the drill-down
        self.erp_moves.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.erp_moves.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.erp_note = QLabel(self)
        self.moves_label, self.erp_label = QLabel(self), QLabel(self)
        self.explain_button, self.adjust_button = QPushButton(self), QPushButton(self)
        self.push_button = QPushButton(self)
        top = QHBoxLayout()
        top.addWidget(self.run_combo, 1)
        top.addWidget(self.run_button)
        actions = QHBoxLayout()
        for b in (self.explain_button, self.adjust_button, self.push_button):
            actions.addWidget(b)
        actions.addStretch(1)
        sides = QWidget(self)
        columns = QHBoxLayout(sides)
        columns.setContentsMargins(0, 0, 0, 0)
        for label, table, note in ((self.moves_label, self.moves, None),
                                   (self.erp_label, self.erp_moves, self.erp_note)):
            side = QVBoxLayout()
            side.addWidget(label)
            side.addWidget(table, 1)
            if note is not None:
                side.addWidget(note)
            columns.addLayout(side, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(sides)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addLayout(actions)
        self.run_combo.activated.connect(lambda _i: self.load_lines())
        self.run_button.clicked.connect(self.run_now)
        self.table.itemSelectionChanged.connect(self.load_moves)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.explain_button.clicked.connect(lambda: self.explain_selected())
        self.adjust_button.clicked.connect(lambda: self.adjust_selected())
        self.push_button.clicked.connect(lambda: self.push_selected())
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.run_button.setText(self.tr("Reconcile now"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Item"), self.tr("Lot"), self.tr("ERP book"), self.tr("Warehouse"),
            self.tr("Difference"), self.tr("State")])
        self.moves.setHorizontalHeaderLabels([
            self.tr("When"), self.tr("Reason"), self.tr("Quantity"), self.tr("From"),
            self.tr("To"), self.tr("Document")])
        self.erp_moves.setHorizontalHeaderLabels([
            self.tr("When"), self.tr("Quantity"), self.tr("From"), self.tr("To"),
            self.tr("Document")])
        self.moves_label.setText(self.tr("Moves in the warehouse"))
        self.erp_label.setText(self.tr("Moves in the ERP"))
        self.explain_button.setText(self.tr("Explain…"))
        self.adjust_button.setText(self.tr("Adjust the warehouse…"))
        self.push_button.setText(self.tr("Push to the ERP"))
        self._fill_runs()
        self._update_buttons()

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        service = self.ctx.service(ReconciliationService)
        self.ctx.op(self, lambda _p: service.runs()).success(self._runs_loaded).run()

    def _runs_loaded(self, runs: list[RunInfo]) -> None:
        current = self.run_combo.currentData()
        self.runs = runs
        self._fill_runs()
        index = self.run_combo.findData(current)
        self.run_combo.setCurrentIndex(index if index >= 0 else 0)
        self.load_lines()

    def _fill_runs(self) -> None:
        self.run_combo.clear()
        for r in self.runs:
            text = self.tr("Run {id} · {at} · {state} · accuracy {accuracy} % · {open} open") \
                .format(id=r.run_id, at=f"{r.started_at.astimezone():%Y-%m-%d %H:%M}",
                        state=r.state, accuracy=r.accuracy, open=r.open)
            self.run_combo.addItem(text, r.run_id)

    def selected_run(self) -> RunInfo | None:
        run_id = self.run_combo.currentData()
        return next((r for r in self.runs if r.run_id == run_id), None)

    def load_lines(self) -> None:
        run = self.selected_run()
        if run is None:
            self.lines = []
            self.table.setRowCount(0)
            self.summary.setText(self.tr("No reconciliation yet."))
            return
        self.summary.setText(self.tr("{matched} of {compared} item/lot lines agree "
                                     "({accuracy} %).").format(
            matched=run.matched, compared=run.compared, accuracy=run.accuracy)
            + (" " + run.error if run.error else ""))
        service = self.ctx.service(ReconciliationService)
        self.ctx.op(self, lambda _p: service.discrepancies(run.run_id)) \
            .success(self._lines_loaded).run()

    def _lines_loaded(self, lines: list[Discrepancy]) -> None:
        self.lines = lines
        self.table.setRowCount(len(lines))
        for row, d in enumerate(lines):
            for col, value in enumerate((f"{d.item} {d.item_name}", d.lot or "", _qty(d.erp_qty),
                                         _qty(d.wms_qty), _qty(d.difference), d.state)):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.moves.setRowCount(0)
        self._update_buttons()

    def selected(self) -> Discrepancy | None:
        rows = self.table.selectionModel().selectedRows()
        return self.lines[rows[0].row()] if rows and rows[0].row() < len(self.lines) else None

    def load_moves(self) -> None:
        line = self.selected()
        if line is None:
            return
        service = self.ctx.service(ReconciliationService)
        self.ctx.op(self, lambda _p: service.moves(line.line_id)).success(self._moves_loaded) \
            .run()
        db = self.ctx.db
        self.erp_moves.setRowCount(0)
        self.erp_note.setText(self.tr("Asking the ERP…"))
        self.ctx.op(self, lambda _p: erp_moves(db, line.item, line.lot)) \
            .success(self._erp_moves_loaded) \
            .failure(lambda error: self.erp_note.setText(
                self.tr("The ERP did not answer: {error}").format(error=error))).run()

    def _erp_moves_loaded(self, moves: list[dict] | None) -> None:
        if moves is None:
            self.erp_note.setText(self.tr("The ERP connector cannot list its moves."))
            return
        self.erp_note.setText(self.tr("{n} move(s) in the ERP").format(n=len(moves)))
        self.erp_moves.setRowCount(len(moves))
        for row, m in enumerate(moves):
            for col, value in enumerate((str(m.get("at") or ""), _qty(m["qty"]), m["from"],
                                         m["to"], m["document"])):
                self.erp_moves.setItem(row, col, QTableWidgetItem(value))

    def _moves_loaded(self, moves: list[MoveInfo]) -> None:
        self.moves.setRowCount(len(moves))
        for row, m in enumerate(moves):
            for col, value in enumerate((f"{m.at.astimezone():%Y-%m-%d %H:%M}", m.reason,
                                         _qty(m.qty), m.from_bin or "", m.to_bin or "",
                                         m.document_ref or "")):
                self.moves.setItem(row, col, QTableWidgetItem(value))

    def _update_buttons(self) -> None:
        line = self.selected()
        open_line = line is not None and line.state == "open"
        for b in (self.explain_button, self.adjust_button, self.push_button):
            b.setEnabled(open_line)

    # -- actions (arguments let tests skip the dialogs) ---------------------------------------
    def run_now(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        self.summary.setText(self.tr("Asking the ERP for its book stock…"))
        self.ctx.op(self, lambda _p: reconcile_now(db, actor)).changes({"reconciliation"}) \
            .success(lambda _r: self.reload()).run()

    def _act(self, work) -> None:
        service, actor = self.ctx.service(ReconciliationService), self.ctx.actor
        self.ctx.op(self, lambda _p: work(service, actor)).changes({"stock", "sync"}) \
            .success(lambda _r: self.reload()).run()

    def explain_selected(self, note: str | None = None) -> None:
        line = self.selected()
        if line is None:
            return
        if note is None:
            note, ok = QInputDialog.getText(self, self.tr("Explain"), self.tr(
                "Why do the ERP and the warehouse differ (no stock is moved)?"))
            if not ok or not note.strip():
                return
        self._act(lambda s, a: s.explain(a, line.line_id, note))

    def adjust_selected(self, bin_code: str | None = None, reason_code: str = "RECON") -> None:
        line = self.selected()
        if line is None:
            return
        if bin_code is None:
            bin_code, ok = QInputDialog.getText(self, self.tr("Adjust the warehouse"), self.tr(
                "The ERP is right: bin to correct by {difference}:").format(
                difference=_qty(-line.difference)))
            if not ok or not bin_code.strip():
                return
        self._act(lambda s, a: s.adjust(a, line.line_id, bin=bin_code.strip(),
                                        reason_code=reason_code))

    def push_selected(self, note: str = "") -> None:
        line = self.selected()
        if line is not None:
            self._act(lambda s, a: s.push(a, line.line_id, note))
