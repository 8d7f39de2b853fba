"""How the task screens take scans: lots by GS1 on a pick, a wrong lot refused with a reason and
the refusal sound, short picks, the receipt tolerance and its override, the keyboard's code box,
and the ScanHub giving a scan to the visible screen only."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from domain.services.operations.orders import (
    InboundData, OrderLineData, OrderService, OutboundData,
)
from domain.services.stock import StockService
from gui.scanning.hub import ScanHub
from tests.gui.test_tasks_flow import page, scan, warehouse  # noqa: F401  (fixtures)

CASE = "]C10114006381333938"          # GTIN of a case of 12 yoghurts


class FakeFeedback:
    def __init__(self) -> None:
        self.given: list[str] = []

    def accepted(self, _widget=None) -> None:
        self.given.append("accepted")

    def refused(self, _widget=None) -> None:
        self.given.append("refused")


def allocated(qtbot, db, page, warehouse, item: str, qty: int):
    orders = OrderService(db)
    number = orders.create_outbound(warehouse, OutboundData(
        "WH1", "Shop", [OrderLineData(item, qty)])).number
    picking = page.show_screen("pick")
    scan(qtbot, picking, "STG")
    scan(qtbot, picking, number)
    qtbot.waitUntil(lambda: bool(picking.open_rows()), timeout=5000)
    return picking, number


def test_a_gs1_scan_names_the_lot_and_a_wrong_lot_is_refused_with_the_sound(
        qtbot, db, main_window, page, warehouse):
    feedback = main_window.scan_feedback = FakeFeedback()
    StockService(db).receive(warehouse, item="LOT", qty=12, bin="A-01", lot="77A",
                             expiry=date(2099, 12, 31))
    picking, _ = allocated(qtbot, db, page, warehouse, "LOT", 12)
    scan(qtbot, picking, "A-01")
    scan(qtbot, picking, f"{CASE}1799123110WRONG", expect="refused")
    assert "Wrong lot: scanned WRONG, expected 77A" in picking.message_label.text()
    assert feedback.given[-1] == "refused"
    qtbot.waitUntil(lambda: "Scan bin A-01" in picking.prompt_label.text(), timeout=5000)
    scan(qtbot, picking, "A-01")
    scan(qtbot, picking, f"{CASE}179912311077A")
    qtbot.waitUntil(lambda: "is picked" in picking.prompt_label.text(), timeout=5000)
    assert feedback.given[-1] == "accepted"


def test_a_short_pick_backorders_the_rest(qtbot, db, page, warehouse):
    StockService(db).receive(warehouse, item="PLAIN", qty=5, bin="A-01")
    picking, number = allocated(qtbot, db, page, warehouse, "PLAIN", 5)
    picking.qty.setText("3")
    picking.outcome = ""
    picking.short_button.click()
    qtbot.waitUntil(lambda: picking.outcome == "accepted", timeout=5000)
    assert f"backorder {number}-B1" in picking.message_label.text()
    assert "2 missing" in picking.message_label.text()
    assert "count CNT-" in picking.message_label.text()       # the bin is to be counted
    assert "will check A-01" in picking.message_label.text()


def test_over_receipt_needs_the_supervisor_override(qtbot, db, page, warehouse):
    inbound = OrderService(db).create_inbound(warehouse, InboundData(
        "WH1", "ACME", [OrderLineData("PLAIN", 5)])).number
    receiving = page.show_screen("receive")
    scan(qtbot, receiving, inbound)
    scan(qtbot, receiving, "PLAIN")
    receiving.qty.setText("6")
    receiving.outcome = ""
    receiving.confirm()
    qtbot.waitUntil(lambda: receiving.outcome == "refused", timeout=5000)
    assert "more than the 0% tolerance" in receiving.message_label.text()
    assert receiving.override.isVisibleTo(receiving)           # the admin may override
    receiving.override.setChecked(True)
    receiving.outcome = ""
    receiving.confirm()
    qtbot.waitUntil(lambda: receiving.outcome == "accepted", timeout=5000)
    assert not receiving.override.isChecked()


def test_the_keyboard_alone_drives_a_screen(qtbot, page, warehouse):
    receiving = page.show_screen("receive")
    for code in ("RCV", "PLAIN"):
        receiving.outcome = ""
        qtbot.keyClicks(receiving.code_edit, code)
        qtbot.keyClick(receiving.code_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: receiving.outcome == "accepted", timeout=5000)
    receiving.outcome = ""
    qtbot.keyClick(receiving.code_edit, Qt.Key.Key_Return)      # Enter on an empty box confirms
    qtbot.waitUntil(lambda: receiving.outcome == "accepted", timeout=5000)
    assert "Received 1 × PLAIN" in receiving.message_label.text()


def test_the_hub_gives_a_scan_to_the_visible_screen_only(qtbot, page, warehouse):
    hub = ScanHub()
    unclaimed = []
    hub.unclaimed.connect(unclaimed.append)
    for screen in page.screens.values():
        hub.add_consumer(screen)
    putaway, receiving = page.screens["putaway"], page.show_screen("receive")
    putaway.outcome = receiving.outcome = ""
    hub.inject("RCV")
    qtbot.waitUntil(lambda: receiving.outcome == "accepted", timeout=5000)
    assert receiving.bin.text() == "RCV" and putaway.outcome == "" and not unclaimed
    page.tabs.setCurrentWidget(page.task_list)
    hub.inject("RCV")
    assert len(unclaimed) == 1                                  # no task screen is showing


def test_a_blind_receipt_is_finished_with_the_close_button(qtbot, db, page, warehouse):
    receiving = page.show_screen("receive")
    scan(qtbot, receiving, "RCV")
    scan(qtbot, receiving, "PLAIN")
    receiving.outcome = ""
    receiving.confirm()
    qtbot.waitUntil(lambda: receiving.outcome == "accepted" and bool(receiving.rows),
                    timeout=5000)
    task = receiving.task
    receiving.outcome = ""
    receiving.close_button.click()
    qtbot.waitUntil(lambda: receiving.outcome == "accepted", timeout=5000)
    assert f"{task} closed" in receiving.message_label.text() and receiving.task is None
    listing = page.task_list
    listing.state_box.setCurrentIndex(listing.state_box.findData("done"))
    qtbot.waitUntil(lambda: [listing.model.row(i)["number"]
                             for i in range(listing.model.rowCount())] == [task], timeout=5000)
