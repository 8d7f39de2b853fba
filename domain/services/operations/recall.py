"""Blocking a lot everywhere (a recall) and releasing it again.

Blocking marks the lot blocked (allocation and picking refuse it from then on) and turns its
free available units in every bin to status blocked, in one posting: one ERP message keyed by
the lot, so block and release of the same lot reach the ERP in order. Units already reserved
for picks stay where they are and are reported, so a supervisor can unpick or cancel them.
Releasing (a supervisor's call) makes the blocked units in storage bins available again; units
set aside in quarantine bins (e.g. for the supplier) are left alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import InvalidInput
from domain.model import Lot, LotStatus, MoveReason, StockStatus
from domain.permissions import Actor, Permission
from domain.persistence.tables import bins, quants
from domain.services.ledger import MoveLine
from domain.services.operations.common import OperationService, qty_text
from domain.services.operations.messages import write_message
from domain.services.operations.putaway_rules import STORAGE_TYPES
from domain.services.stock import find_item, find_lot

AVAILABLE, BLOCKED = StockStatus.AVAILABLE.value, StockStatus.BLOCKED.value


@dataclass(frozen=True)
class RecallResult:
    moved: Decimal                    # units whose status changed
    still_reserved: Decimal           # units held by picks (block only)
    outbox_key: str


def lot_key(item_code: str, lot: Lot) -> str:
    return f"lot:{item_code}/{lot.lot_no}"


class RecallService(OperationService):

    def block_lot(self, actor: Actor, item: str, lot: str, reason: str) -> RecallResult:
        self.require(actor, Permission.CHANGE_STATUS, "lot.block")
        if not reason or not reason.strip():
            raise InvalidInput(field="reason", reason="say why the lot is blocked")
        return self.db.write(lambda s: self._change(s, actor, item, lot, reason.strip(),
                                                    block=True))

    def release_lot(self, actor: Actor, item: str, lot: str, reason: str = "") -> RecallResult:
        self.require(actor, Permission.RELEASE, "lot.release")
        return self.db.write(lambda s: self._change(s, actor, item, lot, reason.strip(),
                                                    block=False))

    def _change(self, s: Session, actor: Actor, item_code: str, lot_no: str, reason: str, *,
                block: bool) -> RecallResult:
        item = find_item(s, item_code)
        lot = find_lot(s, item, lot_no)
        if lot is None:
            raise InvalidInput(field="lot", reason="give the lot to block or release")
        lot.status = LotStatus.BLOCKED.value if block else LotStatus.RELEASED.value
        s.flush()
        rows = _quants(s, lot, AVAILABLE if block else BLOCKED, storage_only=not block)
        moves = [MoveLine(item_id=item.id, qty=r.free, lot_id=lot.id, serial_id=r.serial_id,
                          from_bin_id=r.bin_id, from_status=r.status, to_bin_id=r.bin_id,
                          to_status=BLOCKED if block else AVAILABLE, note=reason[:256])
                 for r in rows if r.free > 0]
        moved = sum((m.qty for m in moves), Decimal(0))
        reserved = sum((r.reserved for r in rows), Decimal(0)) if block else Decimal(0)
        extra = {"lot": {"item": item.code, "lot": lot.lot_no, "status": lot.status,
                         "reason": reason, "still_reserved": qty_text(reserved)}}
        message_type = "lot.blocked" if block else "lot.released"
        key = (self.post(s, actor, MoveReason.STATUS_CHANGE, moves,
                         document_ref=lot_key(item.code, lot), message_type=message_type,
                         extra=extra).outbox_key if moves
               else write_message(s, actor, message_type, lot_key(item.code, lot), extra,
                                  self.now()))
        audit.record(s, actor, message_type, entity="lot", key=f"{item.code}/{lot.lot_no}",
                     detail={"moved": qty_text(moved), "still_reserved": qty_text(reserved)})
        return RecallResult(moved, reserved, key)


def _quants(s: Session, lot: Lot, status: str, *, storage_only: bool) -> list:
    q = (select(quants.c.bin_id, quants.c.serial_id, quants.c.status, quants.c.reserved,
                quants.c.on_hand)
         .select_from(quants.join(bins, bins.c.id == quants.c.bin_id))
         .where(quants.c.lot_id == lot.id, quants.c.status == status)
         .order_by(quants.c.bin_id, quants.c.serial_id))
    if storage_only:
        q = q.where(bins.c.bin_type.in_(STORAGE_TYPES))
    return [_Row(r.bin_id, r.serial_id, r.status, r.reserved, r.on_hand - r.reserved)
            for r in s.execute(q)]


@dataclass(frozen=True)
class _Row:
    bin_id: int
    serial_id: int | None
    status: str
    reserved: Decimal
    free: Decimal
