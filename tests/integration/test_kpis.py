"""KPIs (issue 8) on small known data sets, SQLite and PostgreSQL: every expected value below is
worked out by hand in the comments next to it, from the events the test books."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import insert, select, update

from domain.errors import PermissionDenied
from domain.persistence.tables import items, outbox, sync_attempts
from domain.queries.kpis.common import KpiFilter
from domain.queries.kpis.service import KPIS, KpiService
from domain.services.masterdata import BinData, ItemData
from domain.services.operations.count_approval import CountApprovalService
from domain.services.operations.counts import CountPlan, CountService
from domain.services.operations.picking import PickScan
from domain.services.operations.putaway import PutawayService
from domain.services.operations.returns import ReturnScan
from domain.services.reconciliation import BookStock, ReconciliationService
from domain.services.stock import StockRef
from tests.integration.op_support import add_bin, add_item, ops  # noqa: F401  (ops: a fixture)

D = Decimal
UTC = timezone.utc
NOVEMBER = dict(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
END_OF_NOVEMBER = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def at(world, *when) -> None:
    """Set the world's clock (events are booked in time order: move ids grow with time)."""
    world.clock._now = datetime(*when, tzinfo=UTC)


def cost(world, code, unit_cost=None, line="") -> None:
    world.db.write(lambda s: s.execute(update(items).where(items.c.code == code).values(
        unit_cost=None if unit_cost is None else D(unit_cost), product_line=line)))


def kpi(world, key, warehouse="", now=END_OF_NOVEMBER, **period):
    f = KpiFilter(**(period or NOVEMBER), warehouse=warehouse, now=now)
    return KpiService(world.db, world.clock).kpi(world.supervisor, key, f)


# -- permission and no activity -----------------------------------------------------------------
def test_only_roles_with_the_reports_permission_read_kpis(world):
    f = KpiFilter(**NOVEMBER, now=END_OF_NOVEMBER)
    service = KpiService(world.db, world.clock)
    for actor in (world.station, world.clerk):
        with pytest.raises(PermissionDenied):
            service.kpi(actor, "ageing", f)
    assert service.kpi(world.admin, "ageing", f).value is None


def test_a_warehouse_without_activity_has_no_values_and_no_rows(world):
    results = KpiService(world.db, world.clock).many(
        world.supervisor, KPIS, KpiFilter(**NOVEMBER, now=END_OF_NOVEMBER))
    for key, r in results.items():
        assert r.rows == [], key
        if key == "stock_alerts" or key == "sync_health":
            assert r.value == 0.0, key          # nothing to count is a count of zero
        elif key in ("slow_moving", "expiry"):
            assert r.value == 0.0, key          # no money / units at risk
        else:
            assert r.value is None, key         # nothing to measure: no percentage, no days


# -- turnover -----------------------------------------------------------------------------------
@pytest.fixture
def turnover(ops):
    """November (30 days). PLAIN costs 2.00 (line P1), X costs 5.00 (line P2), LOT has no cost.
    PLAIN: 100 before, −30 issued, −5 moved inside WH1, +5 returned, +20 received, −10 issued
    after November. X: 10 before, moved to WH2 in November. LOT: +10, −4 issued in November."""
    w = ops.world
    add_item(w, "X")
    cost(w, "PLAIN", "2", "P1")
    cost(w, "X", "5", "P2")
    w.master.save_warehouse(w.admin, "WH2", "Second warehouse")
    w.master.save_bin(w.admin, BinData("WH2", "B-01", bin_type="storage"))
    at(w, 2026, 10, 1, 12)
    w.stock.receive(w.clerk, item="PLAIN", qty=100, bin="A-01")
    w.stock.receive(w.clerk, item="X", qty=10, bin="A-01")
    at(w, 2026, 11, 5, 12)
    w.stock.receive(w.clerk, item="LOT", qty=10, bin="A-02", lot="L1", expiry=date(2027, 6, 1))
    at(w, 2026, 11, 11, 12)
    w.stock.issue(w.clerk, StockRef("PLAIN", "A-01"), 30)
    at(w, 2026, 11, 12, 12)
    w.stock.transfer(w.clerk, StockRef("PLAIN", "A-01"), 5, "A-02")
    at(w, 2026, 11, 15, 12)
    ops.returns.receive(w.clerk, ReturnScan("PLAIN", 5, "wrong size", bin="RCV"))
    at(w, 2026, 11, 16, 12)
    w.stock.transfer(w.clerk, StockRef("X", "A-01"), 10, "B-01")
    at(w, 2026, 11, 20, 12)
    w.stock.issue(w.clerk, StockRef("LOT", "A-02", lot="L1"), 4)
    at(w, 2026, 11, 21, 12)
    w.stock.receive(w.clerk, item="PLAIN", qty=20, bin="A-01")
    at(w, 2026, 12, 2, 12)
    w.stock.issue(w.clerk, StockRef("PLAIN", "A-01"), 10)
    return w


def test_turnover_per_item_uses_the_average_of_opening_and_closing_stock(turnover):
    r = kpi(turnover, "turnover_item", now=datetime(2026, 12, 3, tzinfo=UTC))
    # PLAIN: today 85; after November −10 → closing 95; in November −30 +5 +20 = −5 → opening
    #   100; average 97.5; consumed 30 issued − 5 returned = 25; 97.5 × 30 / 25 = 117.0 days.
    # LOT: closing 6, opening 0, average 3, consumed 4 → 3 × 30 / 4 = 22.5 days.
    # X: 10 all month in the company (a transfer between warehouses is no consumption): no days.
    assert r.rows == [
        ("LOT", "Yoghurt 500 g", "", "pcs", D("3"), D("4"), D("6"), 22.5),
        ("PLAIN", "Plain widget", "P1", "pcs", D("97.5"), D("25"), D("95"), 117.0),
        ("X", "X item", "P2", "pcs", D("10"), D("0"), D("10"), None),
    ]
    # The tile values costed stock only: average 97.5 × 2 + 10 × 5 = 245, consumed 25 × 2 = 50
    # → 245 × 30 / 50 = 147.0 days; LOT (no cost) is counted apart.
    assert (r.value, r.uncosted) == (147.0, 1)
    assert r.extra["average_value"] == D("245.00") and r.extra["consumed_value"] == D("50.00")


def test_turnover_per_product_line_and_per_warehouse_in_value(turnover):
    now = datetime(2026, 12, 3, tzinfo=UTC)
    lines = kpi(turnover, "turnover_product_line", now=now)
    # "" holds LOT only, which has no cost: no value, no days.
    assert lines.rows == [("", D("0.00"), D("0.00"), D("0.00"), None),
                          ("P1", D("195.00"), D("50.00"), D("190.00"), 117.0),
                          ("P2", D("50.00"), D("0.00"), D("50.00"), None)]
    per_wh = kpi(turnover, "turnover_warehouse", now=now)
    # WH1: PLAIN as above (its move inside WH1 changes nothing); X 10 → 0 on the 16th:
    #   closing 0, opening 10, average 5 → 25.00; 195 + 25 = 220 × 30 / 50 = 132.0 days.
    # WH2: X 0 → 10: average 5 → 25.00, closing 50.00, nothing consumed.
    assert per_wh.rows == [("WH1", D("220.00"), D("50.00"), D("190.00"), 132.0),
                           ("WH2", D("25.00"), D("0.00"), D("50.00"), None)]
    only_wh2 = kpi(turnover, "turnover_product_line", warehouse="WH2", now=now)
    assert only_wh2.rows == [("P2", D("25.00"), D("0.00"), D("50.00"), None)]
    assert only_wh2.value is None


def test_turnover_values_large_stock_at_high_cost_without_overflow(ops):
    # Two items of 6,000 units at 1,000.00: each one's value in scaled integers (10^6 × 10^6)
    # is 6 × 10^18, their sum passes 2^63, so values are summed in floating point.
    w = ops.world
    add_item(w, "X")
    at(w, 2026, 10, 1, 12)
    for code in ("PLAIN", "X"):
        cost(w, code, "1000", "P1")
        w.stock.receive(w.clerk, item=code, qty=6000, bin="A-01")
    at(w, 2026, 11, 10, 12)
    w.stock.issue(w.clerk, StockRef("PLAIN", "A-01"), 1000)
    now = datetime(2026, 12, 3, tzinfo=UTC)
    # PLAIN: opening 6,000, closing 5,000, average 5,500; X: 6,000 throughout.
    # average 11,500,000.00, consumed 1,000,000.00 → 11.5M × 30 / 1M = 345.0 days
    expected = ("P1", D("11500000.00"), D("1000000.00"), D("11000000.00"), 345.0)
    assert kpi(w, "turnover_product_line", now=now).rows == [expected]
    per_item = kpi(w, "turnover_item", now=now)
    assert per_item.extra["average_value"] == D("11500000.00") and per_item.value == 345.0
    assert kpi(w, "turnover_warehouse", now=now).rows == [("WH1", *expected[1:])]


def test_turnover_of_a_period_without_moves_is_the_stock_itself(turnover):
    r = kpi(turnover, "turnover_item", date_from=date(2026, 10, 10), date_to=date(2026, 10, 20),
            now=datetime(2026, 12, 3, tzinfo=UTC))
    # Nothing moved in those 11 days: average = closing = 100 PLAIN and 10 X; nothing consumed.
    assert [(row[0], row[4], row[5], row[7]) for row in r.rows] == [
        ("PLAIN", D("100"), D("0"), None), ("X", D("10"), D("0"), None)]
    assert r.value is None


# -- on-time dispatch ---------------------------------------------------------------------------
def ship_in_parts(ops, number, *parts):
    """Allocate ``number`` and ship it in ``parts``: (quantity picked, day, hour) each."""
    w = ops.world
    task = ops.allocate(number).task
    for qty, day, hour in parts:
        at(w, 2026, 11, day, hour)
        ops.pick(task, "A-01", "PLAIN", qty)
        ops.shipping.confirm(w.clerk, number)


def test_on_time_dispatch_counts_orders_shipped_in_full_by_their_requested_day(ops):
    w = ops.world
    at(w, 2026, 10, 1, 12)
    ops.put("PLAIN", 50, "A-01")
    on_time = ops.outbound(("PLAIN", 10), requested_date=date(2026, 11, 10))
    partial = ops.outbound(("PLAIN", 10), requested_date=date(2026, 11, 10))
    late = ops.outbound(("PLAIN", 5), requested_date=date(2026, 11, 11))
    not_due = ops.outbound(("PLAIN", 3), requested_date=date(2026, 11, 30))
    ops.outbound(("PLAIN", 2), requested_date=date(2026, 12, 1))          # outside the period
    ship_in_parts(ops, on_time, (10, 10, 23))            # 23:00 on the day is still on time
    ship_in_parts(ops, partial, (4, 10, 10), (6, 12, 9))  # 4 by the deadline, the rest later
    ship_in_parts(ops, late, (5, 12, 10))                 # the day after
    at(w, 2026, 11, 13, 9)                                # a return changes nothing shipped
    ops.returns.receive(w.clerk, ReturnScan("PLAIN", 2, "damaged", order=on_time, line_no=1))
    r = kpi(w, "on_time_dispatch")
    # Due: 3 orders (the one due today at 12:00 is not late yet), 1 on time → 33.33 %.
    assert r.value == 33.33
    assert r.summary == {"on_time": 1.0, "partial": 1.0, "late": 1.0, "not_due": 1.0}
    # Units of the due orders on time: 10 + 4 + 0 of 10 + 10 + 5 → 14 / 25 = 56 %.
    assert r.extra == {"due": 3, "fill_rate": 56.0}
    assert [(row[0], row[4], row[5], row[6], row[8]) for row in r.rows] == [
        (on_time, D(10), D(10), D(10), "on_time"),
        (partial, D(10), D(4), D(10), "partial"),
        (late, D(5), D(0), D(5), "late"),
        (not_due, D(3), D(0), D(0), "not_due")]
    assert r.rows[1][7] == datetime(2026, 11, 12, 9, tzinfo=UTC)      # last shipped
    # After the deadline of the last one it is late too: 1 of 4.
    later = kpi(w, "on_time_dispatch", now=datetime(2026, 12, 1, 0, 0, tzinfo=UTC))
    assert (later.value, later.summary["late"]) == (25.0, 2.0)
    assert kpi(w, "on_time_dispatch", warehouse="NOPE").rows == []


# -- accuracy and discrepancy resolution --------------------------------------------------------
@pytest.fixture
def counted(ops):
    """PLAIN (2.00) 10 in A-01 and LOT/L1 (no cost) 5 in A-02, counted on 20 November: PLAIN
    8 at 10:00, recounted 8 at 11:00 (over the 5 % threshold), LOT 5 at 11:30; approved at 14:00
    (PLAIN adjusted to 8). The ERP's book says PLAIN 9 on the 21st and the 22nd at 08:00, and
    the difference is explained at 20:00 on the 22nd."""
    w = ops.world
    cost(w, "PLAIN", "2")
    at(w, 2026, 10, 1, 12)
    ops.put("PLAIN", 10, "A-01")
    ops.put("LOT", 5, "A-02", lot="L1", expiry=date(2027, 6, 1))
    counts, approval = CountService(w.db, w.clock), CountApprovalService(w.db, w.clock)
    at(w, 2026, 11, 20, 9)
    number = counts.plan(w.supervisor, CountPlan("WH1", "bin", ("A-01", "A-02"))).number
    for hour, bin_code, item, qty, lot in ((10, "A-01", "PLAIN", 8, None),
                                           (11, "A-01", "PLAIN", 8, None),
                                           (11.5, "A-02", "LOT", 5, "L1")):
        w.clock._now = datetime(2026, 11, 20, tzinfo=UTC) + timedelta(hours=hour)
        counts.record(w.clerk, number, bin_code, item, qty, lot=lot)
        counts.finish_bin(w.clerk, number, bin_code)
    at(w, 2026, 11, 20, 14)
    approval.approve(w.supervisor, number, "COUNT")
    rec = ReconciliationService(w.db, w.clock)
    book = [BookStock("PLAIN", D(9)), BookStock("LOT", D(5), "L1")]
    at(w, 2026, 11, 21, 8)
    rec.run(w.supervisor, book)
    at(w, 2026, 11, 22, 8)
    run = rec.run(w.supervisor, book)
    at(w, 2026, 11, 22, 20)
    (line,) = rec.discrepancies(run.run_id)
    rec.explain(w.supervisor, line.line_id, "in transit")
    at(w, 2026, 12, 1, 8)
    rec.run(w.supervisor, [BookStock("PLAIN", D(8)), BookStock("LOT", D(5), "L1")])
    w.count_number = number
    return w


def test_count_accuracy_by_lines_and_by_value(counted):
    r = kpi(counted, "count_accuracy")
    # Final entries: PLAIN 8 of 10 (the first round is superseded), LOT 5 of 5 → 1 of 2 exact.
    assert (r.value, r.target, r.summary) == (50.0, 99.0, {"exact": 1, "different": 1})
    # By value (costed items only): 1 − |8 − 10| × 2 / (10 × 2) = 80 %; LOT has no cost.
    assert (r.extra["by_value"], r.extra["variance_value"], r.extra["book_value"]) == (
        80.0, D("4.00"), D("20.00"))
    assert r.uncosted == 1
    assert [row[1:9] for row in r.rows] == [("A-01", "PLAIN", "Plain widget", "", D(10), D(8),
                                             D(-2), D("-4.00"))]
    assert kpi(counted, "count_accuracy", date_from=date(2026, 11, 21),
               date_to=date(2026, 11, 30)).value is None            # approved before that


def test_book_accuracy_is_the_latest_reconciliation_of_the_period(counted):
    r = kpi(counted, "book_accuracy")
    # The run of the 22nd (the one of 1 December is after the period): PLAIN 9 ≠ 8, LOT 5 = 5.
    assert (r.value, r.summary, r.extra["compared"]) == (50.0, {"matched": 1, "different": 1}, 2)
    assert r.rows == [("PLAIN", "Plain widget", "", D(9), D(8), D(-1), D("-2.00"), "explained",
                       datetime(2026, 11, 21, 8, tzinfo=UTC),
                       datetime(2026, 11, 22, 20, tzinfo=UTC))]
    december = kpi(counted, "book_accuracy", date_from=date(2026, 12, 1),
                   date_to=date(2026, 12, 31), now=datetime(2026, 12, 31, tzinfo=UTC))
    assert (december.value, december.rows) == (100.0, [])


def test_discrepancies_are_timed_from_first_sighting_to_resolution(counted):
    r = kpi(counted, "resolution_time")
    # Count: found at the first round (10:00), resolved by the approval (14:00): 4 h.
    # Reconciliation: found on the 21st 08:00, seen again on the 22nd (one discrepancy, not
    # two), explained on the 22nd 20:00: 36 h. Average (4 + 36) / 2 = 20 h.
    assert (r.value, r.summary, r.extra["resolved"]) == (20.0, {"count": 4.0,
                                                               "reconciliation": 36.0}, 2)
    assert [(row[0], row[1], row[2], row[6]) for row in r.rows] == [
        ("reconciliation", "", "PLAIN", 36.0), ("count", counted.count_number, "PLAIN", 4.0)]
    # The ERP's book is the company's: a warehouse filter keeps the counts only.
    assert kpi(counted, "resolution_time", warehouse="WH1").value == 4.0


# -- productivity -------------------------------------------------------------------------------
def test_pick_lines_and_units_per_active_hour_per_user_and_per_zone(ops):
    w = ops.world
    w.master.save_zone(w.admin, "WH1", "B", "Storage B")
    add_bin(w, "B-01", zone="B")
    for code in ("X", "Y", "Z"):
        add_item(w, code)
    at(w, 2026, 11, 1, 12)
    for item, qty, bin_code in (("PLAIN", 5, "A-01"), ("X", 5, "A-02"), ("Y", 5, "B-01"),
                                ("Z", 5, "A-01")):
        ops.put(item, qty, bin_code)
    first = ops.outbound(("PLAIN", 3), ("X", 2), ("Y", 4))
    second = ops.outbound(("Z", 1))
    at(w, 2026, 11, 10, 8)
    number = ops.allocate(first, second).task
    for minute, bin_code, item in ((9 * 60 + 10, "A-01", "PLAIN"), (9 * 60 + 40, "A-02", "X"),
                                   (10 * 60 + 5, "B-01", "Y")):
        w.clock._now = datetime(2026, 11, 10, tzinfo=UTC) + timedelta(minutes=minute)
        ops.pick(number, bin_code, item)
    at(w, 2026, 11, 10, 11, 30)
    ops.picking.confirm(w.supervisor, PickScan(number, "A-01", "Z"))
    users = kpi(w, "pick_productivity_user")
    # clerk: 3 lines, 9 units in the hours 09 and 10 → 1.5 lines/h, 4.5 units/h;
    # supervisor: 1 line, 1 unit in the hour 11. All: 4 lines in 3 picker-hours → 1.33.
    assert users.rows == [("clerk", 3, D(9), 2, 1.5, 4.5), ("supervisor", 1, D(1), 1, 1.0, 1.0)]
    assert (users.value, users.extra["units_per_hour"]) == (1.33, 3.33)
    zones = kpi(w, "pick_productivity_zone")
    # A: PLAIN, X (clerk, 09) and Z (supervisor, 11): 3 lines, 6 units, 2 picker-hours;
    # B: Y (clerk, 10): 1 line, 4 units, 1 picker-hour.
    assert zones.rows == [("A", 3, D(6), 2, 1.5, 3.0), ("B", 1, D(4), 1, 1.0, 4.0)]
    assert zones.summary == {"A": 1.5, "B": 1.0}
    assert kpi(w, "pick_productivity_user", date_from=date(2026, 11, 11),
               date_to=date(2026, 11, 30)).rows == []


def test_putaway_timeliness_from_receipt_to_put_away(ops):
    w = ops.world
    add_item(w, "X")
    putaway = PutawayService(w.db, w.clock)
    steps = []
    # PLAIN received 3 Nov 08:00, put away 14:00 (6 h); X received 4 Nov 08:00, planned the
    # next morning, put away 5 Nov 12:00 (28 h, beyond the 24 h target).
    for item, received, planned, done in (("PLAIN", (3, 8), (3, 9), (3, 14)),
                                          ("X", (4, 8), (5, 8), (5, 12))):
        at(w, 2026, 11, *received)
        ops.receive(item, 10, bin="RCV")
        at(w, 2026, 11, *planned)
        task = putaway.plan(w.clerk, "RCV", item=item)
        steps.append((task.number, done))
    for number, done in steps:
        at(w, 2026, 11, *done)
        putaway.confirm(w.clerk, number, 1, "A-02")
    r = kpi(w, "putaway_timeliness")
    assert r.value == 17.0                                  # (6 + 28) / 2
    assert (r.extra["max_hours"], r.extra["within_target"]) == (28.0, 50.0)
    assert r.summary == {"within": 1.0, "late": 1.0}
    assert [(row[2], row[4], row[8]) for row in r.rows] == [("X", D(10), 28.0),
                                                            ("PLAIN", D(10), 6.0)]
    assert r.rows[1][5:7] == (datetime(2026, 11, 3, 8, tzinfo=UTC),
                              datetime(2026, 11, 3, 14, tzinfo=UTC))


# -- stock on hand: ageing, slow-moving, expiry, alerts -----------------------------------------
def test_ageing_buckets_by_receipt_date_as_of_now(ops):
    w = ops.world
    cost(w, "PLAIN", "2")
    add_item(w, "X")
    cost(w, "X", "5")
    # As of 30 Nov 12:00: received 31 days before → 31-60; 30 days → 0-30; 213 days → 181-365.
    for when, item, qty, bin_code in (((2026, 5, 1, 12), "X", 3, "A-02"),
                                      ((2026, 10, 30, 12), "PLAIN", 4, "A-01"),
                                      ((2026, 10, 31, 12), "PLAIN", 6, "A-02"),
                                      ((2026, 11, 25, 9), "LOT", 2, "A-01")):
        at(w, *when)
        ops.put(item, qty, bin_code, **({"lot": "L1"} if item == "LOT" else {}))
    at(w, 2026, 11, 26, 9)
    w.stock.transfer(w.clerk, StockRef("PLAIN", "A-01"), 4, "Q-01")   # keeps its receipt date
    r = kpi(w, "ageing")
    assert r.summary == {"0-30": 8.0, "31-60": 4.0, "61-90": 0.0, "91-180": 0.0,
                         "181-365": 3.0, ">365": 0.0}
    # Costed value: 0-30 PLAIN 6 × 2 = 12; 31-60 PLAIN 4 × 2 = 8; 181-365 X 3 × 5 = 15.
    # Older than 90 days: 15 of 35 → 42.86 %. LOT has no cost.
    assert r.extra["value_by_bucket"]["0-30"] == D("12.00")
    assert r.extra["total_value"] == D("35.00")
    assert (r.value, r.uncosted) == (42.86, 1)
    assert [(row[0], row[1], row[4], row[7], row[9], row[10]) for row in r.rows] == [
        ("181-365", "X", "A-02", D(3), 213, D("15.00")),
        ("31-60", "PLAIN", "Q-01", D(4), 31, D("8.00")),
        ("0-30", "PLAIN", "A-02", D(6), 30, D("12.00")),
        ("0-30", "LOT", "A-01", D(2), 5, None)]
    assert kpi(w, "ageing", warehouse="WH1").rows == r.rows
    assert r.extra["basis"] == "value"
    cost(w, "PLAIN")
    cost(w, "X")
    # Nothing costed any more: by quantity, X's 3 of 15 units are older than 90 days.
    by_qty = kpi(w, "ageing")
    assert (by_qty.value, by_qty.extra["basis"], by_qty.uncosted) == (20.0, "qty", 3)
    elsewhere = kpi(w, "ageing", warehouse="NOPE")
    assert (elsewhere.rows, elsewhere.value, elsewhere.uncosted) == ([], None, 0)


def test_slow_moving_and_obsolete_stock_by_product_line(ops):
    w = ops.world
    for code, unit_cost, line in (("A", "2", "L1"), ("B", "3", "L1"), ("C", None, "L2"),
                                  ("D", "1", "L2"), ("E", "1", "L2")):
        add_item(w, code)
        cost(w, code, unit_cost, line)
    events = [((2025, 6, 1), "receive", "A", 12), ((2025, 10, 1), "issue", "A", 2),
              ((2026, 1, 1), "receive", "D", 5), ((2026, 1, 10), "receive", "B", 6),
              ((2026, 2, 1), "receive", "C", 7), ((2026, 7, 1), "issue", "B", 2),
              ((2026, 10, 1), "receive", "E", 1), ((2026, 11, 1), "issue", "D", 1)]
    for day, kind, item, qty in events:
        at(w, *day, 12)
        if kind == "receive":
            ops.put(item, qty, "A-01")
        else:
            w.stock.issue(w.clerk, StockRef(item, "A-01"), qty)
    r = kpi(w, "slow_moving")
    # As of 30 Nov 2026 12:00. A: last issued 1 Oct 2025, 425 days ago → obsolete.
    # B: issued 1 Jul → 152 days → slow. C: never issued, so idle since it came on 1 Feb →
    # 302 days → slow (no cost). D issued 29 days ago and E received 60 days ago are moving.
    assert [row[:5] + row[7:] for row in r.rows] == [
        ("obsolete", "L1", "A", "A item", D(10), 425, D("20.00")),
        ("slow", "L1", "B", "B item", D(4), 152, D("12.00")),
        ("slow", "L2", "C", "C item", D(7), 302, None)]
    assert [row[5] for row in r.rows] == [datetime(2025, 10, 1, 12, tzinfo=UTC),
                                          datetime(2026, 7, 1, 12, tzinfo=UTC), None]
    assert r.rows[2][6] == datetime(2026, 2, 1, 12, tzinfo=UTC)
    assert (r.value, r.summary, r.uncosted) == (32.0, {"L1": 32.0}, 1)
    assert r.extra == {"slow": 2, "obsolete": 1}


def test_expired_and_expiring_lots(ops):
    w = ops.world
    at(w, 2026, 11, 1, 12)
    for lot, expiry, bin_code, qty in (("L-EXP", date(2026, 11, 29), "A-01", 3),
                                       ("L-TODAY", date(2026, 11, 30), "A-01", 2),
                                       ("L-30", date(2026, 12, 30), "A-01", 2),
                                       ("L-30", date(2026, 12, 30), "A-02", 2),
                                       ("L-31", date(2026, 12, 31), "A-02", 9)):
        ops.put("LOT", qty, bin_code, lot=lot, expiry=expiry)
    r = kpi(w, "expiry")       # today 30 Nov: expired before today, expiring up to 30 Dec
    assert [row[0] + "/" + row[3] + "/" + row[6] for row in r.rows] == [
        "expired/L-EXP/A-01", "expiring/L-TODAY/A-01", "expiring/L-30/A-01",
        "expiring/L-30/A-02"]
    assert [(row[7], row[8], row[9]) for row in r.rows] == [
        (D(3), -1, None), (D(2), 0, None), (D(2), 30, None), (D(2), 30, None)]
    assert (r.value, r.summary, r.uncosted) == (3.0, {"expired": 3.0, "expiring": 6.0}, 1)
    assert (r.extra["expired_lots"], r.extra["expiring_lots"]) == (1, 2)   # L-30 in two bins
    cost(w, "LOT", "1.5")
    priced = kpi(w, "expiry")
    assert (priced.extra["expiring_value"], priced.extra["expired_value"]) == (D("9.00"),
                                                                              D("4.50"))
    assert (priced.rows[0][9], priced.uncosted) == (D("4.50"), 0)      # 3 × 1.5


def test_stock_outs_and_below_minimum(ops):
    w = ops.world
    for code, minimum, active in (("X", 1, True), ("Y", 2, True), ("Z", 2, True),
                                  ("OLD", 5, False)):
        w.master.save_item(w.admin, ItemData(code, f"{code} item", min_qty=D(minimum),
                                             active=active))
    w.master.save_item(w.admin, ItemData("PLAIN", "Plain widget", min_qty=D(5)))
    ops.put("PLAIN", 10, "A-01")
    w.stock.reserve(w.clerk, StockRef("PLAIN", "A-01"), 7)           # available 3 < 5
    ops.put("Y", 5, "Q-01", status="quarantine")                   # none available
    ops.put("Z", 2, "A-01")                                          # exactly the minimum
    r = kpi(w, "stock_alerts")
    assert r.rows == [("stock_out", "X", "X item", "", D(0), D(1), D(1)),
                      ("stock_out", "Y", "Y item", "", D(0), D(2), D(2)),
                      ("below_min", "PLAIN", "Plain widget", "", D(3), D(5), D(2))]
    assert (r.value, r.summary) == (3.0, {"stock_out": 2.0, "below_min": 1.0})
    # Held against a warehouse without stock, every active item with a minimum is out.
    w.master.save_warehouse(w.admin, "WH2", "Second warehouse")
    empty = kpi(w, "stock_alerts", warehouse="WH2")
    assert [(row[0], row[1], row[4]) for row in empty.rows] == [
        ("stock_out", c, D(0)) for c in ("PLAIN", "X", "Y", "Z")]
    assert kpi(w, "stock_alerts", warehouse="WH1").rows == r.rows


# -- sync health --------------------------------------------------------------------------------
def test_sync_backlog_lag_and_failures_by_class(ops):
    w = ops.world
    created = [(2026, 11, 20, 10), (2026, 11, 20, 11), (2026, 11, 29, 12), (2026, 11, 30, 9)]
    for when in created:
        at(w, *when)
        ops.put("PLAIN", 1, "A-01")             # one stock.receipt message each
    with w.db.read() as s:
        ids = list(s.scalars(select(outbox.c.id).order_by(outbox.c.id)))
    assert len(ids) == 4

    def t(*when):
        return datetime(*when, tzinfo=UTC)

    def book(s):
        for i, sent in ((ids[0], t(2026, 11, 20, 10, 10)), (ids[1], t(2026, 11, 20, 11, 20))):
            s.execute(update(outbox).where(outbox.c.id == i).values(state="delivered",
                                                                    sent_at=sent))
        s.execute(update(outbox).where(outbox.c.id == ids[2]).values(state="failed"))
        s.execute(insert(sync_attempts), [
            {"outbox_id": ids[0], "at": t(2026, 10, 15), "outcome": "retry",
             "error_class": "network"},                                    # before November
            {"outbox_id": ids[0], "at": t(2026, 11, 20, 10, 5), "outcome": "retry",
             "error_class": "network"},
            {"outbox_id": ids[0], "at": t(2026, 11, 20, 10, 10), "outcome": "delivered",
             "error_class": ""},
            {"outbox_id": ids[2], "at": t(2026, 11, 29, 12, 1), "outcome": "retry",
             "error_class": "network"},
            {"outbox_id": ids[2], "at": t(2026, 11, 29, 12, 5), "outcome": "retry",
             "error_class": "network"},
            {"outbox_id": ids[2], "at": t(2026, 11, 29, 12, 10), "outcome": "failed",
             "error_class": "rejected"}])
    w.db.write(book)
    r = kpi(w, "sync_health")
    # Backlog: the failed one and the pending one. Lag: the oldest of them was created on the
    # 29th at 12:00, 24 h = 1440 min before now. Delivered in November: 10 and 20 min → 15.
    assert r.value == 2.0
    assert r.extra == {"by_state": {"pending": 1, "sending": 0, "failed": 1},
                       "lag_minutes": 1440.0, "delivered": 2, "delivery_minutes": 15.0,
                       "failures": 4}
    assert r.summary == {"network": 3.0, "rejected": 1.0}
    assert r.rows == [("network", "stock.receipt", 3, 0, 2, t(2026, 11, 29, 12, 5)),
                      ("rejected", "stock.receipt", 1, 1, 1, t(2026, 11, 29, 12, 10))]
    # Before the last message existed, the backlog was the failed one only.
    before = kpi(w, "sync_health", now=t(2026, 11, 30, 8))
    assert (before.value, before.extra["lag_minutes"]) == (1.0, 1200.0)


def test_a_backorder_is_part_of_its_order_not_an_order_of_its_own(ops):
    w = ops.world
    at(w, 2026, 10, 1, 12)
    ops.put("PLAIN", 10, "A-01")
    number = ops.outbound(("PLAIN", 10), requested_date=date(2026, 11, 10))
    task = ops.allocate(number).task
    at(w, 2026, 11, 10, 9)
    ops.pick(task, "A-01", "PLAIN", 6)
    ops.picking.short(w.clerk, task, 1, 0, "not there")  # the other 4 → backorder -B1
    ops.shipping.confirm(w.clerk, number)                # 6 shipped on the day
    (backorder,) = [n for n in _order_numbers(w) if n != number]
    at(w, 2026, 11, 12, 9)
    ops.pick(ops.allocate(backorder).task, "A-01", "PLAIN")
    ops.shipping.confirm(w.clerk, backorder)             # the 4 two days late
    r = kpi(w, "on_time_dispatch")
    # One order of 10 (the backorder is not a second order): 6 by the deadline, all 10 by
    # the 12th → partial; nothing on time; units on time 6 of 10.
    assert [(row[0], row[4], row[5], row[6], row[8]) for row in r.rows] == [
        (number, D(10), D(6), D(10), "partial")]
    assert (r.value, r.extra["fill_rate"]) == (0.0, 60.0)
    assert r.rows[0][7] == datetime(2026, 11, 12, 9, tzinfo=UTC)


def _order_numbers(world) -> list[str]:
    from domain.persistence.tables import outbound_orders
    with world.db.read() as s:
        return list(s.scalars(select(outbound_orders.c.number).order_by(outbound_orders.c.id)))


def test_a_tile_without_rows_has_the_same_value_as_the_full_kpi(counted):
    service = KpiService(counted.db, counted.clock)
    full = service.many(counted.supervisor, KPIS, KpiFilter(**NOVEMBER, now=END_OF_NOVEMBER))
    tiles = service.many(counted.supervisor, KPIS,
                         KpiFilter(**NOVEMBER, now=END_OF_NOVEMBER, rows=False))
    for key in KPIS:
        a, b = full[key], tiles[key]
        assert (b.value, b.summary, b.extra, b.uncosted) == (a.value, a.summary, a.extra,
                                                             a.uncosted), key
        assert b.rows == (a.rows if b.rows_read else []), key
    assert not tiles["count_accuracy"].rows_read and full["count_accuracy"].rows
