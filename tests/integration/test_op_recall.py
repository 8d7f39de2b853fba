"""Blocking a lot everywhere (recall) and releasing it."""
from __future__ import annotations

from datetime import date

import pytest

from domain import errors
from domain.services.operations.picking import LotBlockedForPicking
from domain.services.operations.recall import RecallService
from domain.services.operations.waves import NothingAllocated
from tests.integration.op_support import (  # noqa: F401  (ops is a fixture)
    assert_books_balance, messages, ops, stock,
)


@pytest.fixture
def lots(ops):
    ops.put("LOT", 5, "A-01", lot="L1", expiry=date(2027, 1, 1))
    ops.put("LOT", 3, "A-02", lot="L1", expiry=date(2027, 1, 1))
    ops.put("LOT", 4, "A-02", lot="L2", expiry=date(2027, 2, 1))
    ops.recall = RecallService(ops.world.db, ops.world.clock)
    return ops


def test_blocking_a_lot_blocks_its_free_units_in_every_bin_with_one_message(lots):
    result = lots.recall.block_lot(lots.world.clerk, "LOT", "L1", "supplier recall 42")
    assert (result.moved, result.still_reserved) == (8, 0)
    assert stock(lots.world, "LOT", "A-01", "L1", "blocked") == (5, 0)
    assert stock(lots.world, "LOT", "A-02", "L1", "blocked") == (3, 0)
    assert stock(lots.world, "LOT", "A-02", "L2") == (4, 0)
    [msg] = messages(lots.world)
    assert (msg["message_type"], msg["document_key"]) == ("lot.blocked", "lot:LOT/L1")
    assert msg["payload"]["lot"]["reason"] == "supplier recall 42"
    assert len(msg["payload"]["lines"]) == 2
    assert_books_balance(lots.world)


def test_a_blocked_lot_is_neither_allocated_nor_picked(lots):
    number = lots.outbound(("LOT", 2))
    pick = lots.allocate(number).task                # FEFO takes L1
    result = lots.recall.block_lot(lots.world.clerk, "LOT", "L1", "recall")
    assert result.still_reserved == 2
    with pytest.raises(LotBlockedForPicking):
        lots.pick(pick, "A-01", "LOT", lot="L1")
    with pytest.raises(NothingAllocated):
        lots.allocate(lots.outbound(("LOT", 1, "L1")))


def test_releasing_needs_a_supervisor_and_makes_the_units_available_again(lots):
    lots.recall.block_lot(lots.world.clerk, "LOT", "L1", "recall")
    with pytest.raises(errors.PermissionDenied):
        lots.recall.release_lot(lots.world.clerk, "LOT", "L1")
    result = lots.recall.release_lot(lots.world.supervisor, "LOT", "L1", "false alarm")
    assert result.moved == 8 and stock(lots.world, "LOT", "A-01", "L1") == (5, 0)
    assert [m["message_type"] for m in messages(lots.world)] == ["lot.blocked", "lot.released"]
    assert lots.allocate(lots.outbound(("LOT", 1, "L1"))).lines == 1
