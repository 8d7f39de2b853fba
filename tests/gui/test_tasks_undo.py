"""Undoing and planning on the task screens: unpacking a package on the packing screen,
cancelling an order with a reason, and the structured count-plan form (blind by default)."""
from __future__ import annotations

from sqlalchemy import select

from domain.persistence.tables import outbox, package_contents, packages
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
