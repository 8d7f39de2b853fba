"""Read models of stock: the browser's pages, availability, movement history, traceability.

All set-based SQL on indexed columns; nothing here loads a whole table. The browser pages with
keyset-friendly ORDER BY + LIMIT and counts separately, so the first page of 1M quants is fast.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, bindparam, func, literal, or_, select, type_coerce, union_all
from sqlalchemy.orm import Session

from domain.model import StockStatus
from domain.queries.matching import code_prefix, contains
from domain.persistence.types import Quantity
from domain.persistence.tables import (
    bins, items, lots, quants, serials, stock_moves, users, warehouses, zones,
)


@dataclass(frozen=True)
class StockFilter:
    """What the stock browser asks for. Text fields match a code prefix (indexed) or, for items,
    a name substring."""
    item: str = ""
    bin: str = ""
    zone: str = ""
    warehouse: str = ""
    lot: str = ""
    status: str = ""
    expiry_before: date | None = None
    only_available: bool = False


STOCK_COLUMNS = ("item_code", "item_name", "warehouse", "zone", "bin", "lot_no", "expiry_date",
                 "serial_no", "status", "on_hand", "reserved", "available", "uom")
_SORTABLE = {
    "item_code": items.c.code, "item_name": items.c.name, "warehouse": warehouses.c.code,
    "zone": zones.c.code, "bin": bins.c.code, "lot_no": lots.c.lot_no,
    "expiry_date": lots.c.expiry_date, "serial_no": serials.c.serial_no,
    "status": quants.c.status, "on_hand": quants.c.on_hand, "reserved": quants.c.reserved,
}


def _stock_from():
    return (quants.join(items, items.c.id == quants.c.item_id)
            .join(bins, bins.c.id == quants.c.bin_id)
            .join(warehouses, warehouses.c.id == bins.c.warehouse_id)
            .outerjoin(zones, zones.c.id == bins.c.zone_id)
            .outerjoin(lots, lots.c.id == quants.c.lot_id)
            .outerjoin(serials, serials.c.id == quants.c.serial_id))


# Which tables a filter or a sort column needs beyond ``quants`` (joined in this order).
_JOINS = (
    (items, lambda j: j.join(items, items.c.id == quants.c.item_id)),
    (bins, lambda j: j.join(bins, bins.c.id == quants.c.bin_id)),
    (warehouses, lambda j: j.join(warehouses, warehouses.c.id == bins.c.warehouse_id)),
    (zones, lambda j: j.outerjoin(zones, zones.c.id == bins.c.zone_id)),
    (lots, lambda j: j.outerjoin(lots, lots.c.id == quants.c.lot_id)),
    (serials, lambda j: j.outerjoin(serials, serials.c.id == quants.c.serial_id)),
)


def _minimal_from(conditions: list, extra: tuple = ()):
    """``quants`` joined only to the tables the conditions and sort refer to. Every quant has an
    item, bin and warehouse (NOT NULL foreign keys), so leaving a join out changes no count;
    it lets the database walk one index instead of joining six tables for a million rows."""
    needed = set()
    for element in (*conditions, *extra):
        needed.update(t for t in element._from_objects if t is not quants)
    if zones in needed or warehouses in needed:
        needed.add(bins)
    joined = quants
    for table, join in _JOINS:
        if table in needed:
            joined = join(joined)
    return joined


def _conditions(f: StockFilter) -> list:
    c = []
    if f.item.strip():
        t = f.item.strip()
        # As a set of item ids: the database finds the (few) matching items first and then
        # their quants by index, instead of walking every quant of a warehouse.
        c.append(quants.c.item_id.in_(
            select(items.c.id).where(or_(code_prefix(items.c.code, t), contains(items.c.name, t)))))
    if f.bin.strip():
        t = f.bin.strip()
        c.append(or_(code_prefix(bins.c.code, t), code_prefix(bins.c.barcode, t)))
    if f.zone.strip():
        c.append(zones.c.code == f.zone.strip())
    if f.warehouse.strip():
        c.append(warehouses.c.code == f.warehouse.strip())
    if f.lot.strip():
        c.append(code_prefix(lots.c.lot_no, f.lot.strip()))
    if f.status:
        c.append(quants.c.status == f.status)
    if f.expiry_before:
        c.append(lots.c.expiry_date < f.expiry_before)
    if f.only_available:
        c.append(quants.c.on_hand > quants.c.reserved)
    return c


def stock_page(session: Session, f: StockFilter, *, sort: str = "item_code",
               descending: bool = False, offset: int = 0, limit: int = 200) -> list[dict]:
    """One page of stock rows for the browser (dicts keyed by ``STOCK_COLUMNS`` + ``quant_id``).

    Two steps, so it stays fast on a million quants: first the page's quant ids through the
    fewest joins (the database walks the sort column's index and stops after ``limit`` rows),
    then the display columns of just those rows."""
    order = _SORTABLE.get(sort, items.c.code)
    conditions = _conditions(f)
    order_by = [order.desc() if descending else order.asc(),
                quants.c.id.desc() if descending else quants.c.id.asc()]
    ids = list(session.scalars(
        select(quants.c.id).select_from(_minimal_from(conditions, (order,)))
        .where(*conditions).order_by(*order_by).offset(offset).limit(limit)))
    if not ids:
        return []
    q = (select(quants.c.id.label("quant_id"), items.c.code.label("item_code"),
                items.c.name.label("item_name"), warehouses.c.code.label("warehouse"),
                zones.c.code.label("zone"), bins.c.code.label("bin"), lots.c.lot_no,
                lots.c.expiry_date, serials.c.serial_no, quants.c.status, quants.c.on_hand,
                quants.c.reserved, items.c.base_uom.label("uom"))
         .select_from(_stock_from()).where(quants.c.id.in_(ids)))
    by_id = {}
    for r in session.execute(q):
        d = r._asdict()
        d["available"] = d["on_hand"] - d["reserved"]
        by_id[d["quant_id"]] = d
    return [by_id[i] for i in ids if i in by_id]


def stock_count(session: Session, f: StockFilter) -> int:
    conditions = _conditions(f)
    q = select(func.count()).select_from(_minimal_from(conditions)).where(*conditions)
    return int(session.scalar(q) or 0)


# Built once: constructing the statement cost more than running it (it is asked per scan).
_AVAILABLE = (
    select(type_coerce(func.coalesce(func.sum(quants.c.on_hand - quants.c.reserved), 0),
                       Quantity()))
    .select_from(quants.join(bins, bins.c.id == quants.c.bin_id)
                 .outerjoin(lots, lots.c.id == quants.c.lot_id))
    .where(quants.c.item_id == bindparam("item_id"),
           quants.c.status == StockStatus.AVAILABLE.value, bins.c.blocked.is_(False),
           or_(lots.c.id.is_(None),
               and_(or_(lots.c.expiry_date.is_(None), lots.c.expiry_date >= bindparam("today")),
                    lots.c.status != "blocked"))))
_AVAILABLE_IN_WAREHOUSE = _AVAILABLE.where(bins.c.warehouse_id == bindparam("warehouse_id"))


def item_availability(session: Session, item_id: int, today: date,
                      warehouse_id: int | None = None) -> Decimal:
    """What can be promised: available status, not reserved, bin not blocked, lot not expired
    and not blocked."""
    if warehouse_id is None:
        return session.scalar(_AVAILABLE, {"item_id": item_id, "today": today}) or Decimal(0)
    return session.scalar(_AVAILABLE_IN_WAREHOUSE, {"item_id": item_id, "today": today,
                                                    "warehouse_id": warehouse_id}) or Decimal(0)


def stock_by_status(session: Session, item_id: int) -> dict[str, Decimal]:
    q = (select(quants.c.status, func.sum(quants.c.on_hand), func.sum(quants.c.reserved))
         .where(quants.c.item_id == item_id).group_by(quants.c.status))
    out = {}
    for status, on_hand, reserved in session.execute(q):
        out[status] = on_hand
        out.setdefault("reserved", Decimal(0))
        out["reserved"] += reserved
    return out


# -- movement history and traceability ----------------------------------------------------------
def _history_query():
    from_bin, to_bin = bins.alias("from_bin"), bins.alias("to_bin")
    return (select(stock_moves.c.id, stock_moves.c.created_at, stock_moves.c.reason,
                   stock_moves.c.document_ref, items.c.code.label("item_code"),
                   stock_moves.c.qty, from_bin.c.code.label("from_bin"),
                   to_bin.c.code.label("to_bin"), stock_moves.c.from_status,
                   stock_moves.c.to_status, lots.c.lot_no, serials.c.serial_no,
                   users.c.username.label("user"), stock_moves.c.note)
            .select_from(stock_moves.join(items, items.c.id == stock_moves.c.item_id)
                         .join(users, users.c.id == stock_moves.c.user_id)
                         .outerjoin(from_bin, from_bin.c.id == stock_moves.c.from_bin_id)
                         .outerjoin(to_bin, to_bin.c.id == stock_moves.c.to_bin_id)
                         .outerjoin(lots, lots.c.id == stock_moves.c.lot_id)
                         .outerjoin(serials, serials.c.id == stock_moves.c.serial_id)))


def movement_history(session: Session, *, item_id: int | None = None, bin_id: int | None = None,
                     lot_id: int | None = None, serial_id: int | None = None,
                     limit: int = 500) -> list[dict]:
    """Newest first. For a bin, the two indexed directions are queried separately and merged,
    because an OR across two columns cannot use either index on large ledgers."""
    base = _history_query()
    if bin_id is not None:
        ids_in = select(stock_moves.c.id).where(stock_moves.c.to_bin_id == bin_id)
        ids_out = select(stock_moves.c.id).where(stock_moves.c.from_bin_id == bin_id)
        if item_id is not None:
            ids_in = ids_in.where(stock_moves.c.item_id == item_id)
            ids_out = ids_out.where(stock_moves.c.item_id == item_id)
        newest_in = ids_in.order_by(stock_moves.c.id.desc()).limit(limit).subquery()
        newest_out = ids_out.order_by(stock_moves.c.id.desc()).limit(limit).subquery()
        ids = union_all(select(newest_in.c.id), select(newest_out.c.id)).subquery()
        base = base.where(stock_moves.c.id.in_(select(ids.c.id)))
    elif item_id is not None:
        base = base.where(stock_moves.c.item_id == item_id)
    if lot_id is not None:
        base = base.where(stock_moves.c.lot_id == lot_id)
    if serial_id is not None:
        base = base.where(stock_moves.c.serial_id == serial_id)
    q = base.order_by(stock_moves.c.id.desc()).limit(limit)
    return [r._asdict() for r in session.execute(q)]


@dataclass(frozen=True)
class Trace:
    """Where a lot or serial came from and everywhere it went (oldest first), and where it is."""
    item_code: str
    lot_no: str | None
    serial_no: str | None
    origin: list[dict]      # receipts (document, date, quantity, bin)
    moves: list[dict]       # the whole path, oldest first
    current: list[dict]     # where it is now (bin, status, on hand)
    left: list[dict]        # issues/losses: where it went out (document)


def trace(session: Session, *, lot_id: int | None = None, serial_id: int | None = None) -> Trace:
    if (lot_id is None) == (serial_id is None):
        raise ValueError("trace needs exactly one of lot_id or serial_id")
    moves = list(reversed(movement_history(session, lot_id=lot_id, serial_id=serial_id,
                                           limit=100_000)))
    where = quants.c.lot_id == lot_id if lot_id is not None else quants.c.serial_id == serial_id
    current = [r._asdict() for r in session.execute(
        select(bins.c.code.label("bin"), warehouses.c.code.label("warehouse"), quants.c.status,
               quants.c.on_hand, quants.c.reserved)
        .select_from(quants.join(bins, bins.c.id == quants.c.bin_id)
                     .join(warehouses, warehouses.c.id == bins.c.warehouse_id))
        .where(where).order_by(bins.c.code))]
    if lot_id is not None:
        head = session.execute(select(items.c.code, lots.c.lot_no).select_from(
            lots.join(items, items.c.id == lots.c.item_id)).where(lots.c.id == lot_id)).one()
        item_code, lot_no, serial_no = head.code, head.lot_no, None
    else:
        head = session.execute(select(items.c.code, serials.c.serial_no, lots.c.lot_no)
                               .select_from(serials.join(items, items.c.id == serials.c.item_id)
                                            .outerjoin(lots, lots.c.id == serials.c.lot_id))
                               .where(serials.c.id == serial_id)).one()
        item_code, lot_no, serial_no = head.code, head.lot_no, head.serial_no
    return Trace(item_code, lot_no, serial_no,
                 origin=[m for m in moves if m["from_bin"] is None],
                 moves=moves, current=current,
                 left=[m for m in moves if m["to_bin"] is None])


# -- the ledger proves the quants ----------------------------------------------------------------
def ledger_mismatches(session: Session, limit: int = 100) -> list[dict]:
    """Quant keys where the ledger's sum (in minus out) differs from ``quants.on_hand``.
    Empty means the books balance. A maintenance check (reads the whole ledger)."""
    key = (stock_moves.c.item_id, stock_moves.c.lot_id, stock_moves.c.serial_id)
    ins = select(*key, stock_moves.c.to_bin_id.label("bin_id"),
                 stock_moves.c.to_status.label("status"), stock_moves.c.qty.label("qty")
                 ).where(stock_moves.c.to_bin_id.is_not(None))
    outs = select(*key, stock_moves.c.from_bin_id.label("bin_id"),
                  stock_moves.c.from_status.label("status"), (-stock_moves.c.qty).label("qty")
                  ).where(stock_moves.c.from_bin_id.is_not(None))
    flows = union_all(ins, outs).subquery()
    ledger = (select(flows.c.item_id, flows.c.bin_id, flows.c.lot_id, flows.c.serial_id,
                     flows.c.status, func.sum(flows.c.qty).label("qty"))
              .group_by(flows.c.item_id, flows.c.bin_id, flows.c.lot_id, flows.c.serial_id,
                        flows.c.status)).subquery()
    q_side = select(quants.c.item_id, quants.c.bin_id, quants.c.lot_id, quants.c.serial_id,
                    quants.c.status, quants.c.on_hand.label("qty")).subquery()
    # Compare both directions through raw integer sums (the Quantity type is scaled integers).
    both = union_all(
        select(ledger.c.item_id, ledger.c.bin_id, ledger.c.lot_id, ledger.c.serial_id,
               ledger.c.status, ledger.c.qty.label("ledger"), literal(0).label("quant")),
        select(q_side.c.item_id, q_side.c.bin_id, q_side.c.lot_id, q_side.c.serial_id,
               q_side.c.status, literal(0).label("ledger"), q_side.c.qty.label("quant")),
    ).subquery()
    diff = (select(both.c.item_id, both.c.bin_id, both.c.lot_id, both.c.serial_id,
                   both.c.status, type_coerce(func.sum(both.c.ledger), Quantity()).label("ledger"),
                   type_coerce(func.sum(both.c.quant), Quantity()).label("quant"))
            .group_by(both.c.item_id, both.c.bin_id, both.c.lot_id, both.c.serial_id,
                      both.c.status)
            .having(func.sum(both.c.ledger) != func.sum(both.c.quant)).limit(limit))
    return [r._asdict() for r in session.execute(diff)]
