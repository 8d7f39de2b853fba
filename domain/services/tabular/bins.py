"""Bins as table rows: columns are the fields of ``BinData`` (warehouse and zone by code).

As for items, a column missing from the file keeps the stored value, and so does an empty cell
of a column that cannot be empty (type, sequence, flags); an empty ``barcode`` cell gives the
default barcode ``<warehouse>-<code>``, an empty zone or capacity clears it.
"""
from __future__ import annotations

from dataclasses import fields, replace
from typing import Iterator

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from domain.model import Bin, Warehouse, Zone
from domain.permissions import Actor
from domain.persistence.tables import bins, warehouses, zones
from domain.queries.masterdata import BIN_COLUMNS, BinFilter, bin_conditions
from domain.services.masterdata import BinData, MasterDataService
from domain.services.tabular import cells
from domain.services.tabular.importer import TableKind

CHUNK = 2000
COLUMNS = BIN_COLUMNS


def _text(text: str, column: str) -> str:
    return text


def _lower(text: str, column: str) -> str:
    return text.lower()


def _or_none(text: str, column: str) -> str | None:
    return text or None


PARSERS = {
    "warehouse": _text, "code": _text, "zone": _or_none, "barcode": _or_none,
    "bin_type": _lower, "pick_sequence": cells.whole_number, "capacity_qty": cells.quantity,
    "blocked": cells.boolean, "blocked_reason": _text, "active": cells.boolean,
}
ERROR_COLUMNS = {
    "bin code": "code", "bin type": "bin_type", "blocked reason": "blocked_reason",
    "bin barcode": "barcode", "Bin barcode": "barcode", "Warehouse": "warehouse", "Zone": "zone",
}


def _stored(s: Session, b: Bin, warehouse: str) -> BinData:
    names = [f.name for f in fields(BinData) if f.name not in ("warehouse", "zone")]
    zone = s.get(Zone, b.zone_id) if b.zone_id else None
    return BinData(warehouse=warehouse, zone=zone.code if zone else None,
                   **{n: getattr(b, n) for n in names})


def save(s: Session, service: MasterDataService, actor: Actor, values: dict) -> bool:
    existing = s.scalars(select(Bin).join(Warehouse, Warehouse.id == Bin.warehouse_id)
                         .where(Warehouse.code == values["warehouse"],
                                Bin.code == values["code"])).first()
    base = (_stored(s, existing, values["warehouse"]) if existing is not None
            else BinData(warehouse=values["warehouse"], code=values["code"]))
    service.save_bin_in(s, actor, replace(base, **values))
    return existing is None


def export_rows(s: Session, f: BinFilter | None) -> Iterator[list]:
    """Bins matching ``f`` by warehouse and code, in keyset chunks."""
    conditions = bin_conditions(f or BinFilter())
    order = (warehouses.c.code, bins.c.code)
    last = None
    while True:
        q = (select(warehouses.c.code.label("warehouse"), zones.c.code.label("zone"),
                    *(bins.c[n] for n in COLUMNS[2:]))
             .select_from(bins.join(warehouses, warehouses.c.id == bins.c.warehouse_id)
                          .outerjoin(zones, zones.c.id == bins.c.zone_id))
             .where(*conditions).order_by(*order).limit(CHUNK))
        if last is not None:
            q = q.where(tuple_(*order) > tuple_(*last))
        chunk = s.execute(q).all()
        if not chunk:
            return
        for r in chunk:
            yield [r.warehouse, r.zone or "", *(getattr(r, n) for n in COLUMNS[2:])]
        last = (chunk[-1].warehouse, chunk[-1].code)


BINS = TableKind(name="bins", columns=COLUMNS, required=("warehouse", "code"), parsers=PARSERS,
                 key=lambda v: (v["warehouse"], v["code"]), save=save, export_rows=export_rows,
                 error_columns=ERROR_COLUMNS,
                 keep_when_empty=frozenset({"bin_type", "pick_sequence", "blocked", "active"}))
