"""The task list pages through every task (with the count of all that match) and a clerk gives
a task back with the unassign button."""
from __future__ import annotations

from domain.services.operations.receiving import ReceiptScan, ReceivingService
from gui.tasks import task_list as task_list_module
from tests.gui.test_tasks_flow import page, warehouse  # noqa: F401  (fixtures)


def receipts(db, actor, n: int) -> list[str]:
    service = ReceivingService(db)
    return [service.receive(actor, ReceiptScan("PLAIN", 1, bin="RCV")).task for _ in range(n)]


def test_the_list_pages_through_all_tasks_newest_first(qtbot, db, page, warehouse,
                                                       monkeypatch):
    monkeypatch.setattr(task_list_module, "PAGE", 2)
    numbers = receipts(db, warehouse, 5)[::-1]          # newest first
    listing = page.task_list
    page.tabs.setCurrentWidget(listing)
    listing.reload()
    qtbot.waitUntil(lambda: listing.total == 5 and listing.model.rowCount() == 2, timeout=5000)
    shown = lambda: [listing.model.row(i)["number"] for i in range(listing.model.rowCount())]  # noqa: E731
    assert shown() == numbers[:2] and listing.count_label.text() == "1-2 of 5 task(s)"
    assert not listing.prev_button.isEnabled() and listing.next_button.isEnabled()
    listing.next_button.click()
    qtbot.waitUntil(lambda: listing.offset == 2 and shown() == numbers[2:4], timeout=5000)
    listing.next_button.click()
    qtbot.waitUntil(lambda: shown() == numbers[4:], timeout=5000)
    assert listing.count_label.text() == "5-5 of 5 task(s)"
    assert listing.prev_button.isEnabled() and not listing.next_button.isEnabled()
    listing.type_box.setCurrentIndex(listing.type_box.findData("receive"))   # a filter: page 1
    qtbot.waitUntil(lambda: listing.offset == 0 and shown() == numbers[:2], timeout=5000)


def test_a_taken_task_is_given_back_with_unassign(qtbot, db, page, warehouse):
    [number] = receipts(db, warehouse, 1)
    listing = page.task_list
    page.tabs.setCurrentWidget(listing)
    listing.reload()
    qtbot.waitUntil(lambda: listing.model.rowCount() == 1, timeout=5000)
    listing.table.selectRow(0)
    listing.take_button.click()
    qtbot.waitUntil(lambda: listing.model.row(0)["assignee"] == "admin", timeout=5000)
    listing.table.selectRow(0)
    listing.unassign_button.click()
    qtbot.waitUntil(lambda: listing.model.row(0)["assignee"] is None, timeout=5000)
    assert listing.model.row(0)["number"] == number
