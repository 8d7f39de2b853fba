"""What the shipped label templates bind, read from the database: a bin, item or lot label's
record (``label_record``) and a package's pallet label (``pallet_record``), in the shape of the
templates' sample data. The print service queues them; the designer previews with them."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.errors import DomainError
from domain.persistence import tables as t


def label_record(s: Session, kind: str, row_id: int | None) -> dict:
    """The data a shipped label template binds (see each template's sample data)."""
    if kind == "bin":
        r = s.execute(select(t.bins.c.code, t.zones.c.code.label("zone"),
                             t.warehouses.c.code.label("warehouse"))
                      .join(t.warehouses, t.warehouses.c.id == t.bins.c.warehouse_id)
                      .outerjoin(t.zones, t.zones.c.id == t.bins.c.zone_id)
                      .where(t.bins.c.id == row_id)).one()
        return {"bin": {"code": r.code, "zone": r.zone or "", "warehouse": r.warehouse}}
    if kind == "item":
        return {"item": item_record(s, row_id)}
    r = s.execute(select(t.lots).where(t.lots.c.id == row_id)).one()
    return {"item": item_record(s, r.item_id),
            "lot": {"no": r.lot_no, "expiry": r.expiry_date.isoformat() if r.expiry_date else ""}}


def item_record(s: Session, item_id: int | None) -> dict:
    r = s.execute(select(t.items).where(t.items.c.id == item_id)).one()
    gtin = s.execute(select(t.item_barcodes.c.code).where(
        t.item_barcodes.c.item_id == item_id).order_by(t.item_barcodes.c.id)).scalars().all()
    gtins = [g for g in gtin if g.isdigit() and len(g) in (8, 12, 13, 14)]
    return {"sku": r.code, "code": r.code, "name": r.name, "uom": r.base_uom,
            "gtin": gtins[0] if gtins else ""}


# -- pallet labels ---------------------------------------------------------------------------
COMPANY_NAME_KEY = "company.name"   # setting: the ship-from name (else the warehouse's name)


def pallet_record(s: Session, package_id: int) -> dict:
    """What the shipped pallet templates bind for one package or pallet: ``package`` (SSCC,
    kind), ``ship_from`` (the company name setting or the warehouse name, and the warehouse
    address), ``ship_to`` (the outbound order's customer, order number and ERP reference; the
    schema holds no customer address, so ``address`` is empty) and ``content``. ``content.list``
    names every item and lot with quantity and best-before; ``content.gs1`` (the GS1 element
    string ``(02)…(37)…[(15)…][(10)…]``) is present only when the package holds one item with a
    GTIN, one lot (or none) and a whole number of units, as GS1 allows the content barcode only
    for a homogeneous pallet."""
    from domain.labels.model import Symbology
    from domain.labels.symbols import encode
    head = s.execute(select(t.packages.c.sscc, t.packages.c.kind, t.outbound_orders.c.number,
                            t.outbound_orders.c.customer, t.outbound_orders.c.external_ref,
                            t.warehouses.c.name.label("warehouse"),
                            t.warehouses.c.address)
                     .join(t.outbound_orders, t.outbound_orders.c.id
                           == t.packages.c.outbound_order_id)
                     .join(t.warehouses, t.warehouses.c.id == t.outbound_orders.c.warehouse_id)
                     .where(t.packages.c.id == package_id)).one()
    company = s.execute(select(t.settings.c.value).where(t.settings.c.key == COMPANY_NAME_KEY)
                        ).scalar()
    rows = s.execute(select(t.package_contents.c.item_id, t.items.c.code, t.items.c.name,
                            t.items.c.base_uom, t.lots.c.lot_no, t.lots.c.expiry_date,
                            func.sum(t.package_contents.c.qty).label("qty"))
                     .join(t.items, t.items.c.id == t.package_contents.c.item_id)
                     .outerjoin(t.lots, t.lots.c.id == t.package_contents.c.lot_id)
                     .where(t.package_contents.c.package_id == package_id)
                     .group_by(t.package_contents.c.item_id, t.items.c.code, t.items.c.name,
                               t.items.c.base_uom, t.lots.c.lot_no, t.lots.c.expiry_date)
                     .order_by(t.items.c.code, t.lots.c.lot_no)).all()
    lines = []
    for r in rows:
        best_before = r.expiry_date.isoformat() if r.expiry_date else ""
        lines.append("  ".join(filter(None, (
            f"{_number(r.qty)} {r.base_uom}", r.code, r.name,
            f"LOT {r.lot_no}" if r.lot_no else "", f"BB {best_before}" if best_before else ""))))
    content: dict = {"lines": len(rows), "total": _number(sum((r.qty for r in rows), Decimal(0))),
                     "list": "\n".join(lines)}
    if len(rows) == 1:
        r = rows[0]
        item = item_record(s, r.item_id)
        content.update(description=r.name, sku=r.code, uom=r.base_uom, lot=r.lot_no or "",
                       best_before=r.expiry_date.isoformat() if r.expiry_date else "",
                       gtin=item["gtin"].zfill(14) if item["gtin"] else "", count=_number(r.qty))
        if item["gtin"] and r.qty == r.qty.to_integral_value():
            gs1 = f"(02){content['gtin']}(37){int(r.qty)}"
            if r.expiry_date:
                gs1 += f"(15){r.expiry_date:%y%m%d}"
            if r.lot_no:
                gs1 += f"(10){r.lot_no}"
            try:
                encode(Symbology.GS1_128, gs1)      # a lot GS1 does not allow: no barcode
                content["gs1"] = gs1
            except DomainError:
                pass
    return {"package": {"sscc": head.sscc, "kind": head.kind},
            "ship_from": {"name": company or head.warehouse, "address": head.address},
            "ship_to": {"name": head.customer, "address": "", "order": head.number,
                        "reference": head.external_ref},
            "content": content}


def _number(value: Decimal) -> str:
    """A quantity as people write it: 24, 2.5 (no trailing zeros, no exponent)."""
    return format(Decimal(value).normalize(), "f")
