"""Putaway: suggestions from the rules, confirmation by scanning a bin, capacity and blocks."""
from __future__ import annotations

from decimal import Decimal

import pytest

from domain import errors
from domain.model.states import AlreadyFinished
from domain.services.operations.putaway import NothingToPutAway, PutawayService
from tests.integration.op_support import (  # noqa: F401  (ops is a fixture)
    add_bin, add_item, assert_books_balance, messages, ops, stock, task,
)


@pytest.fixture
def put(ops):
    """Bins B-01..B-03 (zone B, capacity 10) after A-01/A-02 (zone A, no capacity)."""
    w = ops.world
    w.master.save_zone(w.admin, "WH1", "B", "Fast movers")
    for n, code in enumerate(("B-01", "B-02", "B-03"), start=1):
        add_bin(w, code, zone="B", pick_sequence=100 + n, capacity_qty=Decimal(10))
    for code, seq in (("A-01", 10), ("A-02", 20)):
        add_bin(w, code, zone="A", pick_sequence=seq)
    return PutawayService(w.db, w.clock)


def lines(ops, number):
    return [(l.item_id, l.qty, l.to_bin_id) for l in task(ops.world, number).lines]


def bin_code(ops, bin_id):
    from domain.model import Bin
    with ops.world.db.read() as s:
        return s.get(Bin, bin_id).code


def suggested(ops, put, item, qty=1, **kw):
    ops.receive(item, qty, bin="RCV", **kw)
    t = put.plan(ops.world.clerk, "RCV", item=item)
    return bin_code(ops, t.lines[0].to_bin_id)


def test_the_nearest_empty_bin_is_suggested_by_pick_sequence(ops, put):
    assert suggested(ops, put, "PLAIN") == "A-01"


def test_a_fixed_bin_wins_over_everything(ops, put):
    put.set_fixed_bin(ops.world.admin, "WH1", "PLAIN", "B-02")
    assert suggested(ops, put, "PLAIN") == "B-02"


def test_a_full_fixed_bin_falls_back_to_the_next_rule(ops, put):
    put.set_fixed_bin(ops.world.admin, "WH1", "PLAIN", "B-02")
    assert suggested(ops, put, "PLAIN", 11) == "A-01"


def test_stock_of_the_same_lot_is_kept_together(ops, put):
    ops.world.stock.receive(ops.world.clerk, item="LOT", qty=2, bin="B-03", lot="L1")
    ops.world.stock.receive(ops.world.clerk, item="LOT", qty=2, bin="A-02", lot="L2")
    assert suggested(ops, put, "LOT", lot="L1") == "B-03"


def test_items_of_a_class_go_to_their_zone(ops, put):
    add_item(ops.world, "FAST", abc_class="A")
    put.set_class_zone(ops.world.admin, "WH1", "A", "B")
    ops.world.stock.receive(ops.world.clerk, item="PLAIN", qty=1, bin="B-01")
    assert suggested(ops, put, "FAST") == "B-02"


def test_planned_quantities_keep_two_lines_out_of_the_same_empty_bin(ops, put):
    add_item(ops.world, "OTHER")
    ops.receive("PLAIN", 1, bin="RCV")
    ops.receive("OTHER", 1, bin="RCV")
    t = put.plan(ops.world.clerk, "RCV")
    assert [bin_code(ops, l.to_bin_id) for l in t.lines] == ["A-01", "A-02"]
    with pytest.raises(NothingToPutAway):
        put.plan(ops.world.clerk, "RCV")


def test_confirming_moves_the_stock_and_sends_one_message(ops, put):
    ops.receive("PLAIN", 5, bin="RCV")
    number = put.plan(ops.world.clerk, "RCV").number
    put.confirm(ops.world.clerk, number, 1, "WH1-A-01")
    assert stock(ops.world, "PLAIN", "A-01") == (5, 0)
    assert stock(ops.world, "PLAIN", "RCV") == (0, 0)
    t = task(ops.world, number)
    assert (t.state, t.lines[0].state) == ("done", "done")
    msg = messages(ops.world)[-1]
    assert msg["message_type"] == "putaway.confirmed" and msg["document_key"] == number
    assert (msg["payload"]["override"], msg["payload"]["suggested_bin"]) == (False, "WH1-A-01")
    assert_books_balance(ops.world)


def test_the_suggestion_can_be_overridden_and_partial_putaway_keeps_the_line_open(ops, put):
    ops.receive("PLAIN", 5, bin="RCV")
    number = put.plan(ops.world.clerk, "RCV").number
    put.confirm(ops.world.clerk, number, 1, "A-02", qty=2)
    assert messages(ops.world)[-1]["payload"]["override"] is True
    assert task(ops.world, number).lines[0].remaining == 3
    put.confirm(ops.world.clerk, number, 1, "A-02")
    assert stock(ops.world, "PLAIN", "A-02") == (5, 0)
    with pytest.raises(AlreadyFinished):
        put.confirm(ops.world.clerk, number, 1, "A-02")


def test_a_full_bin_is_refused_and_nothing_changes(ops, put):
    ops.receive("PLAIN", 12, bin="RCV")
    number = put.plan(ops.world.clerk, "RCV").number
    with pytest.raises(errors.BinCapacityExceeded, match="B-01"):
        put.confirm(ops.world.clerk, number, 1, "B-01")
    assert task(ops.world, number).lines[0].qty_done == 0
    assert len(messages(ops.world)) == 1


def test_a_blocked_bin_is_refused(ops, put):
    ops.receive("PLAIN", 1, bin="RCV")
    number = put.plan(ops.world.clerk, "RCV").number
    add_bin(ops.world, "A-03", zone="A", blocked=True, blocked_reason="inventory")
    with pytest.raises(errors.BinBlocked, match="A-03"):
        put.confirm(ops.world.clerk, number, 1, "A-03")


def test_a_non_storage_bin_is_refused(ops, put):
    ops.receive("PLAIN", 1, bin="RCV")
    number = put.plan(ops.world.clerk, "RCV").number
    with pytest.raises(errors.InvalidInput, match="quarantine bin"):
        put.confirm(ops.world.clerk, number, 1, "Q-01")
