"""The master-data screens' pages and counts, on SQLite and PostgreSQL (see conftest ``world``)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from domain.queries.masterdata import (
    BinFilter, ItemFilter, LotFilter, bin_count, bin_page, item_count, item_page, lot_count,
    lot_page, warehouse_list, zone_list,
)
from domain.services.masterdata import BinRange, ItemData


def codes(rows, key="code"):
    return [r[key] for r in rows]


def test_items_are_found_by_code_prefix_in_any_case_by_name_part_and_by_barcode(world):
    world.master.save_item(world.admin, ItemData("ab-7", "Mixed-case code"))
    world.master.save_item(world.admin, ItemData("GT-1", "Scanned", barcodes=[
        ("4006381333931", "GTIN", Decimal(1))]))
    with world.db.read() as s:
        assert codes(item_page(s, ItemFilter("lo"))) == ["LOT"]
        assert codes(item_page(s, ItemFilter("ab"))) == ["ab-7"]
        assert codes(item_page(s, ItemFilter("widget"))) == ["PLAIN"]
        assert codes(item_page(s, ItemFilter("40063813"))) == ["GT-1"]
        assert item_count(s, ItemFilter("40063813")) == 1
        assert item_count(s, ItemFilter()) == 5


def test_item_pages_sort_on_the_server_and_page_with_offset(world):
    with world.db.read() as s:
        assert codes(item_page(s, ItemFilter(), sort="name")) == ["SER", "PLAIN", "LOT"]
        assert codes(item_page(s, ItemFilter(), sort="code", descending=True)) == [
            "SER", "PLAIN", "LOT"]
        assert codes(item_page(s, ItemFilter(), offset=1, limit=1)) == ["PLAIN"]


def test_a_percent_sign_is_searched_literally(world):
    world.master.save_item(world.admin, ItemData("P%1", "100% cotton"))
    with world.db.read() as s:
        assert codes(item_page(s, ItemFilter("P%"))) == ["P%1"]
        assert codes(item_page(s, ItemFilter("0% c"))) == ["P%1"]


def test_bins_filter_by_warehouse_zone_prefix_type_and_blocked(world):
    world.master.save_warehouse(world.admin, "WH2", "Second")
    world.master.create_bin_range(world.admin, BinRange("WH2", None, "A", (1, 2), (1, 1), (1, 2)))
    with world.db.read() as s:
        assert bin_count(s, BinFilter()) == 9
        assert codes(bin_page(s, BinFilter(warehouse="WH1", code="a-"))) == ["A-01", "A-02"]
        assert bin_count(s, BinFilter(code="a-0")) == 6
        assert codes(bin_page(s, BinFilter(zone="A", bin_type="quarantine"))) == ["Q-01"]
        assert codes(bin_page(s, BinFilter(blocked=True))) == ["X-99"]
        assert codes(bin_page(s, BinFilter(code="WH2-A-02"))) == ["A-02-01-01", "A-02-01-02"]
        row = bin_page(s, BinFilter(code="X-99"))[0]
        assert (row["warehouse"], row["zone"]) == ("WH1", None)
        assert row["blocked_reason"] == "rack damaged"


def test_lots_filter_by_item_number_and_expiry_and_show_what_is_on_hand(world):
    today = world.clock.today()
    for lot_no, days in (("L-OLD", -1), ("L-SOON", 5), ("L-LATE", 60)):
        world.stock.receive(world.admin, item="LOT", qty=3, bin="Q-01", lot=lot_no,
                            expiry=today + timedelta(days=days), status="quarantine")
    with world.db.read() as s:
        assert codes(lot_page(s, LotFilter()), "lot_no") == ["L-OLD", "L-SOON", "L-LATE"]
        assert codes(lot_page(s, LotFilter(expired_on=today)), "lot_no") == ["L-OLD"]
        soon = LotFilter(expiry_before=today + timedelta(days=30))
        assert lot_count(s, soon) == 2
        assert codes(lot_page(s, LotFilter(lot_no="l-s")), "lot_no") == ["L-SOON"]
        assert lot_count(s, LotFilter(item="PLAIN")) == 0
        assert lot_page(s, LotFilter(), sort="on_hand")[0]["on_hand"] == Decimal(3)


def test_warehouses_and_zones_list_their_sizes(world):
    world.master.save_zone(world.admin, "WH1", "B", "Bulk")
    with world.db.read() as s:
        assert [(w["code"], w["zones"], w["bins"]) for w in warehouse_list(s)] == [("WH1", 2, 5)]
        assert [(z["code"], z["bins"]) for z in zone_list(s, "WH1")] == [("A", 4), ("B", 0)]
        assert zone_list(s, "nope") == [] and date.today()


def test_detail_panels_gather_availability_contents_history_and_trace(world):
    from domain.queries.masterdata import Reader, bin_detail, item_detail, tracking_detail
    from domain.services.stock import StockRef
    world.stock.receive(world.admin, item="LOT", qty=10, bin="A-01", lot="L1",
                        expiry=world.clock.today() + timedelta(days=9))
    world.stock.transfer(world.admin, StockRef("LOT", "A-01", lot="L1"), 4, "A-02")
    world.stock.issue(world.admin, StockRef("LOT", "A-02", lot="L1"), 1, document_ref="SO-1")
    read = Reader(world.db, world.clock)
    item = read(item_detail, "LOT", read.today())
    assert item["available"] == Decimal(9) and item["by_status"]["available"] == Decimal(9)
    assert [m["reason"] for m in item["history"]] == ["issue", "transfer", "receipt"]
    a02 = read(bin_detail, "WH1", "A-02")
    assert [(c["item_code"], c["on_hand"]) for c in a02["contents"]] == [("LOT", Decimal(3))]
    assert [m["reason"] for m in a02["history"]] == ["issue", "transfer"]
    lot = read(tracking_detail, "LOT", "L1")
    assert lot["lot"]["lot_no"] == "L1"
    assert [o["to_bin"] for o in lot["trace"].origin] == ["A-01"]
    assert [l["document_ref"] for l in lot["trace"].left] == ["SO-1"]
    assert sorted(c["bin"] for c in lot["trace"].current) == ["A-01", "A-02"]
