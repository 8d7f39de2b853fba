"""Counts (blind, with a supervisor's approval), bin moves, customer returns and inspection on
their screens, driven by simulated scans."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from sqlalchemy import select

from domain.persistence.tables import bins, items, quants
from domain.services.stock import StockService
from domain.services.users import UserService
from gui.context import AppContext
from gui.tasks.count_approval import CountApprovalScreen
from tests.gui.test_tasks_flow import page, scan, warehouse  # noqa: F401  (fixtures)


def stock_in(db, item: str, bin_code: str, status: str = "available") -> Decimal:
    q = (select(quants.c.on_hand).join(items, items.c.id == quants.c.item_id)
         .join(bins, bins.c.id == quants.c.bin_id)
         .where(items.c.code == item, bins.c.code == bin_code, quants.c.status == status))
    with db.read() as s:
        return sum(s.scalars(q), Decimal(0))


def wait_for(qtbot, screen, text: str) -> None:
    qtbot.waitUntil(lambda: text in screen.prompt_label.text(), timeout=5000)


def count_bin(qtbot, count, item: str, qty: str) -> None:
    scan(qtbot, count, "A-01")
    scan(qtbot, count, item)
    count.qty.setText(qty)
    count.outcome = ""
    count.record()
    qtbot.waitUntil(lambda: count.outcome == "accepted", timeout=5000)


def test_blind_count_then_approval_by_another_supervisor(qtbot, db, page, warehouse):
    StockService(db).receive(warehouse, item="PLAIN", qty=10, bin="A-01")
    count = page.show_screen("count")
    count.warehouse.setText("WH1")
    count.basis.setCurrentIndex(0)                        # by bin
    count.values.setText("A-01")
    count.plan()
    wait_for(qtbot, count, "Scan a bin to count: A-01")
    assert "expected" not in [c.key for c in count.COLUMNS]   # blind: no book quantity
    scan(qtbot, count, "RCV", expect="refused")
    count_bin(qtbot, count, "PLAIN", "9")
    scan(qtbot, count, "A-01", expect="refused")          # 10 % off: count it again
    assert "count it again" in count.message_label.text()
    wait_for(qtbot, count, "Scan a bin to count")
    count_bin(qtbot, count, "PLAIN", "9")
    scan(qtbot, count, "A-01")
    wait_for(qtbot, count, "is counted")
    number = count.task

    mine = page.show_screen("approve")
    scan(qtbot, mine, number)
    wait_for(qtbot, mine, "1 variance(s)")
    assert [(r["expected_qty"], r["counted_qty"]) for r in mine.rows] == [(10, 9)]
    mine.outcome = ""
    mine.approve()
    qtbot.waitUntil(lambda: mine.outcome == "refused", timeout=5000)
    assert "another supervisor must approve" in mine.message_label.text()

    boss = UserService(db).add_user(warehouse, "boss", "boss-pass", "supervisor")
    other = CountApprovalScreen(AppContext(db, boss))
    qtbot.addWidget(other)
    other.show()
    scan(qtbot, other, number)
    wait_for(qtbot, other, "variance")
    other.outcome = ""
    other.enter_pressed()
    qtbot.waitUntil(lambda: other.outcome == "accepted", timeout=5000)
    assert stock_in(db, "PLAIN", "A-01") == 9


def test_bin_move_by_scans(qtbot, db, page, warehouse):
    StockService(db).receive(warehouse, item="PLAIN", qty=4, bin="RCV")
    move = page.show_screen("move")
    scan(qtbot, move, "RCV")
    scan(qtbot, move, "PLAIN")
    assert move.qty.text() == "1"
    move.qty.setText("3")
    move.outcome = ""
    move.enter_pressed()
    wait_for(qtbot, move, "Scan the target bin for 3 × PLAIN")
    scan(qtbot, move, "A-01")
    wait_for(qtbot, move, "Scan the bin to move from")
    assert (stock_in(db, "PLAIN", "RCV"), stock_in(db, "PLAIN", "A-01")) == (1, 3)


def returned(qtbot, page, qty: str) -> str:
    """PLAIN returned into RCV on the returns screen; the number of its inspection task."""
    returns = page.show_screen("return")
    scan(qtbot, returns, "RCV")
    scan(qtbot, returns, "PLAIN")
    returns.qty.setText(qty)
    returns.outcome = ""
    returns.enter_pressed()
    qtbot.waitUntil(lambda: returns.outcome == "accepted", timeout=5000)
    return returns.done[-1]["inspection"]


def test_return_goes_to_quarantine_and_inspection_releases_it(qtbot, db, page, warehouse):
    inspection_task = returned(qtbot, page, "2")
    assert stock_in(db, "PLAIN", "RCV", "quarantine") == 2

    inspect = page.show_screen("inspect")
    scan(qtbot, inspect, "A-01", expect="refused")        # no task yet
    scan(qtbot, inspect, inspection_task)
    wait_for(qtbot, inspect, "1 line(s) to inspect")
    inspect.outcome = ""
    inspect.buttons["pass"].click()
    wait_for(qtbot, inspect, "is done")
    assert stock_in(db, "PLAIN", "RCV") == 2
    assert stock_in(db, "PLAIN", "RCV", "quarantine") == 0


def planned_putaway(qtbot, db, page, warehouse):
    """A putaway task planned on its screen, then the task list showing it."""
    StockService(db).receive(warehouse, item="PLAIN", qty=4, bin="RCV")
    putaway = page.show_screen("putaway")
    scan(qtbot, putaway, "RCV")
    wait_for(qtbot, putaway, "Scan bin A-01")
    listing = page.task_list
    page.tabs.setCurrentWidget(listing)
    qtbot.waitUntil(lambda: listing.model.rowCount() == 1, timeout=5000)
    return putaway, listing


def test_task_list_filters_and_opens_a_task(qtbot, db, page, warehouse):
    putaway, listing = planned_putaway(qtbot, db, page, warehouse)
    listing.type_box.setCurrentIndex(listing.type_box.findData("pick"))
    qtbot.waitUntil(lambda: listing.model.rowCount() == 0, timeout=5000)
    listing.type_box.setCurrentIndex(listing.type_box.findData("putaway"))
    listing.assignee.setText("nobody")
    listing.assignee.editingFinished.emit()
    qtbot.waitUntil(lambda: listing.model.rowCount() == 0, timeout=5000)
    listing.assignee.clear()
    listing.use_dates.setChecked(True)
    qtbot.waitUntil(lambda: listing.model.rowCount() == 1, timeout=5000)
    number = listing.model.row(0)["number"]
    listing.table.activated.emit(listing.model.index(0, 0))
    assert page.tabs.currentWidget() is putaway and putaway.task == number


def test_take_and_cancel_a_task_from_the_list(qtbot, db, page, warehouse):
    _putaway, listing = planned_putaway(qtbot, db, page, warehouse)
    listing.table.selectRow(0)
    listing.take_button.click()
    qtbot.waitUntil(lambda: listing.model.rowCount() == 1
                    and listing.model.row(0)["assignee"] == "admin", timeout=5000)
    listing.table.selectRow(0)
    listing.cancel_reason.setText("planned twice")
    listing.cancel_button.click()
    qtbot.waitUntil(lambda: listing.model.rowCount() == 0, timeout=5000)   # active only


def test_closing_an_order_short_needs_the_override(qtbot, db, page, warehouse, shown_errors):
    from domain.services.operations.orders import InboundData, OrderLineData, OrderService
    inbound = OrderService(db).create_inbound(warehouse, InboundData(
        "WH1", "ACME", [OrderLineData("PLAIN", 5)])).number
    receiving = page.show_screen("receive")
    scan(qtbot, receiving, inbound)
    receiving.outcome = ""
    receiving.close_button.click()
    qtbot.waitUntil(lambda: receiving.outcome == "refused", timeout=5000)
    assert "0 of 5 received" in receiving.message_label.text()
    receiving.override.setChecked(True)
    receiving.outcome = ""
    receiving.close_button.click()
    qtbot.waitUntil(lambda: receiving.outcome == "accepted", timeout=5000)
    assert receiving.order.text() == "" and shown_errors == []


def test_the_screens_follow_a_language_switch(qtbot, qapp, page):
    from gui.settings import install_translator
    putaway = page.show_screen("putaway")
    install_translator(qapp, "zh_CN")
    qtbot.waitUntil(lambda: putaway.title.text() == "上架", timeout=2000)
    assert putaway.prompt_label.text() == "扫描要上架的收货库位，或上架任务"
    assert page.tabs.tabText(0) == "任务列表"
    assert page.task_list.model.headerData(0, Qt.Orientation.Horizontal) == "任务"
    install_translator(qapp, "en")
    qtbot.waitUntil(lambda: putaway.title.text() == "Putaway", timeout=2000)
