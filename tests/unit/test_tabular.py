"""Import and export of items, bins and stock lists through real CSV and XLSX files."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from domain.errors import InvalidInput, PermissionDenied
from domain.numbering import ensure_rules
from domain.persistence.database import Database
from domain.queries.stock import StockFilter
from domain.services import tabular
from domain.services.masterdata import BinData, ItemData, MasterDataService
from domain.services.stock import StockService
from domain.services.tabular.importer import import_file
from domain.services.tabular.items import ITEMS
from domain.services.users import UserService, actor_of

HEADER = "code,name,shelf_life_days,removal_strategy,lot_tracked,barcodes,pack_units"


@pytest.fixture
def db(tmp_path):
    database = Database(f"sqlite:///{tmp_path}/t.db")
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def admin(db):
    return actor_of(UserService(db).create_first_admin("admin", "admin-pass"))


@pytest.fixture
def master(db, admin):
    service = MasterDataService(db)
    service.save_warehouse(admin, "WH1", "Main")
    service.save_zone(admin, "WH1", "A", "Storage A")
    return service


def write_csv(path, lines, *, bom=False, encoding="utf-8"):
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + "\n".join(lines).encode(encoding))
    return path


def write_xlsx(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    for cell in book.active[2]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"   # typed as text in Excel ('=...), not a formula
    book.save(path)
    return path


def test_good_rows_are_saved_and_each_bad_row_is_reported_with_its_column(db, admin, master,
                                                                            tmp_path):
    path = write_csv(tmp_path / "items.csv", [
        HEADER,
        "W-1,Widget,,FIFO,no,4006381333931:GTIN:1,box=12",
        "W-2,Bad shelf life,abc,FIFO,no,,",
        "W-3,Bad GTIN,,FIFO,no,4006381333932,",
        "W-4,Bad strategy,,LIFO,no,,",
        "W-1,Duplicate code,,FIFO,no,,",
        "W-5,,,FIFO,no,,",
        "W-6,Yoghurt,30,FEFO,yes,SUP-6:SUPPLIER:1;4006381333931:GTIN:6,",
    ])
    report = tabular.import_items(db, admin, path)

    assert (report.created, report.updated) == (1, 0)
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "shelf_life_days"), (4, "barcodes"), (5, "removal_strategy"), (6, "code"),
        (7, "name"), (8, "barcodes")]
    assert "row 2" in report.errors[3].message
    widget = master.get_item("W-1")
    assert widget.name == "Widget" and [u.uom for u in widget.pack_units] == ["box"]
    for code in ("W-2", "W-3", "W-4", "W-5", "W-6"):
        with pytest.raises(Exception):
            master.get_item(code)


def test_a_bad_row_in_one_batch_does_not_stop_the_next_batches(db, admin, master, tmp_path):
    lines = [HEADER] + [f"B-{i},Item {i},{'x' if i % 3 == 0 else ''},FIFO,no,,"
                        for i in range(10)]
    report = import_file(db, admin, ITEMS, write_csv(tmp_path / "b.csv", lines), batch_size=2)
    assert report.created == 6 and report.failed_rows == 4


def test_reimport_updates_and_keeps_columns_the_file_does_not_have(db, admin, master, tmp_path):
    master.save_item(admin, ItemData("K-1", "Old name", spec="keep me", shelf_life_days=10))
    report = tabular.import_items(db, admin, write_csv(tmp_path / "u.csv",
                                                       ["code,name", "K-1,New name"]))
    item = master.get_item("K-1")
    assert report.updated == 1
    assert (item.name, item.spec, item.shelf_life_days) == ("New name", "keep me", 10)


def test_bom_and_semicolons_and_decimal_commas_are_understood(db, admin, master, tmp_path):
    path = write_csv(tmp_path / "semi.csv", [
        "Code;Name;Min Qty;Pack Units", 'S-1;Schraube;2,5;"box=100;pallet=4800"'], bom=True)
    report = tabular.import_items(db, admin, path)
    assert report.created == 1 and not report.errors
    item = master.get_item("S-1")
    assert item.min_qty == Decimal("2.5")
    assert [(u.uom, u.factor) for u in item.pack_units] == [("box", 100), ("pallet", 4800)]


def test_chinese_text_survives_a_csv_and_an_xlsx_round_trip(db, admin, master, tmp_path):
    master.save_item(admin, ItemData("螺丝-1", "不锈钢螺丝 M6", spec="盒装",
                                     pack_units=[("盒", Decimal(100))]))
    for name in ("items.csv", "items.xlsx"):
        path = tmp_path / name
        assert tabular.export_items(db, admin, path) == 1
        master.save_item(admin, ItemData("螺丝-1", "changed", pack_units=[]))
        report = tabular.import_items(db, admin, path)
        item = master.get_item("螺丝-1")
        assert report.updated == 1 and not report.errors
        assert (item.name, item.spec) == ("不锈钢螺丝 M6", "盒装")
        assert item.pack_units[0].uom == "盒"
    assert (tmp_path / "items.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_csv_saved_by_chinese_excel_in_gb18030_is_read(db, admin, master, tmp_path):
    path = write_csv(tmp_path / "gbk.csv", ["code,name", "G-1,胶带"], encoding="gb18030")
    tabular.import_items(db, admin, path)
    assert master.get_item("G-1").name == "胶带"


def test_export_header_is_stable_and_barcodes_are_packed(db, admin, master, tmp_path):
    master.save_item(admin, ItemData("E-1", "Case", barcodes=[("4006381333931", "GTIN", 12)],
                                     pack_units=[("box", Decimal(12)), ("pallet", Decimal(480))]))
    tabular.export_items(db, admin, tmp_path / "e.csv")
    header, row = (tmp_path / "e.csv").read_text(encoding="utf-8-sig").splitlines()
    assert header.split(",") == list(ITEMS.columns)
    assert row.endswith("4006381333931:GTIN:12,box=12;pallet=480")


def test_product_line_and_standard_cost_round_trip_and_a_negative_cost_is_reported(
        db, admin, master, tmp_path):
    master.save_item(admin, ItemData("C-1", "Costed", product_line="Tools",
                                     unit_cost=Decimal("12.50")))
    tabular.export_items(db, admin, tmp_path / "e.csv")
    header, row = (tmp_path / "e.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = dict(zip(header.split(","), row.split(",")))
    assert (cells["product_line"], cells["unit_cost"]) == ("Tools", "12.5")
    path = write_csv(tmp_path / "in.csv", ["code,unit_cost,product_line", "C-1,13.25,Hand tools",
                                           "C-2,-3,Tools"])
    report = tabular.import_items(db, admin, path)
    assert [(e.row, e.column) for e in report.errors] == [(3, "unit_cost")]
    item = master.get_item("C-1")
    assert (item.product_line, item.unit_cost, item.name) == ("Hand tools", Decimal("13.25"),
                                                             "Costed")


def test_xlsx_import_reads_typed_cells_and_keeps_formula_like_text_as_text(db, admin, master,
                                                                           tmp_path):
    path = write_xlsx(tmp_path / "in.xlsx", [
        ["code", "name", "shelf_life_days", "lot_tracked", "min_qty"],
        ["X-1", "=not a formula", 30.0, True, 1.5]])
    report = tabular.import_items(db, admin, path)
    item = master.get_item("X-1")
    assert report.created == 1
    assert (item.shelf_life_days, item.lot_tracked, item.min_qty) == (30, True, Decimal("1.5"))
    tabular.export_items(db, admin, tmp_path / "out.xlsx")
    cell = load_workbook(tmp_path / "out.xlsx").active["B2"]
    assert cell.value == "=not a formula" and cell.data_type == "s"


def test_a_file_without_the_code_column_is_refused(db, admin, master, tmp_path):
    with pytest.raises(InvalidInput, match="code"):
        tabular.import_items(db, admin, write_csv(tmp_path / "n.csv", ["name", "x"]))
    with pytest.raises(InvalidInput):
        tabular.import_items(db, admin, write_csv(tmp_path / "n.txt", ["code", "x"]))


def test_a_clerk_may_export_but_not_import(db, admin, master, tmp_path):
    clerk = actor_of(UserService(db).add_user(admin, "clerk", "clerk-pass", "clerk"))
    path = tmp_path / "items.csv"
    assert tabular.export_items(db, clerk, path) == 0
    with pytest.raises(PermissionDenied):
        tabular.import_items(db, clerk, path)


def test_bins_round_trip_and_an_unknown_warehouse_is_reported(db, admin, master, tmp_path):
    master.save_bin(admin, BinData("WH1", "A-01", zone="A", capacity_qty=Decimal(50)))
    master.save_bin(admin, BinData("WH1", "X-99", blocked=True, blocked_reason="rack damaged"))
    path = tmp_path / "bins.xlsx"
    assert tabular.export_bins(db, admin, path) == 2
    book = load_workbook(path)
    book.active.append(["WH9", "", "Z-01"])
    book.active.append(["WH1", "A", "A-02", "", "cellar"])
    book.save(path)
    report = tabular.import_bins(db, admin, path)
    assert (report.created, report.updated) == (0, 2)
    assert [(e.row, e.column) for e in report.errors] == [(4, "warehouse"), (5, "bin_type")]


def test_the_stock_list_is_exported_as_filtered(db, admin, master, tmp_path):
    db.write(ensure_rules)
    master.save_bin(admin, BinData("WH1", "A-01", zone="A"))
    for code in ("P-1", "P-2"):
        master.save_item(admin, ItemData(code, f"Part {code}"))
        StockService(db).receive(admin, item=code, qty="2.50", bin="A-01")
    for name in ("s.csv", "s.xlsx"):
        assert tabular.export_stock(db, admin, tmp_path / name, StockFilter(item="P-2")) == 1
    lines = (tmp_path / "s.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("item_code,item_name") and lines[1].startswith("P-2,Part P-2")
    assert ",2.5," in lines[1]
    assert load_workbook(tmp_path / "s.xlsx").active["A2"].value == "P-2"


def test_dates_in_xlsx_cells_are_read_as_iso_text(tmp_path):
    from domain.services.tabular.files import read_table
    path = write_xlsx(tmp_path / "d.xlsx", [["Expiry Date"], [date(2026, 1, 2)]])
    header, rows = read_table(path)
    assert header == ["expiry_date"] and list(rows) == [(2, ["2026-01-02"])]
