"""Scans, seen from the operations: what packages, orders and tasks a scan can name, and how one
GS1 scan fills a whole receipt (GTIN + lot + expiry + count).

The lookups plug into ``domain.barcodes.resolution`` (registered when the operations package is
imported), so a scanned SSCC, order number or task number resolves with one indexed query like
an item or a bin does.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from domain.barcodes.lookups import plain_code
from domain.barcodes.meaning import ScanMeaning
from domain.barcodes.resolution import ITEM, PACKAGE, TASK, Match, Resolution, register_lookup
from domain.errors import InvalidInput
from domain.persistence.tables import (
    inbound_orders, outbound_orders, packages, tasks,
)
from domain.services.operations.receiving import ReceiptScan

ORDER = "order"


def find_packages(s: Session, meaning: ScanMeaning) -> list[Match]:
    code = meaning.sscc or plain_code(meaning)
    if not code or len(code) != 18 or not code.isdigit():
        return []
    rows = s.execute(select(packages.c.id, packages.c.sscc, packages.c.kind, packages.c.state,
                            outbound_orders.c.number)
                     .join(outbound_orders, outbound_orders.c.id == packages.c.outbound_order_id)
                     .where(packages.c.sscc == code))
    return [Match(PACKAGE, r.sscc, f"{r.kind} {r.sscc}", r.id,
                  {"order": r.number, "kind": r.kind, "state": r.state}) for r in rows]


def find_orders(s: Session, meaning: ScanMeaning) -> list[Match]:
    """An inbound or outbound order by our number or the ERP's reference (also GS1 AI 400,
    the customer's purchase order)."""
    codes = [c for c in (plain_code(meaning), meaning.ai.get("400")) if c]
    if not codes:
        return []
    found = []
    for direction, table, partner in (("inbound", inbound_orders, inbound_orders.c.supplier),
                                      ("outbound", outbound_orders, outbound_orders.c.customer)):
        q = select(table.c.id, table.c.number, table.c.state, partner.label("partner")).where(
            or_(table.c.number.in_(codes), table.c.external_ref.in_(codes)))
        found += [Match(ORDER, r.number, f"{direction} order {r.number}", r.id,
                        {"direction": direction, "state": r.state, "partner": r.partner})
                  for r in s.execute(q)]
    return found


def find_tasks(s: Session, meaning: ScanMeaning) -> list[Match]:
    code = plain_code(meaning)
    if not code:
        return []
    q = select(tasks.c.id, tasks.c.number, tasks.c.task_type, tasks.c.state).where(
        tasks.c.number == code)
    return [Match(TASK, r.number, f"{r.task_type} task {r.number}", r.id,
                  {"type": r.task_type, "state": r.state}) for r in s.execute(q)]


def register() -> None:
    for kind, lookup in ((PACKAGE, find_packages), (ORDER, find_orders), (TASK, find_tasks)):
        register_lookup(kind, lookup, replace=False)


def receipt_from_scan(resolution: Resolution, *, qty: object = None, **values) -> ReceiptScan:
    """A receipt filled from one scan: the item it matched, and from GS1 data the lot, expiry
    (or best before), production date, serial and count (times the units one scan of that
    barcode means, e.g. 12 for a case GTIN). ``qty`` or other ``values`` override."""
    match = resolution.match
    if match is None or match.kind != ITEM:
        raise InvalidInput(field="scan", reason="scan an item (its GTIN or code)")
    meaning = resolution.meaning
    per_scan = Decimal(str(match.detail.get("qty_per_scan") or 1))
    if qty is None:
        qty = per_scan * (meaning.count or 1)
    filled = dict(lot=meaning.lot, expiry=meaning.expiry or meaning.best_before,
                  production_date=meaning.production_date,
                  serials=(meaning.serial,) if meaning.serial else ())
    return ReceiptScan(item=match.key, qty=qty, **{**filled, **values})
