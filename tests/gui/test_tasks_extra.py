"""Lot recall, wave picking and unpicking, serials on a receipt and inspection photos on the task
screens, driven by simulated scans."""
from __future__ import annotations

from datetime import date

from domain.services.masterdata import ItemData, MasterDataService
from domain.services.operations.orders import OrderLineData, OrderService, OutboundData
from domain.services.stock import StockService
from tests.gui.test_tasks_flow import page, scan, warehouse  # noqa: F401  (fixtures)
from tests.gui.test_tasks_more import returned, stock_in

CASE = "]C10114006381333938"


def test_a_lot_is_blocked_everywhere_and_released_by_scan(qtbot, db, page, warehouse):
    StockService(db).receive(warehouse, item="LOT", qty=12, bin="A-01", lot="77A",
                             expiry=date(2099, 12, 31))
    recall = page.show_screen("recall")
    scan(qtbot, recall, f"{CASE}179912311077A")
    assert (recall.item.text(), recall.lot.text()) == ("LOT", "77A")
    recall.outcome = ""
    recall.block_button.click()                      # no reason: refused
    qtbot.waitUntil(lambda: recall.outcome == "refused", timeout=5000)
    recall.reason.setText("supplier recall 42")
    recall.outcome = ""
    recall.block_button.click()
    qtbot.waitUntil(lambda: recall.outcome == "accepted", timeout=5000)
    assert "blocked: 12 unit(s)" in recall.message_label.text()
    assert stock_in(db, "LOT", "A-01", "blocked") == 12
    recall.outcome = ""
    recall.release_button.click()
    qtbot.waitUntil(lambda: recall.outcome == "accepted", timeout=5000)
    assert stock_in(db, "LOT", "A-01") == 12


def test_a_wave_of_two_orders_is_picked_and_one_line_unpicked(qtbot, db, page, warehouse):
    StockService(db).receive(warehouse, item="PLAIN", qty=3, bin="A-01")
    orders = OrderService(db)
    numbers = [orders.create_outbound(warehouse, OutboundData(
        "WH1", "Shop", [OrderLineData("PLAIN", qty)])).number for qty in (2, 1)]
    picking = page.show_screen("pick")
    picking.wave_box.setChecked(True)
    scan(qtbot, picking, "STG")
    for number in numbers:
        scan(qtbot, picking, number)
    assert "Enter to allocate the wave" in picking.prompt_label.text()
    picking.enter_pressed()
    qtbot.waitUntil(lambda: len(picking.open_rows()) == 2, timeout=5000)
    assert sorted(r["order"] for r in picking.rows) == sorted(numbers)
    for _ in numbers:
        scan(qtbot, picking, "A-01")
        scan(qtbot, picking, "PLAIN")
    qtbot.waitUntil(lambda: "is picked" in picking.prompt_label.text(), timeout=5000)
    assert stock_in(db, "PLAIN", "STG") == 3
    picking.table.selectRow(0)
    picking.qty.setText("1")
    picking.outcome = ""
    picking.unpick_button.click()
    qtbot.waitUntil(lambda: picking.outcome == "accepted", timeout=5000)
    assert (stock_in(db, "PLAIN", "STG"), stock_in(db, "PLAIN", "A-01")) == (2, 1)


def test_serials_are_received_and_an_inspection_gets_a_photo(qtbot, db, page, warehouse,
                                                             tmp_path):
    MasterDataService(db).save_item(warehouse, ItemData("SER", "Terminal", serial_tracked=True))
    receiving = page.show_screen("receive")
    scan(qtbot, receiving, "RCV")
    scan(qtbot, receiving, "SER")
    receiving.qty.setText("2")
    receiving.serials.setText("S1, S2")
    receiving.outcome = ""
    receiving.confirm()
    qtbot.waitUntil(lambda: receiving.outcome == "accepted", timeout=5000)
    assert stock_in(db, "SER", "RCV") == 2

    inspect = page.show_screen("inspect")
    scan(qtbot, inspect, returned(qtbot, page, "1"))
    photo = tmp_path / "dent.png"
    photo.write_bytes(b"\x89PNG fake")
    inspect.outcome = ""
    inspect.attach_file(str(photo))
    qtbot.waitUntil(lambda: inspect.outcome == "accepted", timeout=5000)
    assert "dent.png attached" in inspect.message_label.text()


def test_an_order_is_entered_by_scanning_its_items(qtbot, db, page, warehouse):
    entry = page.show_screen("order")
    entry.direction.setCurrentIndex(entry.direction.findData("outbound"))
    entry.warehouse.setText("WH1")
    entry.partner.setText("Corner shop")
    scan(qtbot, entry, "PLAIN")
    scan(qtbot, entry, "PLAIN")
    scan(qtbot, entry, f"{CASE}179912311077A")
    scan(qtbot, entry, "RCV", expect="refused")
    entry.qty.setText("2")
    entry.qty.textEdited.emit("2")                         # the case line: 2 instead of 12
    assert [(r["item"], r["lot_no"], r["qty"]) for r in entry.rows] == [
        ("PLAIN", None, 2), ("LOT", "77A", 2)]
    entry.outcome = ""
    entry.enter_pressed()
    qtbot.waitUntil(lambda: entry.outcome == "accepted", timeout=5000)
    number = entry.message_label.text().split()[1]
    from domain.services.operations.common import load_outbound
    with db.read() as s:
        order = load_outbound(s, number, lock=False)
        assert (order.customer, [l.qty_ordered for l in order.lines]) == ("Corner shop", [2, 2])


def test_a_partial_inspection_sends_the_failed_units_to_the_scanned_bin(qtbot, db, page,
                                                                       warehouse):
    task = returned(qtbot, page, "3")
    inspect = page.show_screen("inspect")
    scan(qtbot, inspect, task)
    qtbot.waitUntil(lambda: bool(inspect.open_rows()), timeout=5000)
    scan(qtbot, inspect, "STG")                            # failed units go there
    assert inspect.disposition.currentData() == "return"
    inspect.failed.setText("1")
    inspect.outcome = ""
    inspect.buttons["partial"].click()
    qtbot.waitUntil(lambda: "is done" in inspect.prompt_label.text(), timeout=5000)
    assert stock_in(db, "PLAIN", "RCV") == 2
    assert sum(stock_in(db, "PLAIN", "STG", status) for status in
               ("available", "damaged", "quarantine", "blocked")) == 1
