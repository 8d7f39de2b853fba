"""The task screens driven by simulated scans, from receipt to shipment: receive against an
inbound order, put away to the suggested bin, allocate and pick, pack into an SSCC package and
ship by scanning it. Wrong scans are refused on the screen with a reason, never written."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from devices.scanners import make_event
from domain.numbering import ensure_rules
from domain.persistence.tables import outbound_orders, package_contents, packages, quants
from domain.services.masterdata import BinData, ItemData, MasterDataService
from domain.services.operations.orders import (
    InboundData, OrderLineData, OrderService, OutboundData,
)
from domain.services.operations.packing import PackingService
from domain.services.users import actor_of

GS = "\x1d"


@pytest.fixture
def warehouse(db, admin):
    """WH1: RCV (receiving), A-01 (storage), STG (staging); items PLAIN and LOT (GTIN)."""
    actor = actor_of(admin)
    master = MasterDataService(db)
    db.write(ensure_rules)
    master.save_warehouse(actor, "WH1", "Main warehouse")
    master.save_zone(actor, "WH1", "A", "Storage A")
    for code, kind in (("RCV", "receiving"), ("A-01", "storage"), ("STG", "staging")):
        master.save_bin(actor, BinData("WH1", code, zone="A", bin_type=kind))
    master.save_item(actor, ItemData("PLAIN", "Plain widget"))
    master.save_item(actor, ItemData("LOT", "Yoghurt", lot_tracked=True,
                                     removal_strategy="FEFO",
                                     barcodes=[("14006381333938", "GTIN", Decimal(12))]))
    PackingService(db).configure_sscc(actor, "4012345")
    return actor


@pytest.fixture
def page(main_window, warehouse):
    return main_window.show_screen("tasks")


def scan(qtbot, screen, text: str, expect: str = "accepted") -> None:
    """One scan through the screen's consumer interface; wait for its outcome."""
    screen.outcome = ""
    screen.handle_scan(make_event(text.encode(), "test"))
    qtbot.waitUntil(lambda: screen.outcome != "", timeout=5000)
    assert screen.outcome == expect, screen.message_label.text()


def on_hand(db) -> Decimal:
    with db.read() as s:
        return sum(s.scalars(select(quants.c.on_hand)), Decimal(0))


def test_receipt_to_shipment_by_scans(qtbot, db, page, warehouse, shown_errors):
    orders = OrderService(db)
    inbound = orders.create_inbound(warehouse, InboundData(
        "WH1", "ACME", [OrderLineData("PLAIN", 5)])).number
    outbound = orders.create_outbound(warehouse, OutboundData(
        "WH1", "Shop", [OrderLineData("PLAIN", 3)])).number

    receiving = page.show_screen("receive")
    assert "inbound order" in receiving.prompt_label.text()
    scan(qtbot, receiving, inbound)
    assert receiving.order.text() == inbound
    scan(qtbot, receiving, "PLAIN")
    assert receiving.qty.text() == "1"                       # one unit per plain scan
    receiving.qty.setText("5")
    receiving.confirm()
    qtbot.waitUntil(lambda: "Received 5" in receiving.message_label.text(), timeout=5000)
    qtbot.waitUntil(lambda: [r["qty_done"] for r in receiving.rows] == [Decimal(5)],
                    timeout=5000)

    putaway = page.show_screen("putaway")
    scan(qtbot, putaway, "RCV")
    qtbot.waitUntil(lambda: bool(putaway.open_rows()), timeout=5000)
    assert putaway.open_rows()[0]["to_bin"] == "A-01"
    assert "Scan bin A-01" in putaway.prompt_label.text()
    scan(qtbot, putaway, "STG", expect="refused")             # not a storage bin
    scan(qtbot, putaway, "A-01")
    qtbot.waitUntil(lambda: "is done" in putaway.prompt_label.text(), timeout=5000)

    picking = page.show_screen("pick")
    scan(qtbot, picking, "STG")
    scan(qtbot, picking, outbound)
    qtbot.waitUntil(lambda: bool(picking.open_rows()), timeout=5000)
    assert "Scan bin A-01" in picking.prompt_label.text()
    scan(qtbot, picking, "PLAIN", expect="refused")           # the bin comes first
    assert "expected bin A-01" in picking.message_label.text()
    scan(qtbot, picking, "A-01")
    assert "Scan item PLAIN (3)" in picking.prompt_label.text()
    scan(qtbot, picking, "PLAIN")
    qtbot.waitUntil(lambda: "is picked" in picking.prompt_label.text(), timeout=5000)

    shipping = page.show_screen("pack")
    scan(qtbot, shipping, outbound)
    qtbot.waitUntil(lambda: [r["qty_picked"] for r in shipping.rows] == [3], timeout=5000)
    scan(qtbot, shipping, "PLAIN")                             # one unit into the first box
    for _box in range(2):                                     # then the rest into a second
        shipping.outcome = ""
        shipping.enter_pressed()
        qtbot.waitUntil(lambda: shipping.outcome == "accepted", timeout=5000)
    first, second = shipping.packages
    assert len(first) == 18 and second in shipping.prompt_label.text()
    with db.read() as s:
        boxes = s.execute(select(packages.c.sscc, package_contents.c.qty).join(
            package_contents, package_contents.c.package_id == packages.c.id)).all()
    assert sorted((sscc, qty) for sscc, qty in boxes) == [(first, 1), (second, 2)]
    scan(qtbot, shipping, "]C100" + first)
    assert f"{outbound} shipped" in shipping.message_label.text()
    with db.read() as s:
        state = s.scalar(select(outbound_orders.c.state).where(
            outbound_orders.c.number == outbound))
    assert state == "done"
    assert on_hand(db) == 2                                   # 5 received, 3 shipped
    assert shown_errors == []


def test_gs1_case_scan_fills_item_lot_expiry_and_quantity(qtbot, page):
    receiving = page.show_screen("receive")
    scan(qtbot, receiving, "RCV")
    scan(qtbot, receiving, f"]C10114006381333938172712311077A{GS}302")
    assert (receiving.item.text(), receiving.lot.text(), receiving.expiry.text(),
            receiving.qty.text()) == ("LOT", "77A", "2027-12-31", "24")
    receiving.outcome = ""
    receiving.enter_pressed()
    qtbot.waitUntil(lambda: receiving.outcome == "accepted", timeout=5000)
    assert "Received 24" in receiving.message_label.text()


def test_a_scan_no_step_expects_is_refused(qtbot, page):
    receiving = page.show_screen("receive")
    scan(qtbot, receiving, "NOSUCHCODE", expect="refused")
    assert "is not an order" in receiving.message_label.text()
