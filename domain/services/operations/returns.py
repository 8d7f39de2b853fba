"""Customer returns (退货): goods come back, always into quarantine, and wait for inspection.

A return may name the outbound order (and line) it comes from; then no more can come back than
was shipped on that line. Each confirmed return is one step: a return task line, a RETURN
posting into quarantine (one ERP message with the order references and the reason), and the
lot's open inspection task, whose verdict later releases, scraps or sends the units back.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.errors import InvalidInput
from domain.model import BinType, Item, MoveReason, StockStatus
from domain.model.documents import OutboundLine, OutboundOrder
from domain.model.states import WorkState
from domain.model.tasks import TaskType
from domain.permissions import Actor, Permission
from domain.persistence.tables import task_lines, tasks
from domain.quantity import parse_quantity
from domain.services.operations.common import (
    OperationService, as_qty, bin_of_type, default_bin, load_outbound,
)
from domain.services.operations.inspection import open_inspection
from domain.services.operations.orders import find_warehouse
from domain.services.stock import StockService, find_item

QUARANTINE = StockStatus.QUARANTINE.value


@dataclass(frozen=True)
class ReturnScan:
    item: str
    qty: object
    reason: str
    order: str | None = None          # the outbound order it was shipped on, if known
    line_no: int | None = None
    lot: str | None = None
    serial: str | None = None
    bin: str | None = None            # receiving or quarantine bin; default: first receiving
    warehouse: str = ""               # needed only without an order and a bin


@dataclass(frozen=True)
class ReturnResult:
    task: str
    inspection_task: str
    outbox_key: str


def returned_so_far(s: Session, line: OutboundLine) -> Decimal:
    q = (select(as_qty(func.coalesce(func.sum(task_lines.c.qty_done), 0)))
         .select_from(task_lines.join(tasks, tasks.c.id == task_lines.c.task_id))
         .where(task_lines.c.outbound_line_id == line.id,
                tasks.c.task_type == TaskType.RETURN.value))
    return s.scalar(q) or Decimal(0)


class ReturnService(OperationService):

    def receive(self, actor: Actor, scan: ReturnScan) -> ReturnResult:
        self.require(actor, Permission.RECEIVE, "return.receive")
        if not scan.reason or not scan.reason.strip():
            raise InvalidInput(field="return reason", reason="say why the goods came back")
        qty = parse_quantity(scan.qty)
        return self.db.write(lambda s: self._receive(s, actor, scan, qty))

    def _receive(self, s: Session, actor: Actor, scan: ReturnScan, qty: Decimal) -> ReturnResult:
        item = find_item(s, scan.item)
        order = load_outbound(s, scan.order, lock=False) if scan.order else None
        line = self._order_line(s, order, item, scan, qty) if order else None
        warehouse_id = order.warehouse_id if order else None
        target = (bin_of_type(s, scan.bin, BinType.RECEIVING.value, BinType.QUARANTINE.value)
                  if scan.bin else default_bin(s, warehouse_id or find_warehouse(
                      s, scan.warehouse).id, BinType.RECEIVING.value))
        core = StockService(self.db, self.clock)   # lots and serials exactly as receipts do
        lot = core.lot_for_receipt(s, item, scan.lot, None, None)
        moves = core.receipt_lines(s, item, qty, target, lot,
                                    (scan.serial,) if scan.serial else (), QUARANTINE,
                                    scan.reason.strip())
        task = self.new_task(s, actor, TaskType.RETURN, target.warehouse_id,
                             outbound_order_id=order.id if order else None,
                             note=scan.reason.strip()[:256])
        task.start(actor.user_id, self.now())
        for move in moves:
            task.add_line(item_id=item.id, qty=move.qty, qty_done=move.qty,
                          state=WorkState.DONE.value, lot_id=move.lot_id,
                          serial_id=move.serial_id, to_bin_id=target.id, status=QUARANTINE,
                          outbound_line_id=line.id if line else None, done_at=self.now(),
                          done_by_id=actor.user_id)
        task.finish(actor.user_id, self.now())
        s.flush()
        inspection = open_inspection(self, s, actor, task, target, moves)
        posted = self.post(s, actor, MoveReason.RETURN, moves, document_ref=task.number,
                           message_type="return.received",
                           extra=_payload(task.number, inspection.number, scan.reason, order,
                                          line))
        return ReturnResult(task.number, inspection.number, posted.outbox_key)

    @staticmethod
    def _order_line(s: Session, order: OutboundOrder, item: Item, scan: ReturnScan,
                    qty: Decimal) -> OutboundLine:
        """The shipped line the goods come from; no more back than went out."""
        lines = ([order.line(scan.line_no)] if scan.line_no is not None
                 else [l for l in order.lines if l.item_id == item.id and l.qty_shipped > 0])
        if not lines or lines[0].item_id != item.id:
            raise InvalidInput(field="return", reason=f"{item.code} was not shipped on "
                                                      f"{order.number}")
        line = lines[0]
        if returned_so_far(s, line) + qty > line.qty_shipped:
            raise InvalidInput(field="quantity", reason=(
                f"{order.number} line {line.line_no} shipped {line.qty_shipped}; "
                f"{returned_so_far(s, line)} already came back"))
        return line


def _payload(task: str, inspection: str, reason: str, order: OutboundOrder | None,
             line: OutboundLine | None) -> dict:
    ref = None
    if order is not None:
        ref = {"number": order.number, "external_ref": order.external_ref,
               "customer": order.customer, "line_no": line.line_no,
               "external_line_ref": line.external_line_ref}
    return {"return": {"task": task, "inspection_task": inspection, "reason": reason.strip(),
                       "outbound_order": ref}}
