"""Picking (拣货): confirm a pick line by scanning bin, item (and lot/serial), short-pick with a
reason (the rest goes to a backorder), and unpick.

A confirmed pick moves the units from their bin to the task's staging bin, consuming the
reservation at the source and holding the same units again in the staging bin for the order
(they ship from there). Each step is one ledger posting, hence one ERP message naming the task
and the order lines it served. The task row is locked first, so a second confirmation of the
same line (a double scan, another station) finds the line done and is refused.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from domain.errors import DomainError, InvalidInput, LotExpired
from domain.model import Bin, Item, Lot, LotStatus, MoveReason, Serial
from domain.model.documents import OutboundLine, OutboundOrder
from domain.model.states import WorkState
from domain.model.tasks import Task, TaskLine, TaskType, ensure_type
from domain.permissions import Actor, Permission
from domain.quantity import parse_quantity
from domain.services.ledger import MoveLine, QuantKey
from domain.services.operations import reservations
from domain.services.operations.common import (
    OperationService, bin_of_type, finish_if_last, load_task, qty_text, task_line,
)
from domain.services.operations.messages import write_message
from domain.services.operations.orders import OrderService
from domain.services.operations.putaway_rules import STORAGE_TYPES
from domain.services.operations.scans import check_stock_scan
from domain.services.stock import find_bin, find_item


class LotBlockedForPicking(DomainError):
    template = "Lot {lot} of {item} is blocked (recalled); it cannot be picked"


@dataclass(frozen=True)
class PickScan:
    task: str
    bin: str
    item: str
    qty: object = None                # default: what remains on the line
    lot: str | None = None
    serial: str | None = None
    line_no: int | None = None        # None: the open line the scans match


@dataclass(frozen=True)
class ShortResult:
    backorder: str
    missing: Decimal
    outbox_key: str


def _order_ref(s: Session, line: TaskLine, qty: Decimal) -> dict:
    ol = s.get(OutboundLine, line.outbound_line_id)
    order = s.get(OutboundOrder, ol.order_id, options=[lazyload(OutboundOrder.lines)])
    return {"order": order.number, "external_ref": order.external_ref, "line_no": ol.line_no,
            "external_line_ref": ol.external_line_ref, "qty": qty_text(qty)}


def _tracking_ok(s: Session, line: TaskLine, scan: PickScan) -> bool:
    lot_ok = line.lot_id is None or s.get(Lot, line.lot_id).lot_no == (scan.lot or "").strip()
    serial_ok = (line.serial_id is None
                 or s.get(Serial, line.serial_id).serial_no == (scan.serial or "").strip())
    return lot_ok and serial_ok


def matching_line(s: Session, task: Task, scan: PickScan) -> TaskLine:
    """The line named, else the first open line (walking order) at the scanned bin for the
    scanned item, lot and serial. A scan matching none is checked against the next line in
    walking order, so the refusal says what was expected there."""
    if scan.line_no is not None:
        return task_line(s, task, scan.line_no)
    b, it = find_bin(s, scan.bin), find_item(s, scan.item)
    open_lines = select(TaskLine).where(TaskLine.task_id == task.id,
                                        TaskLine.state == WorkState.OPEN.value)
    here = s.scalars(open_lines.where(TaskLine.from_bin_id == b.id, TaskLine.item_id == it.id)
                     .order_by(TaskLine.line_no))
    for line in here:
        if _tracking_ok(s, line, scan):
            return line
    ahead = s.scalars(open_lines.join(Bin, Bin.id == TaskLine.from_bin_id)
                      .order_by(Bin.pick_sequence, Bin.code, TaskLine.line_no).limit(1)).first()
    if ahead is None:
        raise InvalidInput(field="scan", reason=f"{task.number} has no open line left")
    check_stock_scan(s, ahead, bin=scan.bin, item=scan.item, lot=scan.lot, serial=scan.serial)
    return ahead


class PickingService(OperationService):

    def confirm(self, actor: Actor, scan: PickScan) -> str:
        """Confirm a pick; returns the outbox key of its message."""
        self.require(actor, Permission.MOVE, "pick.confirm")
        qty = parse_quantity(scan.qty) if scan.qty is not None else None

        def work(s: Session) -> str:
            task = load_task(s, scan.task, lines=False)
            ensure_type(task, TaskType.PICK)
            line = matching_line(s, task, scan)
            line.ensure_open(task.number)
            rows = check_stock_scan(s, line, bin=scan.bin, item=scan.item, lot=scan.lot,
                                    serial=scan.serial)
            rows += (s.get(OutboundLine, line.outbound_line_id),)   # kept loaded until posted
            picked = qty if qty is not None else line.remaining
            move = self._take_from_source(s, actor, task, line, picked)
            finish_if_last(s, task, actor.user_id, self.now())
            return self._post(s, actor, task, line, move, "pick.confirmed", {})
        return self.db.write(work)

    def short(self, actor: Actor, number: str, line_no: int, found: object,
              reason: str) -> ShortResult:
        """Only ``found`` units were there: pick them, close the line short with ``reason``,
        release the rest and put it on the order's backorder."""
        self.require(actor, Permission.MOVE, "pick.short")
        qty_found = parse_quantity(found, allow_zero=True)

        def work(s: Session) -> ShortResult:
            task = load_task(s, number, lines=False)
            ensure_type(task, TaskType.PICK)
            line = task_line(s, task, line_no)
            line.ensure_open(task.number)
            if qty_found >= line.remaining:
                raise InvalidInput(field="found quantity", reason="nothing is missing; confirm it")
            move = self._take_from_source(s, actor, task, line, qty_found) if qty_found else None
            missing = line.close_short(task.number, reason, actor.user_id, self.now())
            for held in reservations.held_for(s, [line.id], picked=False):
                reservations.take(s, held, held.qty, self.now(), unreserve=True)
            ol = s.get(OutboundLine, line.outbound_line_id)
            order = s.get(OutboundOrder, ol.order_id, options=[lazyload(OutboundOrder.lines)])
            backorder = OrderService(self.db, self.clock).backorder(s, actor, order, ol, missing)
            finish_if_last(s, task, actor.user_id, self.now())
            extra = {"short": {"missing": qty_text(missing), "reason": line.short_reason,
                               "backorder": backorder.number}}
            if move is not None:
                key = self._post(s, actor, task, line, move, "pick.short", extra)
            else:
                key = write_message(s, actor, "pick.short", task.number, {
                    "task": task.number, "order_lines": [_order_ref(s, line, Decimal(0))],
                    **extra}, self.now())
            return ShortResult(backorder.number, missing, key)
        return self.db.write(work)

    def unpick(self, actor: Actor, number: str, line_no: int, qty: object, *,
               to_bin: str | None = None) -> str:
        """Put picked units back (to their source bin unless told otherwise); the order line
        can then be allocated again."""
        self.require(actor, Permission.MOVE, "pick.unpick")
        quantity = parse_quantity(qty)

        def work(s: Session) -> str:
            task = load_task(s, number, lines=False)
            ensure_type(task, TaskType.PICK, workable=False)
            line = task_line(s, task, line_no)
            held = reservations.held_for(s, [line.id], picked=True)
            staged = held[0].qty if held else 0
            if staged < quantity:
                raise InvalidInput(field="quantity", reason=(
                    f"only {staged} of line {line_no} is picked and not shipped"))
            target = (bin_of_type(s, to_bin, *STORAGE_TYPES) if to_bin
                      else s.get(Bin, line.from_bin_id))
            line.shrink(quantity)
            reservations.take(s, held[0], quantity, self.now(), unreserve=False)
            ol = s.get(OutboundLine, line.outbound_line_id)
            ol.qty_picked -= quantity
            ol.qty_allocated -= quantity
            move = MoveLine(item_id=line.item_id, qty=quantity, lot_id=line.lot_id,
                            serial_id=line.serial_id, from_bin_id=held[0].key.bin_id,
                            from_status=held[0].key.status, from_reserved=quantity,
                            to_bin_id=target.id, to_status=held[0].key.status)
            return self._post(s, actor, task, line, move, "pick.unpicked", {}, picked=False)
        return self.db.write(work)

    # -- steps --------------------------------------------------------------------------------
    def _take_from_source(self, s: Session, actor: Actor, task: Task, line: TaskLine,
                          qty: Decimal) -> MoveLine:
        """Record ``qty`` on the line and consume its reservation at the source; the returned
        move brings the units to the staging bin."""
        lot = s.get(Lot, line.lot_id) if line.lot_id else None
        if lot is not None and lot.is_expired(self.today()):
            raise LotExpired(lot=lot.lot_no, item=s.get(Item, line.item_id).code,
                             expiry=lot.expiry_date)
        if lot is not None and lot.status == LotStatus.BLOCKED.value:
            raise LotBlockedForPicking(lot=lot.lot_no, item=s.get(Item, line.item_id).code)
        task.begin_work(actor.user_id, self.now())
        line.record(task.number, qty, actor.user_id, self.now())
        held = reservations.held_for(s, [line.id], picked=False)
        if not held or held[0].qty < qty:
            raise InvalidInput(field="quantity", reason="more than is reserved for the line")
        reservations.take(s, held[0], qty, self.now(), unreserve=False)
        s.get(OutboundLine, line.outbound_line_id).qty_picked += qty
        return MoveLine(item_id=line.item_id, qty=qty, lot_id=line.lot_id,
                        serial_id=line.serial_id, from_bin_id=line.from_bin_id,
                        from_status=line.status, from_reserved=qty, to_bin_id=line.to_bin_id,
                        to_status=line.status)

    def _post(self, s: Session, actor: Actor, task: Task, line: TaskLine, move: MoveLine,
              message_type: str, extra: dict, *, picked: bool = True) -> str:
        """Post the move; picked units are then held in the staging bin for the order."""
        posted = self.post(s, actor, MoveReason.TRANSFER, [move], document_ref=task.number,
                           message_type=message_type,
                           extra={"task": task.number, "line_no": line.line_no,
                                  "order_lines": [_order_ref(s, line, move.qty)], **extra})
        if picked:
            reservations.hold(s, line.id, QuantKey(
                move.item_id, move.to_bin_id, move.lot_id, move.serial_id, move.to_status),
                move.qty, self.now(), picked=True)
        return posted.outbox_key
