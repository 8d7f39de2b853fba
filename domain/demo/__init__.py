"""Demo data: a believable two-to-four-warehouse operation, the same for the same seed.

``small`` (the default, a few seconds) posts forty-five days of history through the real ledger, so
moves, quants, audit entries and outbox messages are exactly what the application writes.
``large`` (100k bins, 200k items, 1M lots, 10M moves; minutes) writes rows in bulk and derives
the quants from the same generated moves, so the books balance there too. ``medium`` is the
large path at 1/100 scale. Both refuse a database that already holds warehouse data.

Demo accounts (one per role): see ``accounts.DEMO_USERS``.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, replace
from typing import Callable

from sqlalchemy import func, select

from domain import audit
from domain.clock import Clock
from domain.demo.accounts import DEMO_ACTOR, DEMO_USERS, DemoUser, ensure_demo_users
from domain.demo.catalog import gtin, gtin_check_digit
from domain.errors import DomainError, InvalidInput
from domain.numbering import ensure_rules
from domain.persistence import tables as t
from domain.persistence.database import Database

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class DemoSize:
    name: str
    warehouses: int
    bins: int
    items: int
    lots: int = 0           # the bulk path only: the small one makes lots as goods arrive
    serials: int = 0
    moves: int = 0
    history_days: int = 365
    bulk: bool = True

    def scaled(self, factor: float, name: str) -> "DemoSize":
        """The same shape at another scale (tests run the bulk path at 1/1000)."""
        n = lambda v: max(1, round(v * factor))  # noqa: E731
        return replace(self, name=name, bins=max(40 * self.warehouses, n(self.bins)),
                       items=n(self.items), lots=n(self.lots), serials=n(self.serials),
                       moves=n(self.moves))


SMALL = DemoSize("small", warehouses=2, bins=1500, items=800, history_days=45, bulk=False)
LARGE = DemoSize("large", warehouses=4, bins=100_000, items=200_000, lots=1_000_000,
                 serials=100_000, moves=10_000_000)
SIZES = {"small": SMALL, "medium": LARGE.scaled(0.01, "medium"), "large": LARGE}
COUNTED = ("warehouses", "bins", "items", "item_barcodes", "lots", "serials", "stock_moves",
           "quants", "outbox", "audit_log")


class DatabaseNotEmpty(DomainError):
    template = ("{db} already holds {what}; demo data goes into an empty database only "
                "(give a new one with --db, e.g. --db sqlite:///warelink-demo.db)")


@dataclass(frozen=True)
class DemoResult:
    size: str
    seconds: float
    counts: dict[str, int]
    users_created: list[DemoUser]


def build_demo(db: Database, size: str | DemoSize = "small", seed: int = 42,
               progress: Progress | None = None, clock: Clock | None = None) -> DemoResult:
    """Fill an empty, migrated database with demo data. Deterministic for a given seed and day."""
    size = _size(size)
    clock, rng, progress = clock or Clock(), random.Random(seed), progress or (lambda *a: None)
    started = time.perf_counter()
    _require_empty(db)
    db.write(ensure_rules)
    actors, created = ensure_demo_users(db, clock)
    if size.bulk:
        from domain.demo.bulk import build_bulk
        build_bulk(db, size, rng, clock.today(), actors, progress)
    else:
        from domain.demo.small import build_small
        build_small(db, size, rng, clock, actors, progress)
    counts = count_rows(db)
    db.write(lambda s: audit.record(s, DEMO_ACTOR, "demo.load", entity="database",
                                    detail={"size": size.name, "seed": seed, **counts}))
    return DemoResult(size.name, time.perf_counter() - started, counts, created)


def _size(size: str | DemoSize) -> DemoSize:
    if isinstance(size, DemoSize):
        return size
    if size not in SIZES:
        raise InvalidInput(field="demo size", reason=f"one of {', '.join(SIZES)}")
    return SIZES[size]


def _require_empty(db: Database) -> None:
    with db.read() as s:
        for table in (t.warehouses, t.items, t.bins, t.stock_moves):
            if s.scalar(select(func.count()).select_from(table)):
                raise DatabaseNotEmpty(db=db.describe(), what=table.name.replace("_", " "))


def count_rows(db: Database) -> dict[str, int]:
    with db.read() as s:
        return {name: s.scalar(select(func.count()).select_from(t.metadata.tables[name]))
                for name in COUNTED}


__all__ = ["build_demo", "DemoResult", "DemoSize", "SIZES", "SMALL", "LARGE", "DEMO_USERS",
           "DemoUser", "DatabaseNotEmpty", "count_rows", "gtin", "gtin_check_digit"]
