"""Inbound pulls from the ERP on a cursor; pulling the same thing twice changes nothing.

Each pull keeps its cursor in ``settings`` under ``sync.cursor.<what>``; a pull in which a
document could not be taken over (an item unknown here, say) keeps the old cursor, so the next
pull tries again, and what was taken over is recognised by its ERP reference and skipped.

* ``pull_items``: items (code, name, active) from ``connector.pull_products``. An item already
  here keeps everything the warehouse set on it (tracking, shelf life, barcodes); only the name
  and active flag follow the ERP.
* ``pull_parties``: suppliers and customers from ``connector.pull_parties`` into the party
  directory kept in ``settings`` (``sync.parties``, JSON by ERP code); orders name their party
  by name, so there is no table for them.
* ``pull_inbound_orders``: purchase orders' pending receipts (``connector.pull_purchases``) as
  inbound orders through ``OrderService``, the ERP document as ``external_ref`` and each
  purchase line as ``external_line_ref``. A PO already here is left alone (its remainder after a
  partial receipt is still open on the order here), and so is a line already on an order here.
* ``pull_outbound_orders``: customer shipments (``connector.pull_customer_shipments``) as
  outbound orders; lines whose sale line is already on an order here are skipped, so Tryton's
  backorder of a short shipment is not imported a second time next to the warehouse's own.
* ``pull_all``: all of these the connector offers, items and parties first.
* ``reconcile``: the ERP's book stock (``connector.book_stock()``) into a reconciliation run.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta

from sqlalchemy import select

from domain.model import Item
from domain.permissions import Actor
from domain.persistence.database import Database
from domain.errors import DomainError, InvalidInput
from domain.persistence.tables import (
    inbound_order_lines, inbound_orders, outbound_order_lines, outbound_orders, settings,
    warehouses,
)
from domain.services.masterdata import ItemData, MasterDataService
from domain.services.operations.orders import (
    InboundData, OrderLineData, OrderService, OutboundData,
)
from domain.services.reconciliation import ReconciliationService, RunSummary


@dataclass
class PullResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cursor: datetime | None = None
    errors: list[str] = field(default_factory=list)   # documents not taken over (retried)


def _cursor(db: Database, key: str) -> datetime | None:
    with db.read() as s:
        raw = s.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
    return datetime.fromisoformat(raw) if raw else None


def _save_cursor(db: Database, key: str, value: datetime | None) -> None:
    if value is not None:
        _save_setting(db, key, value.isoformat())


def _save_setting(db: Database, key: str, value: str) -> None:
    def work(s):
        s.execute(settings.delete().where(settings.c.key == key))
        s.execute(settings.insert().values(key=key, value=value))
    db.write(work)


def pull_items(db: Database, connector, actor: Actor, *, clock=None) -> PullResult:
    key = "sync.cursor.products"
    products, cursor = connector.pull_products(_cursor(db, key))
    master = MasterDataService(db, clock)
    result = PullResult(cursor=cursor)
    for p in products:
        with db.read() as s:
            item = s.scalars(select(Item).where(Item.code == p["code"])).first()
        # The ERP's cost is the standard cost here; no cost from the ERP keeps the one set here.
        cost = p.get("cost")
        if item is None:
            master.save_item(actor, ItemData(p["code"], p["name"], active=p.get("active", True),
                                             unit_cost=cost))
            result.created += 1
        elif (item.name != p["name"] or item.active != p.get("active", True)
              or (cost is not None and item.unit_cost != cost)):
            data = {f.name: getattr(item, f.name) for f in fields(ItemData)
                    if f.name not in ("barcodes", "pack_units")}
            data.update(name=p["name"], active=p.get("active", True))
            if cost is not None:
                data["unit_cost"] = cost
            master.save_item(actor, ItemData(**data))
            result.updated += 1
        else:
            result.unchanged += 1
    _save_cursor(db, key, cursor)
    return result


PARTIES_KEY = "sync.parties"


def parties(db: Database) -> dict[str, dict]:
    """The party directory pulled from the ERP: ERP code -> name, active, supplier, customer."""
    with db.read() as s:
        raw = s.execute(select(settings.c.value).where(settings.c.key == PARTIES_KEY)).scalar()
    return json.loads(raw) if raw else {}


def pull_parties(db: Database, connector, *, clock=None) -> PullResult:
    key = "sync.cursor.parties"
    rows, cursor = connector.pull_parties(_cursor(db, key))
    known = parties(db)
    result = PullResult(cursor=cursor)
    for p in rows:
        entry = {"name": p["name"], "active": p.get("active", True),
                 "supplier": bool(p.get("supplier")), "customer": bool(p.get("customer"))}
        old = known.get(p["code"])
        if old == entry:
            result.unchanged += 1
            continue
        if old is None:
            result.created += 1
        else:
            result.updated += 1
        known[p["code"]] = entry
    if result.created or result.updated:
        _save_setting(db, PARTIES_KEY, json.dumps(known, ensure_ascii=False, sort_keys=True))
    _save_cursor(db, key, cursor)
    return result


def _warehouse(db: Database, code: str | None) -> str:
    """The warehouse ERP orders go to: ``code``, else the only one there is."""
    if code:
        return code
    with db.read() as s:
        codes = s.execute(select(warehouses.c.code).order_by(warehouses.c.code)).scalars().all()
    if len(codes) != 1:
        raise InvalidInput(field="warehouse", reason="name the warehouse ERP orders go to")
    return codes[0]


def _order_lines(doc: dict) -> list[OrderLineData]:
    return [OrderLineData(l["item"], l["qty"], l.get("lot"), l["external_line_ref"])
            for l in doc["lines"] if l["qty"] > 0]


OVERLAP = timedelta(minutes=5)
_ORDER_TABLES = {"inbound": (inbound_orders, inbound_order_lines),
                 "outbound": (outbound_orders, outbound_order_lines)}


def _new_lines(db: Database, kind: str, doc: dict) -> list[OrderLineData]:
    """The document's lines not yet on an order here (none when the document itself is)."""
    orders_t, lines_t = _ORDER_TABLES[kind]
    refs = [l["external_line_ref"] for l in doc["lines"]]
    with db.read() as s:
        if s.execute(select(orders_t.c.id).where(
                orders_t.c.external_ref == doc["external_ref"])).first() is not None:
            return []
        known = set(s.execute(
            select(lines_t.c.external_line_ref)
            .join(orders_t, orders_t.c.id == lines_t.c.order_id)
            .where(lines_t.c.external_line_ref.in_(refs), orders_t.c.state != "cancelled")
        ).scalars())
    return [l for l in _order_lines(doc) if l.external_line_ref not in known]


def _pull_orders(db: Database, key: str, pull, kind: str, create) -> PullResult:
    """Documents are asked for from ``OVERLAP`` before the cursor, so one written in the ERP by
    a transaction still open at the last pull is not missed; taking them over is idempotent."""
    old = _cursor(db, key)
    docs, cursor = pull(old - OVERLAP if old is not None else None)
    if old is not None and (cursor is None or cursor < old):
        cursor = old
    result = PullResult(cursor=cursor)
    for doc in docs:
        lines = _new_lines(db, kind, doc)
        if not lines:
            result.unchanged += 1
            continue
        try:
            create(doc, lines)
        except DomainError as exc:
            result.errors.append(f"{doc['external_ref']}: {exc}")
            continue
        result.created += 1
    if not result.errors:
        _save_cursor(db, key, cursor)
    return result


def _note(what: str, doc: dict, extra: str) -> str:
    return " ".join(filter(None, [f"ERP {what} {doc.get('number') or ''}".strip(),
                                  doc.get(extra)]))


def pull_inbound_orders(db: Database, connector, actor: Actor, *, warehouse: str | None = None,
                        clock=None) -> PullResult:
    """Purchase orders with receipts pending in the ERP become inbound orders here."""
    orders, wh = OrderService(db, clock), _warehouse(db, warehouse)

    def create(doc: dict, lines: list[OrderLineData]) -> None:
        orders.create_inbound(actor, InboundData(
            wh, doc["supplier"], lines, external_ref=doc["external_ref"],
            expected_date=_day(doc.get("expected_date")), note=_note("purchase", doc, "reference")))
    return _pull_orders(db, "sync.cursor.purchases", connector.pull_purchases, "inbound", create)


def pull_outbound_orders(db: Database, connector, actor: Actor, *, warehouse: str | None = None,
                         clock=None) -> PullResult:
    """Customer shipments to pick in the ERP become outbound orders here."""
    orders, wh = OrderService(db, clock), _warehouse(db, warehouse)

    def create(doc: dict, lines: list[OrderLineData]) -> None:
        orders.create_outbound(actor, OutboundData(
            wh, doc["customer"], lines, external_ref=doc["external_ref"],
            requested_date=_day(doc.get("requested_date")),
            note=_note("customer shipment", doc, "origins")))
    return _pull_orders(db, "sync.cursor.customer_shipments", connector.pull_customer_shipments,
                        "outbound", create)


def pull_all(db: Database, connector, actor: Actor, *, warehouse: str | None = None,
             clock=None) -> dict[str, PullResult]:
    """Every pull the connector offers, master data first (an order's items must be known)."""
    steps = (("items", "pull_products", lambda: pull_items(db, connector, actor, clock=clock)),
             ("parties", "pull_parties", lambda: pull_parties(db, connector, clock=clock)),
             ("inbound orders", "pull_purchases", lambda: pull_inbound_orders(
                 db, connector, actor, warehouse=warehouse, clock=clock)),
             ("outbound orders", "pull_customer_shipments", lambda: pull_outbound_orders(
                 db, connector, actor, warehouse=warehouse, clock=clock)))
    return {name: run() for name, method, run in steps if hasattr(connector, method)}


def reconcile(db: Database, connector, actor: Actor, *, warehouse: str | None = None,
              trigger: str = "manual", clock=None) -> RunSummary:
    """One reconciliation run against the ERP's book stock now; a failed fetch is kept as a
    failed run and raised."""
    service = ReconciliationService(db, clock)
    run_id = service.start(actor, trigger)
    try:
        book = list(connector.book_stock())
    except Exception as exc:
        service.fail(run_id, f"{type(exc).__name__}: {exc}")
        raise
    return service.complete(actor, run_id, book, warehouse=warehouse)


def _day(value) -> date | None:
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    return value.date() if isinstance(value, datetime) else date.fromisoformat(str(value))
