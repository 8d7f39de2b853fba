"""The Sync screen: outbox counts and the error inbox actions (issue 7)."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

from sqlalchemy import insert, select

from domain.persistence.tables import outbox
from gui import ops
from gui.context import AppContext
from gui.sync import SyncInboxPage, SyncScreen
from integration.connectors.base import ConnectorError
from integration.connectors.fake import FakeConnector
from integration.dispatcher import Dispatcher

WAIT_MS = 5000


def failed_messages(db, n=2):
    now = datetime.now(timezone.utc)
    for i in range(n):
        db.write(lambda s: s.execute(insert(outbox).values(
            created_at=now, message_type="stock.receipt", document_key=f"D-{i}",
            idempotency_key=uuid.uuid4().hex, payload=json.dumps({"doc": f"D-{i}"}),
            state="pending", attempts=0, next_attempt_at=now)))
    erp = FakeConnector()
    erp.fail("*", *[ConnectorError("validation", f"Unknown product 'X{i}'") for i in range(n)])
    Dispatcher(db, erp).dispatch()
    return erp


def states(db):
    with db.read() as s:
        return [r for (r,) in s.execute(select(outbox.c.state).order_by(outbox.c.id))]


def test_the_inbox_shows_one_row_per_problem_and_retries_a_group(qtbot, db, admin, shown_errors):
    failed_messages(db)
    screen = SyncInboxPage(AppContext(db, admin))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1, timeout=WAIT_MS)
    assert screen.table.item(0, 0).text() == "2" and "failed 2" in screen.status.text()
    screen.table.selectRow(0)
    screen.retry_selected()
    qtbot.waitUntil(lambda: states(db) == ["pending", "pending"], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 0, timeout=WAIT_MS)
    assert not shown_errors


def test_cancel_assign_and_edit_from_the_screen(qtbot, db, admin, shown_errors):
    failed_messages(db)
    screen = SyncInboxPage(AppContext(db, admin))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1, timeout=WAIT_MS)
    screen.table.selectRow(0)
    screen.assign_selected("admin")
    qtbot.waitUntil(lambda: screen.table.item(0, 4) is not None
                    and screen.table.item(0, 4).text() == "admin", timeout=WAIT_MS)
    screen.table.selectRow(0)
    screen.edit_selected('{"doc": "fixed"}')
    qtbot.waitUntil(lambda: states(db) == ["pending", "failed"], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1
                    and screen.table.item(0, 0).text() == "1", timeout=WAIT_MS)
    screen.table.selectRow(0)
    screen.cancel_selected("")                         # refused: a reason is required
    qtbot.waitUntil(lambda: len(shown_errors) == 1, timeout=WAIT_MS)
    screen.cancel_selected("booked by hand")
    qtbot.waitUntil(lambda: states(db) == ["pending", "cancelled"], timeout=WAIT_MS)
    assert ops.wait_for_idle(WAIT_MS)


def test_status_bar_badge_and_notification_follow_the_open_problems(qtbot, db, admin,
                                                                     shown_errors):
    from gui.app import build_main_window
    from gui.sync.status import SyncStatusWatcher
    window = build_main_window(db, admin)
    qtbot.addWidget(window)
    notes = []
    watcher = SyncStatusWatcher(window, window.ctx, interval_ms=60_000,
                                notify=lambda title, text: notes.append(text))
    watcher.start()
    sync_row = window.screen_keys().index("sync")
    qtbot.waitUntil(lambda: window.sync_label.text() == "Sync: up to date", timeout=WAIT_MS)
    assert window.nav.item(sync_row).text() == "Sync" and notes == []

    failed_messages(db)                 # two failures of one kind: one problem
    watcher.refresh()
    qtbot.waitUntil(lambda: window.sync_label.text() == "Sync: 1 problem(s)", timeout=WAIT_MS)
    assert window.nav.item(sync_row).text() == "Sync  (1)"
    assert notes == ["1 new problem(s) in the sync error inbox."]
    watcher.refresh()                   # the same problem again: no second notification
    qtbot.waitUntil(lambda: not watcher._busy, timeout=WAIT_MS)
    assert len(notes) == 1

    page = window.show_screen("sync").inbox   # retrying it from the Sync screen clears the badge
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT_MS)
    page.table.selectRow(0)
    page.retry_selected()
    qtbot.waitUntil(lambda: window.sync_label.text() == "Sync: 2 waiting", timeout=WAIT_MS)
    assert window.nav.item(sync_row).text() == "Sync"
    assert not shown_errors


def test_a_clerk_sees_the_backlog_but_no_problem_badge(qtbot, db, admin, shown_errors):
    from domain.services.users import UserService, actor_of
    from gui.app import build_main_window
    from gui.sync.status import SyncStatusWatcher
    clerk = UserService(db).add_user(actor_of(admin), "cleo", "clerk-pass-1", "clerk")
    failed_messages(db)
    window = build_main_window(db, clerk)
    qtbot.addWidget(window)
    watcher = SyncStatusWatcher(window, window.ctx, configured=False, notify=lambda *a: None)
    watcher.start()
    qtbot.waitUntil(lambda: watcher.status is not None, timeout=WAIT_MS)
    assert watcher.status.failed == 2 and watcher.status.problems == ()
    assert window.sync_label.text() == "Sync: off on this PC · 0 waiting"
    assert "sync" not in window.screen_keys()


def test_filters_detail_and_comment(qtbot, db, admin, shown_errors):
    failed_messages(db)
    screen = SyncInboxPage(AppContext(db, admin))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1, timeout=WAIT_MS)
    screen.document_filter.setText("D-404")
    screen.reload()
    qtbot.waitUntil(lambda: screen.table.rowCount() == 0, timeout=WAIT_MS)
    screen.document_filter.setText("D-1")
    screen.assignee_filter.setText("-")           # nobody assigned yet
    screen.reload()
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1 and screen.groups[0].count == 1,
                    timeout=WAIT_MS)
    screen.age_filter.setValue(1)                 # older than an hour: none
    screen.reload()
    qtbot.waitUntil(lambda: screen.table.rowCount() == 0, timeout=WAIT_MS)
    screen.age_filter.setValue(0)
    screen.document_filter.clear()
    screen.assignee_filter.clear()
    screen.reload()
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1, timeout=WAIT_MS)
    assert screen.exceptions_label.text().startswith("Sync exceptions for IT: 2 open")
    assert "stock.receipt D-0: validation" in screen.exceptions_label.text()
    screen.table.selectRow(0)
    qtbot.waitUntil(lambda: screen.detail_id is not None, timeout=WAIT_MS)
    text = screen.detail.toPlainText()
    assert '"doc": "D-0"' in text and "failed" in text and "Unknown product" in text
    screen.comment_selected("Product X0 is created in the ERP tomorrow")
    qtbot.waitUntil(lambda: "created in the ERP tomorrow" in screen.detail.toPlainText(),
                    timeout=WAIT_MS)
    assert not shown_errors


def test_dashboard_rules_and_connection_tabs(qtbot, db, admin, shown_errors, tmp_path,
                                             monkeypatch):
    from integration.credentials import get_secret
    from integration.scheduler import connector_config
    monkeypatch.setenv("WARELINK_CREDENTIALS", "file")
    monkeypatch.setenv("WARELINK_DATA_DIR", str(tmp_path))
    failed_messages(db)
    screen = SyncScreen(AppContext(db, admin))
    qtbot.addWidget(screen)
    screen.show()
    assert [screen.tabText(i) for i in range(screen.count())] == [
        "Problems", "Dashboard", "Reconciliation", "Retry rules", "Connection"]

    screen.setCurrentWidget(screen.dashboard)
    qtbot.waitUntil(lambda: screen.dashboard.table.rowCount() == 1, timeout=WAIT_MS)
    assert screen.dashboard.table.item(0, 0).text() == "stock.receipt"
    assert screen.dashboard.table.item(0, 2).text() == "2"
    assert screen.dashboard.values["connector"].text() == "not configured"

    rules = screen.rules
    qtbot.waitUntil(lambda: rules.table.rowCount() > 0, timeout=WAIT_MS)
    row = next(r for r in range(rules.table.rowCount())
               if rules.table.item(r, 0).text() == "http_5xx")
    rules.table.item(row, 1).setText("7")
    rules.save()
    qtbot.waitUntil(lambda: rules.rules.get("http_5xx", {}).get("attempts") == 7,
                    timeout=WAIT_MS)
    rules.table.item(row, 2).setText("soon")
    rules.save()
    assert "soon" in rules.error.text()

    page = screen.connection
    page.kind.setCurrentText("tryton")
    page.fields["url"].setText("http://127.0.0.1:9/")
    page.fields["database"].setText("wms")
    page.fields["username"].setText("sync")
    page.password.setText("erp-s3cret")
    page.save()
    qtbot.waitUntil(lambda: page.info is not None and page.info.password_stored, timeout=WAIT_MS)
    assert connector_config(db) == {"kind": "tryton", "url": "http://127.0.0.1:9/",
                                    "database": "wms", "username": "sync"}
    assert get_secret("erp-password") == "erp-s3cret" and page.password.text() == ""
    page.test()                                   # nobody listens on port 9
    qtbot.waitUntil(lambda: page.status.text().startswith("Not connected"), timeout=WAIT_MS)
    assert "network" in page.status.text() or "refused" in page.status.text().lower()
    page.kind.setCurrentText("files")
    page.json.setPlainText('{"password": "x", "folder": "/srv/x"}')
    page.save()
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=WAIT_MS)   # refused: no secrets in JSON
    assert connector_config(db)["kind"] == "tryton"
    screen.setCurrentWidget(screen.dashboard)
    screen.dashboard.reload()
    qtbot.waitUntil(lambda: "tryton" in screen.dashboard.values["connector"].text(),
                    timeout=WAIT_MS)
    assert "erp-s3cret" not in screen.dashboard.values["connector"].text()


def test_saving_the_connection_restarts_the_sync_thread(qtbot, db, admin, shown_errors, tmp_path):
    from gui.app import Shell
    shell = Shell(db)
    shell._on_signed_in(admin)
    qtbot.addWidget(shell.window)
    try:
        assert shell.sync is None and not shell.sync_status.configured
        assert shell.sync_status.timer.isActive() and shell.stock_alerts.timer.isActive()
        page = shell.window.show_screen("sync").connection
        page.kind.setCurrentText("files")
        page.json.setPlainText(json.dumps({"folder": str(tmp_path / "exchange")}))
        page.save()
        qtbot.waitUntil(lambda: shell.sync is not None, timeout=WAIT_MS)
        assert shell.sync_status.configured
        assert "FileExchangeConnector" in repr(shell.sync.engine.dispatcher.connector)
        assert page.status.text() == "Saved. The sync restarts with the new settings."
        qtbot.waitUntil(lambda: shell.stock_alerts.count is not None, timeout=WAIT_MS)
    finally:
        if shell.sync is not None:
            shell.sync.stop()
        shell.feed.stop()


def test_reconciliation_run_drill_down_and_adjust(qtbot, db, admin, shown_errors, monkeypatch):
    from decimal import Decimal

    from domain.numbering import ensure_rules
    from domain.services.masterdata import BinData, ItemData, MasterDataService
    from domain.services.reconciliation import BookStock
    from domain.services.stock import StockService
    from domain.services.users import actor_of
    from gui.sync.reconciliation import ReconciliationPage
    from integration import connection
    actor = actor_of(admin)
    db.write(ensure_rules)
    master = MasterDataService(db)
    master.save_warehouse(actor, "WH1", "Main")
    master.save_bin(actor, BinData("WH1", "A-01", bin_type="storage"))
    master.save_item(actor, ItemData("PLAIN", "Plain item"))
    StockService(db).receive(actor, item="PLAIN", qty=10, bin="A-01")

    class Erp:          # an ERP whose books say 8
        def book_stock(self):
            return [BookStock("PLAIN", Decimal(8))]

        def book_moves(self, item, lot):
            return [{"at": "2026-11-30", "qty": Decimal(8), "from": "Supplier",
                     "to": "WH/Storage", "document": "stock.shipment.in,7"}]
    monkeypatch.setattr(connection, "connector_config", lambda _db: {"kind": "stub"})
    monkeypatch.setattr(connection, "make_connector", lambda _config: Erp())
    page = ReconciliationPage(AppContext(db, admin))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.summary.text() == "No reconciliation yet.", timeout=WAIT_MS)
    page.run_now()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT_MS)
    assert "0 of 1" in page.summary.text() and "(0.00 %)" in page.summary.text()
    assert [page.table.item(0, c).text() for c in range(6)] == [
        "PLAIN Plain item", "", "8", "10", "2", "open"]
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.moves.rowCount() == 1, timeout=WAIT_MS)
    assert page.moves.item(0, 1).text() == "receipt" and page.moves.item(0, 4).text() == "A-01"
    qtbot.waitUntil(lambda: page.erp_moves.rowCount() == 1, timeout=WAIT_MS)
    assert [page.erp_moves.item(0, c).text() for c in range(5)] == [
        "2026-11-30", "8", "Supplier", "WH/Storage", "stock.shipment.in,7"]
    page.adjust_selected("A-01")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1
                    and page.table.item(0, 5).text() == "adjusted", timeout=WAIT_MS)
    from sqlalchemy import func

    from domain.persistence.tables import quants
    with db.read() as s:                     # the warehouse now agrees with the ERP's books
        assert s.execute(select(func.sum(quants.c.on_hand))).scalar() == Decimal(8)
    assert not shown_errors
