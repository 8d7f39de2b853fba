"""What the stock browser's detail panels show about one item, one bin, or one lot/serial.

Each function reads one entity by its codes and gathers its read models in the caller's session
(one snapshot). Histories are capped (newest ``HISTORY`` moves): a panel, not a report.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.errors import NotFound
from domain.persistence.tables import bins, items, lots, quants, serials, warehouses, zones
from domain.queries.stock import item_availability, movement_history, stock_by_status, trace

HISTORY = 200
CONTENTS = 1000


def _one(session: Session, query, kind: str, key: str) -> dict:
    row = session.execute(query).first()
    if row is None:
        raise NotFound(kind=kind, key=key)
    return row._asdict()


def item_detail(session: Session, code: str, today: date) -> dict:
    """The item, what can be promised, stock per status, and its newest moves."""
    item = _one(session, select(items).where(items.c.code == code), "Item", code)
    return {"item": item, "available": item_availability(session, item["id"], today),
            "by_status": stock_by_status(session, item["id"]),
            "history": movement_history(session, item_id=item["id"], limit=HISTORY)}


def bin_detail(session: Session, warehouse: str, code: str) -> dict:
    """The bin, what is in it (by item and lot), and its newest moves in and out."""
    q = (select(bins, warehouses.c.code.label("warehouse"), zones.c.code.label("zone"))
         .select_from(bins.join(warehouses, warehouses.c.id == bins.c.warehouse_id)
                      .outerjoin(zones, zones.c.id == bins.c.zone_id))
         .where(warehouses.c.code == warehouse, bins.c.code == code))
    b = _one(session, q, "Bin", f"{warehouse}/{code}")
    contents = (select(items.c.code.label("item_code"), items.c.name.label("item_name"),
                       lots.c.lot_no, lots.c.expiry_date, serials.c.serial_no, quants.c.status,
                       quants.c.on_hand, quants.c.reserved, items.c.base_uom.label("uom"))
                .select_from(quants.join(items, items.c.id == quants.c.item_id)
                             .outerjoin(lots, lots.c.id == quants.c.lot_id)
                             .outerjoin(serials, serials.c.id == quants.c.serial_id))
                .where(quants.c.bin_id == b["id"])
                .order_by(items.c.code, lots.c.lot_no, serials.c.serial_no).limit(CONTENTS))
    return {"bin": b, "contents": [r._asdict() for r in session.execute(contents)],
            "history": movement_history(session, bin_id=b["id"], limit=HISTORY)}


def tracking_detail(session: Session, item_code: str, lot_no: str | None = None,
                    serial_no: str | None = None) -> dict:
    """A lot (or, without a lot, a serial): its dates and status, and its whole trace."""
    item = _one(session, select(items.c.id).where(items.c.code == item_code), "Item", item_code)
    if lot_no:
        lot = _one(session, select(lots).where(lots.c.item_id == item["id"],
                                               lots.c.lot_no == lot_no), "Lot", lot_no)
        return {"lot": lot, "serial": None, "trace": trace(session, lot_id=lot["id"])}
    serial = _one(session, select(serials).where(serials.c.item_id == item["id"],
                                                 serials.c.serial_no == (serial_no or "")),
                  "Serial", serial_no or "")
    return {"lot": None, "serial": serial, "trace": trace(session, serial_id=serial["id"])}
