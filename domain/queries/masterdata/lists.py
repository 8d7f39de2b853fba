"""The list pages of master data: items, bins, lots (paged, filtered, counted) and the short
lists of warehouses, zones and users (read whole).

Every long list is a filtered page (ORDER BY + LIMIT/OFFSET) plus a separate count, so a screen
over 200k items or 100k bins only ever reads what it shows. Text filters use ``matching``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select, type_coerce
from sqlalchemy.orm import Session

from domain.persistence.tables import (
    bins, item_barcodes, items, lots, quants, users, warehouses, zones,
)
from domain.persistence.types import Quantity
from domain.queries.matching import code_prefix, contains


def _ordered(query, sortable: dict, sort: str, descending: bool, default: str, tiebreak):
    column = sortable.get(sort, sortable[default])
    return query.order_by(column.desc() if descending else column.asc(), tiebreak)


def _page(session: Session, query, offset: int, limit: int) -> list[dict]:
    return [r._asdict() for r in session.execute(query.offset(offset).limit(limit))]


def _count(session: Session, from_clause, conditions: list) -> int:
    query = select(func.count()).select_from(from_clause).where(*conditions)
    return int(session.scalar(query) or 0)


# -- items --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemFilter:
    """``text`` matches a code prefix, a barcode prefix or a part of the name."""
    text: str = ""
    active_only: bool = False


ITEM_COLUMNS = ("code", "name", "spec", "base_uom", "lot_tracked", "serial_tracked",
                "shelf_life_days", "removal_strategy", "abc_class", "product_line", "unit_cost",
                "active")
_ITEM_SORT = {name: items.c[name] for name in ITEM_COLUMNS}


def item_conditions(f: ItemFilter) -> list:
    c = []
    text = f.text.strip()
    if text:
        by_barcode = items.c.id.in_(select(item_barcodes.c.item_id)
                                    .where(code_prefix(item_barcodes.c.code, text)))
        c.append(or_(code_prefix(items.c.code, text), contains(items.c.name, text), by_barcode))
    if f.active_only:
        c.append(items.c.active.is_(True))
    return c


def item_page(session: Session, f: ItemFilter, *, sort: str = "code", descending: bool = False,
              offset: int = 0, limit: int = 200) -> list[dict]:
    q = select(items.c.id, *(items.c[n] for n in ITEM_COLUMNS)).where(*item_conditions(f))
    return _page(session, _ordered(q, _ITEM_SORT, sort, descending, "code", items.c.id),
                 offset, limit)


def item_count(session: Session, f: ItemFilter) -> int:
    return _count(session, items, item_conditions(f))


# -- bins ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BinFilter:
    warehouse: str = ""
    zone: str = ""
    code: str = ""            # prefix of the code or the barcode
    bin_type: str = ""
    blocked: bool | None = None


BIN_COLUMNS = ("warehouse", "zone", "code", "barcode", "bin_type", "pick_sequence",
               "capacity_qty", "blocked", "blocked_reason", "active")
_BIN_SORT = {"warehouse": warehouses.c.code, "zone": zones.c.code, "code": bins.c.code,
             "barcode": bins.c.barcode, "bin_type": bins.c.bin_type,
             "pick_sequence": bins.c.pick_sequence, "capacity_qty": bins.c.capacity_qty,
             "blocked": bins.c.blocked, "blocked_reason": bins.c.blocked_reason,
             "active": bins.c.active}
_BINS_FROM = (bins.join(warehouses, warehouses.c.id == bins.c.warehouse_id)
              .outerjoin(zones, zones.c.id == bins.c.zone_id))


def bin_conditions(f: BinFilter) -> list:
    c = []
    if f.warehouse.strip():
        c.append(warehouses.c.code == f.warehouse.strip())
    if f.zone.strip():
        c.append(zones.c.code == f.zone.strip())
    if f.code.strip():
        text = f.code.strip()
        c.append(or_(code_prefix(bins.c.code, text), code_prefix(bins.c.barcode, text)))
    if f.bin_type:
        c.append(bins.c.bin_type == f.bin_type)
    if f.blocked is not None:
        c.append(bins.c.blocked.is_(f.blocked))
    return c


def bin_page(session: Session, f: BinFilter, *, sort: str = "code", descending: bool = False,
             offset: int = 0, limit: int = 200) -> list[dict]:
    q = (select(bins.c.id, warehouses.c.code.label("warehouse"), zones.c.code.label("zone"),
                *(bins.c[n] for n in BIN_COLUMNS[2:]))
         .select_from(_BINS_FROM).where(*bin_conditions(f)))
    return _page(session, _ordered(q, _BIN_SORT, sort, descending, "code", bins.c.id),
                 offset, limit)


def bin_count(session: Session, f: BinFilter) -> int:
    return _count(session, _BINS_FROM, bin_conditions(f))


# -- lots ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LotFilter:
    item: str = ""            # item code prefix
    lot_no: str = ""          # lot number prefix
    expiry_before: date | None = None
    expired_on: date | None = None   # "expired as of this day" (pass today)
    status: str = ""


LOT_COLUMNS = ("item_code", "item_name", "lot_no", "expiry_date", "production_date", "status",
               "on_hand")
_LOTS_FROM = lots.join(items, items.c.id == lots.c.item_id)
_ON_HAND = (select(type_coerce(func.coalesce(func.sum(quants.c.on_hand), 0), Quantity()))
            .where(quants.c.lot_id == lots.c.id).correlate(lots).scalar_subquery())
_LOT_SORT = {"item_code": items.c.code, "item_name": items.c.name, "lot_no": lots.c.lot_no,
             "expiry_date": lots.c.expiry_date, "production_date": lots.c.production_date,
             "status": lots.c.status, "on_hand": _ON_HAND}


def _lot_conditions(f: LotFilter) -> list:
    c = []
    if f.item.strip():
        c.append(code_prefix(items.c.code, f.item.strip()))
    if f.lot_no.strip():
        c.append(code_prefix(lots.c.lot_no, f.lot_no.strip()))
    if f.expiry_before:
        c.append(lots.c.expiry_date < f.expiry_before)
    if f.expired_on:
        c.append(lots.c.expiry_date < f.expired_on)
    if f.status:
        c.append(lots.c.status == f.status)
    return c


def lot_page(session: Session, f: LotFilter, *, sort: str = "expiry_date",
             descending: bool = False, offset: int = 0, limit: int = 200) -> list[dict]:
    """Lots with how much of each is on hand (summed per page row only, over an index)."""
    q = (select(lots.c.id, items.c.code.label("item_code"), items.c.name.label("item_name"),
                lots.c.lot_no, lots.c.expiry_date, lots.c.production_date, lots.c.status,
                _ON_HAND.label("on_hand"))
         .select_from(_LOTS_FROM).where(*_lot_conditions(f)))
    return _page(session, _ordered(q, _LOT_SORT, sort, descending, "expiry_date", lots.c.id),
                 offset, limit)


def lot_count(session: Session, f: LotFilter) -> int:
    return _count(session, _LOTS_FROM, _lot_conditions(f))


# -- warehouses, zones, users (small tables: read whole) ---------------------------------------
def warehouse_list(session: Session) -> list[dict]:
    """Warehouses with how many zones and bins each has."""
    zone_n = (select(func.count()).where(zones.c.warehouse_id == warehouses.c.id)
              .correlate(warehouses).scalar_subquery())
    bin_n = (select(func.count()).where(bins.c.warehouse_id == warehouses.c.id)
             .correlate(warehouses).scalar_subquery())
    q = select(warehouses.c.id, warehouses.c.code, warehouses.c.name, warehouses.c.address,
               warehouses.c.active, zone_n.label("zones"), bin_n.label("bins"))
    return [r._asdict() for r in session.execute(q.order_by(warehouses.c.code))]


def zone_list(session: Session, warehouse: str | None = None) -> list[dict]:
    """Zones (of one warehouse, or all) with their bin count."""
    bin_n = (select(func.count()).where(bins.c.zone_id == zones.c.id)
             .correlate(zones).scalar_subquery())
    q = (select(zones.c.id, warehouses.c.code.label("warehouse"), zones.c.code, zones.c.name,
                bin_n.label("bins"))
         .select_from(zones.join(warehouses, warehouses.c.id == zones.c.warehouse_id)))
    if warehouse:
        q = q.where(warehouses.c.code == warehouse)
    return [r._asdict() for r in session.execute(q.order_by(warehouses.c.code, zones.c.code))]


USER_COLUMNS = ("username", "full_name", "role", "active", "language", "last_login_at")


def user_list(session: Session) -> list[dict]:
    """Accounts without their password hashes (callers check MANAGE_USERS first)."""
    q = select(users.c.id, *(users.c[n] for n in USER_COLUMNS)).order_by(users.c.username)
    return [r._asdict() for r in session.execute(q)]
