"""Tasks (作业任务): the units of work clerks run all day, with lines and who/when stamps.

Shaped like OCA queue_job's jobs: the state is a constant, and each transition is one method that
checks it is allowed and stamps the time and the user, so the productivity KPIs can later be read
straight from the rows. Lines complete partially (``qty_done`` grows) or are closed short with a
reason; a task finishes only when none of its lines is still open.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from domain.errors import DomainError, InvalidInput, NotFound
from domain.model.states import AlreadyFinished, Stateful, WorkState, check_workable


class TaskType(str, enum.Enum):
    RECEIVE = "receive"
    INSPECT = "inspect"
    PUTAWAY = "putaway"
    PICK = "pick"
    PACK = "pack"
    COUNT = "count"
    MOVE = "move"
    RETURN = "return"


# Which numbering rule names a task of each type (see domain.numbering).
TASK_NUMBERING = {
    TaskType.RECEIVE.value: "receipt", TaskType.INSPECT.value: "inspection",
    TaskType.PUTAWAY.value: "putaway", TaskType.PICK.value: "pick",
    TaskType.PACK.value: "shipment", TaskType.COUNT.value: "count",
    TaskType.MOVE.value: "transfer", TaskType.RETURN.value: "return",
}


class TaskHasOpenLines(DomainError):
    template = "Task {task} still has {count} open line(s); confirm or close them short first"


class QuantityExceedsRemaining(DomainError):
    template = "Line {line} of {task} has {remaining} left to do; {qty} is too much"


class LineAlreadyDone(AlreadyFinished):
    """A double confirmation (the scan was sent twice, or another station was quicker)."""
    template = "Line {line} of {task} is already {state}"


@dataclass(eq=False)
class TaskLine:
    """One thing to do: move ``qty`` of an item (lot, serial) from one bin to another, count a
    bin, inspect a lot. ``status`` is the stock status the line works on."""
    line_no: int
    item_id: int | None
    qty: Decimal = Decimal(0)
    qty_done: Decimal = Decimal(0)
    state: str = WorkState.OPEN.value
    lot_id: int | None = None
    serial_id: int | None = None
    from_bin_id: int | None = None
    to_bin_id: int | None = None
    status: str | None = None
    inbound_line_id: int | None = None
    outbound_line_id: int | None = None
    short_reason: str = ""
    done_at: datetime | None = None
    done_by_id: int | None = None
    task_id: int | None = None
    id: int | None = None

    @property
    def remaining(self) -> Decimal:
        return self.qty - self.qty_done

    @property
    def is_open(self) -> bool:
        return self.state == WorkState.OPEN.value

    def ensure_open(self, task_number: str) -> None:
        if not self.is_open:
            raise LineAlreadyDone(line=self.line_no, task=task_number, state=self.state)

    def record(self, task_number: str, qty: Decimal, user_id: int | None, now: datetime) -> None:
        """Count ``qty`` as done; the line completes when nothing remains."""
        self.ensure_open(task_number)
        if qty > self.remaining:
            raise QuantityExceedsRemaining(line=self.line_no, task=task_number,
                                           remaining=self.remaining, qty=qty)
        self.qty_done += qty
        if self.remaining == 0:
            self._settle(WorkState.DONE, user_id, now)

    def close_short(self, task_number: str, reason: str, user_id: int | None,
                    now: datetime) -> Decimal:
        """Give up the rest of the line (nothing more is there); returns the missing quantity."""
        self.ensure_open(task_number)
        if not reason or not reason.strip():
            raise InvalidInput(field="short reason", reason="say why the line is short")
        self.short_reason = reason.strip()[:128]
        missing = self.remaining
        self._settle(WorkState.DONE, user_id, now)
        return missing

    def complete(self, task_number: str, user_id: int | None, now: datetime) -> None:
        """Settle a line that has no quantity to reach (a bin counted, a scope checked)."""
        self.ensure_open(task_number)
        self._settle(WorkState.DONE, user_id, now)

    def cancel(self, user_id: int | None, now: datetime) -> None:
        if self.is_open:
            self._settle(WorkState.CANCELLED, user_id, now)

    def shrink(self, qty: Decimal) -> None:
        """Take back ``qty`` already done (unpicking): the plan shrinks with it."""
        if qty > self.qty_done:
            raise InvalidInput(field="quantity",
                               reason=f"only {self.qty_done} was done on the line")
        self.qty_done -= qty
        self.qty -= qty
        if self.qty == 0:
            self.state = WorkState.CANCELLED.value

    def _settle(self, state: WorkState, user_id: int | None, now: datetime) -> None:
        self.state = state.value
        self.done_at, self.done_by_id = now, user_id


@dataclass(eq=False)
class Task(Stateful):
    KIND = "Task"
    number: str
    task_type: str
    warehouse_id: int
    state: str = WorkState.OPEN.value
    priority: int = 0
    assignee_id: int | None = None
    inbound_order_id: int | None = None
    outbound_order_id: int | None = None
    parent_id: int | None = None
    note: str = ""
    created_at: datetime | None = None
    created_by_id: int | None = None
    started_at: datetime | None = None
    started_by_id: int | None = None
    finished_at: datetime | None = None
    finished_by_id: int | None = None
    cancel_reason: str = ""
    lines: list[TaskLine] = field(default_factory=list)
    id: int | None = None

    # -- transitions --------------------------------------------------------------------------
    def start(self, user_id: int | None, now: datetime) -> None:
        self._move_to(WorkState.IN_PROGRESS)
        self.started_at, self.started_by_id = now, user_id
        if self.assignee_id is None:
            self.assignee_id = user_id

    def begin_work(self, user_id: int | None, now: datetime) -> None:
        """The first scan on an open task starts it; later scans just check it is workable."""
        self.ensure_workable()
        if self.state == WorkState.OPEN.value:
            self.start(user_id, now)

    def finish(self, user_id: int | None, now: datetime) -> None:
        open_lines = self.open_lines()
        if open_lines:
            raise TaskHasOpenLines(task=self.number, count=len(open_lines))
        if self.state == WorkState.OPEN.value:
            self.start(user_id, now)
        self._move_to(WorkState.DONE)
        self.finished_at, self.finished_by_id = now, user_id

    def cancel(self, user_id: int | None, now: datetime, reason: str) -> None:
        if not reason or not reason.strip():
            raise InvalidInput(field="cancel reason", reason="say why the task is cancelled")
        self._move_to(WorkState.CANCELLED)
        self.cancel_reason = reason.strip()[:256]
        self.finished_at, self.finished_by_id = now, user_id
        for line in self.lines:
            line.cancel(user_id, now)

    def assign(self, user_id: int | None) -> None:
        self.ensure_workable()
        self.assignee_id = user_id

    # -- lines --------------------------------------------------------------------------------
    def add_line(self, **values) -> TaskLine:
        self.ensure_workable()
        line = TaskLine(line_no=len(self.lines) + 1, **values)
        self.lines.append(line)
        return line

    def line(self, line_no: int) -> TaskLine:
        for line in self.lines:
            if line.line_no == line_no:
                return line
        raise NotFound(kind="Task line", key=f"{self.number}/{line_no}")

    def open_lines(self) -> list[TaskLine]:
        return [line for line in self.lines if line.is_open]

    def finish_if_complete(self, user_id: int | None, now: datetime) -> bool:
        """Close the task once its last line is settled (the usual end of scan-driven work)."""
        if self.open_lines() or self.is_final:
            return False
        self.finish(user_id, now)
        return True


def ensure_type(task: Task, expected: TaskType, *, workable: bool = True) -> None:
    """Refuse a task of another type (a pick number scanned on the putaway screen) and, unless
    told otherwise, a task that is already done or cancelled."""
    if task.task_type != expected.value:
        raise InvalidInput(field="task", reason=f"{task.number} is a {task.task_type} task, "
                                                f"not a {expected.value} task")
    if workable:
        check_workable(Task.KIND, task.number, task.state)
