"""The designer's live preview with a real package: ``TemplateStore.preview_records("package")``
gives the record the print service prints a pallet label with, and every field the shipped
pallet labels bind is in the designer's field contract (``domain.labels.checks.FIELDS``)."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import insert, select

from domain.labels.checks import FIELDS, check, template_fields
from domain.labels.layout import layout_job
from domain.labels.shipped import load_shipped
from domain.labels.store import TemplateStore
from domain.model.sscc import make_sscc
from domain.persistence import tables as t
from domain.printing.records import pallet_record
from domain.services.masterdata import ItemData


def test_package_records_for_the_preview_are_the_print_services(world):
    sscc = make_sscc("1", "0614141", 1)
    world.master.save_item(world.admin, ItemData("GT", "Boxed tea", barcodes=[
        ("09506000134352", "GTIN", Decimal(1))]))

    def setup(s):
        ids = dict(s.execute(select(t.items.c.code, t.items.c.id)).all())
        warehouse = s.execute(select(t.warehouses.c.id)).scalar()
        order = s.execute(insert(t.outbound_orders).values(
            number="SO-7", warehouse_id=warehouse, customer="Retail Co.", external_ref="PO-1",
            created_at=world.clock.now()).returning(t.outbound_orders.c.id)).scalar_one()
        line = s.execute(insert(t.outbound_order_lines).values(
            order_id=order, line_no=1, item_id=ids["GT"], qty_ordered=10)
            .returning(t.outbound_order_lines.c.id)).scalar_one()
        package = s.execute(insert(t.packages).values(
            sscc=sscc, kind="pallet", outbound_order_id=order, state="closed",
            created_at=world.clock.now()).returning(t.packages.c.id)).scalar_one()
        s.execute(insert(t.package_contents).values(package_id=package, outbound_line_id=line,
                                                    item_id=ids["GT"], qty=10))
        return package
    package = world.db.write(setup)

    store = TemplateStore(world.db, world.clock)
    ((label, record),) = store.preview_records(world.admin, "package")
    with world.db.read() as s:
        assert (label, record) == (sscc, pallet_record(s, package))
    template = load_shipped("pallet_label.en")
    assert check(template, record) == []
    pages = layout_job(template, [record], for_media=False)     # one per copy
    assert pages and all(page.items for page in pages)
    for name in ("pallet_label.en", "pallet_label_mixed.en"):
        for element in load_shipped(name).elements:
            for path in template_fields(element):
                assert path in FIELDS["package"] or path.startswith("label."), path
