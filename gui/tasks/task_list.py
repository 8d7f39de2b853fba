"""The task list: every task, newest first, filtered by type, state, assignee and creation date,
a page at a time (the count says how many match in all). Enter (or a double click) opens the
task in its operation's screen."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
    QWidget,
)

from domain.model.tasks import TaskType
from domain.permissions import Permission
from domain.queries.tasks import TaskFilter, TaskReads
from domain.services.operations.cancel import OrderCancelService
from domain.services.operations.tasks import TaskService
from gui.widgets.lazy_table import Column, DataTableView, RowsTableModel
from gui.widgets.retranslate import Retranslating

C = "TaskListScreen"
PAGE = 200
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
        self.offset, self.total = 0, 0
        self.prev_button, self.next_button = QPushButton(self), QPushButton(self)
        self.prev_button.clicked.connect(lambda: self._turn(-PAGE))
        self.next_button.clicked.connect(lambda: self._turn(PAGE))
        self.model = RowsTableModel(self.COLUMNS, C, self)
        self.table = DataTableView(self)
        self.table.setModel(self.model)
        self.table.activated.connect(self._open)
        self.take_button, self.cancel_button = QPushButton(self), QPushButton(self)
        self.unassign_button = QPushButton(self)
        self.unassign_button.clicked.connect(self.unassign)
        self.cancel_reason = QLineEdit(self)
        self.cancel_order_button = QPushButton(self)
        self.take_button.clicked.connect(self.take)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_order_button.clicked.connect(self.cancel_order)
        for widget in (self.cancel_button, self.cancel_order_button, self.cancel_reason):
            widget.setVisible(ctx.can(Permission.MANAGE_TASKS))
        actions = QHBoxLayout()
        for widget in (self.take_button, self.unassign_button, self.cancel_button,
                       self.cancel_order_button, self.cancel_reason):
            actions.addWidget(widget)
        actions.addStretch(1)
        bar = QHBoxLayout()
        self.assignee_label = QLabel(self)
        for widget in (self.type_box, self.state_box, self.assignee_label, self.assignee,
                       self.mine, self.use_dates, self.date_from, self.date_to):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.prev_button, self.count_label, self.next_button):
            bar.addWidget(widget)
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
        """From the first page (a filter changed, or the tasks did)."""
        self.offset = 0
        self._load()

    def _turn(self, step: int) -> None:
        self.offset = max(0, self.offset + step)
        self._load()

    def _load(self) -> None:
        reads, actor, f = self.ctx.service(TaskReads), self.ctx.actor, self.current_filter()
        offset = self.offset
        self.ctx.op(self, lambda _p: reads.task_page(actor, f, offset=offset, limit=PAGE)) \
            .success(self._show).run()

    def _show(self, page) -> None:
        self.model.set_rows(page.rows)
        self.offset, self.total = page.offset, page.total
        self._show_count()

    def _show_count(self) -> None:
        shown = self.model.rowCount()
        if self.total > shown:
            text = self.tr("{first}-{last} of {count} task(s)").format(
                first=self.offset + 1, last=self.offset + shown, count=self.total)
        else:
            text = self.tr("{count} task(s)").format(count=self.total)
        self.count_label.setText(text)
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + shown < self.total)

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

    def unassign(self) -> None:
        """Give the selected task back to the pool (one's own; others' need a supervisor)."""
        number, service = self.selected(), self.ctx.service(TaskService)
        if number:
            actor = self.ctx.actor
            self.ctx.op(self, lambda _p: service.assign(actor, number, None)) \
                .changes({"tasks"}).run()

    def cancel(self) -> None:
        """Cancel what is left of the selected task (supervisors), with the reason typed."""
        number, service = self.selected(), self.ctx.service(TaskService)
        if number:
            actor, reason = self.ctx.actor, self.cancel_reason.text()
            self.ctx.op(self, lambda _p: service.cancel(actor, number, reason)) \
                .changes({"tasks", "stock"}).success(lambda _t: self.cancel_reason.clear()).run()

    def cancel_order(self) -> None:
        """Cancel the order of the selected task (supervisors), with the reason typed: its
        reservations and open tasks go, picked units go back (``OrderCancelService``)."""
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row(rows[0].row()) if rows else None
        if row is None or not (row["inbound_order"] or row["outbound_order"]):
            return
        direction = "inbound" if row["inbound_order"] else "outbound"
        number = row["inbound_order"] or row["outbound_order"]
        service, actor, reason = self.ctx.service(OrderCancelService), self.ctx.actor, \
            self.cancel_reason.text()
        self.ctx.op(self, lambda _p: service.cancel(actor, direction, number, reason)) \
            .changes({"orders", "tasks", "stock"}) \
            .success(lambda _r: self.cancel_reason.clear()).run()

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
        self.unassign_button.setText(self.tr("Unassign"))
        self.prev_button.setText(self.tr("< Newer"))
        self.next_button.setText(self.tr("Older >"))
        self.cancel_button.setText(self.tr("Cancel task"))
        self.cancel_order_button.setText(self.tr("Cancel its order"))
        self.cancel_reason.setPlaceholderText(self.tr("why it is cancelled"))
        self.cancel_order_button.setToolTip(self.tr(
            "Cancel the whole order of the selected task: reservations released, open tasks "
            "cancelled, picked units put back; refused once something has shipped or been "
            "received"))
        self.model.retranslate()
        self._show_count()
