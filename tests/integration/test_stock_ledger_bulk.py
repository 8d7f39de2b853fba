"""Many-line postings take the set-based path and behave exactly like the per-line one."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from domain import errors
from domain.model import MoveReason
from domain.persistence.tables import outbox, stock_moves
from domain.queries.stock import StockFilter, ledger_mismatches, stock_page
from domain.services import ledger
from domain.services.ledger import MoveLine, Posting
from domain.services.masterdata import BinRange
from domain.services.stock import find_bin, find_item
from tests.integration.conftest import NOW


@pytest.fixture
def shelves(world):
    world.master.create_bin_range(world.admin, world_range())
    with world.db.read() as s:
        item = find_item(s, "PLAIN").id
        bin_ids = [find_bin(s, f"WH1-C-{r:02d}-01-{p:02d}").id for r in range(1, 11) for p in range(1, 11)]
    return item, bin_ids


def world_range():
    return BinRange("WH1", "A", "C", racks=(1, 10), levels=(1, 1), positions=(1, 10))


def _post(world, reason, lines, ref):
    return world.db.write(lambda s: ledger.post(s, world.supervisor, Posting(reason, lines, ref),
                                                now=NOW, today=NOW.date()))


def _count(world, table):
    with world.db.read() as s:
        return s.scalar(select(func.count()).select_from(table))


def test_a_hundred_line_receipt_and_transfer_balance_the_books(world, shelves):
    item, bin_ids = shelves
    assert ledger.BULK_MIN_LINES <= 100
    _post(world, MoveReason.RECEIPT, [MoveLine(item_id=item, qty=Decimal(i + 1), to_bin_id=b,
                                               to_status="available") for i, b in enumerate(bin_ids)], "R-1")
    moves = [MoveLine(item_id=item, qty=Decimal(i + 1), from_bin_id=b, from_status="available",
                      to_bin_id=bin_ids[0], to_status="available")
             for i, b in enumerate(bin_ids) if b != bin_ids[0]]
    _post(world, MoveReason.TRANSFER, moves, "T-1")
    with world.db.read() as s:
        rows = stock_page(s, StockFilter(item="PLAIN"), limit=1000)
        assert ledger_mismatches(s) == []
    assert [(r["bin"], r["on_hand"]) for r in rows] == [("C-01-01-01", Decimal(sum(range(1, 101))))]
    assert _count(world, outbox) == 2 and _count(world, stock_moves) == 199


def test_one_short_line_refuses_the_whole_posting_naming_it(world, shelves):
    item, bin_ids = shelves
    _post(world, MoveReason.RECEIPT, [MoveLine(item_id=item, qty=Decimal(5), to_bin_id=b,
                                               to_status="available") for b in bin_ids], "R-1")
    issues = [MoveLine(item_id=item, qty=Decimal(5), from_bin_id=b, from_status="available")
              for b in bin_ids]
    issues[57] = MoveLine(item_id=item, qty=Decimal(6), from_bin_id=bin_ids[57], from_status="available")
    with pytest.raises(errors.InsufficientStock) as refused:
        _post(world, MoveReason.ISSUE, issues, "S-1")
    assert refused.value.params["requested"] == 6 and refused.value.params["available"] == 5
    assert _count(world, stock_moves) == 100 and _count(world, outbox) == 1
    with world.db.read() as s:
        assert ledger_mismatches(s) == []


def test_many_serials_at_once_and_a_serial_already_in_stock(world, shelves):
    _, bin_ids = shelves
    serials = tuple(f"SN-{i:03d}" for i in range(60))
    world.stock.receive(world.clerk, item="SER", qty=60, bin="RCV", serials=serials)
    with pytest.raises(errors.SerialAlreadyInStock):
        world.stock.receive(world.clerk, item="SER", qty=60, bin="A-01",
                            serials=serials[:59] + ("SN-NEW",))
    with world.db.read() as s:
        assert ledger_mismatches(s) == []
        assert len(stock_page(s, StockFilter(item="SER"), limit=1000)) == 60


def test_a_quant_is_found_by_its_whole_key_on_sqlite(world, shelves):
    """Every key lookup of the ledger is one seek of the unique key index over all five parts.
    Spelt ``lot_id IS ?``, SQLite took the lot index and walked every quant without a lot."""
    if world.db.dialect != "sqlite":
        pytest.skip("the query plan asked for is SQLite's")
    from domain.services import ledger_bulk
    item, bin_ids = shelves
    _post(world, MoveReason.RECEIPT, [MoveLine(item_id=item, qty=Decimal(1), to_bin_id=b,
                                               to_status="available") for b in bin_ids], "R-1")
    full_key = ("uq_quants_key (item_id=? AND bin_id=? AND <expr>=? AND <expr>=? "
                "AND status=?)")
    with world.db.read() as s:
        conn = s.connection()
        for stmt in (ledger._DECREMENT, ledger._ADD, ledger._RESERVE, ledger._UNRESERVE,
                     ledger_bulk._BY_KEY):
            compiled = stmt.compile(dialect=conn.dialect)
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + compiled.string,
                                        tuple(0 for _ in compiled.positiontup)).all()
            assert any(full_key in row[-1] for row in plan), (compiled.string, plan)
