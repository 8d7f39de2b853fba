"""Cancelling orders: a supervisor's call with a reason; reservations released, open tasks
cancelled, picked units put back, unshipped packages removed, audited, one ERP message; refused
once something has shipped or been received."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from domain import errors
from domain.model.states import AlreadyFinished
from domain.persistence.tables import audit_log, packages
from domain.services.operations.cancel import OrderCancelService
from domain.services.operations.common import load_inbound, load_outbound
from domain.services.operations.orders import OrderCancelRefused
from domain.services.operations.packing import PackLine
from tests.integration.op_support import (  # noqa: F401  (ops is a fixture)
    assert_books_balance, assert_reservations_match, messages, move_count, ops, stock, task,
)


@pytest.fixture
def svc(ops):
    ops.cancel = OrderCancelService(ops.world.db, ops.world.clock)
    ops.packing.configure_sscc(ops.world.admin, "4012345")
    return ops


def outbound(ops, number):
    with ops.world.db.read() as s:
        return load_outbound(s, number, lock=False)


def audited(ops, action):
    with ops.world.db.read() as s:
        return s.execute(select(audit_log.c.entity_key, audit_log.c.detail)
                         .where(audit_log.c.action == action, audit_log.c.outcome == "ok")).all()


def test_an_allocated_order_gives_its_reservations_back(svc):
    ops = svc
    ops.put("PLAIN", 5, "A-01")
    number = ops.outbound(("PLAIN", 4), external_ref="SO-9")
    t = ops.allocate(number).task
    assert stock(ops.world, "PLAIN", "A-01") == (5, 4)
    moves = move_count(ops.world)
    result = ops.cancel.cancel(ops.world.supervisor, "outbound", number, "customer cancelled")
    assert stock(ops.world, "PLAIN", "A-01") == (5, 0)
    assert move_count(ops.world) == moves                       # nothing was picked
    assert result.tasks_cancelled == [t] and result.returned_moves == 0
    assert task(ops.world, t).state == "cancelled"
    assert task(ops.world, t).cancel_reason == "customer cancelled"
    assert [l.state for l in task(ops.world, t).lines] == ["cancelled"]
    o = outbound(ops, number)
    assert o.state == "cancelled" and o.lines[0].qty_allocated == 0
    [msg] = messages(ops.world)
    assert (msg["message_type"], msg["document_key"]) == ("outbound.cancelled", number)
    body = msg["payload"]
    assert body["outbound_order"]["external_ref"] == "SO-9"
    assert body["outbound_order"]["reason"] == "customer cancelled"
    assert body["outbound_order"]["lines"] == [{"line_no": 1, "external_line_ref": "",
                                                 "item": "PLAIN", "qty_cancelled": "4"}]
    assert body["released"] == [{"task": t, "line_no": 1, "qty": "4"}]
    assert body["tasks_cancelled"] == [t] and body["packages_removed"] == []
    [(key, detail)] = audited(ops, "outbound.cancel")
    assert key == number and "customer cancelled" in str(detail)
    assert_reservations_match(ops.world)
    with pytest.raises(AlreadyFinished):
        ops.cancel.cancel(ops.world.supervisor, "outbound", number, "again")
    assert len(messages(ops.world)) == 1


def test_picked_and_packed_units_go_back_to_their_bins(svc):
    ops = svc
    ops.put("LOT", 3, "A-01", lot="L1", expiry=date(2027, 1, 1))
    ops.put("PLAIN", 6, "A-02")
    number = ops.outbound(("LOT", 3), ("PLAIN", 6))
    t = ops.allocate(number).task
    ops.pick(t, "A-01", "LOT", lot="L1")
    ops.pick(t, "A-02", "PLAIN", 2)                             # 4 still reserved in A-02
    sscc = ops.packing.pack(ops.world.clerk, number, contents=[PackLine(1, 3)])
    result = ops.cancel.cancel(ops.world.supervisor, "outbound", number, "wrong address")
    assert stock(ops.world, "LOT", "A-01", "L1") == (3, 0)
    assert stock(ops.world, "PLAIN", "A-02") == (6, 0)
    assert stock(ops.world, "LOT", "STG", "L1") == stock(ops.world, "PLAIN", "STG") == (0, 0)
    assert result.returned_moves == 2 and result.packages_removed == [sscc]
    with ops.world.db.read() as s:
        assert s.execute(select(packages.c.id)).all() == []
    o = outbound(ops, number)
    assert [(l.qty_allocated, l.qty_picked) for l in o.lines] == [(0, 0), (0, 0)]
    assert task(ops.world, t).state == "cancelled"
    msg = messages(ops.world)[-1]
    assert (msg["message_type"], msg["document_key"]) == ("outbound.cancelled", number)
    body = msg["payload"]
    assert sorted((l["item"], l["qty"], l["from_bin"], l["to_bin"]) for l in body["lines"]) == [
        ("LOT", "3", "WH1-STG", "WH1-A-01"), ("PLAIN", "2", "WH1-STG", "WH1-A-02")]
    assert body["packages_removed"] == [sscc]
    assert body["released"] == [{"task": t, "line_no": 2, "qty": "4"}]
    assert_books_balance(ops.world)
    assert_reservations_match(ops.world)


def test_cancelling_one_order_of_a_wave_leaves_the_other(svc):
    ops = svc
    ops.put("PLAIN", 10, "A-01")
    keep, drop = ops.outbound(("PLAIN", 3)), ops.outbound(("PLAIN", 4))
    t = ops.allocate(keep, drop).task
    result = ops.cancel.cancel(ops.world.supervisor, "outbound", drop, "duplicate")
    assert result.tasks_cancelled == [] and task(ops.world, t).state == "open"
    assert stock(ops.world, "PLAIN", "A-01") == (10, 3)
    rest = [l for l in task(ops.world, t).lines if l.state == "open"]
    assert len(rest) == 1 and rest[0].qty == 3
    ops.pick(t, "A-01", "PLAIN")
    assert task(ops.world, t).state == "done"
    ops.shipping.confirm(ops.world.clerk, keep)
    assert outbound(ops, keep).state == "done"
    assert_reservations_match(ops.world)


def test_a_task_with_done_lines_of_another_order_finishes(svc):
    ops = svc
    ops.put("PLAIN", 10, "A-01")
    ops.put("LOT", 5, "A-02", lot="L1", expiry=date(2027, 1, 1))
    keep, drop = ops.outbound(("PLAIN", 3)), ops.outbound(("LOT", 2))
    t = ops.allocate(keep, drop).task
    ops.pick(t, "A-01", "PLAIN")
    result = ops.cancel.cancel(ops.world.supervisor, "outbound", drop, "duplicate")
    assert result.tasks_finished == [t] and task(ops.world, t).state == "done"


def test_an_order_that_shipped_anything_cannot_be_cancelled(svc):
    ops = svc
    ops.put("PLAIN", 3, "A-01")
    number = ops.outbound(("PLAIN", 5))
    ops.pick(ops.allocate(number).task, "A-01", "PLAIN")
    ops.shipping.confirm(ops.world.clerk, number)                # 3 shipped, 2 still open
    before = (len(messages(ops.world)), move_count(ops.world))
    with pytest.raises(OrderCancelRefused, match="has shipped"):
        ops.cancel.cancel(ops.world.supervisor, "outbound", number, "too late")
    assert (len(messages(ops.world)), move_count(ops.world)) == before
    assert outbound(ops, number).state == "in_progress"


def test_cancelling_needs_a_supervisor_and_a_reason(svc):
    ops = svc
    number = ops.outbound(("PLAIN", 1))
    with pytest.raises(errors.PermissionDenied):
        ops.cancel.cancel(ops.world.clerk, "outbound", number, "not mine to cancel")
    with pytest.raises(errors.InvalidInput, match="cancel reason"):
        ops.cancel.cancel(ops.world.supervisor, "outbound", number, "  ")
    with pytest.raises(errors.InvalidInput, match="inbound or outbound"):
        ops.cancel.cancel(ops.world.supervisor, "sideways", number, "why")
    with pytest.raises(errors.NotFound):
        ops.cancel.cancel(ops.world.supervisor, "inbound", number, "wrong direction")
    assert outbound(ops, number).state == "open" and messages(ops.world) == []
    with ops.world.db.read() as s:                                # the refusal is audited
        assert s.execute(select(audit_log.c.outcome).where(
            audit_log.c.action == "outbound.cancel")).scalars().all() == ["refused"]


def test_an_inbound_order_is_cancelled_until_something_is_received(svc):
    ops = svc
    number = ops.inbound(("PLAIN", 5), ("LOT", 2, "L9"), external_ref="PO-7")
    result = ops.cancel.cancel(ops.world.supervisor, "inbound", number, "supplier withdrew")
    with ops.world.db.read() as s:
        assert load_inbound(s, number, lock=False).state == "cancelled"
    [msg] = messages(ops.world)
    assert (msg["message_type"], msg["document_key"]) == ("inbound.cancelled", number)
    assert msg["payload"]["inbound_order"]["external_ref"] == "PO-7"
    assert [(l["item"], l["qty_cancelled"]) for l in msg["payload"]["inbound_order"]["lines"]] \
        == [("PLAIN", "5"), ("LOT", "2")]
    assert result.outbox_key == msg["idempotency_key"]
    with pytest.raises(errors.DomainError):
        ops.receive("PLAIN", 1, order=number)                    # nothing more on it

    received = ops.inbound(("PLAIN", 5))
    ops.receive("PLAIN", 2, order=received)
    before = len(messages(ops.world))
    with pytest.raises(OrderCancelRefused, match="already received"):
        ops.cancel.cancel(ops.world.supervisor, "inbound", received, "changed our mind")
    assert len(messages(ops.world)) == before
    with ops.world.db.read() as s:
        assert load_inbound(s, received, lock=False).state == "in_progress"


def test_a_cancel_racing_a_picker_loses_no_pick(svc):
    """The picker locks the task, not the order: the cancellation must see every pick confirmed
    before it (and put it back), and a pick after it is refused. Whatever the interleaving, the
    books balance and the cancelled order holds nothing."""
    import threading

    from domain.errors import DomainError
    from domain.services.operations.picking import PickScan
    ops = svc
    ops.put("PLAIN", 40, "A-01")
    for round_no in range(3):
        number = ops.outbound(*[("PLAIN", 1)] * 8)
        t = ops.allocate(number).task
        start, errors_seen = threading.Barrier(2), []

        def picker():
            start.wait()
            for n in range(1, 9):
                try:
                    ops.picking.confirm(ops.world.clerk, PickScan(t, "A-01", "PLAIN", line_no=n))
                except DomainError:
                    pass                                  # cancelled under its feet
                except BaseException as exc:  # noqa: BLE001 - reported below
                    errors_seen.append(exc)

        def canceller():
            start.wait()
            try:
                ops.cancel.cancel(ops.world.supervisor, "outbound", number, f"race {round_no}")
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors_seen.append(exc)

        threads = [threading.Thread(target=f) for f in (picker, canceller)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert errors_seen == []
        o = outbound(ops, number)
        assert o.state == "cancelled"
        assert [(l.qty_allocated, l.qty_picked) for l in o.lines] == [(0, 0)] * 8
        assert stock(ops.world, "PLAIN", "STG") == (0, 0)
        assert stock(ops.world, "PLAIN", "A-01") == (40, 0)
        assert_books_balance(ops.world)
        assert_reservations_match(ops.world)
