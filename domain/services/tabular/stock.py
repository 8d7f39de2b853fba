"""The stock browser's current view, exported as it is filtered and sorted."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from sqlalchemy.orm import Session

from domain.permissions import Actor, Permission
from domain.persistence.database import Database
from domain.queries.stock import STOCK_COLUMNS, StockFilter, stock_page
from domain.services.base import Service
from domain.services.tabular.files import write_table

PAGE = 5000


def export_stock(db: Database, actor: Actor, path: str | Path, f: StockFilter, *,
                 sort: str = "item_code", descending: bool = False) -> int:
    """Write every stock row matching ``f``; returns how many. Pages through ``stock_page`` so
    memory stays flat; one read transaction, so the file is one consistent snapshot."""
    Service(db).require(actor, Permission.VIEW_STOCK, "stock.export")
    with db.read() as s:
        return write_table(path, list(STOCK_COLUMNS), _rows(s, f, sort, descending))


def _rows(s: Session, f: StockFilter, sort: str, descending: bool) -> Iterator[list]:
    offset = 0
    while True:
        page = stock_page(s, f, sort=sort, descending=descending, offset=offset, limit=PAGE)
        for row in page:
            yield [row[c] for c in STOCK_COLUMNS]
        if len(page) < PAGE:
            return
        offset += PAGE
