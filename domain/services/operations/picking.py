"""Picking (拣货): confirm a pick line by scanning bin, item (and lot/serial), short-pick with a
reason (the rest goes to a backorder, and the bin gets a count task so the discrepancy is
checked), and unpick.

A confirmed pick moves the units from their bin to the task's staging bin, consuming the
reservation at the source and holding the same units again in the staging bin for the order
(they ship from there). Each step is one ledger posting, hence one ERP message naming the task
and the order lines it served. The task row is locked first, so a second confirmation of the
same line (a double scan, another station) finds the line done and is refused.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.orm import Session, lazyload

from domain.errors import DomainError, InvalidInput, LotExpired, NotFound
from domain.model import Bin, Item, Lot, LotStatus, MoveReason, Serial
from domain.model.documents import OutboundLine, OutboundOrder
from domain.model.lots import expired
from domain.model.states import WorkState
from domain.model.tasks import Task, TaskLine, TaskType, ensure_type
from domain.permissions import Actor, Permission
from domain.persistence.tables import (
    bins, items, lots, outbound_order_lines, outbound_orders, quants, serials, task_lines, tasks,
)
from domain.persistence.tables import reservations as reservations_table
from domain.persistence.types import Quantity
from domain.quantity import parse_quantity
from domain.services.ledger import MoveLine, QuantKey
from domain.services.operations import reservations
from domain.services.operations.reservations import Held
from domain.services.operations.common import (
    OperationService, bin_of_type, finish_if_last, load_task, qty_text, task_line,
)
from domain.services.operations.counts import count_after_short
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
    count_task: str = ""              # the count planned for the bin where the units were missing


@dataclass(frozen=True)
class _LotSeen:
    """The line's lot as the scan query read it (what the expiry and recall checks need)."""
    lot_no: str
    expiry_date: object
    status: str

    def is_expired(self, today) -> bool:
        return expired(self.expiry_date, today)


def _order_ref(s: Session, line: TaskLine, qty: Decimal, ref=None) -> dict:
    """The order line a pick served, as the ERP matches it; ``ref``: already read with the
    line (``_ORDER_COLUMNS``)."""
    ref = ref or s.execute(_ORDER_REF, {"line_id": line.outbound_line_id}).one()
    return {"order": ref.order_number, "external_ref": ref.order_external_ref,
            "line_no": ref.order_line_no, "external_line_ref": ref.order_external_line_ref,
            "qty": qty_text(qty)}


def _tracking_ok(s: Session, line: TaskLine, scan: PickScan) -> bool:
    lot_ok = line.lot_id is None or s.get(Lot, line.lot_id).lot_no == (scan.lot or "").strip()
    serial_ok = (line.serial_id is None
                 or s.get(Serial, line.serial_id).serial_no == (scan.serial or "").strip())
    return lot_ok and serial_ok


# The scan of a pick, resolved with statements built once (an interactive confirmation is
# timed in milliseconds): the bin by label or code, the item by code, then the task's open lines
# at that bin for that item with their lot and serial.
_BIN_BY_BARCODE = select(bins.c.id).where(bins.c.barcode == bindparam("code"))
_BIN_BY_CODE = select(bins.c.id).where(bins.c.code == bindparam("code")).limit(2)
_ITEM_BY_CODE = select(items.c.id).where(items.c.code == bindparam("code"))
# The task and the scanned line as plain rows: ``Task`` and ``TaskLine`` are built from them
# detached from the session, do their checks and transitions, and the columns a pick changes
# are written back with the statements below (loading and flushing ORM objects cost more than
# all the SQL of a pick).
_TASK_COLUMNS = ("id", "number", "task_type", "warehouse_id", "state", "assignee_id",
                 "started_at", "started_by_id", "finished_at", "finished_by_id")
_TASK_PROGRESS = _TASK_COLUMNS[4:]
_LINE_COLUMNS = ("id", "task_id", "line_no", "item_id", "qty", "qty_done", "state", "lot_id",
                 "serial_id", "from_bin_id", "to_bin_id", "status", "outbound_line_id",
                 "short_reason", "done_at", "done_by_id")
_LINE_PROGRESS = ("qty_done", "state", "done_at", "done_by_id")
_TASK_ROW = (select(*(tasks.c[c] for c in _TASK_COLUMNS))
             .where(tasks.c.number == bindparam("number")).with_for_update())
_ORDER_COLUMNS = (outbound_orders.c.number.label("order_number"),
                  outbound_orders.c.external_ref.label("order_external_ref"),
                  outbound_order_lines.c.line_no.label("order_line_no"),
                  outbound_order_lines.c.external_line_ref.label("order_external_line_ref"))
_HELD_COLUMNS = (reservations_table.c.id.label("held_id"),
                 reservations_table.c.quant_id.label("held_quant_id"),
                 reservations_table.c.qty.label("held_qty"),
                 *(quants.c[c].label(f"held_{c}") for c in QuantKey.__dataclass_fields__))


def _open_lines(bin_id, item_id):
    """The first open line of a task at a bin for an item whose lot and serial are the scanned
    ones (``lot``/``serial`` parameters), with what confirming it needs: its lot's expiry and
    status, the order line it serves and the units reserved for it (a line has one source
    quant, so at most one such reservation row)."""
    return (select(*(task_lines.c[c] for c in _LINE_COLUMNS), lots.c.lot_no,
                   lots.c.expiry_date, lots.c.status.label("lot_status"), serials.c.serial_no,
                   *_ORDER_COLUMNS, *_HELD_COLUMNS)
            .select_from(task_lines.outerjoin(lots, lots.c.id == task_lines.c.lot_id)
                         .outerjoin(serials, serials.c.id == task_lines.c.serial_id)
                         .join(outbound_order_lines,
                               outbound_order_lines.c.id == task_lines.c.outbound_line_id)
                         .join(outbound_orders,
                               outbound_orders.c.id == outbound_order_lines.c.order_id)
                         .outerjoin(reservations_table,
                                    and_(reservations_table.c.task_line_id == task_lines.c.id,
                                         reservations_table.c.picked.is_(False)))
                         .outerjoin(quants, quants.c.id == reservations_table.c.quant_id))
            .where(task_lines.c.task_id == bindparam("task_id"),
                   task_lines.c.state == WorkState.OPEN.value,
                   task_lines.c.from_bin_id == bin_id, task_lines.c.item_id == item_id,
                   or_(task_lines.c.lot_id.is_(None), lots.c.lot_no == bindparam("lot")),
                   or_(task_lines.c.serial_id.is_(None),
                       serials.c.serial_no == bindparam("serial")))
            # LIMIT 1: the driver steps one row ahead, which would walk the rest of the task.
            .order_by(task_lines.c.line_no).limit(1))


_OPEN_HERE = _open_lines(bindparam("bin_id"), bindparam("item_id"))
# The usual scan (the bin's label, the item's code) resolved inside the same statement.
_OPEN_AT_SCAN = _open_lines(
    select(bins.c.id).where(bins.c.barcode == bindparam("bin_code")).scalar_subquery(),
    select(items.c.id).where(items.c.code == bindparam("item_code")).scalar_subquery())


def _held_in(found) -> list[Held]:
    """The line's reservation as ``_open_lines`` read it (none: ``_take_from_source`` refuses)."""
    if found.held_id is None:
        return []
    return [reservations.held_from_row(found, found.id, False, prefix="held_")]


def _saver(table, columns):
    return (update(table).where(table.c.id == bindparam("row_id"))
            .values({c: bindparam(f"new_{c}", type_=table.c[c].type) for c in columns}))


_SAVE_TASK = _saver(tasks, _TASK_PROGRESS)
_SAVE_LINE = _saver(task_lines, _LINE_PROGRESS)


def _save(s: Session, statement, obj, columns) -> None:
    s.execute(statement, {"row_id": obj.id, **{f"new_{c}": getattr(obj, c) for c in columns}})


_ORDER_REF = (select(*_ORDER_COLUMNS)
              .join(outbound_orders, outbound_orders.c.id == outbound_order_lines.c.order_id)
              .where(outbound_order_lines.c.id == bindparam("line_id")))
_ADD_PICKED = (update(outbound_order_lines)
               .where(outbound_order_lines.c.id == bindparam("line_id"))
               .values(qty_picked=outbound_order_lines.c.qty_picked
                       + bindparam("qty", type_=Quantity())))


def _scanned_line(s: Session, task_id: int, scan: PickScan):
    """The first open line (line order) at the scanned bin for the scanned item whose lot and
    serial match the scan, with its lot's expiry and status; None when the scan matches no
    line (or names no known bin/item), and the caller goes the way that says why."""
    code, item = (scan.bin or "").strip(), (scan.item or "").strip()
    tracking = {"task_id": task_id, "lot": (scan.lot or "").strip(),
                "serial": (scan.serial or "").strip()}
    found = s.execute(_OPEN_AT_SCAN, {"bin_code": code, "item_code": item, **tracking}).first()
    if found is not None or s.execute(_BIN_BY_BARCODE, {"code": code}).scalar() is not None:
        return found
    bins_ = s.execute(_BIN_BY_CODE, {"code": code}).scalars().all()  # a bin's code, not label
    item_id = s.execute(_ITEM_BY_CODE, {"code": item}).scalar()
    if len(bins_) != 1 or item_id is None:
        return None
    return s.execute(_OPEN_HERE, {"bin_id": bins_[0], "item_id": item_id, **tracking}).first()


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
            row = s.execute(_TASK_ROW, {"number": (scan.task or "").strip()}).first()
            if row is None:
                raise NotFound(kind=Task.KIND, key=scan.task)
            task = Task(**row._mapping)
            ensure_type(task, TaskType.PICK)
            found = _scanned_line(s, task.id, scan) if scan.line_no is None else None
            if found is None:         # a named line, or a scan to check and refuse precisely
                return self._confirm_checked(s, actor, scan, qty)
            return self._confirm_scanned(s, actor, task, found, qty)
        return self.db.write(work)

    def _confirm_scanned(self, s: Session, actor: Actor, task: Task, found,
                         qty: Decimal | None) -> str:
        """The usual confirmation: ``found`` is the line's row from ``_open_lines``, whose
        bin, item, lot and serial are the scanned ones by the query."""
        line = TaskLine(**{c: found._mapping[c] for c in _LINE_COLUMNS})
        lot = _LotSeen(found.lot_no, found.expiry_date, found.lot_status) if line.lot_id else None
        before = [getattr(task, c) for c in _TASK_PROGRESS]
        move = self._take_from_source(s, actor, task, line,
                                      qty if qty is not None else line.remaining, lot,
                                      _held_in(found))
        _save(s, _SAVE_LINE, line, _LINE_PROGRESS)
        finish_if_last(s, task, actor.user_id, self.now())
        if [getattr(task, c) for c in _TASK_PROGRESS] != before:
            _save(s, _SAVE_TASK, task, _TASK_PROGRESS)
        return self._post(s, actor, task, line, move, "pick.confirmed", {}, ref=found)

    def _confirm_checked(self, s: Session, actor: Actor, scan: PickScan,
                         qty: Decimal | None) -> str:
        """The confirmation of a named line, or of a scan that matched no open line: the line
        is checked against the scan, so a refusal says what was expected."""
        task = load_task(s, scan.task, lines=False)
        line = matching_line(s, task, scan)
        line.ensure_open(task.number)
        check_stock_scan(s, line, bin=scan.bin, item=scan.item, lot=scan.lot, serial=scan.serial)
        move = self._take_from_source(s, actor, task, line,
                                      qty if qty is not None else line.remaining)
        finish_if_last(s, task, actor.user_id, self.now())
        return self._post(s, actor, task, line, move, "pick.confirmed", {})

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
            count = count_after_short(self, s, actor, task.warehouse_id, line.from_bin_id,
                                      line.item_id, f"{task.number}/{line.line_no}")
            extra = {"short": {"missing": qty_text(missing), "reason": line.short_reason,
                               "backorder": backorder.number, "count_task": count}}
            if move is not None:
                key = self._post(s, actor, task, line, move, "pick.short", extra)
            else:
                key = write_message(s, actor, "pick.short", task.number, {
                    "task": task.number, "order_lines": [_order_ref(s, line, Decimal(0))],
                    **extra}, self.now())
            return ShortResult(backorder.number, missing, key, count)
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
                          qty: Decimal, lot=None, held: list[Held] | None = None) -> MoveLine:
        """Record ``qty`` on the line and consume its reservation at the source; the returned
        move brings the units to the staging bin. ``lot``, ``held``: the line's lot and its
        reservation when already read."""
        if lot is None and line.lot_id:
            lot = s.get(Lot, line.lot_id)
        if lot is not None and lot.is_expired(self.today()):
            raise LotExpired(lot=lot.lot_no, item=s.get(Item, line.item_id).code,
                             expiry=lot.expiry_date)
        if lot is not None and lot.status == LotStatus.BLOCKED.value:
            raise LotBlockedForPicking(lot=lot.lot_no, item=s.get(Item, line.item_id).code)
        task.begin_work(actor.user_id, self.now())
        line.record(task.number, qty, actor.user_id, self.now())
        if held is None:
            held = reservations.held_for(s, [line.id], picked=False)
        if not held or held[0].qty < qty:
            raise InvalidInput(field="quantity", reason="more than is reserved for the line")
        reservations.take(s, held[0], qty, self.now(), unreserve=False)
        s.execute(_ADD_PICKED, {"line_id": line.outbound_line_id, "qty": qty})
        return MoveLine(item_id=line.item_id, qty=qty, lot_id=line.lot_id,
                        serial_id=line.serial_id, from_bin_id=line.from_bin_id,
                        from_status=line.status, from_reserved=qty, to_bin_id=line.to_bin_id,
                        to_status=line.status)

    def _post(self, s: Session, actor: Actor, task: Task, line: TaskLine, move: MoveLine,
              message_type: str, extra: dict, *, picked: bool = True, ref=None) -> str:
        """Post the move; picked units are then held in the staging bin for the order."""
        posted = self.post(s, actor, MoveReason.TRANSFER, [move], document_ref=task.number,
                           message_type=message_type,
                           extra={"task": task.number, "line_no": line.line_no,
                                  "order_lines": [_order_ref(s, line, move.qty, ref)], **extra})
        if picked:
            reservations.hold(s, line.id, QuantKey(
                move.item_id, move.to_bin_id, move.lot_id, move.serial_id, move.to_status),
                move.qty, self.now(), picked=True)
        return posted.outbox_key
