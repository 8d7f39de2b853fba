"""Master data: items (with barcodes and pack units), warehouses, zones, bins and lots.

Each save is validated, audited with the fields that changed (old → new), and refused without
the edit permission. Codes are trimmed; duplicates give ``AlreadyExists``, not a database trace.
"""
from __future__ import annotations

import string
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import AlreadyExists, InvalidInput, NotFound
from domain.model import (
    Bin, BinType, Item, ItemBarcode, Lot, LotStatus, PackUnit, RemovalStrategy, Warehouse, Zone,
)
from domain.model.items import BarcodeKind
from domain.permissions import Actor, Permission
from domain.quantity import parse_quantity
from domain.services.base import Service

MAX_BULK_BINS = 20_000


@dataclass
class ItemData:
    """The editable fields of an item, as a form or an import row gives them."""
    code: str
    name: str
    base_uom: str = "pcs"
    spec: str = ""
    lot_tracked: bool = False
    serial_tracked: bool = False
    shelf_life_days: int | None = None
    removal_strategy: str = RemovalStrategy.FIFO.value
    abc_class: str | None = None
    min_qty: Decimal | None = None
    max_qty: Decimal | None = None
    requires_inspection: bool = False
    active: bool = True
    product_line: str = ""
    unit_cost: Decimal | None = None   # standard cost per base unit (the ERP's); None = unknown
    barcodes: list[tuple[str, str, Decimal]] | None = None   # (code, kind, qty); None = keep
    pack_units: list[tuple[str, Decimal]] | None = None      # (uom, factor); None = keep


@dataclass
class BinData:
    warehouse: str
    code: str
    zone: str | None = None
    bin_type: str = BinType.STORAGE.value
    pick_sequence: int = 0
    capacity_qty: Decimal | None = None
    blocked: bool = False
    blocked_reason: str = ""
    barcode: str | None = None
    active: bool = True


@dataclass(frozen=True)
class BinRange:
    """A rack block: aisles × racks × levels × positions, e.g. A-01-01-01 … B-10-05-04."""
    warehouse: str
    zone: str | None
    aisles: str            # "A-C" or "A,B,D"
    racks: tuple[int, int]
    levels: tuple[int, int]
    positions: tuple[int, int]
    bin_type: str = BinType.STORAGE.value
    capacity_qty: Decimal | None = None

    def codes(self) -> list[str]:
        out = []
        for aisle in _expand_aisles(self.aisles):
            for r in range(self.racks[0], self.racks[1] + 1):
                for lv in range(self.levels[0], self.levels[1] + 1):
                    for p in range(self.positions[0], self.positions[1] + 1):
                        out.append(f"{aisle}-{r:02d}-{lv:02d}-{p:02d}")
        return out


def _expand_aisles(spec: str) -> list[str]:
    letters = string.ascii_uppercase
    out: list[str] = []
    for part in (p.strip().upper() for p in spec.split(",") if p.strip()):
        if "-" in part:
            a, b = (x.strip() for x in part.split("-", 1))
            if a not in letters or b not in letters or a > b:
                raise InvalidInput(field="aisles", reason=f"{part!r} is not a letter range like A-D")
            out.extend(letters[letters.index(a):letters.index(b) + 1])
        else:
            out.append(part)
    if not out:
        raise InvalidInput(field="aisles", reason="give at least one aisle")
    return out


def _code(value: str, field: str, max_len: int = 64) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(field=field, reason="it is required")
    if len(value) > max_len:
        raise InvalidInput(field=field, reason=f"at most {max_len} characters")
    return value


def validate_item(data: ItemData) -> None:
    _code(data.code, "item code")
    _code(data.name, "item name", 256)
    _code(data.base_uom, "base unit", 16)
    if data.removal_strategy not in {r.value for r in RemovalStrategy}:
        raise InvalidInput(field="removal strategy", reason="FIFO or FEFO")
    if data.abc_class not in (None, "", "A", "B", "C"):
        raise InvalidInput(field="ABC class", reason="A, B, C or empty")
    if data.shelf_life_days is not None and int(data.shelf_life_days) <= 0:
        raise InvalidInput(field="shelf life", reason="must be a positive number of days")
    if data.removal_strategy == RemovalStrategy.FEFO.value and not data.lot_tracked:
        raise InvalidInput(field="removal strategy", reason="FEFO needs a lot-tracked item")
    for name in ("min_qty", "max_qty"):
        if getattr(data, name) is not None:
            setattr(data, name, parse_quantity(getattr(data, name), allow_zero=True))
    if data.min_qty is not None and data.max_qty is not None and data.min_qty > data.max_qty:
        raise InvalidInput(field="min/max", reason="minimum is above maximum")
    if data.unit_cost is not None:
        try:
            data.unit_cost = parse_quantity(data.unit_cost, allow_zero=True)
        except InvalidInput as error:
            raise InvalidInput(field="standard cost",
                               reason=error.params.get("reason", str(error))) from None
    data.product_line = (data.product_line or "").strip()
    if len(data.product_line) > 64:
        raise InvalidInput(field="product line", reason="at most 64 characters")


class MasterDataService(Service):

    # -- items --------------------------------------------------------------------------------
    def save_item(self, actor: Actor, data: ItemData) -> Item:
        """Create the item or update the one with this code."""
        self.require(actor, Permission.EDIT_MASTER_DATA, "item.save")
        validate_item(data)

        def work(s: Session) -> Item:
            return self.save_item_in(s, actor, data)
        return self.db.write(work)

    def save_item_in(self, s: Session, actor: Actor, data: ItemData) -> Item:
        """``save_item`` inside the caller's transaction (imports save many rows per commit);
        permission and ``validate_item`` are the caller's to check."""
        code = data.code.strip()
        item = s.scalars(select(Item).where(Item.code == code)).first()
        created = item is None
        if created:
            item = Item(code=code, name=data.name.strip())
            s.add(item)
        changes = {}
        for f in fields(ItemData):
            if f.name in ("code", "barcodes", "pack_units"):
                continue
            value = getattr(data, f.name)
            value = (value.strip() if isinstance(value, str) else value) or (
                None if f.name == "abc_class" else value)
            if getattr(item, f.name, None) != value:
                changes[f.name] = [getattr(item, f.name, None), value]
                setattr(item, f.name, value)
        if data.barcodes is not None:
            changes.update(self._set_barcodes(s, item, data.barcodes))
        if data.pack_units is not None:
            item.pack_units = [PackUnit(uom=_code(u, "pack unit", 16), factor=parse_quantity(f))
                               for u, f in data.pack_units]
        s.flush()
        audit.record(s, actor, "item.create" if created else "item.update", entity="item",
                     key=code, detail=changes)
        return item

    def _set_barcodes(self, s: Session, item: Item, barcodes) -> dict:
        wanted = []
        for code, kind, qty in barcodes:
            code = _code(code, "barcode", 128)
            if kind not in {k.value for k in BarcodeKind}:
                raise InvalidInput(field="barcode kind", reason=f"unknown kind {kind!r}")
            if kind == BarcodeKind.GTIN.value and not gtin_is_valid(code):
                raise InvalidInput(field="GTIN", reason=f"{code} has a wrong length or check digit")
            other = s.scalars(select(ItemBarcode).where(ItemBarcode.code == code)).first()
            if other is not None and other.item_id != item.id:
                raise AlreadyExists(kind="Barcode", key=code)
            wanted.append((code, kind, parse_quantity(qty)))
        old = sorted(b.code for b in item.barcodes)
        by_code = {b.code: b for b in item.barcodes}
        item.barcodes = [by_code.get(c) or ItemBarcode(code=c, kind=k, qty=q) for c, k, q in wanted]
        for b, (c, k, q) in zip(item.barcodes, wanted):
            b.kind, b.qty = k, q
        new = sorted(c for c, _, _ in wanted)
        return {} if old == new else {"barcodes": [old, new]}

    def get_item(self, code: str) -> Item:
        with self.db.read() as s:
            item = s.scalars(select(Item).where(Item.code == code.strip())).first()
            if item is None:
                raise NotFound(kind="Item", key=code)
            return item

    # -- warehouses and zones -----------------------------------------------------------------
    def save_warehouse(self, actor: Actor, code: str, name: str, address: str = "",
                       active: bool = True) -> Warehouse:
        self.require(actor, Permission.EDIT_MASTER_DATA, "warehouse.save")
        code, name = _code(code, "warehouse code", 32), _code(name, "warehouse name", 128)

        def work(s: Session) -> Warehouse:
            wh = s.scalars(select(Warehouse).where(Warehouse.code == code)).first()
            action = "warehouse.update" if wh else "warehouse.create"
            if wh is None:
                wh = Warehouse(code=code, name=name)
                s.add(wh)
            wh.name, wh.address, wh.active = name, address.strip(), active
            s.flush()
            audit.record(s, actor, action, entity="warehouse", key=code,
                         detail={"name": name, "address": address, "active": active})
            return wh
        return self.db.write(work)

    def save_zone(self, actor: Actor, warehouse: str, code: str, name: str = "") -> Zone:
        self.require(actor, Permission.EDIT_MASTER_DATA, "zone.save")
        code = _code(code, "zone code", 32)

        def work(s: Session) -> Zone:
            wh = _warehouse(s, warehouse)
            zone = s.scalars(select(Zone).where(Zone.warehouse_id == wh.id, Zone.code == code)).first()
            action = "zone.update" if zone else "zone.create"
            if zone is None:
                zone = Zone(warehouse_id=wh.id, code=code)
                s.add(zone)
            zone.name = (name or "").strip()
            s.flush()
            audit.record(s, actor, action, entity="zone", key=f"{wh.code}/{code}",
                         detail={"name": zone.name})
            return zone
        return self.db.write(work)

    # -- bins ---------------------------------------------------------------------------------
    def save_bin(self, actor: Actor, data: BinData) -> Bin:
        self.require(actor, Permission.EDIT_MASTER_DATA, "bin.save")

        def work(s: Session) -> Bin:
            return self.save_bin_in(s, actor, data)
        return self.db.write(work)

    def save_bin_in(self, s: Session, actor: Actor, data: BinData) -> Bin:
        """``save_bin`` inside the caller's transaction; permission is the caller's to check."""
        code = _code(data.code, "bin code")
        if data.bin_type not in {t.value for t in BinType}:
            raise InvalidInput(field="bin type", reason=f"unknown type {data.bin_type!r}")
        if data.blocked and not data.blocked_reason.strip():
            raise InvalidInput(field="blocked reason", reason="say why the bin is blocked")
        wh = _warehouse(s, data.warehouse)
        zone = _zone(s, wh, data.zone) if data.zone else None
        barcode = _code(data.barcode or f"{wh.code}-{code}", "bin barcode", 128)
        b = s.scalars(select(Bin).where(Bin.warehouse_id == wh.id, Bin.code == code)).first()
        clash = s.scalars(select(Bin).where(Bin.barcode == barcode)).first()
        if clash is not None and clash is not b:
            raise AlreadyExists(kind="Bin barcode", key=barcode)
        created = b is None
        if created:
            b = Bin(warehouse_id=wh.id, zone_id=None, code=code, barcode=barcode)
            s.add(b)
        before = {k: getattr(b, k) for k in ("zone_id", "bin_type", "pick_sequence", "capacity_qty",
                                             "blocked", "blocked_reason", "barcode", "active")}
        b.zone_id = zone.id if zone else None
        b.bin_type, b.pick_sequence, b.barcode = data.bin_type, int(data.pick_sequence), barcode
        b.capacity_qty = (parse_quantity(data.capacity_qty) if data.capacity_qty not in (None, "")
                          else None)
        b.blocked, b.blocked_reason = data.blocked, data.blocked_reason.strip() if data.blocked else ""
        b.active = data.active
        s.flush()
        changes = {k: [v, getattr(b, k)] for k, v in before.items() if getattr(b, k) != v}
        audit.record(s, actor, "bin.create" if created else "bin.update", entity="bin",
                     key=f"{wh.code}/{code}", detail=changes)
        return b

    def create_bin_range(self, actor: Actor, spec: BinRange) -> int:
        """Bulk-create a rack block; existing codes are skipped. Returns how many were created."""
        self.require(actor, Permission.EDIT_MASTER_DATA, "bin.bulk_create")
        for lo, hi, name in (spec.racks + ("racks",), spec.levels + ("levels",),
                             spec.positions + ("positions",)):
            if not 0 <= lo <= hi <= 99:
                raise InvalidInput(field=name, reason="a range between 0 and 99, low to high")
        codes = spec.codes()
        if len(codes) > MAX_BULK_BINS:
            raise InvalidInput(field="range", reason=f"{len(codes)} bins; at most {MAX_BULK_BINS} at once")

        def work(s: Session) -> int:
            wh = _warehouse(s, spec.warehouse)
            zone = _zone(s, wh, spec.zone) if spec.zone else None
            existing = set(s.scalars(select(Bin.code).where(Bin.warehouse_id == wh.id)))
            seq = int(s.scalar(select(func.coalesce(func.max(Bin.pick_sequence), 0))
                               .where(Bin.warehouse_id == wh.id)) or 0)
            new = [c for c in codes if c not in existing]
            for i, code in enumerate(new, start=1):
                s.add(Bin(warehouse_id=wh.id, zone_id=zone.id if zone else None, code=code,
                          barcode=f"{wh.code}-{code}", bin_type=spec.bin_type,
                          pick_sequence=seq + i * 10, capacity_qty=spec.capacity_qty))
            s.flush()
            audit.record(s, actor, "bin.bulk_create", entity="warehouse", key=wh.code,
                         detail={"created": len(new), "skipped": len(codes) - len(new),
                                 "first": new[0] if new else None, "last": new[-1] if new else None})
            return len(new)
        return self.db.write(work)

    def block_bin(self, actor: Actor, barcode_or_code: str, blocked: bool, reason: str = "") -> Bin:
        self.require(actor, Permission.EDIT_MASTER_DATA, "bin.block")
        if blocked and not reason.strip():
            raise InvalidInput(field="blocked reason", reason="say why the bin is blocked")

        def work(s: Session) -> Bin:
            from domain.services.stock import find_bin
            b = find_bin(s, barcode_or_code)
            b.blocked, b.blocked_reason = blocked, reason.strip() if blocked else ""
            audit.record(s, actor, "bin.block" if blocked else "bin.unblock", entity="bin",
                         key=b.barcode, detail={"reason": reason})
            return b
        return self.db.write(work)

    # -- lots ---------------------------------------------------------------------------------
    def update_lot(self, actor: Actor, item: str, lot_no: str, *, expiry: date | None = None,
                   production_date: date | None = None, status: str | None = None) -> Lot:
        self.require(actor, Permission.EDIT_MASTER_DATA, "lot.update")
        if status is not None and status not in {s.value for s in LotStatus}:
            raise InvalidInput(field="lot status", reason=f"unknown status {status!r}")

        def work(s: Session) -> Lot:
            from domain.services.stock import find_item, find_lot
            lot = find_lot(s, find_item(s, item), lot_no)
            changes = {}
            for name, value in (("expiry_date", expiry), ("production_date", production_date),
                                ("status", status)):
                if value is not None and getattr(lot, name) != value:
                    changes[name] = [getattr(lot, name), value]
                    setattr(lot, name, value)
            audit.record(s, actor, "lot.update", entity="lot", key=f"{item}/{lot_no}", detail=changes)
            return lot
        return self.db.write(work)


def _warehouse(s: Session, code: str) -> Warehouse:
    wh = s.scalars(select(Warehouse).where(Warehouse.code == (code or "").strip())).first()
    if wh is None:
        raise NotFound(kind="Warehouse", key=code)
    return wh


def _zone(s: Session, wh: Warehouse, code: str) -> Zone:
    zone = s.scalars(select(Zone).where(Zone.warehouse_id == wh.id, Zone.code == code.strip())).first()
    if zone is None:
        raise NotFound(kind="Zone", key=f"{wh.code}/{code}")
    return zone


def gtin_is_valid(code: str) -> bool:
    """GTIN-8/12/13/14 with a correct mod-10 check digit."""
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    digits = [int(c) for c in code]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits[:-1])))
    return (10 - total % 10) % 10 == digits[-1]
