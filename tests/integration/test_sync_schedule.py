"""Per-type modes and nightly jobs (issue 7): batch types stay out of real-time passes and go at
their time, order per document holds across modes, a nightly reconciliation and item pull run
through the scheduler on the active dispatcher only, and a bad schedule is a clear error."""
from __future__ import annotations

import time
from datetime import datetime

import pytest

from domain.errors import InvalidInput
from integration import schedule
from integration.connectors.fake import FakeConnector
from integration.dispatcher import Dispatcher
from integration.scheduler import SyncScheduler, make_engine, reconciliation_job
from tests.integration.test_sync_dispatcher import clock, put, rows  # noqa: F401 (fixture)


def test_batch_types_wait_for_their_pass_and_keep_document_order(world, clock):
    adjusted = put(world.db, "CNT-1", message_type="count.adjusted")
    later = put(world.db, "CNT-1", message_type="count.approved")     # same document, after it
    receipt = put(world.db, "RCV-1")
    erp = FakeConnector()
    d = Dispatcher(world.db, erp, clock=clock)
    d.dispatch(exclude_types=("count.adjusted",))                       # a real-time pass
    assert [m.idempotency_key for m in erp.posted] == [rows(world.db)[receipt[0]].idempotency_key]
    assert rows(world.db)[later[0]].state == "pending"                  # held behind its batch
    d.dispatch(message_types=("count.adjusted",))                       # the nightly batch
    d.dispatch(exclude_types=("count.adjusted",))
    states = {i: r.state for i, r in rows(world.db).items()}
    assert states == {adjusted[0]: "delivered", later[0]: "delivered", receipt[0]: "delivered"}
    sent = [m.document_key for m in erp.posted]
    assert sent == ["RCV-1", "CNT-1", "CNT-1"]
    assert [m.message_type for m in erp.posted[1:]] == ["count.adjusted", "count.approved"]


def test_schedule_round_trip_and_refusals(db):
    assert schedule.load(db, default_interval=3) == schedule.Schedule(interval=3)
    s = schedule.parse({"interval": 5, "batch": {"count.adjusted": "02:00",
                                                 "stock.issue": "02:00"},
                        "jobs": {"reconciliation": "03:30"}})
    schedule.save(db, s)
    assert schedule.load(db) == s
    assert s.batch_times() == {"02:00": ("count.adjusted", "stock.issue")}
    now = datetime(2026, 12, 3, 2, 30)
    assert schedule.next_runs(s, now) == [
        ("reconciliation", datetime(2026, 12, 3, 3, 30)),
        ("batch: count.adjusted, stock.issue", datetime(2026, 12, 4, 2, 0))]
    for bad, why in (({"batch": {"x": "25:00"}}, "HH:MM"), ({"jobs": {"sing": "01:00"}}, "unknown"),
                     ({"interval": "fast"}, "number"), ({"interval": 0}, "0.2 s"),
                     ([1], "object")):
        with pytest.raises(InvalidInput, match=why):
            schedule.parse(bad)


class BookKeeper(FakeConnector):
    """A connector that also reports the ERP's book stock (what reconciliation compares)."""

    def __init__(self, book) -> None:
        super().__init__()
        self.book = book
        self.asked = 0

    def book_stock(self):
        self.asked += 1
        return self.book


def test_nightly_reconciliation_job_runs_on_the_active_dispatcher(world):
    from domain.services.reconciliation import BookStock, ReconciliationService
    world.stock.receive(world.clerk, item="LOT", qty="5", bin="RCV", lot="L1", document_ref="PO-1")
    erp = BookKeeper([BookStock(item="LOT", lot="L1", qty=5)])
    assert reconciliation_job(world.db, erp) .startswith("reconciliation run")
    run = ReconciliationService(world.db).latest_run()
    assert run.trigger == "scheduled" and run.accuracy == 100

    s = schedule.Schedule(interval=3600, jobs={"reconciliation": "03:00"})
    first = SyncScheduler(make_engine(world.db, erp), schedule=s, interval=3600)
    second = SyncScheduler(make_engine(world.db, BookKeeper([])), schedule=s, interval=3600)
    first.start()
    try:
        assert first.engine.lease.acquire()
        assert "reconciliation" in first.next_runs()
        first._job("reconciliation")              # what the cron trigger calls at 03:00
        second._job("reconciliation")             # another station: does not run it again
    finally:
        first.stop()
    assert erp.asked == 2 and second.engine.dispatcher.connector.asked == 0
    assert second.job_results["reconciliation"] == "another station is the active dispatcher"


def test_a_batch_type_is_not_sent_by_the_real_time_scheduler(world):
    put(world.db, "CNT-9", message_type="count.adjusted")
    put(world.db, "RCV-9")
    erp = FakeConnector()
    s = schedule.Schedule(interval=3600, batch={"count.adjusted": "02:00"})
    scheduler = SyncScheduler(make_engine(world.db, erp), interval=3600, schedule=s)
    scheduler.start()
    try:
        deadline = time.monotonic() + 10
        while not erp.posted and time.monotonic() < deadline:
            time.sleep(0.02)
        scheduler.passes.wait(5)
        assert [m.document_key for m in erp.posted] == ["RCV-9"]
        assert "batch 02:00" in scheduler.next_runs()
        scheduler._batch(("count.adjusted",))      # what the cron trigger calls at 02:00
    finally:
        scheduler.stop()
    assert [m.document_key for m in erp.posted] == ["RCV-9", "CNT-9"]


def test_dashboard_backlog_lag_throughput_and_connector_without_secrets(world, clock):
    import json as _json

    from domain.persistence.tables import settings
    from integration.connectors.base import ConnectorError
    from integration.inbox import SyncInboxService
    inbox = SyncInboxService(world.db, clock)
    empty = inbox.dashboard(world.clerk)
    assert (empty.backlog, empty.lag_seconds, empty.delivered_last_hour,
            empty.last_success_at) == ([], 0, 0, None)

    put(world.db, "OK-1")
    put(world.db, "BAD-1")
    erp = FakeConnector()
    erp.fail("BAD-1", ConnectorError("validation", "Unknown product"))
    Dispatcher(world.db, erp, clock=clock).dispatch()
    put(world.db, "WAIT-1", 2, message_type="stock.issue")
    world.db.write(lambda s: s.execute(settings.insert().values(
        key="sync.connector", value=_json.dumps({"kind": "tryton", "url": "http://erp:8000/",
                                                 "database": "wms", "username": "sync",
                                                 "password": "never-shown"}))))
    schedule.save(world.db, schedule.Schedule(jobs={"reconciliation": "03:00"}))
    clock.advance(90)
    d = inbox.dashboard(world.clerk)
    assert [(b.message_type, b.pending, b.failed) for b in d.backlog] == [
        ("stock.issue", 2, 0), ("stock.receipt", 0, 1)]
    assert d.lag_seconds == 90
    assert (d.delivered_last_hour, d.delivered_last_5_minutes, d.failed_last_hour) == (1, 1, 1)
    assert d.last_success_at is not None
    assert d.connector == {"kind": "tryton", "url": "http://erp:8000/", "database": "wms",
                           "username": "sync"}
    assert [name for name, _ in d.next_runs] == ["reconciliation"]
    clock.advance(3600)
    assert inbox.dashboard(world.clerk).delivered_last_hour == 0


class ItemSource(FakeConnector):
    """A connector that offers its products to the item pull."""

    def __init__(self) -> None:
        super().__init__()
        self.pulls = 0

    def pull_products(self, cursor=None):
        self.pulls += 1
        stamp = datetime(2026, 11, 25, 9, 0)
        return [{"code": "ERP-1", "name": "From the ERP", "active": True,
                 "write_date": stamp}], stamp


def test_inbound_is_polled_every_n_seconds_on_the_active_dispatcher(world):
    from sqlalchemy import select as _select

    from domain.persistence.tables import items
    erp = ItemSource()
    s = schedule.parse({"interval": 3600, "inbound_interval": 10})
    assert s.inbound_interval == 10
    scheduler = SyncScheduler(make_engine(world.db, erp), interval=3600, schedule=s)
    scheduler.start()
    try:
        assert "inbound" in scheduler.next_runs()          # an interval job beside dispatch
        assert scheduler.engine.lease.acquire()
        scheduler._job("pull_items")                       # what the interval trigger calls
    finally:
        scheduler.stop()
    assert erp.pulls == 1 and scheduler.job_results["pull_items"].startswith("items: 1 new")
    with world.db.read() as session:
        assert session.execute(_select(items.c.name).where(items.c.code == "ERP-1")).scalar() \
            == "From the ERP"
    for bad in (5, "often"):
        with pytest.raises(InvalidInput, match="inbound_interval"):
            schedule.parse({"inbound_interval": bad})
    assert schedule.parse({"inbound_interval": 0}).inbound_interval == 0
