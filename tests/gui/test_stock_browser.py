"""The stock browser: server-side filters, sorting and paging, the detail dialog, export."""
from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QModelIndex, Qt

from domain.numbering import ensure_rules
from domain.persistence.database import Database
from domain.services.masterdata import BinData, ItemData, MasterDataService
from domain.services.stock import StockRef, StockService
from domain.services.users import UserService, actor_of
from gui.context import AppContext
from gui.stock.browser import COLUMNS, StockBrowser

SERIALS = 1200
TOTAL = SERIALS + 6


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """WH1 (zone A: A-01, A-02, Q-01; zone B: S-01) and WH2 (C-01); PLAIN in two warehouses, LOT
    in lots L1 (expires in 5 days, moved and partly quarantined) and L2, 1,200 serials of SER."""
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('stock')}/t.db")
    db.migrate()
    user = UserService(db).create_first_admin("admin", "secret-pw")
    admin, master, stock = actor_of(user), MasterDataService(db), StockService(db)
    db.write(ensure_rules)
    for wh, zone, bins in (("WH1", "A", ("A-01", "A-02", "Q-01")), ("WH1", "B", ("S-01",)),
                           ("WH2", "C", ("C-01",))):
        master.save_warehouse(admin, wh, f"Warehouse {wh}")
        master.save_zone(admin, wh, zone)
        for code in bins:
            master.save_bin(admin, BinData(wh, code, zone=zone))
    master.save_item(admin, ItemData("PLAIN", "Plain widget"))
    master.save_item(admin, ItemData("LOT", "Yoghurt 500 g", lot_tracked=True,
                                     removal_strategy="FEFO", shelf_life_days=30))
    master.save_item(admin, ItemData("SER", "Handheld terminal", serial_tracked=True))
    today = date.today()
    stock.receive(admin, item="PLAIN", qty=10, bin="A-01")
    stock.receive(admin, item="PLAIN", qty=5, bin="C-01")
    stock.receive(admin, item="LOT", qty=12, bin="A-02", lot="L1", expiry=today + timedelta(5))
    stock.receive(admin, item="LOT", qty=8, bin="A-02", lot="L2", expiry=today + timedelta(60))
    stock.receive(admin, item="LOT", qty=3, bin="Q-01", lot="L1", status="quarantine")
    stock.transfer(admin, StockRef("LOT", "A-02", lot="L1"), 2, "A-01")
    stock.issue(admin, StockRef("PLAIN", "A-01"), 1, document_ref="SO-1")
    stock.receive(admin, item="SER", qty=SERIALS, bin="S-01",
                  serials=tuple(f"SN{i:05d}" for i in range(SERIALS)))
    yield SimpleNamespace(db=db, user=user, today=today)
    db.dispose()


@pytest.fixture
def browser(qtbot, world, shown_errors):
    screen = StockBrowser(AppContext(world.db, world.user))
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    qtbot.waitUntil(lambda: screen.model.total >= 0 and not screen.model.loading)
    return screen


def column(key: str) -> int:
    return [c.key for c in COLUMNS].index(key)


def cells(screen, key: str) -> list[str]:
    model = screen.model
    return [model.data(model.index(r, column(key))) for r in range(model.rowCount())]


def settle(qtbot, screen, total: int) -> None:
    qtbot.waitUntil(lambda: screen.model.total == total and not screen.model.loading)


def test_only_the_first_page_is_loaded_and_scrolling_fetches_the_next(qtbot, browser):
    assert browser.model.total == TOTAL and browser.model.rowCount() == 200
    assert "1206" in browser.count_label.text()
    assert browser.model.canFetchMore(QModelIndex())
    browser.model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: browser.model.rowCount() == 400)


@pytest.mark.parametrize("setup, total", [
    (lambda s: s.item.setText("yoghurt"), 4),
    (lambda s: s.bin.setText("q-01"), 1),
    (lambda s: s.warehouse.setText("WH2"), 1),
    (lambda s: s.status.setCurrentIndex(s.status.findData("quarantine")), 1),
    (lambda s: s.lot.setText("L2"), 1),
    (lambda s: s.only_available.setChecked(True), TOTAL),
])
def test_each_filter_changes_the_rows_and_the_count(qtbot, browser, setup, total):
    setup(browser)
    settle(qtbot, browser, total)
    assert browser.model.rowCount() == min(total, 200)


def test_expiry_before_only_applies_while_its_box_is_ticked(qtbot, browser, world):
    browser.expiry.setDate(world.today + timedelta(30))
    browser.item.setText("LOT")
    settle(qtbot, browser, 4)
    browser.expiry_on.setChecked(True)
    settle(qtbot, browser, 3)
    assert set(cells(browser, "lot_no")) == {"L1"}


def test_sorting_asks_the_server_again(qtbot, browser):
    browser.item.setText("PLAIN")
    settle(qtbot, browser, 2)
    assert cells(browser, "warehouse") == ["WH1", "WH2"]
    browser.view.sortByColumn(column("on_hand"), Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: cells(browser, "warehouse") == ["WH2", "WH1"])
    assert cells(browser, "on_hand") == ["5", "9"]
    assert browser.model.data(browser.model.index(0, column("on_hand")),
                              Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_enter_opens_the_detail_with_history_and_trace_and_escape_closes_it(qtbot, browser):
    browser.item.setText("LOT")
    browser.bin.setText("A-02")
    browser.lot.setText("L1")
    settle(qtbot, browser, 1)
    browser.show()
    browser.view.setFocus()
    browser.view.setCurrentIndex(browser.model.index(0, 0))
    qtbot.keyClick(browser.view, Qt.Key.Key_Return)
    detail = browser.detail
    qtbot.waitUntil(lambda: detail is not None and detail.loaded)
    history = detail.item_page.history_model
    assert [history.row(r)["reason"] for r in range(history.rowCount())] == [
        "transfer", "receipt", "receipt", "receipt"]
    trace = detail.trace_page
    assert sorted(trace.now_model.row(r)["bin"] for r in range(trace.now_model.rowCount())) == [
        "A-01", "A-02", "Q-01"]
    assert trace.origin_model.rowCount() == 2
    assert detail.bin_page.contents_model.rowCount() == 2
    qtbot.keyClick(detail, Qt.Key.Key_Escape)
    assert not detail.isVisible()


def test_export_writes_the_filtered_rows(qtbot, browser, tmp_path):
    browser.item.setText("LOT")
    settle(qtbot, browser, 4)
    browser.export_to(str(tmp_path / "stock.csv"))
    qtbot.waitUntil(lambda: "4" in browser.message.text())
    lines = (tmp_path / "stock.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 5 and all(line.startswith("LOT,") for line in lines[1:])


def test_the_list_refreshes_when_stock_changes(qtbot, db, admin, shown_errors):
    actor = actor_of(admin)
    db.write(ensure_rules)
    master = MasterDataService(db)
    master.save_warehouse(actor, "WH1", "Main")
    master.save_bin(actor, BinData("WH1", "A-01"))
    master.save_item(actor, ItemData("P", "Part"))
    ctx = AppContext(db, admin)
    screen = StockBrowser(ctx)
    qtbot.addWidget(screen)
    settle(qtbot, screen, 0)
    ctx.op(screen, lambda _p: StockService(db).receive(actor, item="P", qty=2, bin="A-01")) \
        .changes({"stock"}).run()
    settle(qtbot, screen, 1)
    assert cells(screen, "available") == ["2"] and not shown_errors


def test_tab_walks_from_the_filters_through_export_to_the_list(qtbot, browser):
    browser.show()
    qtbot.waitExposed(browser)
    browser.activateWindow()
    browser.item.setFocus()
    expected = [browser.bin, browser.lot, browser.warehouse, browser.zone, browser.status,
                browser.expiry_on, browser.only_available, browser.export_button, browser.view]
    for widget in expected:
        qtbot.keyClick(browser.focusWidget(), Qt.Key.Key_Tab)
        assert browser.focusWidget() is widget


def test_headers_and_filters_follow_a_switch_to_chinese(qtbot, browser, qapp):
    from gui.settings import install_translator
    install_translator(qapp, "zh_CN")
    qtbot.waitUntil(lambda: browser.only_available.text() == "仅可用")
    assert browser.model.headerData(0, Qt.Orientation.Horizontal) == "物料"
    assert browser.count_label.text().startswith("行数")
