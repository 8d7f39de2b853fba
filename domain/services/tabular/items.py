"""Items as table rows: columns are the fields of ``ItemData``, plus barcodes and pack units
packed into one cell each (``code:kind:qty;…`` and ``uom=factor;…``).

A column missing from the file keeps the stored value (or the default for a new item). An empty
cell clears what can be empty (shelf life, ABC class, min/max, product line, standard cost,
barcodes, pack units, spec) and
keeps the rest (name, unit, strategy, the yes/no flags).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import fields, replace
from typing import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.model import Item
from domain.permissions import Actor
from domain.persistence.tables import item_barcodes, items, pack_units
from domain.queries.masterdata import ItemFilter, item_conditions
from domain.services.masterdata import ItemData, MasterDataService, validate_item
from domain.services.tabular import cells
from domain.services.tabular.importer import TableKind

CHUNK = 2000
COLUMNS = ("code", "name", "spec", "base_uom", "lot_tracked", "serial_tracked",
           "shelf_life_days", "removal_strategy", "abc_class", "min_qty", "max_qty",
           "requires_inspection", "active", "product_line", "unit_cost", "barcodes", "pack_units")


def _text(text: str, column: str) -> str:
    return text


def _upper_or_none(text: str, column: str) -> str | None:
    return text.upper() or None


PARSERS = {
    "code": _text, "name": _text, "spec": _text, "base_uom": _text,
    "lot_tracked": cells.boolean, "serial_tracked": cells.boolean,
    "requires_inspection": cells.boolean, "active": cells.boolean,
    "shelf_life_days": cells.whole_number,
    "removal_strategy": lambda t, c: t.upper(), "abc_class": _upper_or_none,
    "min_qty": cells.quantity, "max_qty": cells.quantity,
    "product_line": _text, "unit_cost": cells.quantity,
    "barcodes": cells.barcodes, "pack_units": cells.pack_units,
}

# Field names in the domain's error messages -> the column the user should look at.
ERROR_COLUMNS = {
    "item code": "code", "item name": "name", "base unit": "base_uom",
    "removal strategy": "removal_strategy", "ABC class": "abc_class",
    "shelf life": "shelf_life_days", "min/max": "min_qty", "GTIN": "barcodes",
    "barcode": "barcodes", "barcode kind": "barcodes", "Barcode": "barcodes",
    "pack unit": "pack_units", "product line": "product_line",
    "standard cost": "unit_cost",
}


def _stored(item: Item) -> ItemData:
    """The item as it is, in the form a row overrides (barcodes and pack units kept)."""
    names = [f.name for f in fields(ItemData) if f.name not in ("barcodes", "pack_units")]
    return ItemData(**{n: getattr(item, n) for n in names})


def save(s: Session, service: MasterDataService, actor: Actor, values: dict) -> bool:
    item = s.scalars(select(Item).where(Item.code == values["code"])).first()
    base = _stored(item) if item is not None else ItemData(code=values["code"], name="")
    data = replace(base, **values)
    validate_item(data)
    service.save_item_in(s, actor, data)
    return item is None


def export_rows(s: Session, f: ItemFilter | None) -> Iterator[list]:
    """All items matching ``f``, by code, read in keyset chunks (no OFFSET over 200k rows)."""
    conditions = item_conditions(f or ItemFilter())
    last = None
    while True:
        q = select(items).where(*conditions).order_by(items.c.code).limit(CHUNK)
        chunk = s.execute(q if last is None else q.where(items.c.code > last)).all()
        if not chunk:
            return
        codes, units = _children(s, [r.id for r in chunk])
        for r in chunk:
            yield [r.code, r.name, r.spec, r.base_uom, r.lot_tracked, r.serial_tracked,
                   r.shelf_life_days, r.removal_strategy, r.abc_class or "", r.min_qty, r.max_qty,
                   r.requires_inspection, r.active, r.product_line, r.unit_cost,
                   cells.format_barcodes(codes[r.id]),
                   cells.format_pack_units(units[r.id])]
        last = chunk[-1].code


def _children(s: Session, ids: list[int]) -> tuple[dict, dict]:
    codes, units = defaultdict(list), defaultdict(list)
    b = item_barcodes.c
    for r in s.execute(select(b.item_id, b.code, b.kind, b.qty).where(b.item_id.in_(ids))
                       .order_by(b.id)):
        codes[r.item_id].append((r.code, r.kind, r.qty))
    p = pack_units.c
    for r in s.execute(select(p.item_id, p.uom, p.factor).where(p.item_id.in_(ids)).order_by(p.id)):
        units[r.item_id].append((r.uom, r.factor))
    return codes, units


ITEMS = TableKind(name="items", columns=COLUMNS, required=("code",), parsers=PARSERS,
                  key=lambda v: (v["code"],), save=save, export_rows=export_rows,
                  error_columns=ERROR_COLUMNS,
                  keep_when_empty=frozenset({"name", "base_uom", "removal_strategy", "lot_tracked",
                                             "serial_tracked", "requires_inspection", "active"}))
