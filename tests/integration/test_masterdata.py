"""Master data: validation, clear refusals, and an audit of what changed."""
import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from domain import errors
from domain.model import Bin
from domain.persistence.tables import audit_log
from domain.services.masterdata import BinData, BinRange, ItemData, gtin_is_valid


def test_item_with_barcodes_and_pack_units_is_saved_and_changes_are_audited(world):
    world.master.save_item(world.admin, ItemData(
        "MILK", "Milk 1 L", base_uom="pcs", lot_tracked=True, removal_strategy="FEFO",
        shelf_life_days=10, abc_class="A", min_qty=Decimal(24), max_qty=Decimal(240),
        barcodes=[("4006381333931", "GTIN", Decimal(1)), ("SUP-778", "SUPPLIER", Decimal(1))],
        pack_units=[("box", Decimal(12))]))
    item = world.master.get_item("MILK")
    assert [b.code for b in item.barcodes] == ["4006381333931", "SUP-778"]
    assert item.to_base(Decimal(2), "box") == 24
    world.master.save_item(world.admin, ItemData("MILK", "Milk 1 L (UHT)", lot_tracked=True,
                                                 removal_strategy="FEFO", shelf_life_days=90))
    with world.db.read() as s:
        detail = json.loads(s.scalar(select(audit_log.c.detail)
                                     .where(audit_log.c.action == "item.update")))
    assert detail["name"] == ["Milk 1 L", "Milk 1 L (UHT)"]
    assert detail["shelf_life_days"] == [10, 90]
    assert [b.code for b in world.master.get_item("MILK").barcodes] == ["4006381333931", "SUP-778"]


@pytest.mark.parametrize("data, field", [
    (ItemData("", "No code"), "item code"),
    (ItemData("X1", " "), "item name"),
    (ItemData("X1", "Bad", removal_strategy="LIFO"), "removal strategy"),
    (ItemData("X1", "Bad", removal_strategy="FEFO"), "removal strategy"),
    (ItemData("X1", "Bad", abc_class="D"), "ABC class"),
    (ItemData("X1", "Bad", shelf_life_days=0), "shelf life"),
    (ItemData("X1", "Bad", min_qty=Decimal(5), max_qty=Decimal(1)), "min/max"),
    (ItemData("X1", "Bad", barcodes=[("4006381333932", "GTIN", Decimal(1))]), "GTIN"),
])
def test_invalid_items_are_refused_naming_the_field(world, data, field):
    with pytest.raises(errors.InvalidInput) as refused:
        world.master.save_item(world.admin, data)
    assert refused.value.params["field"] == field


def test_a_barcode_belongs_to_one_item_only(world):
    world.master.save_item(world.admin, ItemData("A1", "A", barcodes=[("SUP-1", "SUPPLIER", 1)]))
    with pytest.raises(errors.AlreadyExists):
        world.master.save_item(world.admin, ItemData("B1", "B", barcodes=[("SUP-1", "SUPPLIER", 1)]))


def test_clerks_cannot_edit_master_data(world):
    with pytest.raises(errors.PermissionDenied):
        world.master.save_item(world.clerk, ItemData("X", "Y"))


def test_bulk_bin_range_creates_codes_in_walking_order_and_skips_existing(world):
    created = world.master.create_bin_range(world.admin, BinRange(
        "WH1", "A", "B-C", racks=(1, 2), levels=(1, 3), positions=(1, 2)))
    assert created == 2 * 2 * 3 * 2
    again = world.master.create_bin_range(world.admin, BinRange(
        "WH1", "A", "B-D", racks=(1, 2), levels=(1, 3), positions=(1, 2)))
    assert again == 12
    with world.db.read() as s:
        first = s.scalars(select(Bin).where(Bin.code == "B-01-01-01")).one()
        last = s.scalars(select(Bin).where(Bin.code == "D-02-03-02")).one()
        total = s.scalar(select(func.count()).select_from(Bin))
    assert first.barcode == "WH1-B-01-01-01" and first.pick_sequence < last.pick_sequence
    assert total == 5 + 36


def test_bin_validation(world):
    with pytest.raises(errors.InvalidInput):
        world.master.save_bin(world.admin, BinData("WH1", "Z1", blocked=True))
    with pytest.raises(errors.NotFound):
        world.master.save_bin(world.admin, BinData("NOPE", "Z1"))
    with pytest.raises(errors.InvalidInput):
        world.master.create_bin_range(world.admin, BinRange("WH1", None, "C-A", (1, 1), (1, 1), (1, 1)))


@pytest.mark.parametrize("code, ok", [("4006381333931", True), ("4006381333932", False),
                                      ("96385074", True), ("036000291452", True),
                                      ("10012345678902", True), ("12345", False), ("ABCDEFGHIJKLM", False)])
def test_gtin_check_digits(code, ok):
    assert gtin_is_valid(code) is ok
