"""The stock core on a real database: every change is a ledger move, quants follow, invariants hold."""
from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from domain import errors
from domain.persistence.tables import audit_log, outbox, quants, stock_moves
from domain.queries.stock import (
    StockFilter, item_availability, ledger_mismatches, movement_history, stock_count, stock_page,
    trace,
)
from domain.services.stock import StockRef, find_item, find_lot, find_serial
from tests.integration.conftest import NOW


def on_hand(world, item, bin_code, lot=None, serial=None, status="available") -> Decimal:
    rows = [r for r in _page(world, item=item) if r["bin"] == bin_code and r["lot_no"] == lot
            and r["serial_no"] == serial and r["status"] == status]
    return rows[0]["on_hand"] if rows else Decimal(0)


def _page(world, **filters):
    with world.db.read() as s:
        return stock_page(s, StockFilter(**filters), limit=1000)


def count(world, table) -> int:
    with world.db.read() as s:
        return s.scalar(select(func.count()).select_from(table))


def assert_books_balance(world):
    with world.db.read() as s:
        assert ledger_mismatches(s) == []


# -- receiving ----------------------------------------------------------------------------------
def test_receipt_writes_move_quant_outbox_and_audit_in_one_go(world):
    result = world.stock.receive(world.clerk, item="PLAIN", qty="12.5", bin="RCV")
    assert result.document_ref == "RCV-20261125-0001"
    assert on_hand(world, "PLAIN", "RCV") == Decimal("12.5")
    with world.db.read() as s:
        move = s.execute(select(stock_moves)).one()
        message = s.execute(select(outbox)).one()
        entry = s.execute(select(audit_log).where(audit_log.c.action == "stock.receipt")).one()
    assert (move.qty, move.from_bin_id, move.to_status, move.reason) == (Decimal("12.5"), None, "available", "receipt")
    assert move.user_id == world.clerk.user_id and move.created_at == NOW
    payload = json.loads(message.payload)
    assert message.message_type == "stock.receipt" and message.state == "pending"
    assert message.document_key == "RCV-20261125-0001" and len(message.idempotency_key) == 32
    assert payload["lines"][0] == {"item": "PLAIN", "qty": "12.5", "uom": "pcs", "from_bin": None,
                                   "to_bin": "WH1-RCV", "from_status": None, "to_status": "available",
                                   "lot": None, "expiry": None, "serial": None}
    assert entry.username == "clerk" and entry.outcome == "ok"
    assert_books_balance(world)


def test_receiving_a_lot_creates_it_with_expiry_from_shelf_life(world):
    world.stock.receive(world.clerk, item="LOT", qty=10, bin="RCV", lot="L1",
                        production_date=date(2026, 11, 20))
    with world.db.read() as s:
        lot = find_lot(s, find_item(s, "LOT"), "L1")
    assert lot.expiry_date == date(2026, 12, 20)


def test_lot_tracked_item_needs_a_lot_and_untracked_refuses_one(world):
    with pytest.raises(errors.LotRequired):
        world.stock.receive(world.clerk, item="LOT", qty=1, bin="RCV")
    with pytest.raises(errors.NotTracked):
        world.stock.receive(world.clerk, item="PLAIN", qty=1, bin="RCV", lot="L1")
    assert count(world, stock_moves) == 0


def test_serial_tracked_receipt_needs_one_distinct_serial_per_unit(world):
    with pytest.raises(errors.InvalidInput):
        world.stock.receive(world.clerk, item="SER", qty=2, bin="RCV", serials=("S1",))
    with pytest.raises(errors.InvalidInput):
        world.stock.receive(world.clerk, item="SER", qty=2, bin="RCV", serials=("S1", "S1"))
    world.stock.receive(world.clerk, item="SER", qty=2, bin="RCV", serials=("S1", "S2"))
    assert count(world, stock_moves) == 2
    assert on_hand(world, "SER", "RCV", serial="S1") == 1


def test_a_serial_cannot_be_in_stock_twice(world):
    world.stock.receive(world.clerk, item="SER", qty=1, bin="RCV", serials=("S1",))
    with pytest.raises(errors.SerialAlreadyInStock) as refused:
        world.stock.receive(world.clerk, item="SER", qty=1, bin="A-01", serials=("S1",))
    assert "RCV" in refused.value.message
    world.stock.transfer(world.clerk, StockRef("SER", "RCV", serial="S1"), 1, "A-01")
    assert on_hand(world, "SER", "A-01", serial="S1") == 1 and on_hand(world, "SER", "RCV", serial="S1") == 0


def test_items_requiring_inspection_arrive_in_quarantine(world):
    from domain.services.masterdata import ItemData
    world.master.save_item(world.admin, ItemData("QC", "Inspected part", requires_inspection=True))
    world.stock.receive(world.clerk, item="QC", qty=4, bin="RCV")
    assert on_hand(world, "QC", "RCV", status="quarantine") == 4


@pytest.mark.parametrize("qty", ["-1", "0", "abc", "", "1.0000001", 1.5, None])
def test_bad_quantities_are_refused_with_a_clear_error(world, qty):
    with pytest.raises(errors.InvalidQuantity) as refused:
        world.stock.receive(world.clerk, item="PLAIN", qty=qty, bin="RCV")
    assert "quantity" in refused.value.message.lower()
    assert count(world, stock_moves) == 0


def test_unknown_item_or_bin_is_a_not_found_error(world):
    with pytest.raises(errors.NotFound, match="Bin 'NOPE'"):
        world.stock.receive(world.clerk, item="PLAIN", qty=1, bin="NOPE")
    with pytest.raises(errors.NotFound, match="Item 'NOPE'"):
        world.stock.receive(world.clerk, item="NOPE", qty=1, bin="RCV")


def test_bins_resolve_by_barcode_as_well_as_code(world):
    world.stock.receive(world.clerk, item="PLAIN", qty=1, bin="WH1-A-01")
    assert on_hand(world, "PLAIN", "A-01") == 1


def test_blocked_bins_take_nothing_in_and_give_nothing_out(world):
    with pytest.raises(errors.BinBlocked, match="rack damaged"):
        world.stock.receive(world.clerk, item="PLAIN", qty=1, bin="X-99")
    world.stock.receive(world.clerk, item="PLAIN", qty=1, bin="A-01")
    world.master.block_bin(world.admin, "A-01", True, "inventory count")
    with pytest.raises(errors.BinBlocked):
        world.stock.transfer(world.clerk, StockRef("PLAIN", "A-01"), 1, "A-02")


def test_bin_capacity_is_respected(world):
    from domain.services.masterdata import BinData
    world.master.save_bin(world.admin, BinData("WH1", "SMALL", capacity_qty=Decimal(10)))
    world.stock.receive(world.clerk, item="PLAIN", qty=8, bin="SMALL")
    with pytest.raises(errors.BinCapacityExceeded):
        world.stock.receive(world.clerk, item="PLAIN", qty=3, bin="SMALL")
    world.stock.receive(world.clerk, item="PLAIN", qty=2, bin="SMALL")


# -- moving, issuing, status ------------------------------------------------------------------
def test_transfer_moves_stock_between_bins_and_keeps_the_books(world):
    world.stock.receive(world.clerk, item="LOT", qty=10, bin="RCV", lot="L1")
    world.stock.transfer(world.clerk, StockRef("LOT", "RCV", lot="L1"), 4, "A-01")
    assert on_hand(world, "LOT", "RCV", lot="L1") == 6
    assert on_hand(world, "LOT", "A-01", lot="L1") == 4
    assert_books_balance(world)


def test_a_quant_that_reaches_zero_disappears(world):
    world.stock.receive(world.clerk, item="PLAIN", qty=3, bin="RCV")
    world.stock.transfer(world.clerk, StockRef("PLAIN", "RCV"), 3, "A-01")
    assert [r["bin"] for r in _page(world, item="PLAIN")] == ["A-01"]


def test_stock_never_goes_negative(world):
    world.stock.receive(world.clerk, item="PLAIN", qty=5, bin="A-01")
    with pytest.raises(errors.InsufficientStock) as refused:
        world.stock.issue(world.clerk, StockRef("PLAIN", "A-01"), 6)
    assert refused.value.params["available"] == 5 and refused.value.params["requested"] == 6
    with pytest.raises(errors.InsufficientStock):
        world.stock.transfer(world.clerk, StockRef("PLAIN", "A-02"), 1, "A-01")
    assert on_hand(world, "PLAIN", "A-01") == 5
    assert count(world, stock_moves) == 1 and count(world, outbox) == 1


def test_status_change_in_place_and_release_needs_a_supervisor(world):
    world.stock.receive(world.clerk, item="PLAIN", qty=5, bin="A-01", status="quarantine")
    with pytest.raises(errors.PermissionDenied):
        world.stock.change_status(world.clerk, StockRef("PLAIN", "A-01", status="quarantine"), 5, "available")
    world.stock.change_status(world.clerk, StockRef("PLAIN", "A-01", status="quarantine"), 2, "damaged")
    world.stock.change_status(world.supervisor, StockRef("PLAIN", "A-01", status="quarantine"), 3, "available")
    assert on_hand(world, "PLAIN", "A-01", status="damaged") == 2
    assert on_hand(world, "PLAIN", "A-01") == 3
    assert_books_balance(world)


def test_expired_lots_cannot_be_made_available_or_issued(world):
    world.stock.receive(world.clerk, item="LOT", qty=5, bin="A-01", lot="OLD",
                        expiry=NOW.date() + timedelta(days=1), status="quarantine")
    world.stock.receive(world.clerk, item="LOT", qty=5, bin="A-02", lot="OLD2",
                        expiry=NOW.date() + timedelta(days=1))
    world.clock._now = NOW + timedelta(days=2)
    with pytest.raises(errors.LotExpired):
        world.stock.change_status(world.supervisor, StockRef("LOT", "A-01", lot="OLD", status="quarantine"), 5, "available")
    with pytest.raises(errors.LotExpired):
        world.stock.issue(world.clerk, StockRef("LOT", "A-02", lot="OLD2"), 1)
    with pytest.raises(errors.LotExpired):
        world.stock.receive(world.clerk, item="LOT", qty=1, bin="RCV", lot="OLD")
    # but it can be moved aside and written off as damaged
    world.stock.change_status(world.clerk, StockRef("LOT", "A-02", lot="OLD2"), 5, "damaged")
    with world.db.read() as s:
        assert item_availability(s, find_item(s, "LOT").id, world.clock.today()) == 0


def test_reservations_hold_stock_back_until_consumed(world):
    world.stock.receive(world.clerk, item="PLAIN", qty=10, bin="A-01")
    world.stock.reserve(world.clerk, StockRef("PLAIN", "A-01"), 7, document_ref="SO-1")
    with pytest.raises(errors.InsufficientStock):
        world.stock.issue(world.clerk, StockRef("PLAIN", "A-01"), 4)
    with pytest.raises(errors.InsufficientStock):
        world.stock.reserve(world.clerk, StockRef("PLAIN", "A-01"), 4)
    world.stock.issue(world.clerk, StockRef("PLAIN", "A-01"), 7, from_reserved=7, document_ref="SO-1")
    world.stock.issue(world.clerk, StockRef("PLAIN", "A-01"), 3)
    assert on_hand(world, "PLAIN", "A-01") == 0
    with pytest.raises(errors.InvalidInput):
        world.stock.unreserve(world.clerk, StockRef("PLAIN", "A-01"), 1)


def test_availability_excludes_reserved_blocked_bins_and_other_statuses(world):
    world.stock.receive(world.clerk, item="PLAIN", qty=10, bin="A-01")
    world.stock.receive(world.clerk, item="PLAIN", qty=5, bin="A-02")
    world.stock.receive(world.clerk, item="PLAIN", qty=4, bin="Q-01", status="quarantine")
    world.stock.reserve(world.clerk, StockRef("PLAIN", "A-01"), 3)
    world.master.block_bin(world.admin, "A-02", True, "count")
    with world.db.read() as s:
        assert item_availability(s, find_item(s, "PLAIN").id, NOW.date()) == 7


def test_adjustments_need_a_supervisor_and_a_reason_code(world):
    world.stock.receive(world.clerk, item="PLAIN", qty=10, bin="A-01")
    with pytest.raises(errors.PermissionDenied):
        world.stock.adjust(world.clerk, StockRef("PLAIN", "A-01"), "-2", reason_code="LOSS")
    with pytest.raises(errors.InvalidInput):
        world.stock.adjust(world.supervisor, StockRef("PLAIN", "A-01"), "-2", reason_code=" ")
    world.stock.adjust(world.supervisor, StockRef("PLAIN", "A-01"), "-2", reason_code="LOSS", note="broken")
    world.stock.adjust(world.supervisor, StockRef("PLAIN", "A-02"), "+1", reason_code="FOUND")
    assert on_hand(world, "PLAIN", "A-01") == 8 and on_hand(world, "PLAIN", "A-02") == 1
    with world.db.read() as s:
        reasons = s.scalars(select(stock_moves.c.reason).order_by(stock_moves.c.id)).all()
        notes = s.scalars(select(stock_moves.c.note).order_by(stock_moves.c.id)).all()
    assert reasons == ["receipt", "adjustment_loss", "adjustment_gain"]
    assert notes[1] == "LOSS: broken"
    assert_books_balance(world)


# -- permissions and audit ------------------------------------------------------------------------
def test_a_print_station_cannot_move_stock_and_the_refusal_is_audited(world):
    with pytest.raises(errors.PermissionDenied):
        world.stock.receive(world.station, item="PLAIN", qty=1, bin="RCV")
    with world.db.read() as s:
        refused = s.execute(select(audit_log).where(audit_log.c.outcome == "refused")).one()
    assert (refused.username, refused.action) == ("station", "stock.receipt")
    assert count(world, stock_moves) == 0


def test_a_failed_posting_leaves_no_trace_but_the_error(world):
    world.stock.receive(world.clerk, item="PLAIN", qty=1, bin="A-01")
    before = (count(world, stock_moves), count(world, outbox), count(world, audit_log))
    with pytest.raises(errors.InsufficientStock):
        world.stock.transfer(world.clerk, StockRef("PLAIN", "A-01"), 2, "A-02")
    assert (count(world, stock_moves), count(world, outbox), count(world, audit_log)) == before


# -- the database is the backstop ---------------------------------------------------------------
def test_database_refuses_negative_on_hand_and_over_reservation(world):
    world.stock.receive(world.clerk, item="PLAIN", qty=1, bin="A-01")
    for values in ({"on_hand": Decimal(-1)}, {"reserved": Decimal(2)}, {"reserved": Decimal(-1)}):
        with pytest.raises(IntegrityError):
            with world.db.engine.begin() as conn:
                conn.execute(update(quants).values(**values))


def test_the_ledger_is_append_only_in_the_database(world):
    world.stock.receive(world.clerk, item="PLAIN", qty=1, bin="A-01")
    for sql in ("UPDATE stock_moves SET qty = 0", "DELETE FROM stock_moves"):
        with pytest.raises(DBAPIError, match="append-only"):
            with world.db.engine.begin() as conn:
                conn.execute(text(sql))


def test_ledger_check_reports_a_quant_changed_behind_its_back(world):
    world.stock.receive(world.clerk, item="PLAIN", qty=5, bin="A-01")
    with world.db.engine.begin() as conn:
        conn.execute(update(quants).values(on_hand=Decimal(6)))
    with world.db.read() as s:
        [bad] = ledger_mismatches(s)
    assert (bad["ledger"], bad["quant"]) == (Decimal(5), Decimal(6))


# -- reading ------------------------------------------------------------------------------------
def test_stock_browser_filters_sorts_and_counts(world):
    world.stock.receive(world.clerk, item="PLAIN", qty=5, bin="A-01")
    world.stock.receive(world.clerk, item="LOT", qty=3, bin="A-02", lot="L-7",
                        expiry=date(2026, 12, 1))
    world.stock.receive(world.clerk, item="LOT", qty=2, bin="Q-01", lot="L-8",
                        expiry=date(2027, 3, 1), status="quarantine")
    with world.db.read() as s:
        assert stock_count(s, StockFilter()) == 3
        assert stock_count(s, StockFilter(item="yoghurt")) == 2
        assert stock_count(s, StockFilter(bin="A-")) == 2
        assert stock_count(s, StockFilter(status="quarantine")) == 1
        assert stock_count(s, StockFilter(expiry_before=date(2027, 1, 1))) == 1
        assert stock_count(s, StockFilter(lot="L-")) == 2
        assert stock_count(s, StockFilter(item="100%_")) == 0
        rows = stock_page(s, StockFilter(), sort="on_hand", descending=True)
    assert [r["on_hand"] for r in rows] == [5, 3, 2]


def test_history_and_traceability_of_a_lot(world):
    world.stock.receive(world.clerk, item="LOT", qty=10, bin="RCV", lot="L1", document_ref="PO-77")
    world.stock.transfer(world.clerk, StockRef("LOT", "RCV", lot="L1"), 6, "A-01")
    world.stock.issue(world.clerk, StockRef("LOT", "A-01", lot="L1"), 2, document_ref="SO-5")
    with world.db.read() as s:
        lot = find_lot(s, find_item(s, "LOT"), "L1")
        t = trace(s, lot_id=lot.id)
        bin_history = movement_history(s, bin_id=lot.id and find_bin_id(s, "A-01"))
    assert [m["document_ref"] for m in t.origin] == ["PO-77"]
    assert [m["reason"] for m in t.moves] == ["receipt", "transfer", "issue"]
    assert sorted((c["bin"], c["on_hand"]) for c in t.current) == [("A-01", 4), ("RCV", 4)]
    assert [m["document_ref"] for m in t.left] == ["SO-5"]
    assert [m["reason"] for m in bin_history] == ["issue", "transfer"]


def test_traceability_of_a_serial(world):
    world.stock.receive(world.clerk, item="SER", qty=1, bin="RCV", serials=("SN-1",))
    world.stock.transfer(world.clerk, StockRef("SER", "RCV", serial="SN-1"), 1, "A-02")
    with world.db.read() as s:
        serial = find_serial(s, find_item(s, "SER"), "SN-1")
        t = trace(s, serial_id=serial.id)
    assert t.serial_no == "SN-1" and [c["bin"] for c in t.current] == ["A-02"]


def find_bin_id(session, code):
    from domain.services.stock import find_bin
    return find_bin(session, code).id


def test_bin_volume_and_weight_capacity_count_the_items_unit_size(world):
    from sqlalchemy import update as sql_update

    from domain.persistence.tables import bins as bins_table, items as items_table
    from domain.services.masterdata import BinData
    world.master.save_bin(world.admin, BinData("WH1", "SHELF"))
    with world.db.engine.begin() as conn:
        conn.execute(sql_update(bins_table).where(bins_table.c.code == "SHELF")
                     .values(capacity_volume_l=Decimal(100), capacity_weight_kg=Decimal(50)))
        conn.execute(sql_update(items_table).where(items_table.c.code == "PLAIN")
                     .values(unit_volume_l=Decimal("2.5"), unit_weight_kg=Decimal("0.5")))
        conn.execute(sql_update(items_table).where(items_table.c.code == "LOT")
                     .values(unit_weight_kg=Decimal(4)))
    world.stock.receive(world.clerk, item="PLAIN", qty=40, bin="SHELF")       # 100 l, 20 kg
    with pytest.raises(errors.BinCapacityExceeded) as full:
        world.stock.receive(world.clerk, item="PLAIN", qty=1, bin="SHELF")
    assert full.value.params["unit"] == "l"
    world.stock.receive(world.clerk, item="LOT", qty=7, bin="SHELF", lot="L1")  # +28 kg = 48
    with pytest.raises(errors.BinCapacityExceeded) as heavy:
        world.stock.receive(world.clerk, item="LOT", qty=1, bin="SHELF", lot="L1")
    assert heavy.value.params["unit"] == "kg"
