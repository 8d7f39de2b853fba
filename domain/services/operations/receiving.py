"""Receiving (收货): goods arrive against an inbound order, or blind, into a receiving bin.

Each scan confirmed is one step: the receive task gets a done line, the order line its received
quantity, the ledger a receipt (moves, quants, audit, one outbox message naming the order and
line). Over-receipt beyond the item's tolerance needs a supervisor's override, checked here and
audited; closing an order short beyond tolerance likewise. Items that require inspection arrive
in quarantine and get an inspection task per lot.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import DomainError, InvalidInput
from domain.model import Bin, BinType, Item, MoveReason, StockStatus
from domain.model.documents import InboundLine, InboundOrder, UnderReceipt
from domain.model.states import WorkState
from domain.model.tasks import Task, TaskType, ensure_type
from domain.permissions import Actor, Permission
from domain.quantity import parse_quantity
from domain.services.ledger import MoveLine
from domain.services.operations.common import (
    OperationService, bin_of_type, default_bin, load_inbound, load_task, qty_text,
)
from domain.services.operations.inspection import open_inspection
from domain.services.operations.messages import write_message
from domain.services.stock import StockService, find_item

RECEIVING_BINS = (BinType.RECEIVING.value, BinType.QUARANTINE.value)


class NotOnOrder(DomainError):
    template = "{item}{lot_text} is not expected on {order}"


@dataclass(frozen=True)
class ReceiptScan:
    """One confirmed receipt: what the GS1 scan or the clerk filled in."""
    item: str
    qty: object
    order: str | None = None          # inbound order number; None = blind receipt
    line_no: int | None = None        # the order line, when the item is on several
    lot: str | None = None
    expiry: date | None = None
    production_date: date | None = None
    serials: tuple[str, ...] = ()
    bin: str | None = None            # a receiving bin; default: the warehouse's first
    task: str | None = None           # the receive task of a blind receiving session
    override: bool = False            # a supervisor accepts an over-receipt
    note: str = ""


@dataclass(frozen=True)
class ReceiptResult:
    task: str
    document_ref: str
    status: str
    inspection_task: str | None
    outbox_key: str
    overridden: bool


def _lot_matches(line: InboundLine, lot: str | None) -> bool:
    return not line.lot_no or line.lot_no == (lot or "").strip()


def match_line(order: InboundOrder, item: Item, scan: ReceiptScan) -> InboundLine:
    """The order line a scan belongs to: the one named, else the first of the item (and the
    announced lot) with something left to receive, else the first of them."""
    if scan.line_no is not None:
        line = order.line(scan.line_no)
        candidates = [line] if line.item_id == item.id and _lot_matches(line, scan.lot) else []
    else:
        candidates = [l for l in order.lines if l.item_id == item.id and _lot_matches(l, scan.lot)]
    if not candidates:
        lot_text = f" lot {scan.lot}" if scan.lot else ""
        raise NotOnOrder(item=item.code, lot_text=lot_text, order=order.number)
    return next((l for l in candidates if l.remaining > 0), candidates[0])


class ReceivingService(OperationService):

    def receive(self, actor: Actor, scan: ReceiptScan) -> ReceiptResult:
        self.require(actor, Permission.RECEIVE, "inbound.receive")
        if scan.override:
            self.require(actor, Permission.OVERRIDE_TOLERANCE, "inbound.tolerance_override")
        qty = parse_quantity(scan.qty)
        return self.db.write(lambda s: self._receive(s, actor, scan, qty))

    def _receive(self, s: Session, actor: Actor, scan: ReceiptScan, qty: Decimal) -> ReceiptResult:
        item = find_item(s, scan.item)
        order = load_inbound(s, scan.order) if scan.order else None
        task = self._task(s, actor, order, scan)
        target = (bin_of_type(s, scan.bin, *RECEIVING_BINS) if scan.bin
                  else default_bin(s, task.warehouse_id, BinType.RECEIVING.value))
        line, overridden = None, False
        if order is not None:
            line = match_line(order, item, scan)
            overridden = order.register_receipt(line, qty, item.receipt_tolerance_pct,
                                                scan.override)
        status = (StockStatus.QUARANTINE.value if item.requires_inspection
                  else StockStatus.AVAILABLE.value)
        moves = self._moves(s, item, qty, target, scan, status)
        task.begin_work(actor.user_id, self.now())
        for move in moves:
            task.add_line(item_id=item.id, qty=move.qty, qty_done=move.qty,
                          state=WorkState.DONE.value, lot_id=move.lot_id,
                          serial_id=move.serial_id, to_bin_id=target.id, status=status,
                          inbound_line_id=line.id if line else None,
                          done_at=self.now(), done_by_id=actor.user_id)
        s.flush()
        inspection = (open_inspection(self, s, actor, task, target, moves)
                      if status == StockStatus.QUARANTINE.value else None)
        ref = order.number if order else task.number
        posted = self.post(s, actor, MoveReason.RECEIPT, moves, document_ref=ref,
                           message_type="inbound.received",
                           extra=_payload(order, line, task, inspection, overridden))
        if overridden:
            audit.record(s, actor, "inbound.tolerance_override", entity="inbound", key=ref,
                         detail={"line": line.line_no, "received": qty_text(line.qty_received),
                                 "expected": qty_text(line.qty_expected)})
        return ReceiptResult(task.number, ref, status, inspection.number if inspection else None,
                             posted.outbox_key, overridden)

    def _task(self, s: Session, actor: Actor, order: InboundOrder | None,
              scan: ReceiptScan) -> Task:
        """The receive task the step is booked on: named, the order's open one, or a new one."""
        if scan.task:
            task = load_task(s, scan.task)
            ensure_type(task, TaskType.RECEIVE)
            if order is not None and task.inbound_order_id not in (None, order.id):
                raise InvalidInput(field="task", reason=f"{task.number} belongs to another order")
            return task
        if order is not None:
            order.ensure_workable()
            task = s.scalars(select(Task).where(
                Task.inbound_order_id == order.id, Task.task_type == TaskType.RECEIVE.value,
                Task.state.in_([WorkState.OPEN.value, WorkState.IN_PROGRESS.value]))).first()
            return task or self.new_task(s, actor, TaskType.RECEIVE, order.warehouse_id,
                                         inbound_order_id=order.id)
        if not scan.bin:
            raise InvalidInput(field="bin", reason="a blind receipt needs a receiving bin or task")
        warehouse_id = bin_of_type(s, scan.bin, *RECEIVING_BINS).warehouse_id
        return self.new_task(s, actor, TaskType.RECEIVE, warehouse_id)

    def _moves(self, s: Session, item: Item, qty: Decimal, target: Bin, scan: ReceiptScan,
               status: str) -> list[MoveLine]:
        """Lots and serials are resolved (or created) exactly as the stock core's own receipt
        does, so blind and order receipts cannot differ from ``StockService.receive``."""
        if not item.active:
            raise InvalidInput(field="item", reason=f"{item.code} is inactive")
        core = StockService(self.db, self.clock)
        lot = core.lot_for_receipt(s, item, scan.lot, scan.expiry, scan.production_date)
        return core.receipt_lines(s, item, qty, target, lot, tuple(scan.serials), status,
                                   scan.note)

    # -- closing ------------------------------------------------------------------------------
    def close(self, actor: Actor, number: str, *, override: bool = False,
              reason: str = "") -> None:
        """Close an inbound order: nothing more will come. Lines short beyond tolerance need a
        supervisor's override; the ERP is told what was received per line."""
        self.require(actor, Permission.RECEIVE, "inbound.close")
        if override:
            self.require(actor, Permission.OVERRIDE_TOLERANCE, "inbound.close_short")

        def work(s: Session) -> None:
            order = load_inbound(s, number)
            short = order.short_lines({l.item_id: s.get(Item, l.item_id).receipt_tolerance_pct
                                       for l in order.lines})
            if short and not override:
                line = short[0]
                raise UnderReceipt(order=number, line=line.line_no, received=line.qty_received,
                                   expected=line.qty_expected,
                                   pct=s.get(Item, line.item_id).receipt_tolerance_pct or 0)
            self._finish_tasks(s, actor, order)
            order.close(actor.user_id, self.now())
            write_message(s, actor, "inbound.closed", order.number, _close_payload(s, order),
                          self.now())
            audit.record(s, actor, "inbound.close", entity="inbound", key=number,
                         detail={"short_lines": [l.line_no for l in short], "reason": reason})
        self.db.write(work)

    def _finish_tasks(self, s: Session, actor: Actor, order: InboundOrder) -> None:
        for task in s.scalars(select(Task).where(Task.inbound_order_id == order.id,
                                                 Task.task_type == TaskType.RECEIVE.value)):
            if not task.is_final:
                task.finish(actor.user_id, self.now())


def _payload(order: InboundOrder | None, line: InboundLine | None, task: Task,
             inspection: Task | None, overridden: bool) -> dict:
    """What lets the ERP match the receipt: its order and line references."""
    out = {"task": task.number, "inspection_task": inspection.number if inspection else None,
           "tolerance_override": overridden, "inbound_order": None}
    if order is not None:
        out["inbound_order"] = {
            "number": order.number, "external_ref": order.external_ref,
            "supplier": order.supplier, "line_no": line.line_no,
            "external_line_ref": line.external_line_ref,
            "qty_received_total": qty_text(line.qty_received),
            "qty_expected": qty_text(line.qty_expected)}
    return out


def _close_payload(s: Session, order: InboundOrder) -> dict:
    return {"inbound_order": order.number, "external_ref": order.external_ref,
            "lines": [{"line_no": l.line_no, "external_line_ref": l.external_line_ref,
                       "item": s.get(Item, l.item_id).code,
                       "qty_expected": qty_text(l.qty_expected),
                       "qty_received": qty_text(l.qty_received)} for l in order.lines]}
