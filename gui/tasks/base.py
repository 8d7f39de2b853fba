"""The frame every operation screen shares: the next expected scan in large type, the outcome of
the last scan (green, or red with the reason and the refusal sound), a form for what the clerk
may confirm or correct, the task's lines, and a code box for keyboards (type a code, Enter: the
same as scanning it).

A subclass sets its fields in ``build_form`` and its columns in ``COLUMNS``, and reacts to a
resolved scan in ``on_scan(resolution, text)``. Scans arrive through the ScanHub (the visible
screen gets them) or ``handle_scan`` directly (tests). Every database call goes through
``self.run`` (an op): a DomainError refuses the step with its translated message instead of a
dialog, anything else is shown as unexpected by ``gui.errors``.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from devices.scanners import ScanEvent
from domain.barcodes.resolution import TASK, Match, Resolution
from domain.errors import DomainError
from domain.queries.tasks import TaskReads
from domain.services.resolve import ResolveService
from gui import errors
from gui.widgets.lazy_table import Column, DataTableView, RowsTableModel
from gui.widgets.retranslate import Retranslating

# Columns the operation screens share (task_line_rows keys).
LINE_COL = Column("line_no", QT_TRANSLATE_NOOP("TaskScreens", "Line"), numeric=True, width=5)
STATE_COL = Column("state", QT_TRANSLATE_NOOP("TaskScreens", "State"), width=8)
ITEM_COL = Column("item", QT_TRANSLATE_NOOP("TaskScreens", "Item"), width=12)
LOT_COL = Column("lot_no", QT_TRANSLATE_NOOP("TaskScreens", "Lot"), width=10)
QTY_COL = Column("qty", QT_TRANSLATE_NOOP("TaskScreens", "Quantity"), numeric=True, width=8)
ACCEPTED, REFUSED = "accepted", "refused"

STYLE = {ACCEPTED: "color: #1a7f37;", REFUSED: "color: #cf222e; font-weight: bold;", "": ""}


class ScanScreen(Retranslating, QWidget):
    COLUMNS: list[Column] = []
    CONTEXT = "TaskScreens"          # the columns' translation context

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.task: str | None = None
        self.rows: list[dict] = []
        self.outcome = ""                    # the last scan's: "accepted" / "refused"
        self._prompt: Callable[[], str] = lambda: ""
        self._message: Callable[[], str] = lambda: ""
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.prompt_label = QLabel(self)
        self.prompt_label.setObjectName("nextScan")
        font = QFont(self.font())
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        self.prompt_label.setFont(font)
        self.prompt_label.setWordWrap(True)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("scanMessage")
        self.message_label.setWordWrap(True)
        message_font = QFont(self.font())
        message_font.setPointSize(message_font.pointSize() + 3)
        self.message_label.setFont(message_font)
        self.code_label = QLabel(self)
        self.code_edit = QLineEdit(self)
        self.code_edit.setObjectName("codeEntry")
        self.code_edit.returnPressed.connect(self._typed)
        self.form = QFormLayout()
        self.model = RowsTableModel(self.COLUMNS, self.CONTEXT, self)
        self.table = DataTableView(self)
        self.table.setModel(self.model)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code_label)
        code_row.addWidget(self.code_edit, 1)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.prompt_label, self.message_label):
            layout.addWidget(widget)
        layout.addLayout(code_row)
        layout.addLayout(self.form)
        self.build_form()
        layout.addWidget(self.table, 1)
        hub = getattr(ctx, "scan_hub", None)
        if hub is not None:
            hub.add_consumer(self)
        self.retranslate()

    # -- for subclasses -------------------------------------------------------------------------
    def build_form(self) -> None:
        """Add the screen's fields to ``self.form``."""

    def on_scan(self, resolution: Resolution, text: str) -> None:
        raise NotImplementedError

    def texts(self) -> None:
        """Set the screen's own labels (called on every language switch)."""

    def open_task(self, number: str) -> None:
        """Start working on ``number`` (from the task list or a task scan)."""
        self.task = number
        self.reload()

    def lines_loaded(self) -> None:
        """The lines arrived: show the next step."""

    # -- scanning -------------------------------------------------------------------------------
    def wants_scan(self, event: ScanEvent) -> bool:
        return self.isVisible()

    def handle_scan(self, event: ScanEvent) -> None:
        if not event.complete:
            self.refuse(lambda: QCoreApplication.translate(
                "ScanScreen", "The scan was cut off; scan again"))
            return
        self.handle_code(event.text, event.symbology)

    def handle_code(self, text: str, symbology: str | None = None) -> None:
        text = text.strip()
        if not text:
            return
        service, actor = self.ctx.service(ResolveService), self.ctx.actor
        self.ctx.op(self, lambda _p: service.resolve(actor, text, symbology=symbology)) \
            .success(lambda res: self.on_scan(res, text)).failure(self._failed).run()

    def _typed(self) -> None:
        text = self.code_edit.text()
        self.code_edit.clear()
        if text.strip():
            self.handle_code(text)
        else:
            self.enter_pressed()

    def enter_pressed(self) -> None:
        """Enter on an empty code box: the screen's main action, if it has one."""

    # -- feedback -------------------------------------------------------------------------------
    def prompt(self, text: Callable[[], str]) -> None:
        self._prompt = text
        self.prompt_label.setText(text())

    def accept(self, message: Callable[[], str]) -> None:
        self._tell(ACCEPTED, message)

    def refuse(self, message: Callable[[], str]) -> None:
        self._tell(REFUSED, message)

    def _tell(self, outcome: str, message: Callable[[], str]) -> None:
        self.outcome, self._message = outcome, message
        self.message_label.setText(message())
        self.message_label.setStyleSheet(STYLE[outcome])
        feedback = getattr(self.window(), "scan_feedback", None)
        if feedback is not None:
            getattr(feedback, outcome)(self.prompt_label)
        elif outcome == REFUSED:
            QApplication.beep()

    # -- work -----------------------------------------------------------------------------------
    def run(self, work: Callable[[], object], done: Callable[[object], None],
            changes: set[str] | None = None, *,
            refused: Callable[[], None] | None = None) -> None:
        """``work`` in an op; ``done`` with its result, or the step is refused (then
        ``refused`` runs, e.g. to ask for the scans again)."""
        def failed(exc: Exception) -> None:
            self._failed(exc)
            if refused is not None:
                refused()
        op = self.ctx.op(self, lambda _p: work()).success(done).failure(failed)
        if changes:
            op = op.changes(changes)
        op.run()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, DomainError):
            text = errors.domain_message(exc)
            self.refuse(lambda: text)
        else:
            self.refuse(lambda: QCoreApplication.translate(
                "ScanScreen", "Unexpected error; see the details"))
            errors.present(self, exc)

    def reload(self) -> None:
        if not self.task:
            self.rows = []
            self.model.set_rows([])
            self.lines_loaded()
            return
        reads, actor, number = self.ctx.service(TaskReads), self.ctx.actor, self.task
        self.run(lambda: reads.lines(actor, number), self._set_lines)

    def _set_lines(self, rows: list[dict]) -> None:
        self.rows = rows
        self.model.set_rows(rows)
        self.lines_loaded()

    def open_rows(self) -> list[dict]:
        return [r for r in self.rows if r["state"] == "open"]

    def line(self) -> dict | None:
        """The line to work on next: the first open one in walking order."""
        rows = self.open_rows()
        return rows[0] if rows else None

    def opened_task(self, match: Match | None, task_type: str) -> bool:
        """A scanned task of ``task_type`` opens on this screen; True when it did."""
        if match is None or match.kind != TASK or match.detail.get("type") != task_type:
            return False
        self.open_task(match.key)
        self.accept(lambda: QCoreApplication.translate("ScanScreen", "Task {task}").format(
            task=match.key))
        return True

    def retranslate(self) -> None:
        self.code_label.setText(QCoreApplication.translate("ScanScreen", "Code:"))
        self.code_edit.setPlaceholderText(QCoreApplication.translate(
            "ScanScreen", "scan, or type a code and press Enter"))
        self.prompt_label.setText(self._prompt())
        self.message_label.setText(self._message())
        self.model.retranslate()
        self.texts()
