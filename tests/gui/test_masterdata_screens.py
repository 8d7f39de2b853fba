"""Master-data screens: editing items through the form, bins and ranges, lots, warehouses and
zones, users; imports with a report; what a role without edit rights sees."""
from __future__ import annotations

from decimal import Decimal

import pytest

from domain.errors import NotFound
from domain.services.masterdata import BinData, ItemData, MasterDataService
from domain.services.users import UserService, actor_of
from gui.context import AppContext
from gui.masterdata.items import ItemsScreen


@pytest.fixture
def ctx(db, admin):
    master = MasterDataService(db)
    actor = actor_of(admin)
    master.save_warehouse(actor, "WH1", "Main")
    master.save_zone(actor, "WH1", "A", "Storage A")
    master.save_bin(actor, BinData("WH1", "A-01", zone="A"))
    master.save_item(actor, ItemData("PLAIN", "Plain widget"))
    return AppContext(db, admin)


@pytest.fixture
def master(db):
    return MasterDataService(db)


def open_screen(qtbot, screen_class, ctx):
    screen = screen_class(ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 720)
    qtbot.waitUntil(lambda: screen.model.total >= 0 and not screen.model.loading)
    return screen


def select_row(qtbot, screen, key: str, value: str) -> None:
    model = screen.model
    rows = [r for r in range(model.rowCount()) if model.row(r)[key] == value]
    screen.view.setCurrentIndex(model.index(rows[0], 0))


# -- items --------------------------------------------------------------------------------------
def test_an_item_is_created_through_the_form_and_appears_in_the_list(qtbot, ctx, master,
                                                                     shown_errors):
    screen = open_screen(qtbot, ItemsScreen, ctx)
    form = screen.form
    screen.new_button.click()
    form.code.setText("NEW-1")
    form.name.setText("Cable tie 200 mm")
    form.lot_tracked.setChecked(True)
    form.strategy.setCurrentText("FEFO")
    form.shelf_life.setValue(365)
    form.min_qty.setText("2,5")
    form.product_line.setText("Fasteners")
    form.unit_cost.setText("0,35")
    form.barcodes.add_row(["4006381333931", "GTIN", "1"])
    form.pack_units.add_row(["box", "100"])
    form.save_button.click()
    qtbot.waitUntil(lambda: screen.model.total == 2)
    item = master.get_item("NEW-1")
    assert (item.name, item.shelf_life_days, item.min_qty) == (
        "Cable tie 200 mm", 365, Decimal("2.5"))
    assert (item.product_line, item.unit_cost) == ("Fasteners", Decimal("0.35"))
    assert [b.code for b in item.barcodes] == ["4006381333931"]
    assert [(u.uom, u.factor) for u in item.pack_units] == [("box", 100)]
    assert "NEW-1" in screen.message.text() and not shown_errors
    assert form.code.isReadOnly()


def test_selecting_an_item_loads_it_and_an_edit_is_saved(qtbot, ctx, master, shown_errors):
    screen = open_screen(qtbot, ItemsScreen, ctx)
    select_row(qtbot, screen, "code", "PLAIN")
    qtbot.waitUntil(lambda: screen.form.item is not None)
    screen.form.name.setText("Plain widget, blue")
    screen.form.unit_cost.setText("-1")
    screen.form.save_button.click()
    qtbot.waitUntil(lambda: "negative" in screen.message.text() or bool(shown_errors))
    assert master.get_item("PLAIN").name != "Plain widget, blue"       # nothing saved
    screen.form.unit_cost.setText("")                                   # no cost is allowed
    screen.form.save_button.click()
    qtbot.waitUntil(lambda: master.get_item("PLAIN").name == "Plain widget, blue")
    qtbot.waitUntil(lambda: screen.model.row(0)["name"] == "Plain widget, blue")


def test_an_invalid_gtin_shows_the_error_and_saves_nothing(qtbot, ctx, master, shown_errors):
    screen = open_screen(qtbot, ItemsScreen, ctx)
    screen.new_button.click()
    screen.form.code.setText("BAD-1")
    screen.form.name.setText("Bad barcode")
    screen.form.barcodes.add_row(["4006381333932", "GTIN", "1"])
    screen.form.save_button.click()
    qtbot.waitUntil(lambda: bool(shown_errors))
    assert "4006381333932" in shown_errors[0][1] and "GTIN" in shown_errors[0][1]
    with pytest.raises(NotFound):
        master.get_item("BAD-1")


def test_the_search_filters_by_code_name_or_barcode(qtbot, ctx, master, admin):
    master.save_item(actor_of(admin), ItemData("GT-1", "Scanned thing", barcodes=[
        ("4006381333931", "GTIN", Decimal(1))]))
    screen = open_screen(qtbot, ItemsScreen, ctx)
    assert screen.model.total == 2
    screen.search.setText("400638")
    qtbot.waitUntil(lambda: screen.model.total == 1)
    assert screen.model.row(0)["code"] == "GT-1"


def test_an_import_with_a_bad_row_saves_the_good_ones_and_shows_the_report(qtbot, ctx, master,
                                                                          tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("code,name,shelf_life_days\nI-1,Good,10\nI-2,Bad,ten\nI-3,Also good,\n",
                    encoding="utf-8")
    screen = open_screen(qtbot, ItemsScreen, ctx)
    screen.files.import_from(str(path))
    qtbot.waitUntil(lambda: screen.files.report_dialog is not None)
    dialog = screen.files.report_dialog
    assert dialog.isVisible() and dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (0, 1)] == ["3", "shelf_life_days"]
    assert "Created: 2" in dialog.summary.text()
    qtbot.waitUntil(lambda: screen.model.total == 3)
    assert master.get_item("I-3").name == "Also good"
    dialog.close()


def test_items_export_writes_the_filtered_list(qtbot, ctx, tmp_path):
    screen = open_screen(qtbot, ItemsScreen, ctx)
    screen.files.export_to(str(tmp_path / "items.csv"))
    qtbot.waitUntil(lambda: "1" in screen.message.text())
    assert (tmp_path / "items.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith(
        "PLAIN,Plain widget")


def test_a_clerk_sees_items_read_only(qtbot, db, admin, ctx):
    clerk = UserService(db).add_user(actor_of(admin), "clerk", "clerk-pw", "clerk")
    screen = open_screen(qtbot, ItemsScreen, AppContext(db, clerk))
    assert screen.new_button.isHidden() and screen.import_button.isHidden()
    assert screen.form.save_button.isHidden() and not screen.export_button.isHidden()


# -- bins ---------------------------------------------------------------------------------------
def open_bins(qtbot, ctx):
    from gui.masterdata.bins import BinsScreen
    screen = open_screen(qtbot, BinsScreen, ctx)
    qtbot.waitUntil(lambda: screen.warehouse.count() == 2)
    return screen


def test_a_bin_range_is_previewed_and_bulk_created(qtbot, ctx, db):
    screen = open_bins(qtbot, ctx)
    screen.ask_range()
    dialog = screen.range_dialog
    dialog.zone.setCurrentIndex(dialog.zone.findData("A"))
    dialog.aisles.setText("A-B")
    dialog.rack_to.setValue(3)
    dialog.level_to.setValue(2)
    dialog.pos_to.setValue(2)
    assert "24" in dialog.preview.text() and "B-03-02-02" in dialog.preview.text()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: screen.model.total == 25)
    assert "24" in screen.message.text()
    screen.zone.setCurrentIndex(screen.zone.findData("A"))
    screen.code.setText("b-03")
    qtbot.waitUntil(lambda: screen.model.total == 4)


def test_an_impossible_range_says_why_and_cannot_be_confirmed(qtbot, ctx):
    screen = open_bins(qtbot, ctx)
    screen.ask_range()
    dialog = screen.range_dialog
    dialog.aisles.setText("D-A")
    assert "D-A" in dialog.preview.text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.reject()


def test_a_bin_is_edited_then_blocked_with_a_reason_and_unblocked(qtbot, ctx, db):
    from domain.queries.masterdata import BinFilter, Reader, bin_page
    screen = open_bins(qtbot, ctx)
    select_row(qtbot, screen, "code", "A-01")
    assert screen.form.code.text() == "A-01" and not screen.form.code.isEnabled()
    screen.form.capacity.setText("120")
    screen.form.save_button.click()
    qtbot.waitUntil(lambda: screen.model.row(0)["capacity_qty"] == Decimal(120))
    select_row(qtbot, screen, "code", "A-01")
    screen.block_button.click()
    screen.block_dialog.reason.setText("rack damaged")
    screen.block_dialog.buttons.button(screen.block_dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: screen.model.row(0)["blocked"])
    assert Reader(db)(bin_page, BinFilter(blocked=True))[0]["blocked_reason"] == "rack damaged"
    select_row(qtbot, screen, "code", "A-01")
    assert screen.block_button.text() == "Unblock"
    screen.block_button.click()
    qtbot.waitUntil(lambda: not screen.model.row(0)["blocked"])


def test_blocking_a_new_bin_without_a_reason_is_refused_and_shown(qtbot, ctx, shown_errors):
    screen = open_bins(qtbot, ctx)
    screen.new_button.click()
    screen.form.code.setText("Z-01")
    screen.form.blocked.setChecked(True)
    screen.form.save_button.click()
    qtbot.waitUntil(lambda: bool(shown_errors))
    assert "blocked" in shown_errors[0][1]
    assert screen.model.total == 1


# -- lots, warehouses and zones, users ---------------------------------------------------------
def test_lots_are_filtered_by_expiry_and_an_edit_of_status_and_expiry_is_saved(qtbot, ctx, db,
                                                                              admin):
    from datetime import date, timedelta

    from domain.numbering import ensure_rules
    from domain.services.stock import StockService
    from gui.masterdata.lots import LotsScreen
    actor = actor_of(admin)
    db.write(ensure_rules)
    MasterDataService(db).save_item(actor, ItemData("LOT", "Yoghurt", lot_tracked=True))
    today = date.today()
    for lot, days in (("L-OLD", -3), ("L-NEW", 90)):
        StockService(db).receive(actor, item="LOT", qty=2, bin="A-01", lot=lot,
                                 expiry=today + timedelta(days), status="quarantine")
    screen = open_screen(qtbot, LotsScreen, ctx)
    assert screen.model.total == 2
    screen.expired.setChecked(True)
    qtbot.waitUntil(lambda: screen.model.total == 1)
    assert screen.model.row(0)["lot_no"] == "L-OLD"
    screen.view.setCurrentIndex(screen.model.index(0, 0))
    screen.form.status.setCurrentIndex(screen.form.status.findData("blocked"))
    screen.form.expiry.setDate(today + timedelta(10))
    screen.form.save_button.click()
    qtbot.waitUntil(lambda: screen.model.total == 0)   # no longer expired
    screen.expired.setChecked(False)
    qtbot.waitUntil(lambda: screen.model.total == 2)
    row = next(screen.model.row(r) for r in range(2) if screen.model.row(r)["lot_no"] == "L-OLD")
    assert (row["status"], row["expiry_date"]) == ("blocked", today + timedelta(10))


def test_a_warehouse_and_a_zone_are_added(qtbot, ctx, db):
    from domain.queries.masterdata import Reader, warehouse_list, zone_list
    from gui.masterdata.locations import LocationsScreen
    screen = LocationsScreen(ctx)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.warehouses.model.rowCount() == 1)
    screen.warehouses.new_button.click()
    screen.wh_code.setText("WH2")
    screen.wh_name.setText("北仓库")
    screen.wh_form.save_button.click()
    qtbot.waitUntil(lambda: (screen.warehouses.current() or {}).get("code") == "WH2")
    screen.zone_code.setText("COLD")
    screen.zone_name.setText("冷库")
    screen.zone_form.save_button.click()
    qtbot.waitUntil(lambda: screen.zones.model.rowCount() == 1)
    assert [w["name"] for w in Reader(db)(warehouse_list)] == ["Main", "北仓库"]
    assert Reader(db)(zone_list, "WH2")[0]["name"] == "冷库"


def test_an_admin_adds_a_user_and_changes_their_role(qtbot, ctx, db, admin, shown_errors):
    from gui.masterdata.users import UsersScreen
    screen = UsersScreen(ctx)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.list.model.rowCount() == 1)
    screen.username.setText("li.wei")
    screen.full_name.setText("李伟")
    screen.password.setText("pass-1234")
    screen.repeat.setText("pass-1234")
    screen.form.save_button.click()
    qtbot.waitUntil(lambda: (screen.list.current() or {}).get("username") == "li.wei")
    screen.role.setCurrentIndex(screen.role.findData("supervisor"))
    screen.form.save_button.click()
    qtbot.waitUntil(lambda: screen.list.current()["role"] == "supervisor")
    assert UserService(db).authenticate("li.wei", "pass-1234").full_name == "李伟"
    assert not shown_errors


def test_different_passwords_are_caught_before_anything_is_sent(qtbot, ctx):
    from gui.masterdata.users import UsersScreen
    screen = UsersScreen(ctx)
    qtbot.addWidget(screen)
    screen.username.setText("someone")
    screen.password.setText("pass-1234")
    screen.repeat.setText("pass-4321")
    screen.form.save_button.click()
    assert "differ" in screen.problem.text()


def test_the_screens_plug_into_the_main_window_navigation(qtbot, db, admin, ctx):
    """The registration suggested for gui/screens.py builds every screen without an error."""
    from PySide6.QtCore import QT_TRANSLATE_NOOP
    from PySide6.QtWidgets import QLabel

    from domain.permissions import Permission
    from gui.app import build_main_window
    from gui.masterdata.bins import BinsScreen
    from gui.masterdata.locations import LocationsScreen
    from gui.masterdata.lots import LotsScreen
    from gui.masterdata.users import UsersScreen
    from gui.screens import Screen, tabbed
    from gui.stock.browser import StockBrowser
    screens = [
        Screen("stock", QT_TRANSLATE_NOOP("Navigation", "Stock"), factory=StockBrowser),
        Screen("items", QT_TRANSLATE_NOOP("Navigation", "Items"), factory=ItemsScreen),
        Screen("bins", QT_TRANSLATE_NOOP("Navigation", "Bins"), factory=tabbed(
            (QT_TRANSLATE_NOOP("Navigation", "Bins"), BinsScreen),
            (QT_TRANSLATE_NOOP("Navigation", "Warehouses and zones"), LocationsScreen))),
        Screen("lots", QT_TRANSLATE_NOOP("Navigation", "Lots"), factory=LotsScreen),
        Screen("admin", QT_TRANSLATE_NOOP("Navigation", "Admin"), factory=UsersScreen,
               permission=Permission.MANAGE_USERS),
    ]
    window = build_main_window(db, admin, screens)
    qtbot.addWidget(window)
    for key in window.screen_keys():
        page = window.show_screen(key)
        assert not isinstance(page, QLabel), f"{key} failed to build"   # the window's fallback
    qtbot.waitUntil(lambda: window.page("items").model.total == 1)


def test_a_change_broadcast_after_screens_are_closed_is_harmless(qtbot, ctx):
    from PySide6.QtCore import QCoreApplication, QEvent

    from gui.masterdata.bins import BinsScreen
    from gui.masterdata.locations import LocationsScreen
    from gui.masterdata.users import UsersScreen
    from gui.stock.browser import StockBrowser
    for screen_class in (ItemsScreen, BinsScreen, LocationsScreen, UsersScreen, StockBrowser):
        screen = screen_class(ctx)
        screen.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    ctx.broadcast({"items", "bins", "warehouses", "users", "stock", "lots"})
