"""What every warehouse operation shares: loading documents with a row lock, numbering, tasks,
and posting to the ledger with the references the ERP needs to match a message to its order.

Operations run inside ``Database.write`` and may be re-run after a deadlock, so everything here
reads what it needs inside the transaction and keeps no state between attempts.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import bindparam, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, lazyload

from domain.errors import InvalidInput, NotFound
from domain.model import Bin, MoveReason
from domain.model.documents import InboundOrder, OutboundOrder
from domain.model.states import WorkState
from domain.model.tasks import TASK_NUMBERING, Task, TaskLine, TaskType
from domain.numbering import next_number, set_rule
from domain.persistence.tables import task_lines
from domain.persistence.types import Quantity
from domain.permissions import Actor
from domain.services import ledger
from domain.services.base import Service
from domain.services.ledger import MoveLine, Posting, PostResult
from domain.services.stock import find_bin

# Numbering rules the operations need beyond the stock core's defaults: created on first use.
EXTRA_RULES = {  # doc_type: (prefix, reset, date_format, padding)
    "inbound": ("IN", "daily", "%Y%m%d", 4),
    "outbound": ("OUT", "daily", "%Y%m%d", 4),
    "inspection": ("QC", "daily", "%Y%m%d", 4),
    "sscc": ("", "never", "", 1),
}


def qty_text(value: Decimal) -> str:
    """A quantity as the ERP reads it: plain digits ("10", "12.5"), never "1E+1"."""
    return format(value, "f")


def as_qty(expression):
    """Arithmetic on Quantity columns comes back typed as their scaled BIGINT; this restores the
    Decimal quantity (``on_hand - reserved`` would otherwise read 1000000 for one unit)."""
    return type_coerce(expression, Quantity())


def next_doc_number(s: Session, doc_type: str, today: date) -> str:
    """``numbering.next_number``, creating the default rule of an operations doc type first."""
    try:
        return next_number(s, doc_type, today)
    except NotFound:
        if doc_type not in EXTRA_RULES:
            raise
    prefix, reset, date_format, padding = EXTRA_RULES[doc_type]
    try:
        with s.begin_nested():  # another station may create it at the same moment
            set_rule(s, doc_type, prefix=prefix, reset=reset, date_format=date_format,
                     padding=padding)
    except IntegrityError:
        pass
    return next_number(s, doc_type, today)


def _load(s: Session, cls, number: str, lock: bool, lines: bool = True):
    q = select(cls).where(cls.number == (number or "").strip())
    if not lines:
        q = q.options(lazyload(cls.lines))
    found = s.scalars(q.with_for_update() if lock else q).first()
    if found is None:
        raise NotFound(kind=cls.KIND, key=number)
    return found


def load_task(s: Session, number: str, *, lock: bool = True, lines: bool = True) -> Task:
    """The task, its row locked (PostgreSQL) so two stations confirming the same line queue up
    and the second sees the first one's result instead of doing the work twice. A scan on a
    10,000-line wave passes ``lines=False`` and reads its one line with ``task_line``."""
    return _load(s, Task, number, lock, lines)


def task_line(s: Session, task: Task, line_no: int) -> TaskLine:
    line = s.scalars(select(TaskLine).where(TaskLine.task_id == task.id,
                                            TaskLine.line_no == line_no)).first()
    if line is None:
        raise NotFound(kind="Task line", key=f"{task.number}/{line_no}")
    return line


# Asked after every scan of a task: built once.
_AN_OPEN_LINE = (select(task_lines.c.id).where(task_lines.c.task_id == bindparam("task_id"),
                                               task_lines.c.state == WorkState.OPEN.value)
                 .limit(1))


def finish_if_last(s: Session, task: Task, user_id: int | None, now: datetime) -> bool:
    """``Task.finish_if_complete`` without loading every line: one EXISTS query first."""
    s.flush()
    still_open = s.execute(_AN_OPEN_LINE, {"task_id": task.id}).scalar()
    return False if still_open is not None else task.finish_if_complete(user_id, now)


def load_inbound(s: Session, number: str, *, lock: bool = True) -> InboundOrder:
    return _load(s, InboundOrder, number, lock)


def load_outbound(s: Session, number: str, *, lock: bool = True) -> OutboundOrder:
    return _load(s, OutboundOrder, number, lock)


def bin_of_type(s: Session, code: str, *types: str) -> Bin:
    """The scanned bin, refused unless it is of one of ``types`` (e.g. a staging bin for picks)."""
    b = find_bin(s, code)
    if types and b.bin_type not in types:
        raise InvalidInput(field="bin", reason=f"{b.code} is a {b.bin_type} bin; "
                                               f"expected {' or '.join(types)}")
    if not b.active:
        raise InvalidInput(field="bin", reason=f"{b.code} is inactive")
    return b


def default_bin(s: Session, warehouse_id: int, bin_type: str) -> Bin:
    """The first active, unblocked bin of a type (by pick sequence) when the clerk names none."""
    found = s.scalars(select(Bin).where(Bin.warehouse_id == warehouse_id,
                                        Bin.bin_type == bin_type, Bin.active.is_(True),
                                        Bin.blocked.is_(False))
                      .order_by(Bin.pick_sequence, Bin.code).limit(1)).first()
    if found is None:
        raise NotFound(kind=f"{bin_type} bin", key=f"warehouse {warehouse_id}")
    return found


class OperationService(Service):
    """Base of the operation services: the clock's now/today and the task and posting helpers."""

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.clock.today()

    def new_task(self, s: Session, actor: Actor, task_type: TaskType, warehouse_id: int,
                 **values) -> Task:
        number = next_doc_number(s, TASK_NUMBERING[task_type.value], self.today())
        task = Task(number=number, task_type=task_type.value, warehouse_id=warehouse_id,
                    created_at=self.now(), created_by_id=actor.user_id, **values)
        s.add(task)
        return task

    def post(self, s: Session, actor: Actor, reason: MoveReason | None, lines: list[MoveLine],
             *, document_ref: str, message_type: str, extra: dict) -> PostResult:
        """One ledger posting = moves + quants + audit + exactly one outbox message (the
        ledger reads the master data of many lines with a few IN queries itself)."""
        return ledger.post(s, actor, Posting(reason, lines, document_ref, message_type, extra),
                           now=self.now(), today=self.today())
