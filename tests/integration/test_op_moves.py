"""Bin-to-bin move tasks and customer returns into quarantine."""
from __future__ import annotations

from datetime import date

import pytest

from domain import errors
from domain.model.states import AlreadyFinished
from domain.services.operations.inspection import Verdict
from domain.services.operations.moves import MoveOrder, MoveScan
from domain.services.operations.returns import ReturnScan
from domain.services.operations.scans import WrongScan
from domain.services.operations.tasks import TaskService
from domain.services.operations.waves import NothingAllocated
from tests.integration.op_support import (  # noqa: F401  (ops is a fixture)
    add_bin, assert_books_balance, assert_reservations_match, messages, ops, stock, task,
)


def move_task(ops, item="PLAIN", qty=4, frm="A-01", to="A-02", **kw) -> str:
    return ops.moves.create(ops.world.clerk, MoveOrder(item, frm, qty, to, **kw)).number


# -- bin-to-bin moves ---------------------------------------------------------------------------
def test_a_move_task_reserves_at_the_source_until_it_is_confirmed(ops):
    ops.put("PLAIN", 5, "A-01")
    number = move_task(ops)
    assert stock(ops.world, "PLAIN", "A-01") == (5, 4)
    assert ops.allocate(ops.outbound(("PLAIN", 2))).lines == 1     # only 1 unit is free
    with pytest.raises(NothingAllocated):
        ops.allocate(ops.outbound(("PLAIN", 1)))
    ops.moves.confirm(ops.world.clerk, MoveScan(number, "A-02", from_bin="A-01", item="PLAIN"))
    assert stock(ops.world, "PLAIN", "A-01") == (1, 1)
    assert stock(ops.world, "PLAIN", "A-02") == (4, 0)
    msg = messages(ops.world)[-1]
    assert (msg["message_type"], msg["document_key"]) == ("move.confirmed", number)
    assert msg["payload"]["planned_bin_changed"] is False
    assert task(ops.world, number).state == "done"
    assert_books_balance(ops.world)
    assert_reservations_match(ops.world)


def test_moving_more_than_is_free_is_refused_when_the_task_is_made(ops):
    ops.put("PLAIN", 3, "A-01")
    with pytest.raises(errors.InsufficientStock):
        move_task(ops, qty=4)


def test_the_target_can_differ_from_the_plan_and_partial_moves_keep_the_line_open(ops):
    ops.put("PLAIN", 5, "A-01")
    number = move_task(ops)
    ops.moves.confirm(ops.world.clerk, MoveScan(number, "Q-01", qty=1))
    assert messages(ops.world)[-1]["payload"]["planned_bin_changed"] is True
    assert task(ops.world, number).lines[0].remaining == 3
    assert stock(ops.world, "PLAIN", "A-01") == (4, 3)


def test_a_move_refuses_a_wrong_source_scan_a_blocked_bin_and_a_second_confirmation(ops):
    ops.put("LOT", 5, "A-01", lot="L1", expiry=date(2027, 1, 1))
    number = move_task(ops, "LOT", 5, lot="L1")
    with pytest.raises(WrongScan, match="Wrong lot"):
        ops.moves.confirm(ops.world.clerk, MoveScan(number, "A-02", from_bin="A-01", item="LOT",
                                                    lot="L9"))
    with pytest.raises(errors.BinBlocked):
        ops.moves.confirm(ops.world.clerk, MoveScan(number, "X-99"))
    ops.moves.confirm(ops.world.clerk, MoveScan(number, "A-02"))
    with pytest.raises(AlreadyFinished):
        ops.moves.confirm(ops.world.clerk, MoveScan(number, "A-02"))


def test_cancelling_a_move_task_frees_the_units(ops):
    ops.put("PLAIN", 5, "A-01")
    number = move_task(ops)
    TaskService(ops.world.db, ops.world.clock).cancel(ops.world.supervisor, number, "not needed")
    assert stock(ops.world, "PLAIN", "A-01") == (5, 0)
    assert_reservations_match(ops.world)


# -- customer returns ---------------------------------------------------------------------------
@pytest.fixture
def shipped(ops):
    ops.put("LOT", 5, "A-01", lot="L1", expiry=date(2027, 1, 1))
    number = ops.outbound(("LOT", 5), external_ref="SO-5")
    ops.pick(ops.allocate(number).task, "A-01", "LOT", lot="L1")
    ops.shipping.confirm(ops.world.clerk, number)
    ops.order = number
    return ops


def test_a_return_goes_to_quarantine_with_an_inspection_task_and_one_message(shipped):
    ops = shipped
    result = ops.returns.receive(ops.world.clerk, ReturnScan("LOT", 2, "damaged in transit",
                                                             order=ops.order, lot="L1"))
    assert stock(ops.world, "LOT", "RCV", "L1", "quarantine") == (2, 0)
    assert task(ops.world, result.task).state == "done"
    assert task(ops.world, result.inspection_task).task_type == "inspect"
    msg = messages(ops.world)[-1]
    assert (msg["message_type"], msg["document_key"], msg["payload"]["reason"]) == (
        "return.received", result.task, "return")
    ref = msg["payload"]["return"]["outbound_order"]
    assert (ref["external_ref"], ref["line_no"]) == ("SO-5", 1)
    ops.inspection.record(ops.world.supervisor, Verdict(result.inspection_task, "pass"))
    assert stock(ops.world, "LOT", "RCV", "L1") == (2, 0)
    assert_books_balance(ops.world)


def test_no_more_can_come_back_than_was_shipped(shipped):
    ops = shipped
    ops.returns.receive(ops.world.clerk, ReturnScan("LOT", 4, "wrong size", order=ops.order,
                                                    lot="L1"))
    with pytest.raises(errors.InvalidInput, match="already came back"):
        ops.returns.receive(ops.world.clerk, ReturnScan("LOT", 2, "wrong size", order=ops.order,
                                                        lot="L1"))
    with pytest.raises(errors.InvalidInput, match="PLAIN was not shipped"):
        ops.returns.receive(ops.world.clerk, ReturnScan("PLAIN", 1, "?", order=ops.order))


def test_a_return_without_an_order_needs_a_reason_and_may_bring_a_serial_back(ops):
    with pytest.raises(errors.InvalidInput, match="reason"):
        ops.returns.receive(ops.world.clerk, ReturnScan("SER", 1, " ", bin="RCV", serial="S1"))
    result = ops.returns.receive(ops.world.clerk, ReturnScan("SER", 1, "defect", bin="Q-01",
                                                             serial="S1"))
    assert messages(ops.world)[-1]["payload"]["lines"][0]["serial"] == "S1"
    assert task(ops.world, result.inspection_task).lines[0].from_bin_id is not None
