"""The background scheduler and ``main.py sync`` (issue 7)."""
from __future__ import annotations

import io
import json
import time
import uuid
from argparse import Namespace
from datetime import datetime, timezone

from sqlalchemy import insert, select

from domain.persistence.tables import outbox, settings
from integration import cli
from integration.connectors.fake import FakeConnector
from integration.scheduler import SyncScheduler, make_engine


def put(db, document):
    now = datetime.now(timezone.utc)
    db.write(lambda s: s.execute(insert(outbox).values(
        created_at=now, message_type="stock.receipt", document_key=document,
        idempotency_key=uuid.uuid4().hex, payload="{}", state="pending", attempts=0,
        next_attempt_at=now)))


def states(db):
    with db.read() as s:
        return [r for (r,) in s.execute(select(outbox.c.state).order_by(outbox.c.id))]


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_the_background_scheduler_sends_and_wakes_on_demand(db):
    erp = FakeConnector()
    scheduler = SyncScheduler(make_engine(db, erp), interval=3600)   # only the first tick + wake
    put(db, "S-1")
    scheduler.start()
    try:
        assert wait_for(lambda: states(db) == ["delivered"])
        put(db, "S-2")
        scheduler.wake()
        assert wait_for(lambda: states(db) == ["delivered", "delivered"])
        assert scheduler.last_error is None
    finally:
        scheduler.stop()
    assert len(erp.posted) == 2


def test_sync_once_without_a_connector_says_so(db):
    err = io.StringIO()
    args = Namespace(once=True, interval=10, tryton=None, erp_db=None, erp_user=None)
    assert cli.run(args, lambda: db, out=io.StringIO(), err=err) == 2
    assert "no ERP connector configured" in err.getvalue()


def test_sync_once_with_the_fake_connector(db):
    db.write(lambda s: s.execute(insert(settings).values(key="sync.connector",
                                                         value=json.dumps({"kind": "fake"}))))
    put(db, "S-3")
    out = io.StringIO()
    args = Namespace(once=True, interval=10, tryton=None, erp_db=None, erp_user=None)
    assert cli.run(args, lambda: db, out=out, err=io.StringIO()) == 0
    assert "delivered 1" in out.getvalue() and states(db) == ["delivered"]


def test_the_desktop_sync_thread_starts_only_when_configured(db):
    from integration.scheduler import start_background_sync
    assert start_background_sync(db) is None
    db.write(lambda s: s.execute(insert(settings).values(key="sync.connector",
                                                         value=json.dumps({"kind": "fake"}))))
    put(db, "S-4")
    scheduler = start_background_sync(db, interval=3600)
    try:
        assert wait_for(lambda: states(db) == ["delivered"])
    finally:
        scheduler.stop()
