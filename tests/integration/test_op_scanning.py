"""Scans in the operations: one GS1 scan fills a receipt; SSCCs, orders and tasks resolve."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain import errors
from domain.barcodes.parse import parse_scan
from domain.barcodes.resolution import resolve
from domain.services.masterdata import ItemData
from domain.services.operations.scanning import receipt_from_scan
from tests.integration.op_support import ops, stock  # noqa: F401  (ops is a fixture)

GS = "\x1d"


def resolved(ops, data, kinds=None):
    with ops.world.db.read() as s:
        return resolve(s, parse_scan(data), kinds)


@pytest.fixture
def gtin_item(ops):
    ops.world.master.save_item(ops.world.admin, ItemData(
        "MILK", "Milk 1 l", lot_tracked=True, removal_strategy="FEFO",
        barcodes=[("4006381333931", "GTIN", Decimal(1)), ("14006381333938", "GTIN", Decimal(12))]))
    return ops


def test_one_gs1_scan_fills_item_lot_expiry_and_quantity(gtin_item):
    ops = gtin_item
    scan = receipt_from_scan(resolved(ops, f"]C10114006381333938172712311077A{GS}302"),
                             bin="RCV")
    assert (scan.item, scan.lot, scan.expiry, scan.qty) == ("MILK", "77A", date(2027, 12, 31),
                                                          Decimal(24))   # 2 cases of 12
    ops.receiving.receive(ops.world.clerk, scan)
    assert stock(ops.world, "MILK", "RCV", "77A") == (24, 0)


def test_the_clerk_may_override_what_the_scan_said(gtin_item):
    scan = receipt_from_scan(resolved(gtin_item, "4006381333931"), qty=5, lot="X1")
    assert (scan.item, scan.qty, scan.lot) == ("MILK", 5, "X1")


def test_a_scan_that_is_not_an_item_cannot_fill_a_receipt(ops):
    with pytest.raises(errors.InvalidInput, match="scan an item"):
        receipt_from_scan(resolved(ops, "WH1-A-01"))


def test_packages_orders_and_tasks_resolve_by_their_numbers(ops):
    ops.packing.configure_sscc(ops.world.admin, "4012345")
    ops.put("PLAIN", 2, "A-01")
    number = ops.outbound(("PLAIN", 2), external_ref="SO-77")
    pick = ops.allocate(number).task
    ops.pick(pick, "A-01", "PLAIN")
    sscc = ops.packing.pack(ops.world.clerk, number)
    package = resolved(ops, f"]C100{sscc}").match
    assert (package.kind, package.detail["order"]) == ("package", number)
    assert resolved(ops, "SO-77", ["order"]).match.key == number
    assert resolved(ops, pick, ["task"]).match.detail == {"type": "pick", "state": "done"}
