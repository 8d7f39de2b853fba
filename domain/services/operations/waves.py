"""Allocating outbound orders into a pick task (波次): one order, or several at once (a wave).

Allocation reserves the chosen quants through the ledger and records, per pick line, which
quant holds its units (``reservations``). It moves no stock, so it sends no ERP message. If
another station takes the same units between our candidate query and our reservation (the race
for the last unit), the allocation is redone from fresh candidates inside a savepoint: exactly
one station gets the unit; the other allocates what is left, or is told nothing is left.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from domain import audit
from domain.errors import DomainError, InsufficientStock, InvalidInput
from domain.model import Bin, BinType, StockStatus
from domain.model.documents import OutboundLine, OutboundOrder
from domain.model.tasks import Task, TaskType
from domain.permissions import Actor, Permission
from domain.services.ledger import QuantKey
from domain.services.operations import reservations
from domain.services.operations.allocation import Allocation, Demand, allocate, load_candidates
from domain.services.operations.common import OperationService, bin_of_type, load_outbound

STAGING_TYPES = (BinType.STAGING.value, BinType.SHIPPING.value)
ATTEMPTS = 3


class NothingAllocated(DomainError):
    template = "No stock could be allocated for {orders}"


@dataclass(frozen=True)
class AllocationResult:
    task: str
    lines: int
    short: dict[str, Decimal]      # "ORDER/line" -> quantity left unallocated


def demands(orders: list[OutboundOrder]) -> list[Demand]:
    """What is still to allocate, most urgent first: priority, requested date, number."""
    ranked = sorted(orders, key=lambda o: (-o.priority, o.requested_date or datetime.max.date(),
                                           o.number))
    return [Demand(l.id, l.item_id, l.to_allocate, l.lot_no)
            for o in ranked for l in o.lines if l.to_allocate > 0]


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
        orders = [load_outbound(s, n) for n in sorted(set(numbers))]  # lock in one order
        for order in orders:
            if order.warehouse_id != staging.warehouse_id:
                raise InvalidInput(field="staging bin", reason=f"{order.number} ships from "
                                                               f"another warehouse")
            order.ensure_workable()
        wanted = demands(orders)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with s.begin_nested():
                    return self._reserve(s, actor, orders, wanted, staging)
            except InsufficientStock:
                if attempt == ATTEMPTS:
                    raise
        raise AssertionError("unreachable")

    def _reserve(self, s: Session, actor: Actor, orders: list[OutboundOrder],
                 wanted: list[Demand], staging: Bin) -> AllocationResult:
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
        for a in chosen:
            _add_line(task, a, staging)
        s.flush()
        reservations.hold_many(s, [(tl.id, _key(a), a.qty) for tl, a in zip(task.lines, chosen)],
                               self.now())
        lines = {l.id: l for o in orders for l in o.lines}
        for a in chosen:
            lines[a.line_id].qty_allocated += a.qty
        for order in orders:
            order.begin_work()
        short = {f"{o.number}/{l.line_no}": missing[l.id] for o in orders for l in o.lines
                 if l.id in missing}
        audit.record(s, actor, "pick.allocate", entity="task", key=task.number,
                     detail={"orders": [o.number for o in orders], "lines": len(chosen),
                             "short": {k: str(v) for k, v in short.items()}})
        return AllocationResult(task.number, len(chosen), short)


def _key(a: Allocation) -> QuantKey:
    c = a.source
    return QuantKey(c.item_id, c.bin_id, c.lot_id, c.serial_id, StockStatus.AVAILABLE.value)


def _add_line(task: Task, a: Allocation, staging: Bin) -> None:
    c = a.source
    task.add_line(item_id=c.item_id, qty=a.qty, lot_id=c.lot_id, serial_id=c.serial_id,
                  from_bin_id=c.bin_id, to_bin_id=staging.id,
                  status=StockStatus.AVAILABLE.value, outbound_line_id=a.line_id)


def release_task(s: Session, task: Task, actor: Actor, now: datetime) -> None:
    """Give back what a pick task still holds unpicked (the task is being cancelled); picked
    units stay held in the staging bin for shipping or unpicking."""
    for held in reservations.held_for(s, [l.id for l in task.lines], picked=False):
        reservations.take(s, held, held.qty, now, unreserve=True)
        line = next(l for l in task.lines if l.id == held.task_line_id)
        s.get(OutboundLine, line.outbound_line_id).qty_allocated -= held.qty
    audit.record(s, actor, "pick.release", entity="task", key=task.number)
