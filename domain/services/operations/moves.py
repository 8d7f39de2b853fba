"""Bin-to-bin moves (移库) as tasks: planned by one clerk or supervisor, done by scanning.

Creating the task reserves the units at the source (they cannot be picked away meanwhile);
confirming scans the target bin (and, if given, the source, item, lot, serial) and moves the
units in one ledger posting, one ERP message. Cancelling the task gives the units back.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from domain.errors import InvalidInput
from domain.model import MoveReason, StockStatus
from domain.model.tasks import Task, TaskType, ensure_type
from domain.permissions import Actor, Permission
from domain.quantity import parse_quantity
from domain.services.ledger import MoveLine, QuantKey
from domain.services.operations import reservations
from domain.services.operations.common import OperationService, load_task
from domain.services.operations.scans import check_stock_scan
from domain.services.stock import find_bin, find_item, find_lot, find_serial


@dataclass(frozen=True)
class MoveOrder:
    item: str
    from_bin: str
    qty: object
    to_bin: str | None = None         # planned target; the clerk may scan another
    lot: str | None = None
    serial: str | None = None
    status: str = StockStatus.AVAILABLE.value


@dataclass(frozen=True)
class MoveScan:
    task: str
    to_bin: str
    qty: object = None                # default: the rest of the line
    line_no: int = 1
    from_bin: str | None = None       # source scans, checked when given
    item: str | None = None
    lot: str | None = None
    serial: str | None = None


class MoveService(OperationService):

    def create(self, actor: Actor, order: MoveOrder) -> Task:
        self.require(actor, Permission.MOVE, "move.create")
        qty = parse_quantity(order.qty)

        def work(s: Session) -> Task:
            item, source = find_item(s, order.item), find_bin(s, order.from_bin)
            lot, serial = find_lot(s, item, order.lot), find_serial(s, item, order.serial)
            target = find_bin(s, order.to_bin) if order.to_bin else None
            if target is not None and target.id == source.id:
                raise InvalidInput(field="target bin", reason="it is the source bin")
            task = self.new_task(s, actor, TaskType.MOVE, source.warehouse_id)
            line = task.add_line(item_id=item.id, qty=qty, lot_id=lot.id if lot else None,
                                 serial_id=serial.id if serial else None,
                                 from_bin_id=source.id, to_bin_id=target.id if target else None,
                                 status=order.status)
            s.flush()
            reservations.hold(s, line.id, QuantKey(item.id, source.id, line.lot_id,
                                                   line.serial_id, order.status),
                              qty, self.now(), picked=False)
            return task
        return self.db.write(work)

    def confirm(self, actor: Actor, scan: MoveScan) -> str:
        """Move the units to the scanned bin; returns the outbox key of the step's message."""
        self.require(actor, Permission.MOVE, "move.confirm")
        qty = parse_quantity(scan.qty) if scan.qty is not None else None

        def work(s: Session) -> str:
            task = load_task(s, scan.task)
            ensure_type(task, TaskType.MOVE)
            line = task.line(scan.line_no)
            line.ensure_open(task.number)
            if scan.from_bin or scan.item:
                if not (scan.from_bin and scan.item):
                    raise InvalidInput(field="scan", reason="scan both the source bin and item")
                check_stock_scan(s, line, bin=scan.from_bin, item=scan.item, lot=scan.lot,
                                 serial=scan.serial)
            target = find_bin(s, scan.to_bin)
            moved = qty if qty is not None else line.remaining
            planned = line.to_bin_id
            task.begin_work(actor.user_id, self.now())
            line.record(task.number, moved, actor.user_id, self.now())
            [held] = reservations.held_for(s, [line.id], picked=False)
            reservations.take(s, held, moved, self.now(), unreserve=False)
            line.to_bin_id = target.id
            task.finish_if_complete(actor.user_id, self.now())
            move = MoveLine(item_id=line.item_id, qty=moved, lot_id=line.lot_id,
                            serial_id=line.serial_id, from_bin_id=line.from_bin_id,
                            from_status=line.status, from_reserved=moved, to_bin_id=target.id,
                            to_status=line.status)
            return self.post(s, actor, MoveReason.TRANSFER, [move], document_ref=task.number,
                             message_type="move.confirmed",
                             extra={"task": task.number, "line_no": line.line_no,
                                    "planned_bin_changed": planned not in (None, target.id)}
                             ).outbox_key
        return self.db.write(work)
