"""The demo data keeps its promises (warehouses, bins, items, tracking, expiry, statuses, barcodes,
accounts) and its books balance: for every quant key, the ledger's moves in minus out equal the
quant, with no quant missing or extra — on the small path (through the real ledger) and on the
bulk path (rows written directly), on SQLite and on PostgreSQL."""
from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, text

from domain.clock import FixedClock
from domain.demo import DEMO_USERS, LARGE, DatabaseNotEmpty, build_demo, gtin_check_digit
from domain.demo.catalog import make_items
from domain.demo.layout import make_layout
from domain.persistence import tables as t
from domain.persistence.database import Database
from domain.services.masterdata import gtin_is_valid
from domain.services.stock import StockService
from domain.services.users import UserService, actor_of

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)
TODAY = NOW.date()
TINY = LARGE.scaled(0.001, "tiny")     # the bulk path at 1/1000: 10,000 moves

# Each move adds to its target key and takes from its source key; each quant takes its on-hand
# back off. What is left over is where the ledger and the quants disagree.
UNBALANCED = text("""
    SELECT item_id, bin_id, lot, serial, status, SUM(qty) AS difference FROM (
        SELECT item_id, to_bin_id AS bin_id, COALESCE(lot_id, 0) AS lot,
               COALESCE(serial_id, 0) AS serial, to_status AS status, qty
          FROM stock_moves WHERE to_bin_id IS NOT NULL
        UNION ALL
        SELECT item_id, from_bin_id, COALESCE(lot_id, 0), COALESCE(serial_id, 0), from_status, -qty
          FROM stock_moves WHERE from_bin_id IS NOT NULL
        UNION ALL
        SELECT item_id, bin_id, COALESCE(lot_id, 0), COALESCE(serial_id, 0), status, -on_hand
          FROM quants
    ) AS flows
    GROUP BY item_id, bin_id, lot, serial, status
    HAVING SUM(qty) <> 0""")


def assert_books_balance(db: Database) -> None:
    with db.read() as s:
        assert s.execute(UNBALANCED).all() == []
        empty = select(func.count()).select_from(t.quants).where(t.quants.c.on_hand == 0)
        assert s.scalar(empty) == 0
        assert s.scalar(select(func.count()).select_from(t.stock_moves)) > 0


def scalar(db: Database, sql: str, **params):
    with db.read() as s:
        return s.execute(text(sql), params).scalar()


def build(url: str, size) -> Database:
    db = Database(url)
    db.migrate()
    build_demo(db, size, seed=42, clock=FixedClock(NOW))
    return db


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    db = build(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'small.db'}", "small")
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    db = build(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'tiny.db'}", TINY)
    yield db
    db.dispose()


# -- the small demo -------------------------------------------------------------------------------
def test_two_warehouses_with_zones_and_fifteen_hundred_bins(small):
    assert scalar(small, "SELECT count(*) FROM warehouses") == 2
    assert scalar(small, "SELECT count(*) FROM bins") >= 1400
    assert scalar(small, "SELECT count(DISTINCT bin_type) FROM bins") == 6
    with small.read() as s:
        rows = s.execute(text("SELECT w.code, b.code, b.barcode, b.bin_type FROM bins b "
                              "JOIN warehouses w ON w.id = b.warehouse_id")).all()
    assert all(barcode == f"{wh}-{code}" for wh, code, barcode, _ in rows)
    storage = [code for _, code, _, kind in rows if kind == "storage"]
    assert all(re.fullmatch(r"[A-Z]{1,2}-\d\d-\d\d-\d\d", code) for code in storage)


def test_bins_are_walked_in_order_some_have_a_capacity_two_are_blocked(small):
    assert scalar(small, "SELECT count(*) FROM (SELECT warehouse_id, pick_sequence FROM bins "
                         "GROUP BY 1, 2 HAVING count(*) > 1) AS twice") == 0
    assert scalar(small, "SELECT count(*) FROM bins WHERE capacity_qty IS NOT NULL") > 0
    assert scalar(small, "SELECT count(*) FROM bins WHERE blocked AND blocked_reason <> ''") == 2


def test_items_mix_tracking_units_pack_units_and_languages(small):
    with small.read() as s:
        items = s.execute(select(t.items)).all()
    assert len(items) == 800
    lot = sum(i.lot_tracked for i in items) / len(items)
    serial = sum(i.serial_tracked for i in items) / len(items)
    assert 0.25 <= lot <= 0.38 and 0.03 <= serial <= 0.08, (lot, serial)
    assert all(i.lot_tracked for i in items if i.removal_strategy == "FEFO")
    assert {"pcs", "kg", "box"} <= {i.base_uom for i in items}
    assert any(re.search(r"[\u4e00-\u9fff]", i.name) for i in items)
    assert any(i.requires_inspection for i in items)
    assert scalar(small, "SELECT count(DISTINCT item_id) FROM pack_units") > 300


def test_every_gtin_has_a_valid_check_digit(small):
    with small.read() as s:
        codes = s.execute(select(t.item_barcodes.c.code, t.item_barcodes.c.kind)).all()
    gtins = [code for code, kind in codes if kind == "GTIN"]
    assert sum(len(code) == 13 for code in gtins) == 800
    assert all(gtin_is_valid(code) for code in gtins)
    assert any(kind == "SUPPLIER" for _, kind in codes)


def test_the_check_digit_of_a_known_gtin():
    assert gtin_check_digit("400638133393") == "1"       # EAN-13 4006381333931
    assert gtin_check_digit("590123412345") == "7"       # EAN-13 5901234123457
    assert gtin_check_digit("0950600013435") == "2"      # GTIN-14 09506000134352 (GS1's example)


def test_stock_includes_expired_and_soon_expiring_lots(small):
    held = ("SELECT count(DISTINCT l.id) FROM lots l JOIN quants q ON q.lot_id = l.id "
            "WHERE l.expiry_date < :a")
    assert scalar(small, held, a=TODAY) > 0
    assert scalar(small, held.replace("l.expiry_date < :a", "l.expiry_date BETWEEN :a AND :b"),
                  a=TODAY, b=TODAY + timedelta(days=30)) > 0


def test_stock_is_in_several_statuses_and_partly_reserved(small):
    with small.read() as s:
        statuses = set(s.scalars(select(t.quants.c.status).distinct()))
    assert statuses == {"available", "quarantine", "damaged", "blocked"}
    assert scalar(small, "SELECT count(*) FROM quants WHERE reserved > 0") >= 10


def test_the_small_demo_balances_its_books(small):
    assert_books_balance(small)


def test_the_history_was_posted_through_the_ledger_with_audit_and_outbox(small):
    postings = scalar(small, "SELECT count(*) FROM outbox")
    assert postings > 100
    assert scalar(small, "SELECT count(*) FROM audit_log WHERE action LIKE 'stock.%' "
                         "AND action NOT IN ('stock.reserve')") == postings
    assert scalar(small, "SELECT count(DISTINCT user_id) FROM stock_moves") == 2
    assert scalar(small, "SELECT count(*) FROM stock_moves WHERE document_ref LIKE 'RCV-%'") > 100
    assert scalar(small, "SELECT min(created_at) FROM stock_moves") < scalar(
        small, "SELECT max(created_at) FROM stock_moves")


def test_the_demo_accounts_sign_in_with_their_documented_passwords(small):
    users = UserService(small, FixedClock(NOW))
    for demo in DEMO_USERS:
        assert users.authenticate(demo.username, demo.password).role == demo.role


def test_a_database_that_holds_data_is_refused(small):
    with pytest.raises(DatabaseNotEmpty, match="already holds warehouses"):
        build_demo(small, "small")


def test_the_same_seed_gives_the_same_warehouse():
    def names(seed: int) -> list[str]:
        return [(i.code, i.name, i.gtin) for i in make_items(300, random.Random(seed))]
    assert names(7) == names(7) != names(8)
    def bins() -> list[str]:
        return [b.barcode for b in make_layout(2, 1500, capacity_on_pick_face=True).bins]
    assert bins() == bins()


# -- the bulk path, at 1/1000 of the large demo ---------------------------------------------------
def test_the_bulk_path_writes_the_volume_it_was_asked_for(tiny):
    counts = {name: scalar(tiny, f"SELECT count(*) FROM {name}")
              for name in ("warehouses", "items", "lots", "serials", "stock_moves")}
    assert counts["warehouses"] == 4 and counts["items"] == TINY.items
    assert counts["lots"] == TINY.lots and counts["serials"] == TINY.serials
    assert abs(counts["stock_moves"] - TINY.moves) <= TINY.moves * 0.02


def test_the_bulk_path_balances_its_books(tiny):
    assert_books_balance(tiny)


def test_bulk_ledger_ids_follow_the_clock(tiny):
    with tiny.read() as s:
        times = list(s.scalars(select(t.stock_moves.c.created_at).order_by(t.stock_moves.c.id)))
    assert times == sorted(times)
    assert times[-1].date() < TODAY       # history ends yesterday; today is the user's


def test_bulk_stock_has_expiry_statuses_and_reservations(tiny):
    assert scalar(tiny, "SELECT count(DISTINCT status) FROM quants") == 4
    assert scalar(tiny, "SELECT count(*) FROM quants WHERE reserved > 0") > 0
    assert scalar(tiny, "SELECT count(*) FROM lots WHERE expiry_date < :d", d=TODAY) > 0
    assert scalar(tiny, "SELECT count(*) FROM lots WHERE expiry_date BETWEEN :a AND :b",
                  a=TODAY, b=TODAY + timedelta(days=30)) > 0


def test_bulk_rows_keep_their_foreign_keys_and_the_indexes_are_back(tiny):
    with tiny.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        names = set(conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index'").scalars())
    assert {ix.name for table in (t.stock_moves, t.quants) for ix in table.indexes} <= names


def test_the_application_carries_on_after_a_bulk_load(tiny):
    carry_on(tiny)


def carry_on(db: Database) -> None:
    """New lots, serials, quants and moves get fresh ids after the loaded ones, and balance."""
    clerk = actor_of(UserService(db, FixedClock(NOW)).authenticate("clerk", "clerk123"))
    with db.read() as s:
        lot_item = s.scalar(select(t.items.c.code).where(t.items.c.lot_tracked).limit(1))
        serial_item = s.scalar(select(t.items.c.code).where(t.items.c.serial_tracked).limit(1))
        dock = s.scalar(select(t.bins.c.barcode).where(t.bins.c.bin_type == "receiving").limit(1))
    stock = StockService(db, FixedClock(NOW))
    stock.receive(clerk, item=lot_item, qty=5, bin=dock, lot="DEMO-NEW-1",
                  expiry=TODAY + timedelta(days=200))
    stock.receive(clerk, item=serial_item, qty=1, bin=dock, serials=("DEMO-SN-1",))
    assert_books_balance(db)


# -- PostgreSQL -----------------------------------------------------------------------------------
@pytest.mark.postgres
def test_the_small_demo_on_postgresql(pg_url):
    db = build(pg_url, "small")
    try:
        assert_books_balance(db)
        assert scalar(db, "SELECT count(*) FROM items") == 800
        carry_on(db)
    finally:
        db.dispose()


@pytest.mark.postgres
def test_the_bulk_path_on_postgresql(pg_url):
    db = build(pg_url, TINY)
    try:
        assert_books_balance(db)
        assert scalar(db, "SELECT count(*) FROM lots") == TINY.lots
        carry_on(db)
    finally:
        db.dispose()


def test_dates_of_the_demo_follow_the_clock(small):
    first = scalar(small, "SELECT min(created_at) FROM stock_moves")
    first = first if isinstance(first, date) else datetime.fromisoformat(str(first))
    assert (TODAY - first.date()).days <= 50
