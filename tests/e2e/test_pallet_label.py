"""Station mode, pallets: scanning a packed pallet's SSCC (plain digits or the GS1-128 (00)
barcode a previous label carries) queues its GS1 logistic label; the queue runner prints it into
a PDF folder, pdftoppm rasterises the PDF at 200 dpi and zxing-cpp reads the barcodes back:
the SSCC as (00), and for a pallet of one item and lot the content barcode
(02) GTIN, (37) count, (15) best before, (10) lot. A mixed pallet gets the mixed template (SSCC and
the contents as text, no content barcode). Ship-from and ship-to come from the warehouse, the
company name setting and the outbound order.
"""
from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import insert, select

from devices.printers.queue_runner import QueueRunner
from domain.errors import NotFound
from domain.model.sscc import make_sscc
from domain.printing import PrinterProfile, PrintService, RetryRule, StationLabel
from domain.printing.records import COMPANY_NAME_KEY
from domain.persistence import tables as t
from domain.services.masterdata import ItemData
from tests.labels.decoding import pdf_pages, read_codes

GTIN = "09506000134352"
LOT_NO = "L2611-07"
BEST_BEFORE = date(2027, 1, 31)
PREFIX = "0614141"
FAST = RetryRule(base_delay=0.01, factor=2, max_delay=0.05, jitter=0.2, max_attempts=5)


@pytest.fixture
def pallets(world, tmp_path):
    """A PDF-folder printer, a station whose pallet label is the shipped English one, and two
    packed pallets of outbound order SO-1: one of 24 × LOT (lot L2611-07), one mixed."""
    world.master.save_item(world.admin, ItemData(
        "LOT", "Yoghurt 500 g", lot_tracked=True, removal_strategy="FEFO", shelf_life_days=30,
        barcodes=[(GTIN, "GTIN", Decimal(1))]))
    printing = PrintService(world.db)
    folder = tmp_path / "out"
    folder.mkdir()
    printing.save_printer(world.admin, PrinterProfile("Labels", "pdf-folder",
                                                      {"folder": str(folder)}))
    printing.save_station(world.admin, "Dock", [StationLabel("pallet", "Labels",
                                                             "pallet_label.en")])
    single, mixed = make_sscc("1", PREFIX, 1), make_sscc("1", PREFIX, 2)

    def setup(s):
        ids = dict(s.execute(select(t.items.c.code, t.items.c.id)).all())
        wh = s.execute(select(t.warehouses.c.id)).scalar()
        s.execute(t.warehouses.update().values(address="Hafenstrasse 1, Hamburg"))
        s.execute(insert(t.settings).values(key=COMPANY_NAME_KEY, value="Acme Distribution"))
        lot = s.execute(insert(t.lots).values(item_id=ids["LOT"], lot_no=LOT_NO,
                                              expiry_date=BEST_BEFORE)
                        .returning(t.lots.c.id)).scalar_one()
        order = s.execute(insert(t.outbound_orders).values(
            number="SO-1", warehouse_id=wh, customer="Shenzhen Retail Co.",
            external_ref="PO-77812", created_at=world.clock.now())
            .returning(t.outbound_orders.c.id)).scalar_one()
        lines = {}
        for no, item in enumerate(("LOT", "PLAIN"), 1):
            lines[item] = s.execute(insert(t.outbound_order_lines).values(
                order_id=order, line_no=no, item_id=ids[item], qty_ordered=100)
                .returning(t.outbound_order_lines.c.id)).scalar_one()
        for sscc, contents in ((single, [("LOT", lot, 20), ("LOT", lot, 4)]),
                               (mixed, [("LOT", lot, 3), ("PLAIN", None, 5)])):
            package = s.execute(insert(t.packages).values(
                sscc=sscc, kind="pallet", outbound_order_id=order, state="closed",
                created_at=world.clock.now()).returning(t.packages.c.id)).scalar_one()
            for item, lot_id, qty in contents:
                s.execute(insert(t.package_contents).values(
                    package_id=package, outbound_line_id=lines[item], item_id=ids[item],
                    lot_id=lot_id, qty=qty))
    world.db.write(setup)
    return world, printing, folder, single, mixed


def _print(world, printing, folder, job_id, tmp_path):
    """Drain the queue into the PDF folder; the job's pages as images."""
    runner = QueueRunner(printing, worker="dock", rule=FAST)
    deadline = time.monotonic() + 30
    while printing.job(world.clerk, job_id).state != "printed":
        assert time.monotonic() < deadline, printing.job(world.clerk, job_id).last_error
        runner.run_once()
    (pdf,) = folder.glob("*.pdf")
    pages = pdf_pages(pdf.read_bytes(), tmp_path, dpi=200)
    pdf.unlink()
    return pages


def test_scanning_a_pallets_gs1_sscc_prints_its_logistic_label(pallets, tmp_path):
    world, printing, folder, single, _mixed = pallets
    job_id = printing.print_scan(world.clerk, "Dock", f"]C100{single}")
    job = printing.job(world.clerk, job_id)
    assert job.template_name == "pallet_label.en"
    (record,) = job.records
    assert record["ship_from"] == {"name": "Acme Distribution",
                                   "address": "Hafenstrasse 1, Hamburg"}
    assert record["ship_to"]["name"] == "Shenzhen Retail Co."
    assert (record["ship_to"]["order"], record["ship_to"]["reference"]) == ("SO-1", "PO-77812")
    content = record["content"]
    assert (content["gtin"], content["count"], content["lot"], content["best_before"]) == (
        GTIN, "24", LOT_NO, "2027-01-31")

    pages = _print(world, printing, folder, job_id, tmp_path)
    assert len(pages) == 2                                  # the template prints two per pallet
    for page in pages:
        assert sorted(read_codes(page)) == [
            ("Code128", "]C1", f"00{single}".encode()),
            ("Code128", "]C1", f"02{GTIN}3724\x1d15270131" f"10{LOT_NO}".encode())]


def test_a_mixed_pallet_prints_the_mixed_template_with_its_sscc_only(pallets, tmp_path):
    world, printing, folder, _single, mixed = pallets
    job_id = printing.print_scan(world.clerk, "Dock", mixed)          # the plain 18 digits
    job = printing.job(world.clerk, job_id)
    assert job.template_name == "pallet_label_mixed.en"
    content = job.records[0]["content"]
    assert "gs1" not in content
    assert (content["lines"], content["total"]) == (2, "8")
    assert content["list"].splitlines() == [
        f"3 pcs  LOT  Yoghurt 500 g  LOT {LOT_NO}  BB 2027-01-31", "5 pcs  PLAIN  Plain widget"]
    for page in _print(world, printing, folder, job_id, tmp_path):
        assert sorted(read_codes(page)) == [("Code128", "]C1", f"00{mixed}".encode())]


def test_print_package_by_sscc_and_an_unknown_sscc(pallets):
    world, printing, _folder, single, _mixed = pallets
    job = printing.job(world.clerk, printing.print_package(world.clerk, "Dock", single,
                                                           copies=3))
    assert (job.records[0]["package"], job.copies) == ({"sscc": single, "kind": "pallet"}, 3)
    with pytest.raises(NotFound):
        printing.print_package(world.clerk, "Dock", make_sscc("1", PREFIX, 99))
    with pytest.raises(NotFound):
        printing.print_scan(world.clerk, "Dock", make_sscc("1", PREFIX, 99))
