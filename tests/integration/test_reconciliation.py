"""Reconciliation of the ERP's book stock with the warehouse (domain service, SQLite and
PostgreSQL): accuracy, lines per item and lot, found/resolved times, the three resolutions."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from domain.errors import InvalidInput, PermissionDenied
from domain.persistence.tables import outbox, quants, reconciliation_lines, reconciliation_runs
from domain.services.reconciliation import (
    BookStock, DiscrepancyAlreadyResolved, ReconciliationService,
)


@pytest.fixture
def rec(world):
    world.stock.receive(world.clerk, item="PLAIN", qty="10", bin="A-01")
    world.stock.receive(world.clerk, item="LOT", qty="4", bin="A-01", lot="L1")
    world.stock.receive(world.clerk, item="LOT", qty="6", bin="A-02", lot="L2")
    return ReconciliationService(world.db, world.clock)


def book(plain="10", l1="4", l2="6"):
    return [BookStock("PLAIN", Decimal(plain)), BookStock("LOT", Decimal(l1), "L1"),
            BookStock("LOT", Decimal(l2), "L2")]


def later(world, **kw):
    world.clock._now = world.clock._now + timedelta(**kw)
    return world.clock._now


def test_equal_books_are_100_percent_with_a_matched_line_per_item_and_lot(world, rec):
    summary = rec.run(world.supervisor, book())
    assert (summary.compared, summary.matched, summary.accuracy) == (3, 3, Decimal("100.00"))
    with world.db.read() as s:
        run = s.execute(select(reconciliation_runs)).one()
        lines = s.execute(select(reconciliation_lines)).all()
    assert (run.state, run.trigger, run.lines_compared, run.lines_matched) == ("done", "manual", 3, 3)
    assert run.started_by_id == world.supervisor.user_id and run.finished_at == world.clock.now()
    assert {l.state for l in lines} == {"matched"}
    assert all(l.resolved_at is None for l in lines)
    assert sorted(l.lot_id is not None for l in lines) == [False, True, True]


def test_a_difference_is_an_open_line_and_lowers_accuracy(world, rec):
    summary = rec.run(world.supervisor, book(l2="5"))
    assert (summary.compared, summary.matched) == (3, 2)
    assert summary.accuracy == Decimal("66.67")
    (d,) = rec.discrepancies(summary.run_id)
    assert (d.item, d.lot, d.erp_qty, d.wms_qty, d.difference) == ("LOT", "L2", 5, 6, 1)
    assert d.state == "open" and d.found_at == world.clock.now() and d.resolved_at is None


def test_stock_the_erp_does_not_know_and_erp_items_unknown_here(world, rec):
    summary = rec.run(world.supervisor, [BookStock("PLAIN", Decimal(10)),
                                         BookStock("GHOST", Decimal(3)),
                                         BookStock("LOT", Decimal(4), "L1"),
                                         BookStock("LOT", Decimal(1), "L-NEW")])
    assert summary.unknown == ("GHOST", "LOT/L-NEW")
    (d,) = rec.discrepancies(summary.run_id)          # L2 exists here only
    assert (d.lot, d.erp_qty, d.wms_qty) == ("L2", 0, 6)


def test_an_item_the_erp_keeps_without_lots_is_compared_as_a_total(world, rec):
    summary = rec.run(world.supervisor, [BookStock("PLAIN", Decimal(10)),
                                         BookStock("LOT", Decimal(10))])
    assert (summary.compared, summary.matched) == (2, 2)


def test_a_warehouse_filter_counts_only_its_bins(world, rec):
    summary = rec.run(world.supervisor, book(), warehouse="NOPE")
    assert summary.matched == 0 and summary.compared == 3


def test_found_at_is_carried_and_resolving_closes_earlier_lines(world, rec):
    first = rec.run(world.supervisor, book(plain="12"))
    found = world.clock.now()
    later(world, hours=24)
    second = rec.run(world.supervisor, book(plain="12"), trigger="scheduled")
    (d,) = rec.discrepancies(second.run_id)
    assert d.found_at == found                     # first sighting, not last night's run
    resolved_at = later(world, minutes=30)
    rec.explain(world.supervisor, d.line_id, "delivery note lost, ERP booked twice")
    for run in (first, second):
        (x,) = rec.discrepancies(run.run_id)
        assert (x.state, x.resolved_at, x.resolved_by) == ("explained", resolved_at, "supervisor")
        assert x.note == "delivery note lost, ERP booked twice"
    with pytest.raises(DiscrepancyAlreadyResolved):
        rec.explain(world.supervisor, d.line_id, "again")


def test_a_pair_matching_again_closes_the_earlier_open_line(world, rec):
    first = rec.run(world.supervisor, book(plain="9"))
    at = later(world, hours=1)
    rec.run(world.supervisor, book())
    (x,) = rec.discrepancies(first.run_id)
    assert x.state == "explained" and x.resolved_at == at and x.resolved_by is None


def test_adjust_corrects_the_warehouse_through_the_ledger(world, rec):
    run = rec.run(world.supervisor, book(plain="7", l1="5"))
    lines = {d.item + (d.lot or ""): d for d in rec.discrepancies(run.run_id)}
    rec.adjust(world.supervisor, lines["PLAIN"].line_id, bin="A-01", reason_code="ERP-REF")
    rec.adjust(world.supervisor, lines["LOTL1"].line_id, bin="A-01", reason_code="ERP-REF",
               note="count confirmed")
    with world.db.read() as s:
        on_hand = {(q.item_id, q.lot_id): q.on_hand for q in s.execute(select(quants))}
        messages = s.execute(select(outbox.c.message_type, outbox.c.document_key)
                             .where(outbox.c.message_type == "stock.reconciled")).all()
    assert sorted(on_hand.values()) == [5, 6, 7]
    assert len(messages) == 2 and messages[0].document_key.startswith(f"REC-{run.run_id}-")
    assert {d.state for d in rec.discrepancies(run.run_id)} == {"adjusted"}
    again = rec.run(world.supervisor, book(plain="7", l1="5"))
    assert again.accuracy == Decimal("100.00")
    moves = rec.moves(lines["LOTL1"].line_id)
    assert moves[0].reason == "adjustment_gain" and moves[0].note == "ERP-REF: count confirmed"
    assert {m.lot for m in moves} == {"L1"}


def test_push_writes_a_correction_for_the_erp(world, rec):
    run = rec.run(world.supervisor, book(l2="8"))
    (d,) = rec.discrepancies(run.run_id)
    key = rec.push(world.supervisor, d.line_id, "floor count is right")
    with world.db.read() as s:
        row = s.execute(select(outbox).where(outbox.c.idempotency_key == key)).one()
    assert row.message_type == "reconciliation.correction"
    assert '"qty": "-2"' in row.payload and '"lot": "L2"' in row.payload
    (d,) = rec.discrepancies(run.run_id)
    assert d.state == "pushed" and d.resolved_by == "supervisor"


def test_resolutions_need_their_inputs_and_the_permission(world, rec):
    run = rec.run(world.supervisor, book(plain="1"))
    (d,) = rec.discrepancies(run.run_id)
    with pytest.raises(InvalidInput):
        rec.explain(world.supervisor, d.line_id, "  ")
    with pytest.raises(InvalidInput):
        rec.adjust(world.supervisor, d.line_id, bin="A-01", reason_code="")
    with pytest.raises(PermissionDenied):
        rec.run(world.clerk, book())
    with pytest.raises(PermissionDenied):
        rec.push(world.clerk, d.line_id)


def test_a_failed_fetch_is_kept_as_a_failed_run(world, rec):
    run_id = rec.start(world.supervisor, "scheduled")
    rec.fail(run_id, "ERP unreachable")
    (info,) = rec.runs()
    assert (info.state, info.error, info.trigger) == ("failed", "ERP unreachable", "scheduled")
    assert rec.latest_run() is None
