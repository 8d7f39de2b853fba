"""Undoing and planning on the task screens: unpacking a package on the packing screen,
cancelling an order with a reason, and the structured count-plan form (blind by default)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from domain.persistence.tables import outbound_orders, outbox, package_contents, packages
from domain.queries.tasks import count_plan
from domain.services.operations.orders import OrderLineData, OrderService, OutboundData
from domain.services.operations.picking import PickingService, PickScan
from domain.services.operations.waves import WaveService
from domain.services.stock import StockService
from tests.gui.test_tasks_flow import page, scan, warehouse  # noqa: F401  (fixtures)


def picked_order(db, actor, qty: int = 3) -> str:
    """An outbound order for PLAIN x qty, allocated and picked into STG."""
    StockService(db).receive(actor, item="PLAIN", qty=10, bin="A-01")
    number = OrderService(db).create_outbound(actor, OutboundData(
        "WH1", "Shop", [OrderLineData("PLAIN", qty)])).number
    task = WaveService(db).allocate(actor, [number], "STG").task
    PickingService(db).confirm(actor, PickScan(task, "A-01", "PLAIN"))
    return number


def package_ssccs(db) -> list[tuple[str, str]]:
    with db.read() as s:
        return [tuple(r) for r in s.execute(select(packages.c.sscc, packages.c.state)
                                            .order_by(packages.c.id))]


def press(qtbot, screen, action) -> None:
    screen.outcome = ""
    action()
    qtbot.waitUntil(lambda: screen.outcome != "", timeout=5000)


def test_a_package_is_unpacked_by_scanning_its_sscc_after_unpack(qtbot, db, page, warehouse,
                                                                 shown_errors):
    number = picked_order(db, warehouse)
    shipping = page.show_screen("pack")
    scan(qtbot, shipping, number)
    qtbot.waitUntil(lambda: [r["qty_picked"] for r in shipping.rows] == [3], timeout=5000)
    press(qtbot, shipping, shipping.enter_pressed)
    [sscc] = shipping.packages
    assert package_ssccs(db) == [(sscc, "closed")]

    shipping.unpack_button.click()                           # armed: the next SSCC unpacks
    assert "SSCC of the package to unpack" in shipping.prompt_label.text()
    scan(qtbot, shipping, "]C100" + sscc)
    assert f"Package {sscc} unpacked" in shipping.message_label.text()
    assert package_ssccs(db) == [] and shipping.packages == []
    assert not shipping.unpack_button.isChecked()
    with db.read() as s:
        assert s.scalar(select(package_contents.c.id)) is None
        kinds = s.execute(select(outbox.c.message_type).order_by(outbox.c.id)).scalars().all()
    assert kinds[-1] == "package.unpacked"

    press(qtbot, shipping, shipping.enter_pressed)           # packed again, then shipped
    [again] = shipping.packages
    scan(qtbot, shipping, "]C100" + again)
    assert f"{number} shipped" in shipping.message_label.text()
    shipping.unpack_button.click()
    scan(qtbot, shipping, "]C100" + again, expect="refused")  # it has left the warehouse
    assert "has shipped" in shipping.message_label.text()
    assert not shipping.unpack_button.isChecked()
    assert package_ssccs(db) == [(again, "shipped")]
    assert shown_errors == []


def order_state(db, number: str) -> str:
    with db.read() as s:
        return s.scalar(select(outbound_orders.c.state).where(outbound_orders.c.number == number))


def test_an_order_is_cancelled_with_a_reason(qtbot, db, page, warehouse, shown_errors):
    number = picked_order(db, warehouse)
    screen = page.show_screen("order")
    assert screen.cancel_button.isVisible()                  # the admin may cancel
    press(qtbot, screen, screen.cancel_order)
    assert screen.outcome == "refused" and "Scan the order" in screen.message_label.text()
    scan(qtbot, screen, number)
    assert number in screen.cancel_label.text() and screen.cancel_reason.hasFocus()
    press(qtbot, screen, screen.cancel_reason.returnPressed.emit)   # no reason: refused
    assert screen.outcome == "refused" and "cancel reason" in screen.message_label.text()
    assert order_state(db, number) == "in_progress"
    qtbot.keyClicks(screen.cancel_reason, "customer phoned")
    press(qtbot, screen, screen.cancel_reason.returnPressed.emit)
    assert screen.outcome == "accepted", screen.message_label.text()
    assert f"Order {number} cancelled: 0 task(s) cancelled, 1 picked line(s) put back" \
        in screen.message_label.text()
    assert order_state(db, number) == "cancelled"
    assert screen.cancel_target is None and screen.cancel_reason.text() == ""
    with db.read() as s:
        kinds = s.execute(select(outbox.c.message_type).order_by(outbox.c.id)).scalars().all()
    assert kinds[-1] == "outbound.cancelled"
    assert shown_errors == []


def test_a_shipped_order_cannot_be_cancelled_on_the_screen(qtbot, db, page, warehouse):
    from domain.services.operations.shipping import ShippingService
    number = picked_order(db, warehouse, qty=12)               # 10 in stock: 2 left open
    ShippingService(db).confirm(warehouse, number)
    screen = page.show_screen("order")
    scan(qtbot, screen, number)             # also names the shipment's moves: the order is meant
    screen.cancel_reason.setText("too late")
    press(qtbot, screen, screen.cancel_button.click)
    assert screen.outcome == "refused" and "has shipped" in screen.message_label.text()
    assert order_state(db, number) == "in_progress"


def plan_row(db, number: str):
    with db.read() as s:
        return count_plan(s, number)


def test_a_count_is_planned_with_the_form_by_scanning_bins(qtbot, db, page, warehouse,
                                                          shown_errors):
    StockService(db).receive(warehouse, item="PLAIN", qty=10, bin="A-01")
    count = page.show_screen("count")
    assert count.plan_box.isVisible() and count.blind.isChecked()       # blind by default
    assert [count.basis.itemData(i) for i in range(count.basis.count())] == [
        "bin", "zone", "item", "abc"]
    count.warehouse.setText("WH1")
    count.basis.setCurrentIndex(count.basis.findData("item"))
    scan(qtbot, count, "A-01")                                 # a bin: the basis follows
    scan(qtbot, count, "RCV")
    scan(qtbot, count, "A-01")                                 # once only
    assert count.basis.currentData() == "bin" and count.values.text() == "A-01, RCV"
    assert "Enter plans the count" in count.message_label.text()
    count.threshold_pct.setText("10")
    count.code_edit.setFocus()
    qtbot.keyClick(count.code_edit, Qt.Key.Key_Return)         # Enter on the empty code box
    qtbot.waitUntil(lambda: count.task is not None, timeout=5000)
    number = count.task
    qtbot.waitUntil(lambda: "Scan a bin to count" in count.prompt_label.text(), timeout=5000)
    plan = plan_row(db, number)
    assert (plan["basis"], plan["basis_value"], plan["threshold_pct"], plan["blind"]) == (
        "bin", "A-01,RCV", 10, True)
    assert count.title.text() == "Cycle count (blind)"
    scan(qtbot, count, "A-01")
    scan(qtbot, count, "PLAIN")
    assert "book" not in count.prompt_label.text()
    assert count.values.text() == ""
    assert shown_errors == []


def test_an_open_count_by_abc_class_shows_the_book(qtbot, db, page, warehouse):
    from domain.services.masterdata import ItemData, MasterDataService
    MasterDataService(db).save_item(warehouse, ItemData("PLAIN", "Plain widget", abc_class="C"))
    StockService(db).receive(warehouse, item="PLAIN", qty=7, bin="A-01")
    count = page.show_screen("count")
    count.warehouse.setText("WH1")
    count.basis.setCurrentIndex(count.basis.findData("abc"))
    assert count.abc.isVisible() and not count.values.isVisible()
    count.abc.setCurrentIndex(count.abc.findData("C"))
    count.blind.setChecked(False)
    count.outcome = ""
    count.plan_button.click()
    qtbot.waitUntil(lambda: count.outcome == "accepted" and count.task is not None,
                    timeout=5000)
    qtbot.waitUntil(lambda: count.book is not None, timeout=5000)
    plan = plan_row(db, count.task)
    assert (plan["basis"], plan["basis_value"], plan["blind"]) == ("abc", "C", False)
    assert count.title.text() == "Cycle count (open: the book is shown)"
    assert count.blind.isChecked()                             # the next plan is blind again
    scan(qtbot, count, "A-01")
    scan(qtbot, count, "PLAIN")
    assert "The book says 7" in count.prompt_label.text()


def test_a_wrong_plan_is_refused_on_the_form(qtbot, page, warehouse):
    count = page.show_screen("count")
    count.warehouse.setText("WH1")
    count.basis.setCurrentIndex(count.basis.findData("zone"))
    count.values.setText("NOPE")
    count.outcome = ""
    count.values.returnPressed.emit()
    qtbot.waitUntil(lambda: count.outcome != "", timeout=5000)
    assert count.outcome == "refused" and "no zone NOPE" in count.message_label.text()
    assert count.task is None


def test_the_task_list_cancels_the_order_of_the_selected_task(qtbot, db, page, warehouse,
                                                              shown_errors):
    StockService(db).receive(warehouse, item="PLAIN", qty=10, bin="A-01")
    number = OrderService(db).create_outbound(warehouse, OutboundData(
        "WH1", "Shop", [OrderLineData("PLAIN", 4)])).number
    task = WaveService(db).allocate(warehouse, [number], "STG").task
    listing = page.task_list
    page.tabs.setCurrentWidget(listing)
    listing.reload()
    qtbot.waitUntil(lambda: listing.model.rowCount() == 1, timeout=5000)
    assert listing.model.row(0)["number"] == task
    listing.table.selectRow(0)
    listing.cancel_order_button.click()                       # no reason: refused, shown
    qtbot.waitUntil(lambda: len(shown_errors) == 1, timeout=5000)
    assert "cancel reason" in shown_errors[0][1] and order_state(db, number) == "in_progress"
    listing.cancel_reason.setText("customer cancelled")
    assert listing.selected() == task                         # still selected
    listing.cancel_order_button.click()
    qtbot.waitUntil(lambda: order_state(db, number) == "cancelled", timeout=5000)
    qtbot.waitUntil(lambda: listing.model.rowCount() == 0, timeout=5000)  # left the active list
    assert listing.cancel_reason.text() == "" and len(shown_errors) == 1
