"""Putaway (上架): received, available stock goes from the receiving bin to storage.

Planning makes a putaway task with one line per quant waiting in the receiving bin, each with a
suggested bin (``putaway_rules``). Confirming is scanning the bin the clerk really used: the
suggestion may be overridden (the message says so), the ledger refuses a blocked or full bin.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import InvalidInput, NotFound
from domain.model import Bin, Item, MoveReason, StockStatus
from domain.model.tasks import Task, TaskLine, TaskType, ensure_type
from domain.permissions import Actor, Permission
from domain.persistence.tables import putaway_rules, quants, task_lines, tasks
from domain.quantity import parse_quantity
from domain.services.ledger import MoveLine
from domain.services.operations.common import OperationService, as_qty, bin_of_type, load_task
from domain.services.operations.orders import find_warehouse
from domain.services.operations.putaway_rules import STORAGE_TYPES, suggest_bin
from domain.services.stock import find_bin, find_item

AVAILABLE = StockStatus.AVAILABLE.value


class NothingToPutAway(InvalidInput):
    template = "Nothing in {bin} is waiting to be put away"


class PutawayService(OperationService):

    # -- rules --------------------------------------------------------------------------------
    def set_fixed_bin(self, actor: Actor, warehouse: str, item: str, bin: str | None) -> None:
        """Give an item its fixed bin (None removes it)."""
        self.require(actor, Permission.EDIT_MASTER_DATA, "putaway.rule")

        def work(s: Session) -> None:
            wh, it = find_warehouse(s, warehouse), find_item(s, item)
            s.execute(delete(putaway_rules).where(putaway_rules.c.warehouse_id == wh.id,
                                                  putaway_rules.c.item_id == it.id))
            if bin:
                b = bin_of_type(s, bin, *STORAGE_TYPES)
                s.execute(insert(putaway_rules).values(warehouse_id=wh.id, item_id=it.id,
                                                       bin_id=b.id))
            audit.record(s, actor, "putaway.fixed_bin", entity="item", key=it.code,
                         detail={"bin": bin})
        self.db.write(work)

    def set_class_zone(self, actor: Actor, warehouse: str, abc_class: str, zone: str) -> None:
        """Send items of an ABC class to a zone (A items near the dispatch, C items far)."""
        self.require(actor, Permission.EDIT_MASTER_DATA, "putaway.rule")
        if abc_class not in ("A", "B", "C"):
            raise InvalidInput(field="ABC class", reason="A, B or C")

        def work(s: Session) -> None:
            from domain.model import Zone
            wh = find_warehouse(s, warehouse)
            z = s.scalars(select(Zone).where(Zone.warehouse_id == wh.id, Zone.code == zone)).first()
            if z is None:
                raise NotFound(kind="Zone", key=f"{warehouse}/{zone}")
            s.execute(delete(putaway_rules).where(putaway_rules.c.warehouse_id == wh.id,
                                                  putaway_rules.c.abc_class == abc_class))
            s.execute(insert(putaway_rules).values(warehouse_id=wh.id, abc_class=abc_class,
                                                   zone_id=z.id))
            audit.record(s, actor, "putaway.class_zone", entity="zone", key=zone,
                         detail={"abc_class": abc_class})
        self.db.write(work)

    # -- planning -----------------------------------------------------------------------------
    def plan(self, actor: Actor, from_bin: str, *, item: str | None = None) -> Task:
        """A putaway task for the available stock waiting in ``from_bin`` (not yet planned)."""
        self.require(actor, Permission.MOVE, "putaway.plan")

        def work(s: Session) -> Task:
            source = find_bin(s, from_bin)
            waiting = _waiting(s, source, find_item(s, item).id if item else None)
            if not waiting:
                raise NothingToPutAway(bin=source.code)
            task = self.new_task(s, actor, TaskType.PUTAWAY, source.warehouse_id)
            for item_id, lot_id, serial_id, qty in waiting:
                target, _rule = suggest_bin(s, s.get(Item, item_id), lot_id, qty,
                                            source.warehouse_id, source.id)
                task.add_line(item_id=item_id, qty=qty, lot_id=lot_id, serial_id=serial_id,
                              from_bin_id=source.id, to_bin_id=target.id if target else None,
                              status=AVAILABLE)
                s.flush()  # the next suggestion sees this line's planned quantity
            return task
        return self.db.write(work)

    # -- confirming ---------------------------------------------------------------------------
    def confirm(self, actor: Actor, number: str, line_no: int, bin_scan: str, *,
                qty: object = None) -> str:
        """Put ``qty`` (default: the rest of the line) into the scanned bin. Returns the outbox
        key of the step's message."""
        self.require(actor, Permission.MOVE, "putaway.confirm")
        quantity = parse_quantity(qty) if qty is not None else None

        def work(s: Session) -> str:
            task = load_task(s, number)
            ensure_type(task, TaskType.PUTAWAY)
            line = task.line(line_no)
            line.ensure_open(task.number)
            target = bin_of_type(s, bin_scan, *STORAGE_TYPES)
            moved = quantity if quantity is not None else line.remaining
            suggested = line.to_bin_id
            task.begin_work(actor.user_id, self.now())
            line.record(task.number, moved, actor.user_id, self.now())
            line.to_bin_id = target.id
            task.finish_if_complete(actor.user_id, self.now())
            posted = self.post(
                s, actor, MoveReason.TRANSFER, [_move(line, moved, target)],
                document_ref=task.number, message_type="putaway.confirmed",
                extra={"task": task.number, "line_no": line.line_no,
                       "suggested_bin": s.get(Bin, suggested).barcode if suggested else None,
                       "override": suggested not in (None, target.id)})
            return posted.outbox_key
        return self.db.write(work)


def _move(line: TaskLine, qty: Decimal, target: Bin) -> MoveLine:
    return MoveLine(item_id=line.item_id, qty=qty, lot_id=line.lot_id, serial_id=line.serial_id,
                    from_bin_id=line.from_bin_id, from_status=line.status, to_bin_id=target.id,
                    to_status=line.status)


def _waiting(s: Session, source: Bin, item_id: int | None) -> list[tuple]:
    """Free available stock in ``source`` minus what open putaway lines already cover."""
    planned = (select(task_lines.c.item_id, task_lines.c.lot_id, task_lines.c.serial_id,
                      as_qty(func.sum(task_lines.c.qty - task_lines.c.qty_done)).label("qty"))
               .select_from(task_lines.join(tasks, tasks.c.id == task_lines.c.task_id))
               .where(task_lines.c.from_bin_id == source.id, task_lines.c.state == "open",
                      tasks.c.task_type == TaskType.PUTAWAY.value)
               .group_by(task_lines.c.item_id, task_lines.c.lot_id, task_lines.c.serial_id))
    covered = {(r.item_id, r.lot_id, r.serial_id): r.qty for r in s.execute(planned)}
    q = (select(quants.c.item_id, quants.c.lot_id, quants.c.serial_id,
                as_qty(quants.c.on_hand - quants.c.reserved).label("free"))
         .where(quants.c.bin_id == source.id, quants.c.status == AVAILABLE,
                quants.c.on_hand > quants.c.reserved)
         .order_by(quants.c.item_id, quants.c.lot_id, quants.c.serial_id))
    if item_id is not None:
        q = q.where(quants.c.item_id == item_id)
    out = []
    for r in s.execute(q):
        free = r.free - covered.get((r.item_id, r.lot_id, r.serial_id), Decimal(0))
        if free > 0:
            out.append((r.item_id, r.lot_id, r.serial_id, free))
    return out
