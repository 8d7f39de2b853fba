"""Inbound pulls from the ERP on a cursor; pulling the same thing twice changes nothing.

So far: items (code, name, active) from the connector's ``pull_products(cursor)``. The cursor is
kept in ``settings`` under ``sync.cursor.<what>``. An item already here keeps everything the
warehouse set on it (tracking, shelf life, barcodes); only the name and active flag follow the ERP.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import select

from domain.model import Item
from domain.permissions import Actor
from domain.persistence.database import Database
from domain.persistence.tables import settings
from domain.services.masterdata import ItemData, MasterDataService


@dataclass
class PullResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cursor: datetime | None = None


def _cursor(db: Database, key: str) -> datetime | None:
    with db.read() as s:
        raw = s.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
    return datetime.fromisoformat(raw) if raw else None


def _save_cursor(db: Database, key: str, value: datetime | None) -> None:
    if value is None:
        return

    def work(s):
        s.execute(settings.delete().where(settings.c.key == key))
        s.execute(settings.insert().values(key=key, value=value.isoformat()))
    db.write(work)


def pull_items(db: Database, connector, actor: Actor, *, clock=None) -> PullResult:
    key = "sync.cursor.products"
    products, cursor = connector.pull_products(_cursor(db, key))
    master = MasterDataService(db, clock)
    result = PullResult(cursor=cursor)
    for p in products:
        with db.read() as s:
            item = s.scalars(select(Item).where(Item.code == p["code"])).first()
        if item is None:
            master.save_item(actor, ItemData(p["code"], p["name"], active=p.get("active", True)))
            result.created += 1
        elif item.name != p["name"] or item.active != p.get("active", True):
            data = {f.name: getattr(item, f.name) for f in fields(ItemData)
                    if f.name not in ("barcodes", "pack_units")}
            data.update(name=p["name"], active=p.get("active", True))
            master.save_item(actor, ItemData(**data))
            result.updated += 1
        else:
            result.unchanged += 1
    _save_cursor(db, key, cursor)
    return result
