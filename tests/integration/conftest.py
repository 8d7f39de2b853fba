"""A small, fully known warehouse on SQLite and on PostgreSQL, for the domain's database tests.

``db`` is parametrised over both backends: every test that uses it runs twice, so the stock core
is proven where stations really run it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from domain.clock import FixedClock
from domain.numbering import ensure_rules
from domain.permissions import Actor
from domain.persistence.database import Database
from domain.services.masterdata import BinData, ItemData, MasterDataService
from domain.services.stock import StockService
from domain.services.users import UserService, actor_of

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/warelink.db"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def db(db_url):
    database = Database(db_url)
    database.migrate()
    yield database
    database.dispose()


@dataclass
class World:
    db: Database
    clock: FixedClock
    admin: Actor
    supervisor: Actor
    clerk: Actor
    station: Actor
    stock: StockService
    master: MasterDataService


@pytest.fixture
def world(db) -> World:
    """WH1 with bins RCV (receiving), A-01, A-02 (storage), Q-01 (quarantine), X-99 (blocked);
    items PLAIN (untracked), LOT (lot-tracked, FEFO, 30 days shelf life), SER (serial-tracked)."""
    clock = FixedClock(NOW)
    users = UserService(db, clock)
    admin = actor_of(users.create_first_admin("admin", "admin-pass"))
    roles = {r: actor_of(users.add_user(admin, r, f"{r}-pass", r)) for r in ("supervisor", "clerk", "station")}
    master = MasterDataService(db, clock)
    db.write(ensure_rules)
    master.save_warehouse(admin, "WH1", "Main warehouse")
    master.save_zone(admin, "WH1", "A", "Storage A")
    for code, kind in (("RCV", "receiving"), ("A-01", "storage"), ("A-02", "storage"),
                       ("Q-01", "quarantine")):
        master.save_bin(admin, BinData("WH1", code, zone="A", bin_type=kind))
    master.save_bin(admin, BinData("WH1", "X-99", blocked=True, blocked_reason="rack damaged"))
    master.save_item(admin, ItemData("PLAIN", "Plain widget"))
    master.save_item(admin, ItemData("LOT", "Yoghurt 500 g", lot_tracked=True,
                                     removal_strategy="FEFO", shelf_life_days=30))
    master.save_item(admin, ItemData("SER", "Handheld terminal", serial_tracked=True))
    return World(db, clock, admin, roles["supervisor"], roles["clerk"], roles["station"],
                 StockService(db, clock), master)


@pytest.fixture(params=["per_line", "bulk"])
def ledger_path(request, monkeypatch):
    """Run a test through both ways the ledger changes quants: line by line, and the set-based
    path it takes for many-line postings (forced here for every posting)."""
    if request.param == "bulk":
        from domain.services import ledger
        monkeypatch.setattr(ledger, "BULK_MIN_LINES", 1)
    return request.param
