"""The stock core's lookups: items, bins, lots, serials and documents, each one indexed query.

Every query is Core SQL on a unique or indexed column (``item_barcodes.code``, ``items.code``,
``bins.barcode``/``code``, ``lots.lot_no``, ``serials.serial_no``,
``stock_moves.document_ref``), so a scan costs a few index probes whatever the data size.
The statements are built once with bound parameters and run on the session's connection:
building a SELECT and going through the ORM layer cost more than SQLite's index probe, and a
scan must resolve in well under 2 ms.
"""
from __future__ import annotations

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from domain.barcodes.meaning import GTIN, PLAIN, ScanMeaning
from domain.barcodes.resolution import (
    BIN, DOCUMENT, ITEM, LOT, SERIAL, Match, register_lookup,
)
from domain.persistence.tables import (
    bins, item_barcodes, items, lots, serials, stock_moves, warehouses,
)

# GS1 AIs that carry a document number: GDTI, customer order, consignment, shipment.
DOCUMENT_AIS = ("253", "400", "401", "402")
_ITEM = (items.c.id, items.c.code, items.c.name, items.c.base_uom, items.c.lot_tracked,
         items.c.serial_tracked, items.c.active)


def gtin_forms(gtin14: str) -> list[str]:
    """A GTIN-14 and the shorter forms master data may hold it in (EAN-13, UPC-A, EAN-8)."""
    forms = [gtin14]
    for length in (13, 12, 8):
        if gtin14[:14 - length].strip("0") == "":
            forms.append(gtin14[14 - length:])
    return forms


def plain_code(meaning: ScanMeaning) -> str | None:
    """The scanned text, when it may be one of our own codes (not GS1 element strings)."""
    return meaning.data if meaning.form in (PLAIN, GTIN) else None


# -- items ----------------------------------------------------------------------------------------
def _item_match(row, barcode: str | None = None, qty=None) -> Match:
    return Match(ITEM, row.code, row.name, row.id, {
        "code": row.code, "name": row.name, "uom": row.base_uom, "barcode": barcode,
        "qty_per_scan": qty if qty is not None else 1, "lot_tracked": row.lot_tracked,
        "serial_tracked": row.serial_tracked, "active": row.active})


_ITEMS_BY_BARCODE = (select(*_ITEM, item_barcodes.c.code.label("barcode"), item_barcodes.c.qty)
                     .join(item_barcodes, item_barcodes.c.item_id == items.c.id)
                     .where(item_barcodes.c.code.in_(bindparam("codes", expanding=True))))
_ITEM_BY_CODE = select(*_ITEM).where(items.c.code == bindparam("code"))


def find_items(s: Session, meaning: ScanMeaning) -> list[Match]:
    """By any of the item's barcodes (a GTIN in all its lengths) or, for plain data, its code."""
    plain = plain_code(meaning)
    codes = (gtin_forms(meaning.gtin) if meaning.gtin else []) + ([plain] if plain else [])
    if not codes:
        return []
    run = s.connection().execute
    found = [_item_match(r, r.barcode, r.qty) for r in run(_ITEMS_BY_BARCODE, {"codes": codes})]
    if plain:
        found += [_item_match(r) for r in run(_ITEM_BY_CODE, {"code": plain})]
    return found


def item_related(s: Session, item: Match, meaning: ScanMeaning) -> list[Match]:
    """The lot (AI 10) and serial (AI 21) of this item that the same GS1 scan names."""
    run, found = s.connection().execute, []
    if meaning.lot:
        params = {"item_id": item.id, "lot_no": meaning.lot}
        found += [_lot_match(r) for r in run(_ITEM_LOT, params)]
    if meaning.serial:
        params = {"item_id": item.id, "serial_no": meaning.serial}
        found += [_serial_match(r) for r in run(_ITEM_SERIAL, params)]
    return found


# -- bins -----------------------------------------------------------------------------------------
_BIN = (select(bins.c.id, bins.c.code, bins.c.barcode, bins.c.bin_type, bins.c.blocked,
               bins.c.blocked_reason, bins.c.active, warehouses.c.code.label("warehouse"))
        .join(warehouses, warehouses.c.id == bins.c.warehouse_id))
_BINS_BY_BARCODE_OR_CODE = _BIN.where(or_(bins.c.barcode.in_(bindparam("barcodes", expanding=True)),
                                          bins.c.code == bindparam("code")))


def find_bins(s: Session, meaning: ScanMeaning) -> list[Match]:
    """By barcode (unique everywhere) or code (unique per warehouse; several warehouses may
    share one, which is then ambiguous). A GS1 location (AI 414 + 254) is a barcode too."""
    plain = plain_code(meaning)
    barcodes = [plain] if plain else []
    if "414" in meaning.ai:
        barcodes.append(meaning.ai["414"] + meaning.ai.get("254", ""))
    if not barcodes:
        return []
    rows = list(s.connection().execute(_BINS_BY_BARCODE_OR_CODE,
                                       {"barcodes": barcodes, "code": plain or ""}))
    by_barcode = [r for r in rows if r.barcode in barcodes]
    return [Match(BIN, r.barcode, f"{r.warehouse} / {r.code}", r.id, {
        "warehouse": r.warehouse, "code": r.code, "barcode": r.barcode, "bin_type": r.bin_type,
        "blocked": r.blocked, "blocked_reason": r.blocked_reason, "active": r.active})
        for r in (by_barcode or rows)]


# -- lots and serials ---------------------------------------------------------------------------
_LOT = (select(lots.c.id, lots.c.lot_no, lots.c.expiry_date, lots.c.production_date,
               lots.c.status, items.c.code.label("item_code"), items.c.name.label("item_name"))
        .join(items, items.c.id == lots.c.item_id))
_LOTS_BY_NUMBER = _LOT.where(lots.c.lot_no == bindparam("lot_no"))
_ITEM_LOT = _LOT.where(lots.c.item_id == bindparam("item_id"), lots.c.lot_no == bindparam("lot_no"))


def _lot_match(r) -> Match:
    return Match(LOT, f"{r.item_code}/{r.lot_no}", f"{r.item_code} · {r.lot_no}", r.id, {
        "item_code": r.item_code, "item_name": r.item_name, "lot_no": r.lot_no,
        "expiry_date": r.expiry_date, "production_date": r.production_date,
        "status": r.status})


def _standalone(meaning: ScanMeaning, value: str | None) -> str | None:
    """A lot or serial number scanned on its own: plain data, or GS1 without an item or unit
    (with a GTIN the item's lot is a ``related`` match instead)."""
    if meaning.is_gs1:
        return value if not (meaning.gtin or meaning.sscc) else None
    return plain_code(meaning)


def find_lots(s: Session, meaning: ScanMeaning) -> list[Match]:
    lot_no = _standalone(meaning, meaning.lot)
    if not lot_no:
        return []
    return [_lot_match(r) for r in s.connection().execute(_LOTS_BY_NUMBER, {"lot_no": lot_no})]


_SERIAL = (select(serials.c.id, serials.c.serial_no, items.c.code.label("item_code"),
                  items.c.name.label("item_name"), lots.c.lot_no)
           .join(items, items.c.id == serials.c.item_id)
           .outerjoin(lots, lots.c.id == serials.c.lot_id))
_SERIALS_BY_NUMBER = _SERIAL.where(serials.c.serial_no == bindparam("serial_no"))
_ITEM_SERIAL = _SERIAL.where(serials.c.item_id == bindparam("item_id"),
                             serials.c.serial_no == bindparam("serial_no"))


def _serial_match(r) -> Match:
    return Match(SERIAL, f"{r.item_code}/{r.serial_no}", f"{r.item_code} · {r.serial_no}", r.id,
                 {"item_code": r.item_code, "item_name": r.item_name,
                  "serial_no": r.serial_no, "lot_no": r.lot_no})


def find_serials(s: Session, meaning: ScanMeaning) -> list[Match]:
    serial_no = _standalone(meaning, meaning.serial)
    if not serial_no:
        return []
    rows = s.connection().execute(_SERIALS_BY_NUMBER, {"serial_no": serial_no})
    return [_serial_match(r) for r in rows]


# -- documents ------------------------------------------------------------------------------------
_DOCUMENTS = (select(stock_moves.c.document_ref, func.count().label("moves"),
                     func.min(stock_moves.c.created_at).label("first"),
                     func.max(stock_moves.c.created_at).label("last"))
              .where(stock_moves.c.document_ref.in_(bindparam("refs", expanding=True)))
              .group_by(stock_moves.c.document_ref))


def find_documents(s: Session, meaning: ScanMeaning) -> list[Match]:
    """A document number the ledger was booked under (receipt, transfer, adjustment …)."""
    refs = [meaning.ai[ai] for ai in DOCUMENT_AIS if ai in meaning.ai]
    plain = plain_code(meaning)
    refs += [plain] if plain else []
    if not refs:
        return []
    return [Match(DOCUMENT, r.document_ref, r.document_ref, None,
                  {"moves": r.moves, "first": r.first, "last": r.last})
            for r in s.connection().execute(_DOCUMENTS, {"refs": refs})]


def register_defaults() -> None:
    for kind, lookup in ((ITEM, find_items), (BIN, find_bins), (LOT, find_lots),
                         (SERIAL, find_serials), (DOCUMENT, find_documents)):
        register_lookup(kind, lookup, related=item_related if kind == ITEM else None,
                        replace=False)
