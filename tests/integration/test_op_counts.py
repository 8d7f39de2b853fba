"""Cycle counts: plans, blind counting, recounts over the threshold, four-eyes approval."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from domain import errors
from domain.model.tasks import TaskHasOpenLines
from domain.persistence.tables import bins, stock_moves
from domain.queries.tasks import (
    TaskReads, count_book, count_plan, count_sheet, count_variances,
)
from domain.services.masterdata import BinData, ItemData
from domain.services.operations.count_approval import (
    CountAlreadyApproved, CountApprovalService, CounterCannotApprove, LossHeldByReservations,
)
from domain.services.operations.counts import CountPlan, CountService, over_threshold
from domain.services.stock import StockRef
from tests.integration.op_support import (  # noqa: F401  (ops is a fixture)
    assert_books_balance, messages, ops, stock, task,
)


@pytest.fixture
def cnt(ops):
    """PLAIN 10 in A-01, LOT/L1 5 in A-02; services on ops.counts / ops.approval."""
    ops.put("PLAIN", 10, "A-01")
    ops.put("LOT", 5, "A-02", lot="L1", expiry=date(2027, 1, 1))
    ops.counts = CountService(ops.world.db, ops.world.clock)
    ops.approval = CountApprovalService(ops.world.db, ops.world.clock)
    return ops


def plan(ops, basis, *values, **kw) -> str:
    return ops.counts.plan(ops.world.supervisor, CountPlan("WH1", basis, values, **kw)).number


def count_bin(ops, number, bin_code, *found, actor=None):
    actor = actor or ops.world.clerk
    for item, qty, *lot in found:
        ops.counts.record(actor, number, bin_code, item, qty, lot=lot[0] if lot else None)
    return ops.counts.finish_bin(actor, number, bin_code)


def scopes(ops, number):
    return [(l.from_bin_id, l.item_id, l.state) for l in task(ops.world, number).lines]


def test_the_threshold_needs_both_the_percentage_and_the_quantity_exceeded():
    assert not over_threshold(Decimal(98), Decimal(100), Decimal(5), Decimal(0))
    assert over_threshold(Decimal(90), Decimal(100), Decimal(5), Decimal(0))
    assert not over_threshold(Decimal(90), Decimal(100), Decimal(5), Decimal(10))
    assert over_threshold(Decimal(1), Decimal(0), Decimal(5), Decimal(0))   # found where none was


def test_plans_by_bin_zone_item_and_class(cnt):
    assert len(scopes(cnt, plan(cnt, "bin", "A-01", "A-02"))) == 2
    assert len(scopes(cnt, plan(cnt, "zone", "A"))) == 4            # RCV, A-01, A-02, Q-01
    by_item = scopes(cnt, plan(cnt, "item", "LOT"))
    assert len(by_item) == 1 and by_item[0][1] is not None
    cnt.world.master.save_item(cnt.world.admin, ItemData("PLAIN", "Plain widget", abc_class="A"))
    assert len(scopes(cnt, plan(cnt, "abc", "A"))) == 1
    with pytest.raises(errors.PermissionDenied):
        cnt.counts.plan(cnt.world.clerk, CountPlan("WH1", "bin", ("A-01",)))


def test_counting_is_blind(cnt):
    number = plan(cnt, "bin", "A-01")
    cnt.counts.record(cnt.world.clerk, number, "A-01", "PLAIN", 7)
    with cnt.world.db.read() as s:
        sheet = count_sheet(s, number)
    assert [(r["bin"], r["item"], r["counted_qty"]) for r in sheet] == [("A-01", "PLAIN", 7)]
    assert not any("expected" in k for k in sheet[0])


def test_a_matching_count_is_approved_without_moves_but_the_erp_hears_of_it(cnt):
    number = plan(cnt, "bin", "A-01")
    assert count_bin(cnt, number, "A-01", ("PLAIN", 10)).recount is False
    assert task(cnt.world, number).state == "done"
    result = cnt.approval.approve(cnt.world.supervisor, number, "CYCLE")
    assert result.adjusted_lines == 0
    [msg] = messages(cnt.world)
    assert msg["message_type"] == "count.approved" and msg["document_key"] == number


def test_a_small_variance_is_adjusted_on_approval_with_the_reason_code(cnt):
    number = plan(cnt, "bin", "A-01", threshold_pct=5)
    assert count_bin(cnt, number, "A-01", ("PLAIN", "9.6")).recount is False
    cnt.approval.approve(cnt.world.supervisor, number, "CYCLE", note="weekly")
    assert stock(cnt.world, "PLAIN", "A-01") == (Decimal("9.6"), 0)
    [msg] = messages(cnt.world)
    assert (msg["message_type"], msg["payload"]["reason"]) == ("count.adjusted", "adjustment_loss")
    assert msg["payload"]["count"] == {"task": number, "reason_code": "CYCLE", "gains": 0,
                                       "losses": 1}
    with cnt.world.db.read() as s:
        assert s.execute(select(stock_moves.c.note).where(stock_moves.c.document_ref == number)
                         ).scalars().all() == ["CYCLE"]
    assert_books_balance(cnt.world)


def test_a_large_variance_asks_for_a_recount_whose_result_is_final(cnt):
    number = plan(cnt, "bin", "A-01", threshold_pct=5)
    assert count_bin(cnt, number, "A-01", ("PLAIN", 6)).recount is True
    assert [s for *_, s in scopes(cnt, number)] == ["done", "open"]
    with cnt.world.db.read() as s:
        assert [r["counted_qty"] for r in count_sheet(s, number)] == [None]   # a fresh, blind round
    with pytest.raises(TaskHasOpenLines):
        cnt.approval.approve(cnt.world.supervisor, number, "CYCLE")
    assert count_bin(cnt, number, "A-01", ("PLAIN", 8)).recount is False
    with cnt.world.db.read() as s:
        [row] = count_variances(s, number)
    assert (row["round"], row["expected_qty"], row["counted_qty"]) == (2, 10, 8)
    assert row["variance"] == -2
    cnt.approval.approve(cnt.world.supervisor, number, "RECOUNT")
    assert stock(cnt.world, "PLAIN", "A-01") == (8, 0)


def test_gains_and_losses_of_a_count_go_to_the_erp_in_one_message(cnt):
    number = plan(cnt, "bin", "A-01", "A-02", threshold_pct=100, threshold_qty=100)
    count_bin(cnt, number, "A-01", ("PLAIN", 12))
    count_bin(cnt, number, "A-02", ("LOT", 4, "L1"), ("LOT", 3, "NEW"))
    result = cnt.approval.approve(cnt.world.supervisor, number, "CYCLE")
    assert result.adjusted_lines == 3 and len(result.outbox_keys) == 1
    [msg] = messages(cnt.world)
    assert (msg["message_type"], msg["document_key"]) == ("count.adjusted", number)
    assert msg["payload"]["count"] == {"task": number, "reason_code": "CYCLE", "gains": 2,
                                       "losses": 1}
    assert sorted((l["reason"], l["item"], l["lot"], l["qty"])
                  for l in msg["payload"]["lines"]) == [
        ("adjustment_gain", "LOT", "NEW", "3"), ("adjustment_gain", "PLAIN", None, "2"),
        ("adjustment_loss", "LOT", "L1", "1")]
    with cnt.world.db.read() as s:
        reasons = s.execute(select(stock_moves.c.reason).where(
            stock_moves.c.document_ref == number).order_by(stock_moves.c.id)).scalars().all()
    assert sorted(reasons) == ["adjustment_gain", "adjustment_gain", "adjustment_loss"]
    assert stock(cnt.world, "LOT", "A-02", "NEW") == (3, 0)           # the count found a new lot
    assert stock(cnt.world, "LOT", "A-02", "L1") == (4, 0)
    assert_books_balance(cnt.world)


def test_only_a_supervisor_who_did_not_count_may_approve_and_only_once(cnt):
    number = plan(cnt, "bin", "A-01", threshold_pct=20)
    count_bin(cnt, number, "A-01", ("PLAIN", 9), actor=cnt.world.supervisor)
    with pytest.raises(CounterCannotApprove):
        cnt.approval.approve(cnt.world.supervisor, number, "CYCLE")
    with pytest.raises(errors.PermissionDenied):
        cnt.approval.approve(cnt.world.clerk, number, "CYCLE")
    cnt.approval.approve(cnt.world.admin, number, "CYCLE")
    with pytest.raises(CountAlreadyApproved):
        cnt.approval.approve(cnt.world.admin, number, "CYCLE")


def test_stock_moved_after_counting_is_not_undone_by_the_approval(cnt):
    number = plan(cnt, "bin", "A-01", threshold_pct=50)
    count_bin(cnt, number, "A-01", ("PLAIN", 9))
    cnt.world.stock.issue(cnt.world.clerk, StockRef("PLAIN", "A-01"), 3)
    cnt.approval.approve(cnt.world.supervisor, number, "CYCLE")
    assert stock(cnt.world, "PLAIN", "A-01") == (6, 0)


def test_a_loss_on_stock_reserved_for_picking_is_refused(cnt):
    number = plan(cnt, "bin", "A-01", threshold_pct=100, threshold_qty=100)
    count_bin(cnt, number, "A-01", ("PLAIN", 2))
    cnt.allocate(cnt.outbound(("PLAIN", 9)))
    with pytest.raises(LossHeldByReservations, match="A-01"):
        cnt.approval.approve(cnt.world.supervisor, number, "CYCLE")


def test_recording_again_replaces_and_bins_outside_the_plan_are_refused(cnt):
    number = plan(cnt, "bin", "A-01")
    cnt.counts.record(cnt.world.clerk, number, "A-01", "PLAIN", 4)
    cnt.counts.record(cnt.world.clerk, number, "A-01", "PLAIN", 10)
    with pytest.raises(errors.InvalidInput, match="A-02 is not"):
        cnt.counts.record(cnt.world.clerk, number, "A-02", "PLAIN", 1)
    with pytest.raises(errors.InvalidInput, match="lot-tracked"):
        cnt.counts.record(cnt.world.clerk, number, "A-01", "LOT", 1)
    assert count_bin(cnt, number, "A-01").recount is False


# -- plans: checked values, blind by default, an open count reads its book ---------------------
def test_plans_are_blind_by_default_and_an_open_plan_shows_the_book(cnt):
    blind = plan(cnt, "bin", "A-01")
    with cnt.world.db.read() as s:
        assert count_plan(s, blind)["blind"] is True
        assert count_book(s, blind) is None                       # never read out
    reads = TaskReads(cnt.world.db, cnt.world.clock)
    assert reads.count_book(cnt.world.clerk, blind) is None
    open_count = plan(cnt, "zone", "A", blind=False)
    with cnt.world.db.read() as s:
        assert count_plan(s, open_count)["blind"] is False
    book = reads.count_book(cnt.world.clerk, open_count)
    assert [(r["bin"], r["item"], r["lot_no"], r["book_qty"]) for r in book] == [
        ("A-01", "PLAIN", None, 10), ("A-02", "LOT", "L1", 5)]
    count_bin(cnt, open_count, "A-01", ("PLAIN", 10))             # counted bins drop out
    assert [r["bin"] for r in reads.count_book(cnt.world.clerk, open_count)] == ["A-02"]
    by_item = plan(cnt, "item", "LOT", blind=False)
    assert [r["item"] for r in reads.count_book(cnt.world.clerk, by_item)] == ["LOT"]
    with pytest.raises(errors.PermissionDenied):
        reads.count_book(cnt.world.station, open_count)


def test_an_abc_plan_counts_the_bins_holding_items_of_the_class(cnt):
    cnt.world.master.save_item(cnt.world.admin, ItemData("LOT", "Yoghurt", lot_tracked=True,
                                                         abc_class="B"))
    cnt.put("LOT", 2, "A-01", lot="L2", expiry=date(2027, 2, 1))
    number = plan(cnt, "abc", " b ")                              # trimmed, any case
    with cnt.world.db.read() as s:
        a01, a02 = (s.scalar(select(bins.c.id).where(bins.c.code == c)) for c in ("A-01", "A-02"))
        assert count_plan(s, number)["basis_value"] == "B"
    lot_id = task(cnt.world, number).lines[0].item_id
    assert sorted(scopes(cnt, number)) == [(a01, lot_id, "open"), (a02, lot_id, "open")]


def test_plans_with_wrong_values_are_refused(cnt):
    cnt.world.master.save_warehouse(cnt.world.admin, "WH2", "Second")
    cnt.world.master.save_bin(cnt.world.admin, BinData("WH2", "Z-01"))
    for basis, values, match in (("bin", ("Z-01",), "another warehouse"),
                                 ("zone", ("A", "B"), "one zone at a time"),
                                 ("zone", ("NOPE",), "no zone NOPE"),
                                 ("abc", ("D",), "A, B or C"),
                                 ("abc", ("A",), "nothing to count"),
                                 ("bin", (" ", ""), "bins, a zone"),
                                 ("shelf", ("A-01",), "bins, a zone")):
        with pytest.raises(errors.InvalidInput, match=match):
            plan(cnt, basis, *values)
    with pytest.raises(errors.NotFound):
        plan(cnt, "item", "NO-SUCH-ITEM")
    assert messages(cnt.world) == []


def test_duplicate_bins_are_counted_once(cnt):
    number = plan(cnt, "bin", "A-01", " A-01", "A-02")
    assert len(scopes(cnt, number)) == 2
