"""Scan → what it is in this warehouse, and where it is: the use case behind every scan.

``ResolveService.resolve`` parses (``domain.barcodes.parse_scan``) and runs the registered
lookups (``domain.barcodes.resolution``) in one read transaction. Services that act on a scan
inside their own transaction call ``resolve_scan(session, data)`` instead.
``whereabouts`` answers the "what is this?" panel's second question: the stock rows of the
matched item, bin, lot or serial (the stock browser's own read model, so both agree).
"""
from __future__ import annotations

from typing import Callable, Iterable

from sqlalchemy.orm import Session

from domain.barcodes import parse_scan
from domain.barcodes.resolution import BIN, ITEM, LOT, SERIAL, Match, Resolution, resolve
from domain.permissions import Actor, Permission
from domain.queries.stock import StockFilter, stock_page
from domain.services.base import Service

WHEREABOUTS_LIMIT = 200


def resolve_scan(session: Session, data: str, *, symbology: str | None = None,
                 kinds: Iterable[str] | None = None) -> Resolution:
    """Parse and resolve inside the caller's transaction; raises ``BarcodeError``."""
    return resolve(session, parse_scan(data, symbology), kinds)


class ResolveService(Service):

    def resolve(self, actor: Actor, data: str, *, symbology: str | None = None,
                kinds: Iterable[str] | None = None) -> Resolution:
        """What ``data`` points at; ``kinds`` limits the lookups to what a screen expects."""
        self.require(actor, Permission.VIEW_STOCK, "scan.resolve")
        meaning = parse_scan(data, symbology)   # a BarcodeError needs no database
        with self.db.read() as session:
            return resolve(session, meaning, kinds)

    def whereabouts(self, actor: Actor, match: Match) -> list[dict]:
        """Stock rows (``STOCK_COLUMNS``) holding the matched thing; empty for kinds that hold
        no stock themselves (documents) and for things not in stock."""
        self.require(actor, Permission.VIEW_STOCK, "scan.whereabouts")
        spec = _WHERE.get(match.kind)
        if spec is None:
            return []
        stock_filter, sort, keep = spec(match.detail)
        with self.db.read() as session:
            rows = stock_page(session, stock_filter, sort=sort, limit=WHEREABOUTS_LIMIT)
        return [r for r in rows if keep(r)]


# The stock browser's filters match code prefixes; each spec narrows its page to exact matches
# and sorts so that the exact code comes first among those sharing its prefix.
_Spec = Callable[[dict], tuple[StockFilter, str, Callable[[dict], bool]]]
_WHERE: dict[str, _Spec] = {
    ITEM: lambda d: (StockFilter(item=d["code"]), "item_code",
                     lambda r: r["item_code"] == d["code"]),
    BIN: lambda d: (StockFilter(bin=d["code"], warehouse=d["warehouse"]), "bin",
                    lambda r: r["bin"] == d["code"]),
    LOT: lambda d: (StockFilter(item=d["item_code"], lot=d["lot_no"]), "lot_no",
                    lambda r: (r["item_code"], r["lot_no"]) == (d["item_code"], d["lot_no"])),
    SERIAL: lambda d: (StockFilter(item=d["item_code"], lot=d.get("lot_no") or ""), "serial_no",
                       lambda r: (r["item_code"], r["serial_no"]) == (d["item_code"],
                                                                      d["serial_no"])),
}
