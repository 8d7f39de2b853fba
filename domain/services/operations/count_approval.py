"""Approving a count: a supervisor who did not count turns the variances into adjustments.

The adjustment is the variance seen when the bin was finished (counted − book at that moment),
so stock that moved between counting and approval is not undone. Gains arrive as available
stock; losses are taken from the free units of the counted item/lot/serial in that bin,
available first. Gains and losses are one ledger posting whose lines carry their own reason
(adjustment gain or loss), so the ERP hears of the whole count in one message under its number;
a count without variance sends one "approved" message.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import DomainError, InvalidInput
from domain.model import Bin, MoveReason, StockStatus
from domain.model.states import WorkState
from domain.model.tasks import TaskHasOpenLines, TaskType, ensure_type
from domain.permissions import Actor, Permission
from domain.persistence.tables import count_entries, count_plans, quants
from domain.services.ledger import MoveLine
from domain.services.operations.common import OperationService, load_task
from domain.services.operations.messages import write_message

STATUS_ORDER = [s.value for s in (StockStatus.AVAILABLE, StockStatus.QUARANTINE,
                                  StockStatus.DAMAGED, StockStatus.BLOCKED)]


# What approving reads of each entry (5,000 of them: the other columns would only be converted).
_ENTRY_COLUMNS = ("bin_id", "item_id", "lot_id", "serial_id", "counted_qty", "expected_qty",
                  "counted_by_id")


class CountAlreadyApproved(DomainError):
    template = "Count {task} was already approved"


class CounterCannotApprove(DomainError):
    template = "{user} counted in {task}; another supervisor must approve it"


class LossHeldByReservations(DomainError):
    template = ("{task}: {missing} of the counted loss in bin {bin} is reserved for picking; "
                "unpick or cancel those picks first")


@dataclass(frozen=True)
class ApprovalResult:
    adjusted_lines: int
    outbox_keys: list[str]


class CountApprovalService(OperationService):

    def approve(self, actor: Actor, number: str, reason_code: str, note: str = ""
                ) -> ApprovalResult:
        self.require(actor, Permission.APPROVE_COUNT, "count.approve")
        if not reason_code or not reason_code.strip():
            raise InvalidInput(field="reason code", reason="an approval needs a reason code")
        return self.db.write(lambda s: self._approve(s, actor, number, reason_code.strip(), note))

    def _approve(self, s: Session, actor: Actor, number: str, reason: str,
                 note: str) -> ApprovalResult:
        task = load_task(s, number, lines=False)     # a count of 5,000 bins: lines unread
        ensure_type(task, TaskType.COUNT, workable=False)
        if task.state != WorkState.DONE.value:
            raise TaskHasOpenLines(task=number, count=len(task.open_lines()))
        plan = s.execute(select(count_plans).where(count_plans.c.task_id == task.id)
                         .with_for_update()).one()
        if plan.approved_at is not None:
            raise CountAlreadyApproved(task=number)
        entries = s.execute(select(*(count_entries.c[c] for c in _ENTRY_COLUMNS)).where(
            count_entries.c.task_id == task.id, count_entries.c.superseded.is_(False))).all()
        _check_not_a_counter(s, actor, number, entries)
        gains, losses = _gains(entries, reason), self._losses(s, number, entries, reason)
        if gains or losses:
            keys = [self.post(s, actor, None, gains + losses, document_ref=number,
                              message_type="count.adjusted",
                              extra={"count": {"task": number, "reason_code": reason,
                                               "gains": len(gains), "losses": len(losses)}}
                              ).outbox_key]
        else:
            keys = [write_message(s, actor, "count.approved", number, {
                "count": {"task": number, "reason_code": reason, "variances": 0}}, self.now())]
        s.execute(update(count_plans).where(count_plans.c.task_id == task.id).values(
            approved_at=self.now(), approved_by_id=actor.user_id, reason_code=reason[:32]))
        audit.record(s, actor, "count.approve", entity="task", key=number,
                     detail={"reason_code": reason, "note": note, "gains": len(gains),
                             "losses": len(losses)})
        return ApprovalResult(len(gains) + len(losses), keys)

    def _losses(self, s: Session, number: str, entries, reason: str) -> list[MoveLine]:
        """Losses taken from the free units of each counted key, available status first; the
        quants of the items concerned in the bins concerned, read in chunks."""
        short = [e for e in entries if e.counted_qty < e.expected_qty]
        if not short:
            return []
        held = defaultdict(list)
        item_ids = sorted({e.item_id for e in short})
        for start in range(0, len(item_ids), 500):
            chunk = set(item_ids[start:start + 500])
            bin_ids = sorted({e.bin_id for e in short if e.item_id in chunk})
            for q in s.execute(select(quants.c.bin_id, quants.c.item_id, quants.c.lot_id,
                                      quants.c.serial_id, quants.c.status, quants.c.on_hand,
                                      quants.c.reserved)
                               .where(quants.c.item_id.in_(sorted(chunk)),
                                      quants.c.bin_id.in_(bin_ids))).all():
                held[_key(q)].append(q)
        moves = []
        for e in short:
            missing = e.expected_qty - e.counted_qty
            for q in sorted(held[_key(e)], key=lambda q: STATUS_ORDER.index(q.status)):
                take = min(missing, q.on_hand - q.reserved)
                if take > 0:
                    moves.append(MoveLine(item_id=e.item_id, qty=take, from_bin_id=e.bin_id,
                                          from_status=q.status, lot_id=e.lot_id,
                                          serial_id=e.serial_id, note=reason,
                                          reason=MoveReason.ADJUSTMENT_LOSS))
                    missing -= take
            if missing > 0:
                raise LossHeldByReservations(task=number, missing=missing,
                                             bin=s.get(Bin, e.bin_id).code)
        return moves


def _key(row) -> tuple:
    return row.bin_id, row.item_id, row.lot_id, row.serial_id


def _gains(entries, reason: str) -> list[MoveLine]:
    return [MoveLine(item_id=e.item_id, qty=e.counted_qty - e.expected_qty, to_bin_id=e.bin_id,
                     to_status=StockStatus.AVAILABLE.value, lot_id=e.lot_id,
                     serial_id=e.serial_id, note=reason, reason=MoveReason.ADJUSTMENT_GAIN)
            for e in entries if e.counted_qty > e.expected_qty]


def _check_not_a_counter(s: Session, actor: Actor, number: str, entries) -> None:
    """Four eyes: whoever counted any final entry of the task may not approve it."""
    if actor.user_id in {e.counted_by_id for e in entries}:
        raise CounterCannotApprove(user=actor.username, task=number)

