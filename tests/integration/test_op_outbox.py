"""Every stock-changing step of every operation leaves exactly one outbox message, written in
the same transaction as its moves, keyed by its document, and carrying what the ERP needs to
match it (order and line references) beside the moves themselves."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from domain.persistence.tables import outbox, stock_moves
from domain.services.masterdata import ItemData
from domain.services.operations.count_approval import CountApprovalService
from domain.services.operations.counts import CountPlan, CountService
from domain.services.operations.inspection import Verdict
from domain.services.operations.moves import MoveOrder, MoveScan
from domain.services.operations.packing import PackLine
from domain.services.operations.putaway import PutawayService
from domain.services.operations.returns import ReturnScan
from tests.integration.op_support import (  # noqa: F401  (ops is a fixture)
    assert_books_balance, assert_reservations_match, ops, task,
)


class Steps:
    """Runs one step and checks what it left in the outbox and the ledger."""

    def __init__(self, world):
        self.world = world
        self.keys: set[str] = set()

    def _marks(self):
        with self.world.db.read() as s:
            return (s.scalar(select(func.coalesce(func.max(outbox.c.id), 0))),
                    s.scalar(select(func.coalesce(func.max(stock_moves.c.id), 0))))

    def run(self, action, message_type: str, *, moves: int | None = None) -> dict:
        last_message, last_move = self._marks()
        result = action()
        with self.world.db.read() as s:
            new = s.execute(select(outbox).where(outbox.c.id > last_message)).all()
            new_moves = s.execute(select(stock_moves).where(stock_moves.c.id > last_move)).all()
        assert len(new) == 1, f"{message_type}: {len(new)} messages"
        msg = new[0]._asdict()
        msg["payload"] = json.loads(msg["payload"])
        msg["result"] = result
        assert msg["message_type"] == message_type and msg["state"] == "pending"
        assert msg["idempotency_key"] not in self.keys
        self.keys.add(msg["idempotency_key"])
        assert {m.document_ref for m in new_moves} <= {msg["document_key"]}
        if moves:
            assert len(new_moves) == moves == len(msg["payload"]["lines"])
        elif moves == 0:
            assert new_moves == []
        return msg


@pytest.fixture
def steps(ops):
    ops.world.master.save_item(ops.world.admin, ItemData("QC", "Inspected part", lot_tracked=True,
                                                         requires_inspection=True))
    ops.packing.configure_sscc(ops.world.admin, "4012345")
    return Steps(ops.world)


def test_each_step_of_a_day_writes_exactly_one_message(ops, steps):
    w, clerk, boss = ops.world, ops.world.clerk, ops.world.supervisor
    inbound = ops.inbound(("QC", 10, "Q1"), ("PLAIN", 20), external_ref="PO-1")
    msg = steps.run(lambda: ops.receive("QC", 10, order=inbound, lot="Q1",
                                        expiry=date(2027, 6, 1)), "inbound.received", moves=1)
    assert msg["document_key"] == inbound
    assert msg["payload"]["inbound_order"]["external_ref"] == "PO-1"
    qc = msg["result"].inspection_task
    steps.run(lambda: ops.inspection.record(boss, Verdict(qc, "pass")), "inspection.recorded",
              moves=1)
    steps.run(lambda: ops.receive("PLAIN", 20, order=inbound), "inbound.received", moves=1)
    putaway = PutawayService(w.db, w.clock)
    plan = putaway.plan(clerk, "RCV")
    for line in plan.lines:
        steps.run(lambda: putaway.confirm(clerk, plan.number, line.line_no, "A-01"),
                  "putaway.confirmed", moves=1)
    msg = steps.run(lambda: ops.receiving.close(clerk, inbound), "inbound.closed", moves=0)
    assert [l["qty_received"] for l in msg["payload"]["lines"]] == ["10", "20"]  # never "1E+1"

    outbound = ops.outbound(("QC", 4), ("PLAIN", 6), external_ref="SO-1")
    pick = ops.allocate(outbound).task
    msg = steps.run(lambda: ops.pick(pick, "A-01", "QC", lot="Q1"), "pick.confirmed", moves=1)
    assert msg["payload"]["order_lines"][0]["external_ref"] == "SO-1"
    plain = next(l.line_no for l in task(w, pick).lines if l.state == "open")
    msg = steps.run(lambda: ops.picking.short(clerk, pick, plain, 5, "one missing"),
                    "pick.short", moves=1)
    assert msg["payload"]["short"]["backorder"] == f"{outbound}-B1"
    steps.run(lambda: ops.picking.unpick(clerk, pick, plain, 1), "pick.unpicked", moves=1)
    ops.packing.pack(clerk, outbound, contents=[PackLine(1, 4), PackLine(2, 4)])
    msg = steps.run(lambda: ops.shipping.confirm(clerk, outbound), "outbound.shipped", moves=2)
    assert len(msg["payload"]["packages"]) == 1

    move = ops.moves.create(clerk, MoveOrder("PLAIN", "A-01", 3, "A-02")).number
    steps.run(lambda: ops.moves.confirm(clerk, MoveScan(move, "A-02")), "move.confirmed", moves=1)
    msg = steps.run(lambda: ops.returns.receive(clerk, ReturnScan(
        "QC", 1, "broken", order=outbound, lot="Q1")), "return.received", moves=1)
    assert msg["payload"]["return"]["outbound_order"]["external_ref"] == "SO-1"

    counts = CountService(w.db, w.clock)
    count = counts.plan(boss, CountPlan("WH1", "bin", ("A-02",), threshold_pct=100,
                                        threshold_qty=100)).number
    counts.record(clerk, count, "A-02", "PLAIN", 2)
    counts.finish_bin(clerk, count, "A-02")
    steps.run(lambda: CountApprovalService(w.db, w.clock).approve(boss, count, "CYCLE"),
              "count.adjusted", moves=1)
    assert_books_balance(w)
    assert_reservations_match(w)


def test_a_failed_step_leaves_no_message_and_no_move(ops, steps):
    inbound = ops.inbound(("PLAIN", 5))
    before = steps._marks()
    with pytest.raises(Exception):
        ops.receive("PLAIN", 50, order=inbound)            # over-receipt: refused
    assert steps._marks() == before


def test_undoing_steps_write_exactly_one_message_each(ops, steps):
    """Unpacking, a short pick (which also plans a count of its bin) and cancelling orders."""
    from domain.services.operations.cancel import OrderCancelService
    clerk, boss = ops.world.clerk, ops.world.supervisor
    cancel = OrderCancelService(ops.world.db, ops.world.clock)
    ops.put("PLAIN", 10, "A-01")
    number = ops.outbound(("PLAIN", 6), external_ref="SO-2")
    pick = ops.allocate(number).task
    ops.pick(pick, "A-01", "PLAIN", 2)
    sscc = ops.packing.pack(clerk, number)
    msg = steps.run(lambda: ops.packing.unpack(clerk, sscc), "package.unpacked", moves=0)
    assert (msg["document_key"], msg["payload"]["package"]["sscc"]) == (number, sscc)
    assert msg["payload"]["package"]["contents"] == [
        {"line_no": 1, "item": "PLAIN", "qty": "2", "lot": None, "serial": None}]
    msg = steps.run(lambda: ops.picking.short(clerk, pick, 1, 1, "torn boxes"), "pick.short",
                    moves=1)
    assert msg["payload"]["short"]["count_task"] == msg["result"].count_task
    msg = steps.run(lambda: cancel.cancel(boss, "outbound", number, "customer cancelled"),
                    "outbound.cancelled", moves=1)           # the 3 picked units go back
    assert msg["payload"]["lines"][0]["qty"] == "3"
    assert msg["payload"]["outbound_order"]["lines"][0]["qty_cancelled"] == "3"  # 3 backordered
    msg = steps.run(lambda: cancel.cancel(boss, "outbound", f"{number}-B1", "with it"),
                    "outbound.cancelled", moves=0)
    assert msg["payload"]["outbound_order"]["lines"][0]["qty_cancelled"] == "3"
    inbound = ops.inbound(("PLAIN", 5), external_ref="PO-3")
    msg = steps.run(lambda: cancel.cancel(boss, "inbound", inbound, "supplier withdrew"),
                    "inbound.cancelled", moves=0)
    assert msg["payload"]["inbound_order"]["external_ref"] == "PO-3"
    assert_books_balance(ops.world)
    assert_reservations_match(ops.world)
