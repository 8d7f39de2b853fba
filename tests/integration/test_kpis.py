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


# -- permission and no activity -------------------------------------------------------------
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


# -- turnover ---------------------------------------------------------------------------------
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


def test_turnover_of_a_period_without_moves_is_the_stock_itself(turnover):
    r = kpi(turnover, "turnover_item", date_from=date(2026, 10, 10), date_to=date(2026, 10, 20),
            now=datetime(2026, 12, 3, tzinfo=UTC))
    # Nothing moved in those 11 days: average = closing = 100 PLAIN and 10 X; nothing consumed.
    assert [(row[0], row[4], row[5], row[7]) for row in r.rows] == [
        ("PLAIN", D("100"), D("0"), None), ("X", D("10"), D("0"), None)]
    assert r.value is None
