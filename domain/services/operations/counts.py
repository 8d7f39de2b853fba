"""Cycle counts (循环盘点): plan, count blind, recount what disagrees too much.

A plan (by bins, a zone, items or an ABC class) becomes a count task with one line per bin (and
item, when counting items). Counts are blind by default: counters record what they find without
ever being shown the book (a planner may choose an open count, whose book ``count_book`` reads);
when a bin is finished, the book is snapshotted beside the counts, and a variance beyond the
plan's threshold sends the bin to a recount (a new line; the first round is superseded). The
variances become stock only when a supervisor approves (``count_approval``).

A short pick plans a count of its bin by itself (``count_after_short``), so the discrepancy the
picker found is checked by a count and settled by the usual approval.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import InvalidInput
from domain.model import Zone
from domain.model.states import WorkState
from domain.model.tasks import Task, TaskLine, TaskType, ensure_type
from domain.permissions import Actor, Permission
from domain.persistence.tables import (
    bins, count_entries, count_plans, items, quants, task_lines, tasks,
)
from domain.quantity import parse_quantity
from domain.services.operations.common import OperationService, as_qty, load_task
from domain.services.operations.orders import find_warehouse
from domain.services.operations.scans import check_item
from domain.services.stock import StockService, find_bin, find_item

BASES = ("bin", "zone", "item", "abc")
ABC_CLASSES = ("A", "B", "C")
Key = tuple[int, int | None, int | None]          # (item id, lot id, serial id)


@dataclass(frozen=True)
class CountPlan:
    warehouse: str
    basis: str                        # bin / zone / item / abc
    values: tuple[str, ...]           # bin codes, one zone code, item codes, one ABC class
    threshold_pct: object = 5         # a variance beyond both thresholds is recounted
    threshold_qty: object = 0
    blind: bool = True                # False: the counters are shown the book quantity


@dataclass(frozen=True)
class BinResult:
    recount: bool                     # the bin must be counted again (a new line)


def over_threshold(counted: Decimal, expected: Decimal, pct: Decimal, qty: Decimal) -> bool:
    variance = abs(counted - expected)
    return variance > qty and variance > expected * pct / 100


def _scopes(s: Session, plan: CountPlan, warehouse_id: int) -> list[tuple[int, int | None]]:
    """(bin id, item id or None) to count, in walking order."""
    base = select(bins.c.id).where(bins.c.warehouse_id == warehouse_id, bins.c.active.is_(True))
    if plan.basis == "bin":
        found = [find_bin(s, code) for code in plan.values]
        elsewhere = [b.code for b in found if b.warehouse_id != warehouse_id]
        if elsewhere:
            raise InvalidInput(field="bin", reason=f"{elsewhere[0]} is in another warehouse")
        return [(b, None) for b in dict.fromkeys(b.id for b in found)]
    if plan.basis == "zone":
        zone = s.scalars(select(Zone).where(Zone.warehouse_id == warehouse_id,
                                            Zone.code == plan.values[0])).first()
        if zone is None:
            raise InvalidInput(field="zone", reason=f"no zone {plan.values[0]}")
        q = base.where(bins.c.zone_id == zone.id).order_by(bins.c.pick_sequence, bins.c.code)
        return [(b, None) for b in s.scalars(q)]
    if plan.basis == "item":
        item_ids = [find_item(s, code).id for code in plan.values]
    else:
        item_ids = list(s.scalars(select(items.c.id).where(items.c.abc_class == plan.values[0])))
    q = (select(quants.c.bin_id, quants.c.item_id).distinct()
         .select_from(quants.join(bins, bins.c.id == quants.c.bin_id))
         .where(quants.c.item_id.in_(item_ids), bins.c.warehouse_id == warehouse_id)
         .order_by(quants.c.bin_id, quants.c.item_id))
    return [(r.bin_id, r.item_id) for r in s.execute(q)]


def count_after_short(svc: OperationService, s: Session, actor: Actor, warehouse_id: int,
                      bin_id: int, item_id: int, origin: str) -> str:
    """A blind count of the whole bin where a pick came up short (``origin``: the pick task and
    line), planned in the short pick's transaction; returns its number. A count of that bin (or
    of that item in it) planned and not yet counted is reused instead of planning another. No
    ERP message: a plan moves no stock (the approval of the count reports the result)."""
    waiting = s.scalar(
        select(tasks.c.number).join(task_lines, task_lines.c.task_id == tasks.c.id)
        .where(tasks.c.task_type == TaskType.COUNT.value,
               tasks.c.state.in_([WorkState.OPEN.value, WorkState.IN_PROGRESS.value]),
               task_lines.c.state == WorkState.OPEN.value, task_lines.c.from_bin_id == bin_id,
               task_lines.c.item_id.is_(None) | (task_lines.c.item_id == item_id))
        .order_by(tasks.c.id).limit(1))
    if waiting is not None:
        return waiting
    code = s.scalar(select(bins.c.code).where(bins.c.id == bin_id))
    task = svc.new_task(s, actor, TaskType.COUNT, warehouse_id,
                        note=f"short pick {origin}"[:256])
    task.add_line(item_id=None, from_bin_id=bin_id)
    s.flush()
    defaults = CountPlan("", "bin", (code,))
    s.execute(insert(count_plans).values(
        task_id=task.id, basis="bin", basis_value=code[:64],
        threshold_pct=parse_quantity(defaults.threshold_pct, allow_zero=True),
        threshold_qty=parse_quantity(defaults.threshold_qty, allow_zero=True)))
    audit.record(s, actor, "count.plan", entity="task", key=task.number,
                 detail={"basis": "bin", "values": [code], "bins": 1, "after_short_pick": origin})
    return task.number


def book(s: Session, line: TaskLine) -> dict[Key, Decimal]:
    """On hand in the line's bin (all statuses), per item/lot/serial: the expected quantity."""
    q = (select(quants.c.item_id, quants.c.lot_id, quants.c.serial_id,
                as_qty(func.sum(quants.c.on_hand)).label("qty"))
         .where(quants.c.bin_id == line.from_bin_id)
         .group_by(quants.c.item_id, quants.c.lot_id, quants.c.serial_id))
    if line.item_id is not None:
        q = q.where(quants.c.item_id == line.item_id)
    return {(r.item_id, r.lot_id, r.serial_id): r.qty for r in s.execute(q)}


def round_of(task: Task, line: TaskLine) -> int:
    """1 for a first count, 2 for the recount line of the same bin and item."""
    return 1 + sum(1 for l in task.lines if l.line_no < line.line_no
                   and (l.from_bin_id, l.item_id) == (line.from_bin_id, line.item_id))


class CountService(OperationService):

    def plan(self, actor: Actor, plan: CountPlan) -> Task:
        self.require(actor, Permission.PLAN_COUNT, "count.plan")
        values = tuple(dict.fromkeys(v.strip() for v in plan.values if v and v.strip()))
        if plan.basis not in BASES or not values:
            raise InvalidInput(field="count plan", reason="bins, a zone, items or an ABC class")
        if plan.basis in ("zone", "abc") and len(values) != 1:
            raise InvalidInput(field="count plan", reason=f"one {plan.basis} at a time")
        if plan.basis == "abc" and values[0].upper() not in ABC_CLASSES:
            raise InvalidInput(field="ABC class", reason="A, B or C")
        plan = replace(plan, values=tuple(v.upper() for v in values) if plan.basis == "abc"
                       else values)
        pct, qty = (parse_quantity(plan.threshold_pct, allow_zero=True),
                    parse_quantity(plan.threshold_qty, allow_zero=True))

        def work(s: Session) -> Task:
            wh = find_warehouse(s, plan.warehouse)
            scopes = _scopes(s, plan, wh.id)
            if not scopes:
                raise InvalidInput(field="count plan", reason="nothing to count")
            task = self.new_task(s, actor, TaskType.COUNT, wh.id)
            for bin_id, item_id in scopes:
                task.add_line(item_id=item_id, from_bin_id=bin_id)
            s.flush()
            s.execute(insert(count_plans).values(task_id=task.id, basis=plan.basis,
                                                 basis_value=",".join(plan.values)[:64],
                                                 threshold_pct=pct, threshold_qty=qty,
                                                 blind=bool(plan.blind)))
            audit.record(s, actor, "count.plan", entity="task", key=task.number,
                         detail={"basis": plan.basis, "values": list(plan.values),
                                 "bins": len(scopes), "blind": bool(plan.blind)})
            return task
        return self.db.write(work)

    def record(self, actor: Actor, number: str, bin: str, item: str, qty: object, *,
               lot: str | None = None, serial: str | None = None) -> None:
        """What the counter found of one item (lot, serial) in a bin; recording the same thing
        again replaces it (a correction, or a retried scan)."""
        self.require(actor, Permission.COUNT, "count.record")
        counted = parse_quantity(qty, allow_zero=True)

        def work(s: Session) -> None:
            task, line = self._open_line(s, actor, number, bin)
            it = check_item(s, item, line.item_id)
            core = StockService(self.db, self.clock)      # a count may find a new lot or serial
            lot_row = core.lot_for_receipt(s, it, lot, None, None)
            if it.lot_tracked and lot_row is None:
                raise InvalidInput(field="lot", reason=f"{it.code} is lot-tracked; scan the lot")
            serial_row = core.serial_for(s, it, serial.strip(), lot_row) if serial else None
            key = (it.id, lot_row.id if lot_row else None, serial_row.id if serial_row else None)
            s.execute(delete(count_entries).where(count_entries.c.task_line_id == line.id,
                                                  *_key_is(key)))
            s.execute(insert(count_entries).values(
                task_id=task.id, task_line_id=line.id, round=round_of(task, line),
                bin_id=line.from_bin_id, item_id=key[0], lot_id=key[1], serial_id=key[2],
                counted_qty=counted, counted_at=self.now(), counted_by_id=actor.user_id))
        self.db.write(work)

    def finish_bin(self, actor: Actor, number: str, bin: str) -> BinResult:
        """The counter is done with a bin: what was not found counts as zero, the book is put
        beside the counts, and too large a variance (first round only) asks for a recount."""
        self.require(actor, Permission.COUNT, "count.finish_bin")

        def work(s: Session) -> BinResult:
            task, line = self._open_line(s, actor, number, bin)
            self._snapshot(s, actor, task, line)
            line.complete(task.number, actor.user_id, self.now())
            recount = round_of(task, line) == 1 and self._too_far(s, task, line)
            if recount:
                s.execute(update(count_entries).where(count_entries.c.task_line_id == line.id)
                          .values(superseded=True))
                task.add_line(item_id=line.item_id, from_bin_id=line.from_bin_id)
            task.finish_if_complete(actor.user_id, self.now())
            audit.record(s, actor, "count.finish_bin", entity="task", key=task.number,
                         detail={"bin": bin, "recount": recount})
            return BinResult(recount)
        return self.db.write(work)

    # -- helpers ------------------------------------------------------------------------------
    def _open_line(self, s: Session, actor: Actor, number: str, bin: str) -> tuple[Task, TaskLine]:
        task = load_task(s, number)
        ensure_type(task, TaskType.COUNT)
        b = find_bin(s, bin)
        line = next((l for l in task.open_lines() if l.from_bin_id == b.id), None)
        if line is None:
            raise InvalidInput(field="bin", reason=f"{b.code} is not (or no longer) to be "
                                                   f"counted in {task.number}")
        task.begin_work(actor.user_id, self.now())
        return task, line

    def _snapshot(self, s: Session, actor: Actor, task: Task, line: TaskLine) -> None:
        expected = book(s, line)
        counted = {(r.item_id, r.lot_id, r.serial_id) for r in s.execute(
            select(count_entries).where(count_entries.c.task_line_id == line.id))}
        for key in expected.keys() - counted:
            s.execute(insert(count_entries).values(
                task_id=task.id, task_line_id=line.id, round=round_of(task, line),
                bin_id=line.from_bin_id, item_id=key[0], lot_id=key[1], serial_id=key[2],
                counted_qty=Decimal(0), counted_at=self.now(), counted_by_id=actor.user_id))
        for key in counted | expected.keys():
            s.execute(update(count_entries).where(count_entries.c.task_line_id == line.id,
                                                  *_key_is(key))
                      .values(expected_qty=expected.get(key, Decimal(0))))

    @staticmethod
    def _too_far(s: Session, task: Task, line: TaskLine) -> bool:
        plan = s.execute(select(count_plans).where(count_plans.c.task_id == task.id)).one()
        rows = s.execute(select(count_entries.c.counted_qty, count_entries.c.expected_qty)
                         .where(count_entries.c.task_line_id == line.id))
        return any(over_threshold(r.counted_qty, r.expected_qty, plan.threshold_pct,
                                  plan.threshold_qty) for r in rows)


def _key_is(key: Key) -> list:
    def same(column, value):
        return column.is_(None) if value is None else column == value
    return [count_entries.c.item_id == key[0], same(count_entries.c.lot_id, key[1]),
            same(count_entries.c.serial_id, key[2])]
