"""Issue 4, end to end: a lot label this project renders, read back by zxing-cpp the way a
scanner would (symbology identifier and GS separators included), parsed and resolved against
the warehouse to exactly the item and lot it was printed for.

The label is rendered to PDF by the project's renderer and rasterised by pdftoppm at 200 dpi
(``tests.labels.decoding``), so the path is the one a printed label takes.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from devices.printers.render import render
from domain.barcodes import parse_scan
from domain.barcodes.resolution import ITEM, LOT
from domain.demo.catalog import gtin_check_digit
from domain.labels.shipped import load_shipped
from domain.services.masterdata import ItemData
from domain.services.resolve import ResolveService, resolve_scan
from tests.labels.decoding import pdf_pages, read_codes

GTIN = "09506000134352"          # valid GTIN-14 (GS1's documentation example, check digit 2)
LOT_NO = "L2611-07"
EXPIRY = date(2027, 1, 31)
NOW = datetime(2026, 11, 25, 9, 30)


@pytest.fixture
def labelled(world, tmp_path):
    """The LOT item with a GTIN, one lot received, its shipped lot label rendered and read."""
    assert gtin_check_digit(GTIN[:-1]) == GTIN[-1]
    world.master.save_item(world.admin, ItemData(
        "LOT", "Yoghurt 500 g", lot_tracked=True, removal_strategy="FEFO", shelf_life_days=30,
        barcodes=[(GTIN, "GTIN", Decimal(1))]))
    world.stock.receive(world.clerk, item="LOT", qty="12", bin="A-01", lot=LOT_NO, expiry=EXPIRY)
    template = load_shipped("lot_label.en")
    record = {"item": {"name": "Yoghurt 500 g", "gtin": GTIN},
              "lot": {"no": LOT_NO, "expiry": EXPIRY}}
    (pdf,) = render(template, [record], fmt="pdf", now=NOW)
    (page,) = pdf_pages(pdf, tmp_path, dpi=200)
    return world, read_codes(page)


def _decoded(codes, fmt: str, aim: str) -> bytes:
    found = [data for (name, symbology, data) in codes if (name, symbology) == (fmt, aim)]
    assert len(found) == 1, f"expected one {fmt} {aim} on the label, read {sorted(codes)}"
    return found[0]


@pytest.mark.parametrize("fmt, aim", [("Code128", "]C1"), ("DataMatrix", "]d2")],
                         ids=["gs1-128", "gs1-datamatrix"])
def test_a_printed_lot_label_scans_to_exactly_its_item_and_lot(labelled, fmt, aim):
    world, codes = labelled
    data = _decoded(codes, fmt, aim)
    expected_payload = f"01{GTIN}17{EXPIRY:%y%m%d}10{LOT_NO}".encode()
    assert data == expected_payload            # lot last: no GS separator needed
    scan = aim + data.decode("ascii")          # what a scanner with AIM prefixes transmits

    meaning = parse_scan(scan)
    assert (meaning.gtin, meaning.lot, meaning.expiry) == (GTIN, LOT_NO, EXPIRY)

    resolution = ResolveService(world.db, world.clock).resolve(world.clerk, scan)
    assert resolution.kind == ITEM
    assert resolution.match.key == "LOT"
    (lot,) = resolution.related
    assert lot.kind == LOT
    assert (lot.detail["item_code"], lot.detail["lot_no"]) == ("LOT", LOT_NO)
    assert lot.detail["expiry_date"] == EXPIRY

    # the same inside a service's own transaction, symbology given separately by the device
    with world.db.read() as session:
        inside = resolve_scan(session, data.decode("ascii"), symbology=aim)
    assert (inside.match.key, inside.related) == ("LOT", resolution.related)
