"""The supervisor's view of a finished count: book, counted and variance per bin, item and lot,
largest first; approving with a reason code turns the variances into adjustment moves. The
counter cannot approve their own count (the service refuses it)."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from domain.queries.tasks import TaskReads
from domain.services.operations.count_approval import CountApprovalService
from gui.tasks.base import ITEM_COL, LOT_COL, ScanScreen
from gui.widgets.lazy_table import Column

C = "TaskScreens"


class CountApprovalScreen(ScanScreen):
    COLUMNS = [Column("bin", QT_TRANSLATE_NOOP("TaskScreens", "Bin"), width=10), ITEM_COL, LOT_COL,
               Column("expected_qty", QT_TRANSLATE_NOOP("TaskScreens", "Book"), numeric=True,
                      width=8),
               Column("counted_qty", QT_TRANSLATE_NOOP("TaskScreens", "Counted"), numeric=True,
                      width=8),
               Column("variance", QT_TRANSLATE_NOOP("TaskScreens", "Variance"), numeric=True,
                      width=8),
               Column("counted_by", QT_TRANSLATE_NOOP("TaskScreens", "Counted by"), width=10)]

    def build_form(self) -> None:
        self.reason, self.note = QLineEdit(self), QLineEdit(self)
        self.reason.setText("CC")
        self.approve_button = QPushButton(self)
        self.approve_button.clicked.connect(self.approve)
        self.labels = [QLabel(self), QLabel(self)]
        self.form.addRow(self.labels[0], self.reason)
        self.form.addRow(self.labels[1], self.note)
        self.form.addRow(self.approve_button)
        self.prompt(lambda: self.tr("Scan a finished count task to review its variances"))

    def texts(self) -> None:
        self.title.setText(self.tr("Count approval"))
        self.labels[0].setText(self.tr("Reason code"))
        self.labels[1].setText(self.tr("Note"))
        self.approve_button.setText(self.tr("Approve: book the variances"))

    def reload(self) -> None:
        if not self.task:
            return super().reload()
        reads, actor, number = self.ctx.service(TaskReads), self.ctx.actor, self.task
        self.run(lambda: reads.count_variances(actor, number), self._set_lines)

    def lines_loaded(self) -> None:
        if self.task:
            task, off = self.task, sum(1 for r in self.rows if r["variance"])
            self.prompt(lambda: self.tr("{task}: {count} variance(s); approve with a reason code")
                        .format(task=task, count=off))

    def on_scan(self, res, text: str) -> None:
        if not self.opened_task(res.match, "count"):
            self.refuse(lambda: self.tr("{code} is not a count task").format(code=text))

    def enter_pressed(self) -> None:
        if self.task:
            self.approve()

    def approve(self) -> None:
        if not self.task:
            self.refuse(lambda: self.tr("Scan a count task first"))
            return
        service, actor, number = self.ctx.service(CountApprovalService), self.ctx.actor, self.task
        reason, note = self.reason.text().strip(), self.note.text().strip()

        def done(_result) -> None:
            self.accept(lambda: self.tr("{task} approved").format(task=number))
            self.prompt(lambda: self.tr("Scan the next count task"))
        self.run(lambda: service.approve(actor, number, reason, note), done, {"stock", "tasks"})
