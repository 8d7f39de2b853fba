"""The dashboard (issue 8): tiles and charts drill down to the rows behind them; reports sort,
filter and export."""
from __future__ import annotations

import csv
import subprocess
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from sqlalchemy import update

from domain.clock import FixedClock
from domain.numbering import ensure_rules
from domain.persistence.tables import items
from domain.services.masterdata import BinData, ItemData, MasterDataService
from domain.services.stock import StockService
from domain.queries.kpis.service import KpiService
from domain.services.users import UserService, actor_of
from gui import ops
from gui.context import AppContext
from gui.dashboard import DashboardScreen
from gui.dashboard.screen import DASHBOARD_KPIS
from gui.dashboard.catalog import CHARTS, tile_text

WAIT_MS = 10_000
NOW = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)


def seed(db, admin) -> None:
    """As of 30 Nov: PLAIN 10 received 10 days ago (0-30), X 4 and Y 7 received 46 and 41 days
    ago (31-60). PLAIN costs 2.00, X 5.00, Y has no cost."""
    actor = actor_of(admin)
    db.write(ensure_rules)
    master = MasterDataService(db)
    master.save_warehouse(actor, "WH1", "Main")
    master.save_bin(actor, BinData("WH1", "A-01", bin_type="storage"))
    for code in ("PLAIN", "X", "Y"):
        master.save_item(actor, ItemData(code, f"{code} item"))
    for code, cost in (("PLAIN", "2"), ("X", "5")):
        db.write(lambda s, c=code, v=cost: s.execute(
            update(items).where(items.c.code == c).values(unit_cost=Decimal(v))))
    for when, code, qty in ((datetime(2026, 10, 15, 12), "X", 4),
                            (datetime(2026, 10, 20, 12), "Y", 7),
                            (datetime(2026, 11, 20, 12), "PLAIN", 10)):
        StockService(db, FixedClock(when.replace(tzinfo=timezone.utc))).receive(
            actor, item=code, qty=qty, bin="A-01")


def dashboard(qtbot, db, admin) -> DashboardScreen:
    seed(db, admin)
    screen = DashboardScreen(AppContext(db, admin, clock=FixedClock(NOW)))
    qtbot.addWidget(screen)
    screen.resize(1400, 900)
    qtbot.waitUntil(lambda: "ageing" in screen.results and not screen._pending, timeout=WAIT_MS)
    return screen


def rows_shown(qtbot, screen, key) -> None:
    """Wait until the table shows ``key``'s rows (the overview reads tiles without rows)."""
    qtbot.waitUntil(lambda: screen.report_key == key and key in screen.results
                    and screen.results[key].rows_read
                    and screen.model.columns == tuple(screen.results[key].columns),
                    timeout=WAIT_MS)


def shown(screen, column=0) -> list[str]:
    p = screen.proxy
    return [p.index(r, column).data() for r in range(p.rowCount())]


def test_a_tile_drills_down_to_its_rows_and_a_bar_to_the_rows_of_that_bar(qtbot, db, admin,
                                                                          shown_errors):
    screen = dashboard(qtbot, db, admin)
    # Value older than 90 days: none → 0 %; the tile says so.
    assert "0.0 %" in screen.tiles["ageing"].text()
    assert not screen.results["ageing"].rows_read         # the overview reads values only
    qtbot.mouseClick(screen.tiles["ageing"], Qt.MouseButton.LeftButton)
    rows_shown(qtbot, screen, "ageing")
    assert shown(screen, 1) == ["X", "Y", "PLAIN"]           # oldest first
    chart = next(c for c in screen.charts if c.spec.kpi == "ageing")
    assert chart.keys[:2] == ["0-30", "31-60"]
    with qtbot.waitSignal(chart.bar_clicked):
        chart.click_bar(1)
    assert shown(screen, 1) == ["X", "Y"]
    assert screen.drill_label.text() == "Age bucket = 31-60: 2 row(s)"
    assert screen.all_rows_button.isVisibleTo(screen)
    screen.all_rows_button.click()
    assert shown(screen, 1) == ["X", "Y", "PLAIN"]
    assert not shown_errors


def test_reports_sort_filter_and_export_to_csv_and_xlsx(qtbot, db, admin, shown_errors, tmp_path):
    screen = dashboard(qtbot, db, admin)
    screen.show_report("ageing")
    rows_shown(qtbot, screen, "ageing")
    qty = screen.model.columns.index("qty")
    screen.table.sortByColumn(qty, Qt.SortOrder.DescendingOrder)
    assert shown(screen, qty) == ["10", "7", "4"]            # numbers, not text order
    screen.filter.setText("x item")
    assert shown(screen, 1) == ["X"]
    screen.filter.clear()
    screen.export(str(tmp_path / "ageing.csv"))
    qtbot.waitUntil(lambda: "ageing.csv" in screen.status.text(), timeout=WAIT_MS)
    with open(tmp_path / "ageing.csv", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["Age bucket", "Item", "Name"]
    assert [(r[1], r[7], r[10]) for r in rows[1:]] == [("PLAIN", "10", "20"), ("Y", "7", ""),
                                                       ("X", "4", "20")]
    screen.export(str(tmp_path / "ageing.xlsx"))
    qtbot.waitUntil(lambda: "ageing.xlsx" in screen.status.text(), timeout=WAIT_MS)
    assert screen.status.text().startswith("3 row(s) exported to ")
    sheet = load_workbook(tmp_path / "ageing.xlsx").active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [(r[1], r[7]) for r in values[1:]] == [("PLAIN", 10), ("Y", 7), ("X", 4)]
    screen.export(str(tmp_path / "ageing.pdf"))          # printed through the document model
    qtbot.waitUntil(lambda: "ageing.pdf" in screen.status.text(), timeout=WAIT_MS)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "ageing.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Stock ageing" in text
    assert [line.split()[1] for line in text.splitlines()
            if line.strip().startswith(("0-30", "31-60"))] == ["PLAIN", "Y", "X"]
    # A report that is not on the dashboard is read when chosen.
    screen.show_report("turnover_item")
    qtbot.waitUntil(lambda: screen.model.columns[:1] == ("item_code",), timeout=WAIT_MS)
    assert sorted(shown(screen, 0)) == ["PLAIN", "X", "Y"]
    screen.grab().save(str(tmp_path / "dash.png"))
    assert not shown_errors


def test_every_chart_names_a_column_of_its_report(db, admin):
    from domain.queries.kpis.common import KpiFilter
    from domain.queries.kpis.service import KpiService
    f = KpiFilter(NOW.date(), NOW.date(), now=NOW)
    results = KpiService(db).many(actor_of(admin), [c.kpi for c in CHARTS], f)
    assert all(c.column in results[c.kpi].columns for c in CHARTS)


def test_a_burst_of_changes_reloads_once_more_not_once_per_change(qtbot, db, admin, shown_errors,
                                                                  monkeypatch):
    screen = dashboard(qtbot, db, admin)
    screen.show()
    calls = []
    real_kpi = KpiService.kpi
    monkeypatch.setattr(KpiService, "kpi",
                        lambda self, actor, key, f:
                        calls.append(key) or real_kpi(self, actor, key, f))
    for _ in range(5):
        screen.ctx.broadcast({"stock"})
    per_reload = len(DASHBOARD_KPIS)
    qtbot.waitUntil(lambda: len(calls) == 2 * per_reload and not screen._pending,
                    timeout=WAIT_MS)
    ops.wait_for_idle(WAIT_MS)
    assert len(calls) == 2 * per_reload and sorted(set(calls)) == sorted(DASHBOARD_KPIS)
    assert screen.status.text().startswith("Updated ")
    assert not shown_errors


def test_a_user_without_the_reports_permission_is_told_so(qtbot, db, admin, shown_errors):
    clerk = UserService(db).add_user(actor_of(admin), "clerk", "clerk-pass", "clerk")
    screen = DashboardScreen(AppContext(db, clerk, clock=FixedClock(NOW)))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: len(shown_errors) >= 1 and not screen._pending, timeout=WAIT_MS)
    ops.wait_for_idle(WAIT_MS)
    assert len(shown_errors) == 1        # one for the whole dashboard, not one per KPI
    assert "view KPIs and reports" in shown_errors[0][1]
    assert screen.results == {} and "–" in screen.tiles["ageing"].text()


def test_tiles_say_dash_when_there_is_nothing_to_measure():
    assert tile_text(None, "%") == "–"
    assert tile_text(99.5, "%") == "99.5 %"
    assert tile_text(1234.5, "money") == "1,234.50"
    assert tile_text(12.0, "days") == "12.0 days"


def test_the_dashboard_follows_a_language_switch(qtbot, qapp, db, admin, shown_errors):
    from gui.settings import install_translator
    screen = dashboard(qtbot, db, admin)
    chart = next(c for c in screen.charts if c.spec.kpi == "on_time_dispatch")
    install_translator(qapp, "zh_CN")
    qtbot.waitUntil(lambda: screen.refresh_button.text() == "刷新", timeout=WAIT_MS)
    assert screen.tiles["ageing"].text().startswith("库龄超过 90 天的库存")
    assert chart.chart().axes()[0].categories()[:2] == ["准时", "部分"]


def test_the_reports_entry_shows_a_badge_with_the_stock_alerts(qtbot, db, admin, shown_errors):
    from gui.app import build_main_window
    from gui.dashboard.alerts import StockAlertWatcher
    seed(db, admin)
    actor = actor_of(admin)
    master = MasterDataService(db)
    # PLAIN (10 on hand) below a minimum of 12, Z with a minimum and none: 2 alerts; a lot
    # that expired yesterday: 1 more.
    master.save_item(actor, ItemData("PLAIN", "PLAIN item", min_qty=Decimal(12)))
    master.save_item(actor, ItemData("Z", "Z item", min_qty=Decimal(1)))
    master.save_item(actor, ItemData("LOTTY", "Lot item", lot_tracked=True))
    StockService(db, FixedClock(datetime(2026, 11, 1, tzinfo=timezone.utc))).receive(
        actor, item="LOTTY", qty=1, bin="A-01", lot="OLD", expiry=NOW.date() - timedelta(days=1))
    window = build_main_window(db, admin)
    qtbot.addWidget(window)
    window.ctx.clock = FixedClock(NOW)
    watcher = StockAlertWatcher(window, window.ctx)
    with qtbot.waitSignal(watcher.updated, timeout=WAIT_MS) as signal:
        watcher.start()
    assert signal.args == [3]
    reports = window.screen_keys().index("reports")
    assert window.nav.item(reports).text() == "Reports  (3)"
    assert not shown_errors


def test_the_dashboard_in_the_window_updates_the_badge_too(qtbot, db, admin, shown_errors):
    from gui.app import build_main_window
    seed(db, admin)
    MasterDataService(db).save_item(actor_of(admin), ItemData("Z", "Z item", min_qty=Decimal(1)))
    window = build_main_window(db, admin)
    qtbot.addWidget(window)
    page = window.show_screen("reports")
    qtbot.waitUntil(lambda: "stock_alerts" in page.results and "expiry" in page.results,
                    timeout=WAIT_MS)
    assert window.nav.item(window.screen_keys().index("reports")).text() == "Reports  (1)"


def test_long_or_many_labels_are_drawn_as_horizontal_bars_and_a_click_finds_its_key(qtbot):
    from gui.dashboard.charts import KpiChart
    spec = next(c for c in CHARTS if c.kpi == "ageing")
    chart = KpiChart(spec)
    qtbot.addWidget(chart)
    chart.show_summary({"0-30": 3.0, "31-60": 2.0})
    assert not chart.horizontal                        # two short labels: columns
    chart.show_summary({"Consumer goods": 1.0, "Spare parts": 2.0})
    assert chart.horizontal                            # long labels: bars, first key on top
    clicked = []
    chart.bar_clicked.connect(lambda kpi, key: clicked.append(key))
    chart._on_series_clicked(0)                        # Qt counts from the bottom bar
    chart._on_series_clicked(1)
    assert clicked == ["Spare parts", "Consumer goods"]
