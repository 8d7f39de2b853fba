"""Picking: allocation by removal strategy, reservations per line, scan confirmation, waves,
short picks with backorders, unpicking, and the race for the last unit."""
from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from domain import errors
from domain.model.states import AlreadyFinished
from domain.persistence.tables import bins, count_plans, quants, reservations, tasks
from domain.queries.tasks import count_sheet, task_line_rows
from domain.services.operations.common import load_outbound
from domain.services.operations.counts import CountService
from domain.services.operations.scans import WrongScan
from domain.services.operations.tasks import TaskService
from domain.services.operations.waves import NothingAllocated
from tests.integration.conftest import NOW
from tests.integration.op_support import (  # noqa: F401  (ops is a fixture)
    add_bin, assert_books_balance, assert_reservations_match, messages, ops, stock, task,
)


@pytest.fixture
def wh(ops):
    """A-01 (sequence 10) is walked before A-02 (20)."""
    add_bin(ops.world, "A-01", zone="A", pick_sequence=10)
    add_bin(ops.world, "A-02", zone="A", pick_sequence=20)
    return ops


def later(ops, hours):
    ops.world.clock._now = NOW + timedelta(hours=hours)


def plan(ops, number):
    return [(r["from_bin"], r["lot_no"], r["qty"]) for r in _rows(ops, number)]


def _rows(ops, number):
    with ops.world.db.read() as s:
        return task_line_rows(s, number)


def order_line(ops, number, line_no=1):
    with ops.world.db.read() as s:
        return load_outbound(s, number, lock=False).line(line_no)


def held_rows(ops):
    with ops.world.db.read() as s:
        return s.execute(select(reservations.c.qty, reservations.c.picked)
                         .order_by(reservations.c.id)).all()


def total_reserved(ops):
    with ops.world.db.read() as s:
        return s.scalar(select(func.sum(quants.c.reserved))) or 0


# -- allocation ---------------------------------------------------------------------------------
def test_fefo_takes_the_lot_that_expires_first_wherever_it_lies(wh):
    wh.put("LOT", 5, "A-01", lot="LATE", expiry=date(2026, 12, 31))
    wh.put("LOT", 5, "A-02", lot="SOON", expiry=date(2026, 12, 5))
    result = wh.allocate(wh.outbound(("LOT", 7)))
    assert plan(wh, result.task) == [("A-01", "LATE", 2), ("A-02", "SOON", 5)]  # walking order
    assert {r["lot_no"]: r["qty"] for r in _rows(wh, result.task)} == {"SOON": 5, "LATE": 2}


def test_fifo_takes_the_oldest_receipt_first(wh):
    wh.put("PLAIN", 5, "A-01")
    later(wh, 1)
    wh.put("PLAIN", 5, "A-02")
    later(wh, 2)
    wh.put("PLAIN", 5, "A-01")            # joins the old quant in A-01 (its date stays)
    result = wh.allocate(wh.outbound(("PLAIN", 12)))
    assert plan(wh, result.task) == [("A-01", None, 10), ("A-02", None, 2)]


def test_expired_blocked_and_unavailable_stock_is_never_allocated(wh):
    wh.put("LOT", 3, "A-01", lot="OLD", expiry=date(2026, 11, 26))
    wh.put("LOT", 3, "A-02", lot="BAD", expiry=date(2027, 1, 1))
    wh.world.master.update_lot(wh.world.admin, "LOT", "BAD", status="blocked")
    wh.put("PLAIN", 3, "A-02", status="quarantine")
    wh.put("PLAIN", 3, "RCV")
    add_bin(wh.world, "A-03", zone="A")
    wh.put("PLAIN", 3, "A-03")
    add_bin(wh.world, "A-03", zone="A", blocked=True, blocked_reason="rack damaged")
    later(wh, 48)                          # lot OLD has expired
    with pytest.raises(NothingAllocated):
        wh.allocate(wh.outbound(("LOT", 1)))
    with pytest.raises(NothingAllocated):
        wh.allocate(wh.outbound(("PLAIN", 1)))
    assert total_reserved(wh) == 0


def test_allocation_reserves_per_task_line_and_reports_what_is_short(wh):
    wh.put("PLAIN", 4, "A-01")
    number = wh.outbound(("PLAIN", 6))
    result = wh.allocate(number)
    assert (result.lines, result.short) == (1, {f"{number}/1": Decimal(2)})
    assert stock(wh.world, "PLAIN", "A-01") == (4, 4)
    assert held_rows(wh) == [(4, False)]
    line = order_line(wh, number)
    assert (line.qty_allocated, line.to_allocate) == (4, 2)
    assert messages(wh.world) == []        # no stock moved, nothing for the ERP yet


def test_a_wave_picks_several_orders_in_one_task(wh):
    wh.put("PLAIN", 10, "A-02")
    wh.put("LOT", 10, "A-01", lot="L1", expiry=date(2027, 1, 1))
    first, second = wh.outbound(("PLAIN", 3)), wh.outbound(("LOT", 2), ("PLAIN", 4))
    result = wh.allocate(first, second)
    assert_reservations_match(wh.world)
    rows = _rows(wh, result.task)
    assert [(r["from_bin"], r["order"]) for r in rows] == [("A-01", second), ("A-02", first),
                                                          ("A-02", second)]
    assert task(wh.world, result.task).outbound_order_id is None


def test_higher_priority_orders_are_served_first(wh):
    wh.put("PLAIN", 5, "A-01")
    normal, urgent = wh.outbound(("PLAIN", 5)), wh.outbound(("PLAIN", 5), priority=9)
    result = wh.allocate(normal, urgent)
    assert result.short == {f"{normal}/1": Decimal(5)}


# -- confirming ---------------------------------------------------------------------------------
def test_confirming_a_pick_moves_reserved_units_to_staging_and_sends_one_message(wh):
    wh.put("LOT", 5, "A-01", lot="L1", expiry=date(2027, 1, 1))
    number = wh.outbound(("LOT", 5), external_ref="SO-9")
    t = wh.allocate(number).task
    wh.pick(t, "WH1-A-01", "LOT", lot="L1")
    assert stock(wh.world, "LOT", "A-01", "L1") == (0, 0)
    assert stock(wh.world, "LOT", "STG", "L1") == (5, 5)       # held for the order
    assert held_rows(wh) == [(5, True)]
    assert task(wh.world, t).state == "done" and order_line(wh, number).qty_picked == 5
    [msg] = messages(wh.world)
    assert (msg["message_type"], msg["document_key"]) == ("pick.confirmed", t)
    assert msg["payload"]["order_lines"] == [{"order": number, "external_ref": "SO-9", "line_no": 1,
                                              "external_line_ref": "", "qty": "5"}]
    assert_books_balance(wh.world)


@pytest.mark.parametrize("scan, what", [
    (dict(bin_code="A-02", item="LOT", lot="L1"), "bin"),
    (dict(bin_code="A-01", item="PLAIN"), "item"),
    (dict(bin_code="A-01", item="LOT", lot="L2"), "lot"),
])
def test_a_wrong_scan_is_refused_with_what_was_expected(wh, scan, what):
    wh.put("LOT", 5, "A-01", lot="L1", expiry=date(2027, 1, 1))
    wh.put("LOT", 5, "A-02", lot="L2", expiry=date(2027, 2, 1))
    t = wh.allocate(wh.outbound(("LOT", 5))).task
    scan = dict(scan)
    with pytest.raises(WrongScan, match=f"Wrong {what}"):
        wh.pick(t, scan.pop("bin_code"), **scan)
    assert messages(wh.world) == []


def test_a_partial_pick_keeps_the_line_open_and_a_double_confirmation_is_refused(wh):
    wh.put("PLAIN", 5, "A-01")
    t = wh.allocate(wh.outbound(("PLAIN", 5))).task
    wh.pick(t, "A-01", "PLAIN", 2)
    assert task(wh.world, t).lines[0].remaining == 3
    wh.pick(t, "A-01", "PLAIN")
    with pytest.raises(AlreadyFinished):
        wh.pick(t, "A-01", "PLAIN", 1, line_no=1)
    assert len(messages(wh.world)) == 2


def test_a_lot_that_expired_after_allocation_cannot_be_picked(wh):
    wh.put("LOT", 5, "A-01", lot="L1", expiry=date(2026, 11, 26))
    t = wh.allocate(wh.outbound(("LOT", 5))).task
    later(wh, 48)
    with pytest.raises(errors.LotExpired):
        wh.pick(t, "A-01", "LOT", lot="L1")


# -- short picks, unpicking, cancelling ---------------------------------------------------------
def test_a_short_pick_picks_what_was_found_and_backorders_the_rest(wh):
    wh.put("PLAIN", 5, "A-01")
    number = wh.outbound(("PLAIN", 5))
    t = wh.allocate(number).task
    result = wh.picking.short(wh.world.clerk, t, 1, 3, "only three on the shelf")
    assert (result.backorder, result.missing) == (f"{number}-B1", 2)
    assert stock(wh.world, "PLAIN", "A-01") == (2, 0) and stock(wh.world, "PLAIN", "STG") == (3, 3)
    line = order_line(wh, number)
    assert (line.qty_picked, line.qty_allocated, line.qty_backordered) == (3, 3, 2)
    assert order_line(wh, result.backorder).qty_ordered == 2
    [msg] = messages(wh.world)
    assert msg["message_type"] == "pick.short"
    assert msg["payload"]["short"]["backorder"] == result.backorder
    assert task(wh.world, t).lines[0].short_reason == "only three on the shelf"
    assert_reservations_match(wh.world)


def test_a_short_pick_of_nothing_still_tells_the_erp_once(wh):
    wh.put("PLAIN", 5, "A-01")
    t = wh.allocate(wh.outbound(("PLAIN", 5))).task
    wh.picking.short(wh.world.clerk, t, 1, 0, "empty")
    assert total_reserved(wh) == 0
    [msg] = messages(wh.world)
    assert msg["message_type"] == "pick.short" and msg["payload"]["short"]["missing"] == "5"


def test_unpicking_puts_units_back_and_frees_the_order_line(wh):
    wh.put("PLAIN", 5, "A-01")
    number = wh.outbound(("PLAIN", 5))
    t = wh.allocate(number).task
    wh.pick(t, "A-01", "PLAIN")
    wh.picking.unpick(wh.world.clerk, t, 1, 2)
    assert stock(wh.world, "PLAIN", "A-01") == (2, 0) and stock(wh.world, "PLAIN", "STG") == (3, 3)
    line = order_line(wh, number)
    assert (line.qty_picked, line.qty_allocated, line.to_allocate) == (3, 3, 2)
    assert messages(wh.world)[-1]["message_type"] == "pick.unpicked"
    with pytest.raises(errors.InvalidInput, match="only 3"):
        wh.picking.unpick(wh.world.clerk, t, 1, 4)
    assert_books_balance(wh.world)
    assert_reservations_match(wh.world)


def test_cancelling_a_pick_task_gives_its_reservations_back(wh):
    wh.put("PLAIN", 5, "A-01")
    number = wh.outbound(("PLAIN", 5))
    t = wh.allocate(number).task
    TaskService(wh.world.db, wh.world.clock).cancel(wh.world.supervisor, t, "order changed")
    assert stock(wh.world, "PLAIN", "A-01") == (5, 0) and held_rows(wh) == []
    assert order_line(wh, number).qty_allocated == 0


# -- races --------------------------------------------------------------------------------------
def _together(*actions):
    results, start = [None] * len(actions), threading.Barrier(len(actions))

    def run(i, action):
        start.wait()
        try:
            results[i] = action()
        except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    return results


def test_two_stations_allocating_the_last_unit_exactly_one_wins(wh):
    wh.put("PLAIN", 1, "A-01")
    first, second = wh.outbound(("PLAIN", 1)), wh.outbound(("PLAIN", 1))
    results = _together(lambda: wh.allocate(first), lambda: wh.allocate(second))
    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert isinstance(losers[0], NothingAllocated)
    assert stock(wh.world, "PLAIN", "A-01") == (1, 1) and held_rows(wh) == [(1, False)]


def test_two_stations_confirming_the_same_last_pick_exactly_one_wins(wh):
    wh.put("PLAIN", 1, "A-01")
    t = wh.allocate(wh.outbound(("PLAIN", 1))).task
    results = _together(lambda: wh.pick(t, "A-01", "PLAIN", line_no=1),
                        lambda: wh.pick(t, "A-01", "PLAIN", line_no=1))
    errors_ = [r for r in results if isinstance(r, Exception)]
    assert len(errors_) == 1 and isinstance(errors_[0], AlreadyFinished), results
    assert stock(wh.world, "PLAIN", "STG") == (1, 1) and len(messages(wh.world)) == 1


# -- a short pick asks for a count of its bin --------------------------------------------------
def count_plan_of(wh, number):
    with wh.world.db.read() as s:
        return s.execute(select(count_plans).join(tasks, tasks.c.id == count_plans.c.task_id)
                         .where(tasks.c.number == number)).one()


def test_a_short_pick_plans_a_blind_count_of_the_bin_it_came_up_short_in(wh):
    wh.put("PLAIN", 5, "A-01")
    wh.put("LOT", 2, "A-01", lot="L1", expiry=date(2027, 1, 1))
    number = wh.outbound(("PLAIN", 5))
    t = wh.allocate(number).task
    result = wh.picking.short(wh.world.clerk, t, 1, 3, "only three on the shelf")
    count = task(wh.world, result.count_task)
    assert (count.task_type, count.state, count.warehouse_id) == ("count", "open",
                                                                 task(wh.world, t).warehouse_id)
    assert f"{t}/1" in count.note
    with wh.world.db.read() as s:
        a01 = s.scalar(select(bins.c.id).where(bins.c.code == "A-01"))
    assert [(l.from_bin_id, l.item_id, l.state) for l in count.lines] == [(a01, None, "open")]
    plan = count_plan_of(wh, result.count_task)
    assert (plan.basis, plan.basis_value, plan.threshold_pct) == ("bin", "A-01", 5)
    [msg] = messages(wh.world)                    # the plan sends nothing of its own
    assert msg["payload"]["short"]["count_task"] == result.count_task
    # the count sheet is blind and the count runs like any other
    with wh.world.db.read() as s:
        sheet = count_sheet(s, result.count_task)
    assert [(r["bin"], r["counted_qty"]) for r in sheet] == [("A-01", None)]
    counts = CountService(wh.world.db, wh.world.clock)
    counts.record(wh.world.clerk, result.count_task, "A-01", "PLAIN", 2)
    counts.record(wh.world.clerk, result.count_task, "A-01", "LOT", 2, lot="L1")
    assert counts.finish_bin(wh.world.clerk, result.count_task, "A-01").recount is False


def test_a_second_short_pick_in_the_same_bin_reuses_the_waiting_count(wh):
    wh.put("PLAIN", 5, "A-01")
    wh.put("LOT", 4, "A-01", lot="L1", expiry=date(2027, 1, 1))
    t = wh.allocate(wh.outbound(("PLAIN", 5), ("LOT", 4))).task
    lines = {l.item_id: l.line_no for l in task(wh.world, t).lines}
    first, second = (wh.picking.short(wh.world.clerk, t, n, 1, "missing")
                     for n in sorted(lines.values()))
    assert first.count_task == second.count_task
    assert len(task(wh.world, first.count_task).lines) == 1
    # once that count is done, the next shortage there gets a count of its own
    counts = CountService(wh.world.db, wh.world.clock)
    counts.record(wh.world.clerk, first.count_task, "A-01", "PLAIN", 4)
    counts.record(wh.world.clerk, first.count_task, "A-01", "LOT", 3, lot="L1")
    assert counts.finish_bin(wh.world.clerk, first.count_task, "A-01").recount is False
    t2 = wh.allocate(wh.outbound(("PLAIN", 3))).task
    third = wh.picking.short(wh.world.clerk, t2, 1, 0, "gone")
    assert third.count_task not in ("", first.count_task)


def test_a_refused_short_pick_plans_no_count(wh):
    wh.put("PLAIN", 5, "A-01")
    t = wh.allocate(wh.outbound(("PLAIN", 5))).task
    with pytest.raises(errors.InvalidInput, match="nothing is missing"):
        wh.picking.short(wh.world.clerk, t, 1, 5, "miscounted")
    with pytest.raises(errors.InvalidInput, match="short reason"):
        wh.picking.short(wh.world.clerk, t, 1, 2, " ")
    with pytest.raises(errors.PermissionDenied):
        wh.picking.short(wh.world.station, t, 1, 2, "missing")
    with wh.world.db.read() as s:
        assert s.scalar(select(func.count()).select_from(tasks)
                        .where(tasks.c.task_type == "count")) == 0
