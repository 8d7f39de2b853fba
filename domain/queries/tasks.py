"""Read models of tasks: the task list (filter by type, state, assignee, date; counted, so the
screen pages through every task) and a task's lines in walking order (pick lists and count
sheets print from these); ``TaskReads`` serves them to the screens behind their permissions.

Count sheets never carry the book quantity: counting is blind, so the expected quantity is not
in the counter's view at all rather than merely hidden by the screen. Only a count planned open
(``count_plans.blind`` false) has its book read out, by ``count_book``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select, type_coerce
from sqlalchemy.orm import Session

from domain.errors import NotFound
from domain.permissions import Actor, Permission
from domain.persistence.types import Quantity
from domain.persistence.tables import (
    bins, count_entries, count_plans, inbound_orders, items, lots, outbound_order_lines,
    outbound_orders, quants, serials, task_lines, tasks, users,
)
from domain.services.base import Service


@dataclass(frozen=True)
class TaskFilter:
    task_type: str = ""
    state: str = ""                 # "" = any; "active" = open or in progress
    assignee: str = ""              # user name
    created_from: datetime | None = None
    created_to: datetime | None = None


def _conditions(f: TaskFilter) -> list:
    c = []
    if f.task_type:
        c.append(tasks.c.task_type == f.task_type)
    if f.state == "active":
        c.append(tasks.c.state.in_(("open", "in_progress")))
    elif f.state:
        c.append(tasks.c.state == f.state)
    if f.assignee:
        c.append(users.c.username == f.assignee)
    if f.created_from:
        c.append(tasks.c.created_at >= f.created_from)
    if f.created_to:
        c.append(tasks.c.created_at < f.created_to)
    return c


def task_count(session: Session, f: TaskFilter) -> int:
    """How many tasks the filter matches (the task list pages through them)."""
    q = (select(func.count()).select_from(tasks.outerjoin(users, users.c.id == tasks.c.assignee_id))
         .where(*_conditions(f)))
    return session.scalar(q)


def task_list(session: Session, f: TaskFilter, *, offset: int = 0, limit: int = 200) -> list[dict]:
    """Newest first, with line progress counted in one grouped subquery."""
    progress = (select(task_lines.c.task_id, func.count().label("lines"),
                       func.sum(case((task_lines.c.state != "open", 1), else_=0))
                       .label("lines_settled"))
                .group_by(task_lines.c.task_id).subquery())
    q = (select(tasks.c.number, tasks.c.task_type, tasks.c.state, tasks.c.priority,
                users.c.username.label("assignee"), tasks.c.created_at, tasks.c.started_at,
                tasks.c.finished_at, inbound_orders.c.number.label("inbound_order"),
                outbound_orders.c.number.label("outbound_order"),
                func.coalesce(progress.c.lines, 0).label("lines"),
                func.coalesce(progress.c.lines_settled, 0).label("lines_settled"))
         .select_from(tasks.outerjoin(users, users.c.id == tasks.c.assignee_id)
                      .outerjoin(inbound_orders, inbound_orders.c.id == tasks.c.inbound_order_id)
                      .outerjoin(outbound_orders,
                                 outbound_orders.c.id == tasks.c.outbound_order_id)
                      .outerjoin(progress, progress.c.task_id == tasks.c.id))
         .where(*_conditions(f))
         .order_by(tasks.c.created_at.desc(), tasks.c.id.desc()).offset(offset).limit(limit))
    return [r._asdict() for r in session.execute(q)]


def task_line_rows(session: Session, number: str) -> list[dict]:
    """A task's lines in walking order: by the source bin's pick sequence, then bin code (the
    pick list); lines without a source bin (receipts) by their target bin."""
    from_bin, to_bin = bins.alias("from_bin"), bins.alias("to_bin")
    walk = func.coalesce(from_bin.c.pick_sequence, to_bin.c.pick_sequence)
    q = (select(task_lines.c.line_no, task_lines.c.state, items.c.code.label("item"),
                items.c.name.label("item_name"), lots.c.lot_no, lots.c.expiry_date,
                serials.c.serial_no, from_bin.c.code.label("from_bin"),
                to_bin.c.code.label("to_bin"), task_lines.c.status, task_lines.c.qty,
                task_lines.c.qty_done, task_lines.c.short_reason,
                outbound_orders.c.number.label("order"),
                outbound_order_lines.c.line_no.label("order_line"))
         .select_from(task_lines.join(tasks, tasks.c.id == task_lines.c.task_id)
                      .outerjoin(items, items.c.id == task_lines.c.item_id)
                      .outerjoin(lots, lots.c.id == task_lines.c.lot_id)
                      .outerjoin(serials, serials.c.id == task_lines.c.serial_id)
                      .outerjoin(from_bin, from_bin.c.id == task_lines.c.from_bin_id)
                      .outerjoin(to_bin, to_bin.c.id == task_lines.c.to_bin_id)
                      .outerjoin(outbound_order_lines,
                                 outbound_order_lines.c.id == task_lines.c.outbound_line_id)
                      .outerjoin(outbound_orders,
                                 outbound_orders.c.id == outbound_order_lines.c.order_id))
         .where(tasks.c.number == number)
         .order_by(walk, func.coalesce(from_bin.c.code, to_bin.c.code), task_lines.c.line_no))
    return [r._asdict() for r in session.execute(q)]


def count_sheet(session: Session, number: str) -> list[dict]:
    """What a counter sees: the bins (and item) still to count and what they have entered so
    far in the current round. Deliberately no book quantity."""
    q = (select(task_lines.c.line_no, task_lines.c.state, bins.c.code.label("bin"),
                items.c.code.label("item"), lots.c.lot_no, serials.c.serial_no,
                count_entries.c.round, count_entries.c.counted_qty)
         .select_from(task_lines.join(tasks, tasks.c.id == task_lines.c.task_id)
                      .join(bins, bins.c.id == task_lines.c.from_bin_id)
                      .outerjoin(count_entries, (count_entries.c.task_line_id == task_lines.c.id)
                                 & count_entries.c.superseded.is_(False))
                      .outerjoin(items, items.c.id == func.coalesce(count_entries.c.item_id,
                                                                    task_lines.c.item_id))
                      .outerjoin(lots, lots.c.id == count_entries.c.lot_id)
                      .outerjoin(serials, serials.c.id == count_entries.c.serial_id))
         .where(tasks.c.number == number, task_lines.c.state == "open")
         .order_by(bins.c.pick_sequence, bins.c.code, task_lines.c.line_no, items.c.code,
                   lots.c.lot_no))
    return [r._asdict() for r in session.execute(q)]


def count_variances(session: Session, number: str) -> list[dict]:
    """The supervisor's view of a count: book, counted and variance per bin/item/lot/serial
    (final round only), with who counted, largest variances first."""
    variance = count_entries.c.counted_qty - count_entries.c.expected_qty
    q = (select(bins.c.code.label("bin"), items.c.code.label("item"), lots.c.lot_no,
                serials.c.serial_no, count_entries.c.round, count_entries.c.expected_qty,
                count_entries.c.counted_qty, type_coerce(variance, Quantity()).label("variance"),
                users.c.username.label("counted_by"))
         .select_from(count_entries.join(tasks, tasks.c.id == count_entries.c.task_id)
                      .join(bins, bins.c.id == count_entries.c.bin_id)
                      .join(items, items.c.id == count_entries.c.item_id)
                      .outerjoin(lots, lots.c.id == count_entries.c.lot_id)
                      .outerjoin(serials, serials.c.id == count_entries.c.serial_id)
                      .outerjoin(users, users.c.id == count_entries.c.counted_by_id))
         .where(tasks.c.number == number, count_entries.c.superseded.is_(False))
         .order_by(func.abs(variance).desc(), bins.c.code, items.c.code))
    return [r._asdict() for r in session.execute(q)]


def count_plan(session: Session, number: str) -> dict:
    """How a count was planned: basis, values, thresholds, blind."""
    row = session.execute(select(count_plans.c.basis, count_plans.c.basis_value,
                                 count_plans.c.threshold_pct, count_plans.c.threshold_qty,
                                 count_plans.c.blind)
                          .join(tasks, tasks.c.id == count_plans.c.task_id)
                          .where(tasks.c.number == (number or "").strip())).first()
    if row is None:
        raise NotFound(kind="Count", key=number)
    return row._asdict()


def count_book(session: Session, number: str) -> list[dict] | None:
    """The book (on hand, all statuses) of the bins still to count in an open count, per bin,
    item, lot and serial; None for a blind count, whose book is never read out."""
    if count_plan(session, number)["blind"]:
        return None
    open_lines = (select(task_lines.c.from_bin_id, task_lines.c.item_id)
                  .join(tasks, tasks.c.id == task_lines.c.task_id)
                  .where(tasks.c.number == number, task_lines.c.state == "open").subquery())
    q = (select(bins.c.code.label("bin"), items.c.code.label("item"), lots.c.lot_no,
                serials.c.serial_no,
                type_coerce(func.sum(quants.c.on_hand), Quantity()).label("book_qty"))
         .select_from(quants.join(open_lines, (open_lines.c.from_bin_id == quants.c.bin_id)
                                  & ((open_lines.c.item_id.is_(None))
                                     | (open_lines.c.item_id == quants.c.item_id)))
                      .join(bins, bins.c.id == quants.c.bin_id)
                      .join(items, items.c.id == quants.c.item_id)
                      .outerjoin(lots, lots.c.id == quants.c.lot_id)
                      .outerjoin(serials, serials.c.id == quants.c.serial_id))
         .group_by(bins.c.code, items.c.code, lots.c.lot_no, serials.c.serial_no)
         .order_by(bins.c.code, items.c.code, lots.c.lot_no))
    return [r._asdict() for r in session.execute(q)]


# -- the read service ---------------------------------------------------------------------------
@dataclass(frozen=True)
class TaskPage:
    rows: list[dict]
    total: int            # tasks matching the filter, all pages
    offset: int


class TaskReads(Service):
    """What the task screens read, each in one read transaction behind its permission (the
    screens call these inside ops, never on the UI thread)."""

    def task_page(self, actor: Actor, f: TaskFilter, *, offset: int = 0,
                  limit: int = 200) -> TaskPage:
        """One page of the task list, newest first, and how many tasks match in all."""
        self.require(actor, Permission.VIEW_STOCK, "task.list")
        with self.db.read() as s:
            total = task_count(s, f)
            offset = max(0, min(offset, (max(total - 1, 0) // limit) * limit))
            return TaskPage(task_list(s, f, offset=offset, limit=limit), total, offset)

    def lines(self, actor: Actor, number: str) -> list[dict]:
        self.require(actor, Permission.VIEW_STOCK, "task.lines")
        with self.db.read() as s:
            return task_line_rows(s, number)

    def count_sheet(self, actor: Actor, number: str) -> list[dict]:
        self.require(actor, Permission.COUNT, "count.sheet")
        with self.db.read() as s:
            return count_sheet(s, number)

    def count_plan(self, actor: Actor, number: str) -> dict:
        self.require(actor, Permission.COUNT, "count.plan_read")
        with self.db.read() as s:
            return count_plan(s, number)

    def count_book(self, actor: Actor, number: str) -> list[dict] | None:
        """The book of an open (not blind) count; None for a blind one."""
        self.require(actor, Permission.COUNT, "count.book")
        with self.db.read() as s:
            return count_book(s, number)

    def count_variances(self, actor: Actor, number: str) -> list[dict]:
        self.require(actor, Permission.APPROVE_COUNT, "count.variances")
        with self.db.read() as s:
            return count_variances(s, number)

    def order_lines(self, actor: Actor, number: str) -> list[dict]:
        """An outbound order's lines with what is picked and shipped (the packing screen)."""
        self.require(actor, Permission.VIEW_STOCK, "outbound.lines")
        ol = outbound_order_lines
        q = (select(ol.c.line_no, items.c.code.label("item"), ol.c.qty_ordered, ol.c.qty_picked,
                    ol.c.qty_shipped)
             .select_from(ol.join(outbound_orders, outbound_orders.c.id == ol.c.order_id)
                          .join(items, items.c.id == ol.c.item_id))
             .where(outbound_orders.c.number == (number or "").strip())
             .order_by(ol.c.line_no))
        with self.db.read() as s:
            rows = [r._asdict() for r in s.execute(q)]
            if not rows and s.scalar(select(outbound_orders.c.id).where(
                    outbound_orders.c.number == (number or "").strip())) is None:
                raise NotFound(kind="Outbound order", key=number)
            return rows
