"""Read models for the master-data screens and the stock browser's detail panels.

``Reader`` is how the GUI runs any read model (these, or ``domain.queries.stock``): one
read-only session per call, opened and closed here, so screens never hold a session.
"""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from domain.clock import Clock
from domain.persistence.database import Database
from domain.queries.masterdata.details import bin_detail, item_detail, tracking_detail
from domain.queries.masterdata.lists import (
    BIN_COLUMNS, ITEM_COLUMNS, LOT_COLUMNS, USER_COLUMNS, BinFilter, ItemFilter, LotFilter,
    bin_conditions, bin_count, bin_page, item_conditions, item_count, item_page, lot_count,
    lot_page, user_list, warehouse_list, zone_list,
)

T = TypeVar("T")

__all__ = [
    "Reader", "BIN_COLUMNS", "ITEM_COLUMNS", "LOT_COLUMNS", "USER_COLUMNS", "BinFilter",
    "ItemFilter", "LotFilter", "bin_conditions", "bin_count", "bin_page", "item_conditions",
    "item_count", "item_page", "lot_count", "lot_page", "user_list", "warehouse_list",
    "zone_list", "item_detail", "bin_detail", "tracking_detail",
]


class Reader:
    """``Reader(db)(item_page, ItemFilter("A"), limit=50)``: run a query function in its own
    read-only session. Built by ``ctx.service(Reader)`` like any service; ``today`` follows the
    injected clock so expiry-based reads agree with the services."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock = clock or Clock()

    def __call__(self, query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.db.read() as session:
            return query(session, *args, **kwargs)

    def today(self):
        return self.clock.today()
