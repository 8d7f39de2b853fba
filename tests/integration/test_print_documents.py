"""Printed documents from real data (pick list, count sheet, receiving note, delivery note), on
SQLite and PostgreSQL: each record is read from the tasks, orders and ledger in the shape of the
shipped template's sample data, queued as a print job, and the PDF the job renders carries the
document's number as a barcode that zxing-cpp reads back."""
from __future__ import annotations

from datetime import date

import pytest

from devices.printers.queue_runner import render_job
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.printing import PrinterProfile, PrintService
from domain.printing import documents
from domain.services.operations.counts import CountPlan, CountService
from tests.integration.op_support import ops  # noqa: F401  (fixture)
from tests.labels.decoding import pdf_pages, read_codes


@pytest.fixture
def flow(ops, tmp_path):
    """An order with a lot item picked (two lots) and shipped; a receipt against an inbound
    order; a PDF folder printer."""
    ops.put("LOT", 3, "A-01", lot="L1", expiry=date(2026, 12, 1))
    ops.put("LOT", 5, "A-02", lot="L2", expiry=date(2026, 12, 9))
    ops.put("PLAIN", 4, "A-01")
    ops.order = ops.outbound(("LOT", 5), ("PLAIN", 4), external_ref="SO-1", customer="Shop Ltd")
    ops.pick_task = ops.allocate(ops.order).task
    inbound = ops.inbound(("PLAIN", 10))
    ops.receipt = ops.receive("PLAIN", 6, order=inbound).task
    printing = PrintService(ops.world.db)
    (tmp_path / "out").mkdir()
    printing.save_printer(ops.world.admin, PrinterProfile("Office", "pdf-folder",
                                                          {"folder": str(tmp_path / "out")}))
    ops.printing = printing
    return ops


def record(world, document, number):
    with world.db.read() as s:
        return documents.record(s, document, number)


def test_pick_list_in_walking_order_then_delivery_note_of_what_shipped(flow):
    pick = record(flow.world, "pick_list", flow.pick_task)["pick"]
    assert pick["number"] == flow.pick_task and pick["order"] == flow.order
    lines = [(l["bin"], l["sku"], l["lot"], l["qty"]) for l in pick["lines"]]
    assert [l[0] for l in lines] == ["A-01", "A-01", "A-02"]        # walking order
    assert sorted(lines) == [("A-01", "LOT", "L1", "3"), ("A-01", "PLAIN", "", "4"),
                             ("A-02", "LOT", "L2", "2")]
    assert (pick["line_count"], pick["total_qty"]) == (3, "9")
    with pytest.raises(InvalidInput, match="nothing of"):
        record(flow.world, "delivery_note", flow.order)          # not shipped yet
    flow.pick(flow.pick_task, "A-01", "LOT", lot="L1")
    flow.pick(flow.pick_task, "A-01", "PLAIN")
    flow.pick(flow.pick_task, "A-02", "LOT", lot="L2")
    flow.shipping.confirm(flow.world.clerk, flow.order)
    note = record(flow.world, "delivery_note", flow.order)["delivery"]
    assert (note["number"], note["order"], note["ship_to"]["name"]) == (flow.order, "SO-1",
                                                                         "Shop Ltd")
    assert [(l["sku"], l["lot"], l["qty"]) for l in note["lines"]] == [
        ("LOT", "L1", "3"), ("LOT", "L2", "2"), ("PLAIN", "", "4")]


def test_receiving_note_and_a_blind_count_sheet_without_the_book(flow):
    receipt = record(flow.world, "receiving_note", flow.receipt)["receipt"]
    assert receipt["supplier"] == "ACME" and receipt["total_qty"] == "6"
    assert [(l["sku"], l["qty"]) for l in receipt["lines"]] == [("PLAIN", "6")]
    counts = CountService(flow.world.db, flow.world.clock)
    blind = counts.plan(flow.world.supervisor, CountPlan("WH1", "bin", ("A-01",))).number
    sheet = record(flow.world, "count_sheet", blind)["count"]
    assert sheet["blind"] and {(l["bin"], l["sku"], l["expected"]) for l in sheet["lines"]} == {
        ("A-01", "LOT", ""), ("A-01", "PLAIN", "")}
    shown = counts.plan(flow.world.supervisor, CountPlan("WH1", "bin", ("A-02",), blind=False))
    sheet = record(flow.world, "count_sheet", shown.number)["count"]
    assert [(l["bin"], l["sku"], l["lot"], l["expected"]) for l in sheet["lines"]] == [
        ("A-02", "LOT", "L2", "5")]


def test_documents_print_and_their_barcodes_read_back(flow, tmp_path):
    job = flow.printing.print_document(flow.world.clerk, "Office", "pick_list", flow.pick_task)
    printed = flow.printing.job(flow.world.clerk, job)
    assert printed.records[0]["pick"]["number"] == flow.pick_task
    pdf = render_job(printed, flow.printing.printer("Office"))
    (page,) = pdf_pages(pdf, tmp_path, dpi=200)
    assert read_codes(page)[("Code128", "]C0", flow.pick_task.encode())] == 1
    zh = flow.printing.print_document(flow.world.clerk, "Office", "receiving_note",
                                      flow.receipt, template="receiving_note.zh")
    assert flow.printing.job(flow.world.clerk, zh).template_name == "receiving_note.zh"


def test_bad_requests_are_refused_clearly(flow):
    with pytest.raises(NotFound):
        flow.printing.print_document(flow.world.clerk, "Office", "pick_list", "PCK-404")
    with pytest.raises(InvalidInput, match="receive task"):
        flow.printing.print_document(flow.world.clerk, "Office", "receiving_note", flow.pick_task)
    with pytest.raises(InvalidInput, match="invoice"):
        flow.printing.print_document(flow.world.clerk, "Office", "invoice", flow.order)
    with pytest.raises(PermissionDenied):
        from domain.permissions import Actor
        flow.printing.print_document(Actor(None, "nobody", "none"), "Office", "pick_list",
                                     flow.pick_task)


def test_the_designer_previews_documents_with_real_records(flow):
    from domain.labels.store import TemplateStore
    store = TemplateStore(flow.world.db, flow.world.clock)
    picks = store.preview_records(flow.world.supervisor, "pick_list")
    assert [label for label, _ in picks] == [flow.pick_task]
    assert picks[0][1] == record(flow.world, "pick_list", flow.pick_task)
    assert [label for label, _ in store.preview_records(flow.world.supervisor,
                                                        "receiving_note")] == [flow.receipt]
    assert store.preview_records(flow.world.supervisor, "delivery_note") == []  # none shipped
