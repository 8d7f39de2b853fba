"""The task list: every task, newest first, filtered by type, state, assignee and creation date.
Enter (or a double click) opens the task in its operation's screen."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
    QWidget,
)

from domain.model.tasks import TaskType
from domain.permissions import Permission
from domain.queries.tasks import TaskFilter
from domain.services.operations.tasks import TaskService
from gui.tasks.reads import TaskReads
from gui.widgets.lazy_table import Column, DataTableView, RowsTableModel
from gui.widgets.retranslate import Retranslating

C = "TaskListScreen"
TYPE_WORDS = {"": QT_TRANSLATE_NOOP("TaskListScreen", "all types"),
              "receive": QT_TRANSLATE_NOOP("TaskListScreen", "receive"),
              "inspect": QT_TRANSLATE_NOOP("TaskListScreen", "inspect"),
              "putaway": QT_TRANSLATE_NOOP("TaskListScreen", "putaway"),
              "pick": QT_TRANSLATE_NOOP("TaskListScreen", "pick"),
              "pack": QT_TRANSLATE_NOOP("TaskListScreen", "pack"),
              "count": QT_TRANSLATE_NOOP("TaskListScreen", "count"),
              "move": QT_TRANSLATE_NOOP("TaskListScreen", "move"),
              "return": QT_TRANSLATE_NOOP("TaskListScreen", "return")}
STATE_WORDS = {"active": QT_TRANSLATE_NOOP("TaskListScreen", "open or in progress"),
               "": QT_TRANSLATE_NOOP("TaskListScreen", "any state"),
               "open": QT_TRANSLATE_NOOP("TaskListScreen", "open"),
               "in_progress": QT_TRANSLATE_NOOP("TaskListScreen", "in progress"),
               "done": QT_TRANSLATE_NOOP("TaskListScreen", "done"),
               "cancelled": QT_TRANSLATE_NOOP("TaskListScreen", "cancelled")}
assert set(TYPE_WORDS) - {""} == {t.value for t in TaskType}


def _word(words: dict[str, str]):
    from PySide6.QtCore import QCoreApplication
    return lambda value: QCoreApplication.translate(C, words.get(value or "", value or ""))


class TaskListScreen(Retranslating, QWidget):
    open_requested = Signal(str, str, str)  # task number, task type, state

    COLUMNS = [Column("number", QT_TRANSLATE_NOOP("TaskListScreen", "Task"), width=16),
               Column("task_type", QT_TRANSLATE_NOOP("TaskListScreen", "Type"),
                      display=_word(TYPE_WORDS),
                      width=8),
               Column("state", QT_TRANSLATE_NOOP("TaskListScreen", "State"),
                      display=_word(STATE_WORDS),
                      width=10),
               Column("assignee", QT_TRANSLATE_NOOP("TaskListScreen", "Assignee"), width=10),
               Column("inbound_order", QT_TRANSLATE_NOOP("TaskListScreen", "Inbound order"),
                      width=13),
               Column("outbound_order", QT_TRANSLATE_NOOP("TaskListScreen", "Outbound order"),
                      width=14),
               Column("lines_settled", QT_TRANSLATE_NOOP("TaskListScreen", "Lines done"),
                      numeric=True,
                      width=10),
               Column("lines", QT_TRANSLATE_NOOP("TaskListScreen", "Lines"), numeric=True, width=6),
               Column("created_at", QT_TRANSLATE_NOOP("TaskListScreen", "Created"), width=16),
               Column("finished_at", QT_TRANSLATE_NOOP("TaskListScreen", "Finished"), width=16)]

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.type_box, self.state_box = QComboBox(self), QComboBox(self)
        for value in TYPE_WORDS:
            self.type_box.addItem("", value)
        for value in STATE_WORDS:
            self.state_box.addItem("", value)
        self.assignee = QLineEdit(self)
        self.use_dates = QCheckBox(self)
        today = QDate.currentDate()
        self.date_from, self.date_to = QDateEdit(today.addDays(-7), self), QDateEdit(today, self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.reload)
        self.mine = QPushButton(self)
        self.mine.clicked.connect(lambda: self.assignee.setText(ctx.user.username))
        self.type_box.currentIndexChanged.connect(self.reload)
        self.state_box.currentIndexChanged.connect(self.reload)
        self.assignee.editingFinished.connect(self.reload)
        self.assignee.textChanged.connect(lambda t: self.reload() if not t else None)
        self.use_dates.toggled.connect(self.reload)
        self.count_label = QLabel(self)
        self.model = RowsTableModel(self.COLUMNS, C, self)
        self.table = DataTableView(self)
        self.table.setModel(self.model)
        self.table.activated.connect(self._open)
        self.take_button, self.cancel_button = QPushButton(self), QPushButton(self)
        self.cancel_reason = QLineEdit(self)
        self.take_button.clicked.connect(self.take)
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.cancel_button, self.cancel_reason):
            widget.setVisible(ctx.can(Permission.MANAGE_TASKS))
        actions = QHBoxLayout()
        for widget in (self.take_button, self.cancel_button, self.cancel_reason):
            actions.addWidget(widget)
        actions.addStretch(1)
        bar = QHBoxLayout()
        self.assignee_label = QLabel(self)
        for widget in (self.type_box, self.state_box, self.assignee_label, self.assignee,
                       self.mine, self.use_dates, self.date_from, self.date_to):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        ctx.changed.connect(self._on_changed)
        self.retranslate()
        self.reload()

    def current_filter(self) -> TaskFilter:
        start = end = None
        if self.use_dates.isChecked():
            start = datetime.combine(self.date_from.date().toPython(), time.min)
            end = datetime.combine(self.date_to.date().toPython(), time.min) + timedelta(days=1)
        return TaskFilter(task_type=self.type_box.currentData() or "",
                          state=self.state_box.currentData() or "",
                          assignee=self.assignee.text().strip(), created_from=start,
                          created_to=end)

    def reload(self) -> None:
        reads, actor, f = self.ctx.service(TaskReads), self.ctx.actor, self.current_filter()
        self.ctx.op(self, lambda _p: reads.task_list(actor, f)).success(self._show).run()

    def _show(self, rows: list[dict]) -> None:
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("{count} task(s)").format(count=len(rows)))

    def _open(self, index) -> None:
        row = self.model.row(index.row())
        self.open_requested.emit(row["number"], row["task_type"], row["state"])

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row())["number"] if rows else None

    def take(self) -> None:
        """Assign the selected task to the signed-in user."""
        number, service = self.selected(), self.ctx.service(TaskService)
        if number:
            actor, me = self.ctx.actor, self.ctx.user.username
            self.ctx.op(self, lambda _p: service.assign(actor, number, me)) \
                .changes({"tasks"}).run()

    def cancel(self) -> None:
        """Cancel what is left of the selected task (supervisors), with the reason typed."""
        number, service = self.selected(), self.ctx.service(TaskService)
        if number:
            actor, reason = self.ctx.actor, self.cancel_reason.text()
            self.ctx.op(self, lambda _p: service.cancel(actor, number, reason)) \
                .changes({"tasks", "stock"}).success(lambda _t: self.cancel_reason.clear()).run()

    def _on_changed(self, changes: frozenset[str]) -> None:
        if changes & {"tasks", "stock"}:
            self.reload()

    def retranslate(self) -> None:
        for box, words in ((self.type_box, TYPE_WORDS), (self.state_box, STATE_WORDS)):
            for index in range(box.count()):
                box.setItemText(index, self.tr(words[box.itemData(index)]))
        self.assignee_label.setText(self.tr("Assignee:"))
        self.assignee.setPlaceholderText(self.tr("anyone"))
        self.mine.setText(self.tr("Mine"))
        self.use_dates.setText(self.tr("Created between"))
        self.take_button.setText(self.tr("Take (assign to me)"))
        self.cancel_button.setText(self.tr("Cancel task"))
        self.cancel_reason.setPlaceholderText(self.tr("why it is cancelled"))
        self.model.retranslate()
        self.count_label.setText(self.tr("{count} task(s)").format(count=self.model.rowCount()))
