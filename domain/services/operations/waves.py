"""Allocating outbound orders into a pick task (波次): one order, or several at once (a wave).

Allocation reserves the chosen quants through the ledger and records, per pick line, which
quant holds its units (``reservations``). It moves no stock, so it sends no ERP message. If
another station takes the same units between our candidate query and our reservation (the race
for the last unit), the allocation is redone from fresh candidates inside a savepoint: exactly
one station gets the unit; the other allocates what is left, or is told nothing is left.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from domain import audit
from domain.errors import DomainError, InsufficientStock, InvalidInput, NotFound
from domain.model import Bin, BinType, StockStatus
from domain.model.documents import OutboundLine, OutboundOrder
from domain.model.states import WorkState
from domain.model.tasks import Task, TaskType
from domain.persistence.tables import outbound_order_lines, task_lines
from domain.permissions import Actor, Permission
from domain.services.operations import bulk, reservations
from domain.services.operations.allocation import Allocation, Demand, allocate, load_candidates
from domain.services.operations.common import (
    OperationService, as_qty, bin_of_type, qty_text,
)

STAGING_TYPES = (BinType.STAGING.value, BinType.SHIPPING.value)
ATTEMPTS = 3


class NothingAllocated(DomainError):
    template = "No stock could be allocated for {orders}"


@dataclass(frozen=True)
class AllocationResult:
    task: str
    lines: int
    short: dict[str, Decimal]      # "ORDER/line" -> quantity left unallocated


def load_demands(s: Session, orders: list[OutboundOrder]) -> tuple[list[Demand], dict[int, str]]:
    """What is still to allocate, most urgent first (priority, requested date, number), read
    with one Core query; and each line's name ("ORDER/line") for the shortage report."""
    ranked = sorted(orders, key=lambda o: (-o.priority, o.requested_date or date.max, o.number))
    rank = {o.id: n for n, o in enumerate(ranked)}
    names = {o.id: o.number for o in orders}
    ol = outbound_order_lines
    open_qty = as_qty(ol.c.qty_ordered - ol.c.qty_allocated - ol.c.qty_backordered
                      - ol.c.qty_shipped)
    rows = s.execute(select(ol.c.id, ol.c.order_id, ol.c.line_no, ol.c.item_id, ol.c.lot_no,
                            open_qty.label("open")).where(ol.c.order_id.in_(list(rank)))).all()
    rows.sort(key=lambda r: (rank[r.order_id], r.line_no))
    return ([Demand(r.id, r.item_id, r.open, r.lot_no) for r in rows if r.open > 0],
            {r.id: f"{names[r.order_id]}/{r.line_no}" for r in rows})


class WaveService(OperationService):

    def allocate(self, actor: Actor, orders: list[str], staging_bin: str) -> AllocationResult:
        """Allocate and reserve stock for ``orders`` into one new pick task whose picked units
        go to ``staging_bin``."""
        self.require(actor, Permission.RESERVE, "pick.allocate")
        if not orders:
            raise InvalidInput(field="orders", reason="choose at least one order")
        return self.db.write(lambda s: self._allocate(s, actor, orders, staging_bin))

    def _allocate(self, s: Session, actor: Actor, numbers: list[str],
                  staging_bin: str) -> AllocationResult:
        staging = bin_of_type(s, staging_bin, *STAGING_TYPES)
        orders = load_orders(s, numbers)
        for order in orders:
            if order.warehouse_id != staging.warehouse_id:
                raise InvalidInput(field="staging bin", reason=f"{order.number} ships from "
                                                               f"another warehouse")
            order.ensure_workable()
        wanted, names = load_demands(s, orders)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with s.begin_nested():
                    return self._reserve(s, actor, orders, wanted, names, staging)
            except InsufficientStock:
                if attempt == ATTEMPTS:
                    raise
        raise AssertionError("unreachable")

    def _reserve(self, s: Session, actor: Actor, orders: list[OutboundOrder],
                 wanted: list[Demand], line_names: dict[int, str],
                 staging: Bin) -> AllocationResult:
        candidates = load_candidates(s, {d.item_id for d in wanted}, staging.warehouse_id,
                                     self.today())
        chosen, missing = allocate(wanted, candidates)
        names = ", ".join(o.number for o in orders)
        if not chosen:
            raise NothingAllocated(orders=names)
        task = self.new_task(s, actor, TaskType.PICK, staging.warehouse_id,
                             outbound_order_id=orders[0].id if len(orders) == 1 else None,
                             note=f"wave: {names}"[:256] if len(orders) > 1 else "")
        chosen.sort(key=lambda a: (a.source.pick_sequence, a.source.bin_code,
                                   a.source.item_id, a.line_id))
        line_ids = _insert_lines(s, task, chosen, staging)
        reservations.hold_many(s, [(line_ids[n], a.source.quant_id, a.qty)
                                   for n, a in enumerate(chosen, 1)], self.now())
        short = {line_names[line_id]: qty for line_id, qty in missing.items()}
        _add_allocated(s, orders, chosen)
        for order in orders:
            order.begin_work()
        audit.record(s, actor, "pick.allocate", entity="task", key=task.number,
                     detail={"orders": [o.number for o in orders], "lines": len(chosen),
                             "short": {k: qty_text(v) for k, v in short.items()}})
        return AllocationResult(task.number, len(chosen), short)


def load_orders(s: Session, numbers: list[str]) -> list[OutboundOrder]:
    """The order headers (their lines load only if touched), rows locked in number order so
    two waves sharing an order queue instead of deadlocking."""
    wanted = sorted({n.strip() for n in numbers})
    found = s.scalars(select(OutboundOrder).options(lazyload(OutboundOrder.lines))
                      .where(OutboundOrder.number.in_(wanted))
                      .order_by(OutboundOrder.number).with_for_update()).all()
    missing = set(wanted) - {o.number for o in found}
    if missing:
        raise NotFound(kind=OutboundOrder.KIND, key=sorted(missing)[0])
    return list(found)


def _insert_lines(s: Session, task: Task, chosen: list[Allocation], staging: Bin
                  ) -> dict[int, int]:
    """Bulk path for a wave's lines (one executemany rather than an ORM object per line);
    returns line number -> id. The task's ``lines`` are expired so a later read reloads them."""
    s.flush()
    rows = [dict(task_id=task.id, line_no=n, item_id=a.source.item_id, qty=a.qty,
                 qty_done=Decimal(0), state=WorkState.OPEN.value, lot_id=a.source.lot_id,
                 serial_id=a.source.serial_id, from_bin_id=a.source.bin_id,
                 to_bin_id=staging.id, status=StockStatus.AVAILABLE.value,
                 outbound_line_id=a.line_id, short_reason="")
            for n, a in enumerate(chosen, 1)]
    bulk.insert_rows(s, task_lines, rows)
    s.expire(task, ["lines"])
    return dict(s.execute(select(task_lines.c.line_no, task_lines.c.id)
                          .where(task_lines.c.task_id == task.id)).all())


def _add_allocated(s: Session, orders: list[OutboundOrder], chosen: list[Allocation]) -> None:
    """Bulk update of the order lines' allocated quantity (any loaded copies are expired)."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for a in chosen:
        totals[a.line_id] += a.qty
    bulk.add_to(s, outbound_order_lines, "qty_allocated", totals)
    for order in orders:
        s.expire(order, ["lines"])


def release_task(s: Session, task: Task, actor: Actor, now: datetime) -> None:
    """Give back what a task still holds unpicked (it is being cancelled); picked units stay
    held in the staging bin for shipping or unpicking."""
    by_id = {l.id: l for l in task.lines}
    for held in reservations.held_for(s, list(by_id), picked=False):
        reservations.take(s, held, held.qty, now, unreserve=True)
        order_line_id = by_id[held.task_line_id].outbound_line_id
        if order_line_id is not None:
            s.get(OutboundLine, order_line_id).qty_allocated -= held.qty
    audit.record(s, actor, "task.release", entity="task", key=task.number)
