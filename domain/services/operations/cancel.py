"""Cancelling an order (取消订单): a supervisor's call, with a reason, audited, and told to the ERP
in exactly one message (``inbound.cancelled`` / ``outbound.cancelled``) in the same transaction.

What can be undone is undone; what cannot refuses the whole cancellation (``OrderCancelRefused``):

* **Outbound.** Refused once anything of the order has shipped (those units left the warehouse:
  take them back as a customer return). Otherwise the order's pick lines give their unpicked
  reservations back and are cancelled; units already picked (held in the staging bin, packed or
  not) go back to the bins they were picked from, exactly like an unpick, and the order's
  packages (none has shipped) are deleted. Those return moves are one ledger posting whose
  message is the cancellation message; with nothing picked the message carries no moves. A pick
  task left with no open line ends (done if some of its lines were done, e.g. for another order
  of a wave, else cancelled with the reason). Backorders are orders of their own: cancel them
  separately.
* **Inbound.** Refused once anything has been received (received stock is the warehouse's truth
  now; close the order short instead, or send the goods back to the supplier). Otherwise the
  order's open receive tasks are cancelled with the reason.

Cancelling needs ``MANAGE_TASKS`` (supervisors): it throws away the work of others.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import InvalidInput
from domain.model import Item, MoveReason
from domain.model.documents import OutboundLine, OutboundOrder
from domain.model.states import WorkState
from domain.model.tasks import Task, TaskLine
from domain.permissions import Actor, Permission
from domain.persistence.tables import package_contents, packages, task_lines
from domain.services.ledger import MoveLine
from domain.services.operations import reservations
from domain.services.operations.common import (
    OperationService, load_inbound, load_outbound, qty_text,
)
from domain.services.operations.messages import write_message
from domain.services.operations.orders import OrderCancelRefused

DIRECTIONS = ("inbound", "outbound")


@dataclass(frozen=True)
class CancelResult:
    order: str
    outbox_key: str
    tasks_cancelled: list[str] = field(default_factory=list)
    tasks_finished: list[str] = field(default_factory=list)
    returned_moves: int = 0            # picked units put back to their bins
    packages_removed: list[str] = field(default_factory=list)


class OrderCancelService(OperationService):

    def cancel(self, actor: Actor, direction: str, number: str, reason: str) -> CancelResult:
        """Cancel inbound or outbound order ``number`` with ``reason`` (see the module)."""
        self.require(actor, Permission.MANAGE_TASKS, f"{direction}.cancel")
        if direction not in DIRECTIONS:
            raise InvalidInput(field="direction", reason="inbound or outbound")
        reason = (reason or "").strip()
        if not reason:
            raise InvalidInput(field="cancel reason", reason="say why the order is cancelled")
        work = self._inbound if direction == "inbound" else self._outbound
        return self.db.write(lambda s: work(s, actor, number, reason[:256]))

    # -- inbound ------------------------------------------------------------------------------
    def _inbound(self, s: Session, actor: Actor, number: str, reason: str) -> CancelResult:
        order = load_inbound(s, number)
        _refuse_if_any(order, lambda l: l.qty_received,
                       "was already received; close the order short instead")
        cancelled = []
        for task in s.scalars(select(Task).where(Task.inbound_order_id == order.id)
                              .order_by(Task.id).with_for_update()):
            if not task.is_final:
                task.cancel(actor.user_id, self.now(), reason)
                cancelled.append(task.number)
        order.cancel(actor.user_id, self.now())
        key = write_message(s, actor, "inbound.cancelled", order.number, {"inbound_order": {
            "number": order.number, "external_ref": order.external_ref,
            "supplier": order.supplier, "reason": reason,
            "lines": _lines(s, order, lambda l: l.qty_expected)},
            "tasks_cancelled": cancelled}, self.now())
        audit.record(s, actor, "inbound.cancel", entity="inbound", key=order.number,
                     detail={"reason": reason, "tasks_cancelled": cancelled})
        return CancelResult(order.number, key, cancelled)

    # -- outbound -----------------------------------------------------------------------------
    def _outbound(self, s: Session, actor: Actor, number: str, reason: str) -> CancelResult:
        order = load_outbound(s, number)
        _refuse_if_any(order, lambda l: l.qty_shipped,
                       "has shipped; take it back as a customer return")
        # Picks lock their task, not the order: lock the order's tasks first, then read the
        # task and order lines afresh, so a pick confirmed meanwhile is seen, never overwritten.
        line_ids = [l.id for l in order.lines]
        task_ids = set(s.scalars(select(task_lines.c.task_id).where(
            task_lines.c.outbound_line_id.in_(line_ids))))
        tasks = {t.id: t for t in s.scalars(select(Task).where(Task.id.in_(task_ids))
                                            .order_by(Task.id).with_for_update()
                                            .execution_options(populate_existing=True))}
        fresh = {"populate_existing": True}
        by_order_line = {l.id: l for l in s.scalars(
            select(OutboundLine).where(OutboundLine.id.in_(line_ids)).with_for_update()
            .execution_options(**fresh))}
        lines = list(s.scalars(select(TaskLine).where(TaskLine.outbound_line_id.in_(line_ids))
                               .order_by(TaskLine.id).execution_options(**fresh)))
        released: dict[int, Decimal] = defaultdict(Decimal)
        moves: list[MoveLine] = []
        for held in reservations.held_for(s, [l.id for l in lines]):
            line = next(l for l in lines if l.id == held.task_line_id)
            order_line = by_order_line[line.outbound_line_id]
            if held.picked:             # back to the bin it was picked from, as an unpick does
                reservations.take(s, held, held.qty, self.now(), unreserve=False)
                line.shrink(held.qty)
                order_line.qty_picked -= held.qty
                moves.append(MoveLine(item_id=held.key.item_id, qty=held.qty,
                                      lot_id=held.key.lot_id, serial_id=held.key.serial_id,
                                      from_bin_id=held.key.bin_id, from_status=held.key.status,
                                      from_reserved=held.qty, to_bin_id=line.from_bin_id,
                                      to_status=held.key.status))
            else:
                reservations.take(s, held, held.qty, self.now(), unreserve=True)
                released[line.id] += held.qty
            order_line.qty_allocated -= held.qty
        for line in lines:
            if line.is_open:
                line.cancel(actor.user_id, self.now())
            elif line.qty_done == 0:
                line.state = WorkState.CANCELLED.value     # short-closed, its units put back
        cancelled, finished = self._end_tasks(s, actor, list(tasks.values()), reason)
        removed = self._remove_packages(s, order)
        order.cancel(actor.user_id, self.now())
        extra = {"outbound_order": {
            "number": order.number, "external_ref": order.external_ref,
            "customer": order.customer, "reason": reason,
            "lines": _lines(s, order, lambda l: l.qty_ordered - l.qty_backordered)},
            "released": [{"task": tasks[l.task_id].number, "line_no": l.line_no,
                          "qty": qty_text(released[l.id])} for l in lines if released[l.id]],
            "tasks_cancelled": cancelled, "tasks_finished": finished,
            "packages_removed": removed}
        if moves:
            key = self.post(s, actor, MoveReason.TRANSFER, moves, document_ref=order.number,
                            message_type="outbound.cancelled", extra=extra).outbox_key
        else:
            key = write_message(s, actor, "outbound.cancelled", order.number, extra, self.now())
        audit.record(s, actor, "outbound.cancel", entity="outbound", key=order.number,
                     detail={"reason": reason, "tasks_cancelled": cancelled,
                             "returned_moves": len(moves), "packages_removed": removed})
        return CancelResult(order.number, key, cancelled, finished, len(moves), removed)

    def _end_tasks(self, s: Session, actor: Actor, tasks: list[Task],
                   reason: str) -> tuple[list[str], list[str]]:
        """Tasks with no open line left end: done if any line was done, else cancelled."""
        cancelled, finished = [], []
        for task in tasks:
            if task.is_final or task.open_lines():
                continue
            if any(l.state == WorkState.DONE.value for l in task.lines):
                task.finish(actor.user_id, self.now())
                finished.append(task.number)
            else:
                task.cancel(actor.user_id, self.now(), reason)
                cancelled.append(task.number)
        return cancelled, finished

    @staticmethod
    def _remove_packages(s: Session, order: OutboundOrder) -> list[str]:
        rows = s.execute(select(packages.c.id, packages.c.sscc)
                         .where(packages.c.outbound_order_id == order.id)
                         .order_by(packages.c.id)).all()
        ids = [r.id for r in rows]
        if ids:
            s.execute(delete(package_contents).where(package_contents.c.package_id.in_(ids)))
            s.execute(delete(packages).where(packages.c.id.in_(ids)))
        return [r.sscc for r in rows]


def _refuse_if_any(order, qty_of, what: str) -> None:
    """A final order is refused as such; an order a line of which already has ``qty_of``
    (received, shipped) cannot be cancelled."""
    order.ensure_workable()
    line = next((l for l in order.lines if qty_of(l)), None)
    if line is not None:
        raise OrderCancelRefused(order=order.number, reason=(
            f"{qty_text(qty_of(line))} of line {line.line_no} {what}"))


def _lines(s: Session, order, cancelled_qty) -> list[dict]:
    """The order's lines as the ERP matches them, with what is cancelled of each."""
    return [{"line_no": l.line_no, "external_line_ref": l.external_line_ref,
             "item": s.get(Item, l.item_id).code, "qty_cancelled": qty_text(cancelled_qty(l))}
            for l in order.lines]
