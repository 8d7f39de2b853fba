"""The stock ledger: the only code that changes stock.

``post`` writes, inside the caller's transaction, everything one stock change means:
append-only moves, the quants they change, an audit entry and an outbox message for the ERP.
Quants change through conditional UPDATEs whose WHERE clause *is* the invariant
(``on_hand - reserved >= qty``): under concurrency the database re-checks it on the newest row
version, so two stations can never take the same unit twice. Database CHECKs are the backstop.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, bindparam, delete, func, insert, literal_column, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import (
    BinBlocked, BinCapacityExceeded, InsufficientStock, InvalidInput, LotBlocked, LotExpired,
    LotRequired,
    NotFound, NotTracked, SerialAlreadyInStock, SerialRequired,
)
from domain.model import LotStatus, MoveReason, StockStatus
from domain.model.lots import expired
from domain.permissions import Actor
from domain.persistence.tables import bins, items, lots, outbox, quants, serials, stock_moves
from domain.persistence.types import Quantity
from domain.quantity import parse_quantity

_QTY = Quantity()
BULK_MIN_LINES = 50   # postings with this many lines change quants with set-based statements
_STATUSES = {s.value for s in StockStatus}


@dataclass(frozen=True)
class MoveLine:
    """One movement of one item/lot/serial. ``from_*`` empty = stock comes from outside
    (supplier, gain); ``to_*`` empty = stock leaves (customer, loss). ``from_reserved`` is how much
    of the source's reservation this move consumes (picking reserved stock)."""
    item_id: int
    qty: Decimal
    from_bin_id: int | None = None
    to_bin_id: int | None = None
    lot_id: int | None = None
    serial_id: int | None = None
    from_status: str | None = None
    to_status: str | None = None
    from_reserved: Decimal = Decimal(0)
    note: str = ""
    reason: MoveReason | None = None   # this move's own reason; None: the posting's


@dataclass(frozen=True)
class Posting:
    """One stock change = one ERP message. ``reason`` is every line's reason unless a line
    names its own (a count's gains and losses travel together in one message); with
    ``reason=None`` every line must name its own and the message says which per line."""
    reason: MoveReason | None
    lines: list[MoveLine]
    document_ref: str | None = None
    message_type: str | None = None   # outbox type; default "stock.<reason>"
    extra: dict = field(default_factory=dict)  # extra payload for the ERP message


@dataclass(frozen=True)
class PostResult:
    document_ref: str | None
    move_count: int
    outbox_key: str


@dataclass(frozen=True)
class QuantKey:
    item_id: int
    bin_id: int
    lot_id: int | None
    serial_id: int | None
    status: str

    def sort_key(self) -> tuple:
        return (self.item_id, self.bin_id, self.lot_id or 0, self.serial_id or 0, self.status)


def _reader(table, *columns: str):
    """Master-data columns the ledger needs, read by id with plain Core rows: building ORM
    objects (and their eager relationships) cost more than the SQL itself, both for a single
    pick and for a 5,000-line count."""
    return (select(table.c.id, *(table.c[c] for c in columns))
            .where(table.c.id.in_(bindparam("ids", expanding=True))))


_READERS = {
    "Item": _reader(items, "code", "base_uom", "lot_tracked", "serial_tracked",
                    "unit_volume_l", "unit_weight_kg"),
    "Bin": _reader(bins, "code", "barcode", "blocked", "blocked_reason", "capacity_qty",
                   "capacity_volume_l", "capacity_weight_kg"),
    "Lot": _reader(lots, "item_id", "lot_no", "expiry_date", "status"),
    "Serial": _reader(serials, "item_id", "serial_no"),
}
_CHUNK = 500


class _Context:
    """Master data of one posting, each row read once (as a read-only row with the columns of
    ``_READERS``), so a 5,000-line posting does not re-read the same item for every line."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._cache: dict[tuple[str, int], object] = {}

    def item(self, item_id: int):
        return self._get("Item", item_id)

    def bin(self, bin_id: int):
        return self._get("Bin", bin_id)

    def lot(self, lot_id: int | None):
        return None if lot_id is None else self._get("Lot", lot_id)

    def serial(self, serial_id: int | None):
        return None if serial_id is None else self._get("Serial", serial_id)

    def prefetch(self, lines) -> None:
        """Load every row the lines refer to with one IN query per kind (and 500 ids)."""
        wanted = (("Item", {l.item_id for l in lines}),
                  ("Bin", {b for l in lines for b in (l.from_bin_id, l.to_bin_id) if b is not None}),
                  ("Lot", {l.lot_id for l in lines if l.lot_id is not None}),
                  ("Serial", {l.serial_id for l in lines if l.serial_id is not None}))
        for kind, ids in wanted:
            missing = sorted(i for i in ids if (kind, i) not in self._cache)
            for start in range(0, len(missing), _CHUNK):
                self._load(kind, missing[start:start + _CHUNK])

    def _load(self, kind: str, ids: list[int]) -> None:
        for row in self.session.execute(_READERS[kind], {"ids": ids}).all():
            self._cache[(kind, row.id)] = row

    def _get(self, kind: str, key: int):
        row = self._cache.get((kind, key))
        if row is None:
            self._load(kind, [key])
            row = self._cache.get((kind, key))
            if row is None:
                raise NotFound(kind=kind, key=key)
        return row


def post(session: Session, actor: Actor, posting: Posting, *, now: datetime,
         today: date) -> PostResult:
    """Validate and apply ``posting`` in the open transaction of ``session``."""
    if not posting.lines:
        raise InvalidInput(field="lines", reason="nothing to post")
    if posting.reason is None and any(l.reason is None for l in posting.lines):
        raise InvalidInput(field="reason", reason="a move without a reason")
    if posting.reason is None and not posting.message_type:
        raise InvalidInput(field="message type", reason="a posting of mixed reasons needs one")
    ctx = _Context(session)
    ctx.prefetch(posting.lines)
    lines = [_validated(ctx, line, today) for line in posting.lines]
    _check_capacity(ctx, lines)
    if len(lines) >= BULK_MIN_LINES and session.get_bind().dialect.supports_sane_multi_rowcount:
        from domain.services import ledger_bulk
        ledger_bulk.apply(ctx, lines, now, fallback=_apply_per_line)
    else:
        _apply_per_line(ctx, lines, now)
    rows = [_move_row(l, posting, actor, now) for l in lines]
    if len(rows) >= BULK_MIN_LINES:
        from domain.services.operations import bulk
        bulk.insert_rows(session, stock_moves, rows)
    else:
        session.execute(_INSERT_MOVE, rows)
    outbox_key = _write_outbox(ctx, actor, posting, lines, now)
    audit.record(session, actor, f"stock.{_reason_text(posting) or 'mixed'}", entity="document",
                 key=posting.document_ref or "", detail=_audit_detail(ctx, lines))
    return PostResult(posting.document_ref, len(lines), outbox_key)


def _apply_per_line(ctx: _Context, lines: list[MoveLine], now: datetime) -> None:
    """Change the quants line by line (the reference path; see ``ledger_bulk`` for many lines)."""
    outgoing = sorted(((_source(l), l) for l in lines if l.from_bin_id is not None),
                      key=lambda kl: kl[0].sort_key())
    # A transfer keeps the receipt date of its source, so FIFO still sees the stock as old.
    in_dates: dict[int, datetime] = {}
    for key, line in outgoing:
        in_dates[id(line)] = _decrement(ctx, key, line, now)
    incoming = sorted(((_target(l), l) for l in lines if l.to_bin_id is not None),
                      key=lambda kl: kl[0].sort_key())
    for key, line in incoming:
        _increment(ctx, key, line.qty, in_dates.get(id(line), now), now)


# -- validation ---------------------------------------------------------------------------------
def _validated(ctx: _Context, line: MoveLine, today: date) -> MoveLine:
    qty = parse_quantity(line.qty)
    reserved = parse_quantity(line.from_reserved, allow_zero=True)
    if reserved > qty:
        raise InvalidInput(field="reserved quantity", reason="more than the moved quantity")
    if line.from_bin_id is None and line.to_bin_id is None:
        raise InvalidInput(field="move", reason="it needs a source bin, a target bin or both")
    for bin_id, status, side in ((line.from_bin_id, line.from_status, "source"),
                                 (line.to_bin_id, line.to_status, "target")):
        if (bin_id is None) != (status is None):
            raise InvalidInput(field=f"{side} status", reason="given without a bin or missing")
        if status is not None and status not in _STATUSES:
            raise InvalidInput(field=f"{side} status", reason=f"unknown status {status!r}")
    if (line.from_bin_id is not None and line.from_bin_id == line.to_bin_id
            and line.from_status == line.to_status):
        raise InvalidInput(field="move", reason="source and target are the same")
    item = ctx.item(line.item_id)
    lot, serial = ctx.lot(line.lot_id), ctx.serial(line.serial_id)
    _check_tracking(item, lot, serial, qty)
    for bin_id in (line.from_bin_id, line.to_bin_id):
        if bin_id is not None:
            b = ctx.bin(bin_id)
            if b.blocked:
                raise BinBlocked(bin=b.code, reason=b.blocked_reason or "-")
    becomes_available = (line.to_status == StockStatus.AVAILABLE.value
                         and line.from_status != StockStatus.AVAILABLE.value)
    leaves_available = line.to_bin_id is None and line.from_status == StockStatus.AVAILABLE.value
    if (lot is not None and (becomes_available or leaves_available)
            and expired(lot.expiry_date, today)):
        raise LotExpired(lot=lot.lot_no, item=item.code, expiry=lot.expiry_date)
    if lot is not None and becomes_available and lot.status == LotStatus.BLOCKED.value:
        raise LotBlocked(lot=lot.lot_no, item=item.code)
    return MoveLine(**{**line.__dict__, "qty": qty, "from_reserved": reserved})


def _check_tracking(item, lot, serial, qty: Decimal) -> None:
    if item.lot_tracked and lot is None:
        raise LotRequired(item=item.code)
    if not item.lot_tracked and lot is not None:
        raise NotTracked(item=item.code, tracking="lot")
    if lot is not None and lot.item_id != item.id:
        raise InvalidInput(field="lot", reason=f"lot {lot.lot_no} belongs to another item")
    if item.serial_tracked and (serial is None or qty != 1):
        raise SerialRequired(item=item.code)
    if not item.serial_tracked and serial is not None:
        raise NotTracked(item=item.code, tracking="serial")
    if serial is not None and serial.item_id != item.id:
        raise InvalidInput(field="serial", reason=f"serial {serial.serial_no} belongs to another item")


def _check_capacity(ctx: _Context, lines: list[MoveLine]) -> None:
    """Bins with a capacity (units, volume or weight) may not hold more than it. Volume and
    weight count the item's unit volume/weight (items without one weigh nothing here). The bin
    row is locked first so two stations filling the same bin are serialised."""
    incoming: dict[int, list[Decimal]] = {}
    for line in lines:
        if line.to_bin_id is not None and line.to_bin_id != line.from_bin_id:
            item = ctx.item(line.item_id)
            load = incoming.setdefault(line.to_bin_id, [Decimal(0)] * 3)
            for i, per_unit in enumerate((Decimal(1), item.unit_volume_l, item.unit_weight_kg)):
                load[i] += line.qty * (per_unit or 0)
    for bin_id, load in sorted(incoming.items()):
        b = ctx.bin(bin_id)
        limits = (b.capacity_qty, b.capacity_volume_l, b.capacity_weight_kg)
        if all(limit is None for limit in limits):
            continue
        ctx.session.execute(select(bins.c.id).where(bins.c.id == bin_id).with_for_update())
        held = _bin_load(ctx.session, bin_id)
        for limit, now_held, adding, unit in zip(limits, held, load, ("units", "l", "kg")):
            if limit is not None and now_held + adding > limit:
                raise BinCapacityExceeded(bin=b.code, capacity=limit, unit=unit)


def _bin_load(session: Session, bin_id: int) -> list[Decimal]:
    """Units, litres and kilograms held in a bin now."""
    total = [Decimal(0)] * 3
    rows = session.execute(select(quants.c.on_hand, items.c.unit_volume_l, items.c.unit_weight_kg)
                           .join(items, items.c.id == quants.c.item_id)
                           .where(quants.c.bin_id == bin_id))
    for on_hand, volume, weight in rows:
        total[0] += on_hand
        total[1] += on_hand * (volume or 0)
        total[2] += on_hand * (weight or 0)
    return total


# -- quants -------------------------------------------------------------------------------------
def _source(line: MoveLine) -> QuantKey:
    return QuantKey(line.item_id, line.from_bin_id, line.lot_id, line.serial_id, line.from_status)


def _target(line: MoveLine) -> QuantKey:
    return QuantKey(line.item_id, line.to_bin_id, line.lot_id, line.serial_id, line.to_status)


_ZERO = literal_column("0")        # a literal, as in the index: a bound 0 would not match it
# The quant key as the unique index ``uq_quants_key`` states it, lot and serial as
# ``coalesce(x, 0)``: compared part by part (``_key_where``) it is one seek of that index on
# every database, and an INSERT meeting an existing quant conflicts on it (``ledger_bulk``).
# Written ``lot_id IS ?``, SQLite without statistics took the lot index instead, and for the
# many quants without a lot that meant walking all of them on every posting.
KEY_COLUMNS = (quants.c.item_id, quants.c.bin_id, func.coalesce(quants.c.lot_id, _ZERO),
               func.coalesce(quants.c.serial_id, _ZERO), quants.c.status)
_KEY_NAMES = ("k_item", "k_bin", "k_lot", "k_serial", "k_status")


def _key_values(key: QuantKey) -> tuple:
    return key.item_id, key.bin_id, key.lot_id or 0, key.serial_id or 0, key.status


def _key_where():
    """The quant key as bound parameters (``_key_params``): statements built once, so an
    interactive confirmation pays neither for building nor for cache-keying its SQL."""
    return tuple(column == bindparam(name, type_=column.type)
                 for column, name in zip(KEY_COLUMNS, _KEY_NAMES))


def _key_params(key: QuantKey) -> dict:
    return dict(zip(_KEY_NAMES, _key_values(key)))


_DECREMENT = (
    update(quants)
    .where(*_key_where(), quants.c.reserved >= bindparam("res", type_=_QTY),
           quants.c.on_hand - quants.c.reserved >= bindparam("net", type_=_QTY))
    .values(on_hand=quants.c.on_hand - bindparam("qty", type_=_QTY),
            reserved=quants.c.reserved - bindparam("res2", type_=_QTY),
            updated_at=bindparam("now"))
    .returning(quants.c.id, quants.c.on_hand, quants.c.reserved, quants.c.in_date))
_DELETE_EMPTY = delete(quants).where(quants.c.id == bindparam("q_id"), quants.c.on_hand == 0,
                                     quants.c.reserved == 0)
_ADD = (update(quants).where(*_key_where())
        .values(on_hand=quants.c.on_hand + bindparam("qty", type_=_QTY),
                updated_at=bindparam("now"))
        .returning(quants.c.id))
def _free_at_least(amount):
    """The reservation invariant: only free units (on hand, not yet reserved) are set aside.
    Stated once, for ``reserve`` and ``reserve_many``."""
    return quants.c.on_hand - quants.c.reserved >= amount


_RESERVE = (update(quants)
            .where(*_key_where(), _free_at_least(bindparam("qty", type_=_QTY)))
            .values(reserved=quants.c.reserved + bindparam("qty2", type_=_QTY),
                    updated_at=bindparam("now"))
            .returning(quants.c.id))
_UNRESERVE = (update(quants)
              .where(*_key_where(), quants.c.reserved >= bindparam("qty", type_=_QTY))
              .values(reserved=quants.c.reserved - bindparam("qty2", type_=_QTY),
                      updated_at=bindparam("now"))
              .returning(quants.c.id))


def _key_clause(key: QuantKey):
    return and_(*(column == value for column, value in zip(KEY_COLUMNS, _key_values(key))))


def _decrement(ctx: _Context, key: QuantKey, line: MoveLine, now: datetime) -> datetime:
    qty, reserved = line.qty, line.from_reserved
    row = ctx.session.execute(_DECREMENT, dict(_key_params(key), res=reserved, net=qty - reserved,
                                               qty=qty, res2=reserved, now=now)).first()
    if row is None:
        _raise_insufficient(ctx, key, qty)
    if row.on_hand == 0 and row.reserved == 0:
        ctx.session.execute(_DELETE_EMPTY, {"q_id": row.id})
    return row.in_date


def _raise_insufficient(ctx: _Context, key: QuantKey, requested: Decimal):
    have = ctx.session.execute(select(quants.c.on_hand, quants.c.reserved)
                               .where(_key_clause(key))).first()
    available = (have.on_hand - have.reserved) if have else Decimal(0)
    lot = ctx.lot(key.lot_id)
    serial = ctx.serial(key.serial_id)
    lot_text = (f" lot {lot.lot_no}" if lot else "") + (f" serial {serial.serial_no}" if serial else "")
    raise InsufficientStock(item=ctx.item(key.item_id).code, bin=ctx.bin(key.bin_id).code,
                            lot_text=lot_text, available=available, requested=requested,
                            status=key.status)


def _increment(ctx: _Context, key: QuantKey, qty: Decimal, in_date: datetime, now: datetime) -> None:
    if key.serial_id is not None:
        _check_serial_free(ctx, key)
    if _add_to_existing(ctx, key, qty, now):
        return
    row = dict(item_id=key.item_id, bin_id=key.bin_id, lot_id=key.lot_id,
               serial_id=key.serial_id, status=key.status, on_hand=qty, reserved=Decimal(0),
               in_date=in_date, updated_at=now)
    if ctx.session.get_bind().dialect.name == "sqlite":
        # SQLite has one writer at a time, and this transaction is it since its UPDATE above:
        # nobody can create the quant before we commit, and the savepoint would only cost time.
        ctx.session.execute(_INSERT_QUANT, row)
        return
    try:
        with ctx.session.begin_nested():
            ctx.session.execute(_INSERT_QUANT, row)
    except IntegrityError:
        # Another station created the same quant between our UPDATE and INSERT (or took the
        # serial): add to theirs, or report the serial properly.
        if key.serial_id is not None:
            _check_serial_free(ctx, key)
        if not _add_to_existing(ctx, key, qty, now):
            raise


def _add_to_existing(ctx: _Context, key: QuantKey, qty: Decimal, now: datetime) -> bool:
    result = ctx.session.execute(_ADD, dict(_key_params(key), qty=qty, now=now)).first()
    return result is not None


def _check_serial_free(ctx: _Context, key: QuantKey) -> None:
    held = ctx.session.execute(
        select(bins.c.code).select_from(quants.join(bins, bins.c.id == quants.c.bin_id))
        .where(quants.c.serial_id == key.serial_id, quants.c.on_hand > 0)).first()
    if held is not None:
        serial = ctx.serial(key.serial_id)
        raise SerialAlreadyInStock(serial=serial.serial_no, item=ctx.item(key.item_id).code,
                                   bin=held.code)


# -- ledger rows, outbox, audit -----------------------------------------------------------------
# Built once and executed with parameters: a statement built per call is re-keyed for the
# compiled cache every time, which costs more than a pick's INSERT itself.
_INSERT_MOVE = insert(stock_moves)
_INSERT_OUTBOX = insert(outbox)
_INSERT_QUANT = insert(quants)


def _move_row(line: MoveLine, posting: Posting, actor: Actor, now: datetime) -> dict:
    if actor.user_id is None:
        raise InvalidInput(field="user", reason="stock can only be moved by a signed-in user")
    return dict(created_at=now, item_id=line.item_id, qty=line.qty, from_bin_id=line.from_bin_id,
                to_bin_id=line.to_bin_id, lot_id=line.lot_id, serial_id=line.serial_id,
                from_status=line.from_status, to_status=line.to_status,
                reason=(line.reason or posting.reason).value, note=line.note[:256],
                document_ref=posting.document_ref, user_id=actor.user_id)


def _reason_text(posting: Posting) -> str | None:
    """The posting's reason for the message: its own, else the lines' one common reason,
    else None (the lines say theirs)."""
    if posting.reason is not None:
        return posting.reason.value
    reasons = {l.reason for l in posting.lines}
    return reasons.pop().value if len(reasons) == 1 else None


def _line_payload(ctx: _Context, line: MoveLine) -> dict:
    lot, serial = ctx.lot(line.lot_id), ctx.serial(line.serial_id)
    own = {"reason": line.reason.value} if line.reason is not None else {}
    return {
        **own,
        "item": ctx.item(line.item_id).code,
        "qty": str(line.qty),
        "uom": ctx.item(line.item_id).base_uom,
        "from_bin": ctx.bin(line.from_bin_id).barcode if line.from_bin_id else None,
        "to_bin": ctx.bin(line.to_bin_id).barcode if line.to_bin_id else None,
        "from_status": line.from_status,
        "to_status": line.to_status,
        "lot": lot.lot_no if lot else None,
        "expiry": lot.expiry_date.isoformat() if lot and lot.expiry_date else None,
        "serial": serial.serial_no if serial else None,
    }


def _write_outbox(ctx: _Context, actor: Actor, posting: Posting, lines: list[MoveLine],
                  now: datetime) -> str:
    key = uuid.uuid4().hex
    reason = _reason_text(posting)
    payload = {
        "reason": reason,
        "document_ref": posting.document_ref,
        "user": actor.username,
        "at": now.isoformat(),
        "lines": [_line_payload(ctx, l) for l in lines],
        **posting.extra,
    }
    ctx.session.execute(_INSERT_OUTBOX, dict(
        created_at=now, message_type=posting.message_type or f"stock.{reason}",
        document_key=posting.document_ref or f"{reason or 'mixed'}:{key}",
        idempotency_key=key, payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
        state="pending", attempts=0, next_attempt_at=now))
    return key


def _audit_detail(ctx: _Context, lines: list[MoveLine]) -> dict:
    shown = [_line_payload(ctx, l) for l in lines[:20]]
    return {"lines": len(lines), "moves": shown, "truncated": len(lines) > 20}


# -- reservations -------------------------------------------------------------------------------
def reserve(session: Session, key: QuantKey, qty: Decimal, *, now: datetime) -> int:
    """Set ``qty`` of the quant aside; refused with ``InsufficientStock`` if not free. Returns
    the quant's id."""
    qty = parse_quantity(qty)
    row = session.execute(_RESERVE, dict(_key_params(key), qty=qty, qty2=qty, now=now)).first()
    if row is None:
        _raise_insufficient(_Context(session), key, qty)
    return row.id


class StockTakenMeanwhile(InsufficientStock):
    template = "Another station took some of the allocated stock meanwhile; allocate again"


def reserve_many(session: Session, amounts: dict[int, Decimal], *, now: datetime) -> None:
    """``reserve`` for many quants at once, by quant id (a wave of 10,000 lines): the same
    invariant as one statement over all quants in id order (concurrent allocations lock in the
    same order); 10,000 separate round trips would cost seconds. If any quant no longer has its
    units free (another station was quicker, or the quant is gone), ``StockTakenMeanwhile`` is
    raised and the caller allocates again."""
    from domain.services.operations import bulk
    changed = bulk.add_to(session, quants, "reserved", amounts,
                          guard=lambda _table, amount: _free_at_least(amount),
                          extra={"updated_at": now})
    if changed != len(amounts):
        raise StockTakenMeanwhile()


def unreserve(session: Session, key: QuantKey, qty: Decimal, *, now: datetime) -> None:
    qty = parse_quantity(qty)
    row = session.execute(_UNRESERVE, dict(_key_params(key), qty=qty, qty2=qty, now=now)).first()
    if row is None:
        raise InvalidInput(field="quantity", reason=f"less than {qty} is reserved there")
