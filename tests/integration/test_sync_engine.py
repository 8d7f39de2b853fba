"""The sync engine (dispatcher + REST connector) against the fault-injecting loopback ERP, on
SQLite and PostgreSQL (issue 7): every fault class meets its retry rule, a long outage with
thousands of queued messages, a poison message, sync exceptions, per-type passes, two stations."""
from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from domain.clock import FixedClock
from domain.persistence.tables import outbox, sync_attempts, sync_exceptions, sync_inbox
from integration.connectors.rest import RestConnector
from integration.dispatcher import Dispatcher, Lease, SyncEngine
from integration.inbox import SyncInboxService
from integration.retry_policy import RetryPolicy, save_rules
from tests.faulty_erp import FaultyErp, check_delivery, queue_messages, rest_config
from tests.integration.conftest import NOW


class Clock(FixedClock):
    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return Clock(NOW)


@pytest.fixture
def erp():
    server = FaultyErp()
    yield server
    server.stop()


@pytest.fixture
def rest(erp):
    connector = RestConnector(rest_config(erp.url))
    yield connector
    connector.close()


def no_jitter() -> RetryPolicy:
    return RetryPolicy({k: {"jitter": 0} for k in ("network", "timeout", "http_5xx", "http_429",
                                                    "locked", "auth", "malformed")})


def row(db, key):
    with db.read() as s:
        return s.execute(select(outbox).where(outbox.c.idempotency_key == key)).one()


def inbox_of(db, outbox_id):
    with db.read() as s:
        return s.execute(select(sync_inbox).where(sync_inbox.c.outbox_id == outbox_id)).one()


# (fault script, error class, state after the first pass, seconds to the next try or None)
FAULTS = {
    "500": ({"kind": "status", "status": 500}, "http_5xx", "pending", 300),
    "503 Retry-After": ({"kind": "status", "status": 503, "headers": {"Retry-After": "900"}},
                        "http_5xx", "pending", 900),
    "429 Retry-After": ({"kind": "status", "status": 429, "headers": {"Retry-After": "120"}},
                        "http_429", "pending", 120),
    "423 locked": ({"kind": "status", "status": 423}, "locked", "pending", 60),
    "400 validation": ({"kind": "status", "status": 400,
                            "body": {"errors": [{"message": "unknown product A-1"}]}},
                       "validation", "failed", None),
    "422 validation": ({"kind": "status", "status": 422, "body": {"message": "qty > ordered"}},
                       "validation", "failed", None),
    "401 auth": ({"kind": "status", "status": 401}, "auth", "pending", 600),
    "timeout": ({"kind": "timeout", "delay": 1.0}, "timeout", "pending", 30),
    "reset": ({"kind": "reset"}, "network", "pending", 30),
    "malformed": ({"kind": "malformed"}, "malformed", "pending", 120),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_every_fault_class_meets_its_rule(db, erp, rest, clock, fault):
    script, error_class, state, wait = FAULTS[fault]
    ((key, _, _),) = queue_messages(db, 1, 1, now=NOW)
    erp.fault(**script)
    d = Dispatcher(db, rest, clock=clock, policy=no_jitter())
    result = d.dispatch()
    r = row(db, key)
    assert (r.state, inbox_of(db, r.id).error_class) == (state, error_class)
    assert r.next_attempt_at == (NOW + timedelta(seconds=wait) if wait else None)
    with db.read() as s:
        (attempt,) = s.execute(select(sync_attempts).where(sync_attempts.c.outbox_id == r.id)).all()
        exceptions = s.execute(select(sync_exceptions)).all()
    assert attempt.error_class == error_class and attempt.request.startswith("POST /postings")
    if state == "failed":                      # permanent: straight to the inbox, admin told
        assert result.failed == 1 and len(exceptions) == 1 and exceptions[0].role == "admin"
        assert "HTTP 4" in attempt.response and "HTTP 4" in r.last_error
        return
    assert exceptions == []
    clock.advance(wait)
    d.dispatch()
    assert row(db, key).state == "delivered"
    check_delivery(erp, [(key, "DOC-0", 0)])   # once, even where the first try reached the ERP


def test_a_mapping_error_never_reaches_the_erp(db, erp, clock):
    config = rest_config(erp.url)
    config["messages"]["*"]["body"]["lines"] = {"each": "lines", "fields": {
        "sku": {"from": "item", "transform": "lookup", "table": {"B-2": "200"}}}}
    ((key, _, _),) = queue_messages(db, 1, 1, now=NOW)
    Dispatcher(db, RestConnector(config), clock=clock).dispatch()
    r = row(db, key)
    assert r.state == "failed" and inbox_of(db, r.id).error_class == "mapping"
    assert "A-1" in r.last_error and erp.requests == []


def test_exhausted_retries_raise_a_sync_exception_closed_by_the_retry(world, erp, rest, clock):
    db = world.db
    ((key, _, _),) = queue_messages(db, 1, 1, now=NOW)
    erp.fault("status", times=3, status=502)
    policy = RetryPolicy({"http_5xx": {"attempts": 3, "wait": 10, "jitter": 0}})
    d = Dispatcher(db, rest, clock=clock, policy=policy)
    for _ in range(3):
        d.dispatch()
        clock.advance(10)
    r = row(db, key)
    assert r.state == "failed" and r.attempts == 3
    inbox = SyncInboxService(db, clock)
    (exc,) = inbox.exceptions(world.admin)
    assert exc.outbox_id == r.id and exc.role == "admin" and "502" in exc.summary
    assert [a.outcome for a in inbox.attempts(world.supervisor, r.id)] == ["retry", "retry", "failed"]
    inbox.retry(world.supervisor, [r.id])
    d.dispatch()
    assert row(db, key).state == "delivered"
    assert inbox.exceptions(world.admin) == []
    assert inbox.exceptions(world.admin, state="done")[0].closed_by == "sync"


def test_erp_down_for_a_long_time_then_everything_arrives_in_order(db, erp, rest, clock):
    sent = queue_messages(db, 100, 30, now=NOW)          # 3,000 messages, 100 documents
    erp.stop()
    d = Dispatcher(db, rest, clock=clock)                # the default rules, with jitter
    for _ in range(12):                                  # two hours down
        result = d.dispatch()
        assert result.delivered == 0 and result.failed == 0
        clock.advance(600)
    with db.read() as s:
        states = dict(s.execute(select(outbox.c.state, outbox.c.attempts)
                                .where(outbox.c.attempts > 0).distinct()).all())
    assert set(states) == {"pending"}                    # only the head of each document tried
    erp.start()
    clock.advance(3600 * 1.2)                            # the longest wait, jitter included
    result = d.dispatch()
    assert result.delivered == 3000
    check_delivery(erp, sent)
    with db.read() as s:
        assert {st for (st,) in s.execute(select(outbox.c.state).distinct())} == {"delivered"}


def test_a_poison_message_holds_back_its_document_only(world, erp, rest, clock):
    db = world.db
    sent = queue_messages(db, 20, 5, now=NOW)
    poison = next(k for k, doc, seq in sent if doc == "DOC-7" and seq == 1)
    erp.fault("status", times=1, match=poison, status=422, body={"message": "bad lot"})
    d = Dispatcher(db, rest, clock=clock)
    result = d.dispatch()
    assert (result.delivered, result.failed) == (96, 1)      # DOC-7: 1 sent, 1 failed, 3 wait
    held = [k for k, doc, seq in sent if doc == "DOC-7" and seq > 1]
    assert {row(db, k).state for k in held} == {"pending"}
    assert all(row(db, k).attempts == 0 for k in held)
    inbox = SyncInboxService(db, clock)
    (group,) = inbox.problems(world.supervisor)
    assert group.count == 1 and group.error_class == "validation" and "bad lot" in group.error
    inbox.cancel(world.supervisor, group.ids, "booked by hand")
    d.dispatch()
    check_delivery(erp, [s for s in sent if s[0] != poison])


def test_message_type_filter_keeps_the_order_of_a_document(db, erp, rest, clock):
    (a,) = queue_messages(db, 1, 1, prefix="MIX", message_type="stock.count", now=NOW)
    (b,) = queue_messages(db, 1, 1, prefix="MIX", message_type="stock.receipt", now=NOW)
    (c,) = queue_messages(db, 1, 1, prefix="OTHER", message_type="stock.receipt", now=NOW)
    d = Dispatcher(db, rest, clock=clock)
    result = d.dispatch(message_types=["stock.receipt"])
    assert result.delivered == 1 and erp.keys() == [c[0]]     # b waits for the count before it
    d.dispatch(message_types=["stock.count"])
    d.dispatch(message_types=["stock.receipt"])
    assert erp.keys() == [c[0], a[0], b[0]]


def test_retry_rules_are_rows_an_admin_edits(world, clock):
    from domain.errors import PermissionDenied
    inbox = SyncInboxService(world.db, clock)
    inbox.save_retry_rules(world.admin, {"http_5xx": {"attempts": 5, "wait": 30}})
    with pytest.raises(PermissionDenied):
        inbox.save_retry_rules(world.supervisor, {"http_5xx": {"attempts": 1}})
    with world.db.read() as s:
        rule = RetryPolicy.load(s).rule("http_5xx")
    assert (rule["attempts"], rule["wait"], rule["backoff"]) == (5, 30, 1.0)


def test_attempts_related_moves_and_payload_edits(world, erp, rest, clock):
    db = world.db
    world.stock.receive(world.clerk, item="LOT", qty="5", bin="RCV", lot="L1", document_ref="PO-77")
    erp.fault("status", status=400, body={"errors": [{"field": "lot", "message": "unknown lot"}]})
    Dispatcher(db, rest, clock=clock).dispatch()
    inbox = SyncInboxService(db, clock)
    (m,) = inbox.messages(world.supervisor)
    (attempt,) = inbox.attempts(world.supervisor, m.id)
    assert attempt.outcome == "failed" and "lot: unknown lot" in attempt.message
    assert json.loads(attempt.request.split("\n", 1)[1])["external_id"] == m.idempotency_key
    assert m.response.startswith("HTTP 400")
    (move,) = inbox.related_moves(world.supervisor, m.id)
    assert (move.item, move.lot, move.to_bin, str(move.qty)) == ("LOT", "L1", "RCV", "5")
    inbox.comment(world.supervisor, m.id, "asked purchasing")
    inbox.assign(world.supervisor, [m.id], "supervisor")
    inbox.resubmit(world.supervisor, m.id, {**m.payload, "note": "lot fixed"})
    (edit,) = inbox.payload_edits(world.supervisor, m.id)
    assert edit["diff"] == [{"path": "note", "old": None, "new": "lot fixed"}]
    assert edit["user"] == "supervisor"
    d = inbox.detail(world.supervisor, m.id)
    assert d.assignee == "supervisor" and d.comments[0]["text"] == "asked purchasing"
    Dispatcher(db, rest, clock=clock).dispatch()
    assert inbox.detail(world.supervisor, m.id).state == "delivered"
    assert [a.outcome for a in inbox.attempts(world.supervisor, m.id)] == ["failed", "delivered"]


def test_rules_from_the_database_drive_the_dispatcher(db, erp, rest, clock):
    db.write(lambda s: save_rules(s, {"http_5xx": {"attempts": 1}}))
    ((key, _, _),) = queue_messages(db, 1, 1, now=NOW)
    erp.fault("status", status=500)
    Dispatcher(db, rest, clock=clock).dispatch()
    assert row(db, key).state == "failed"


@pytest.mark.postgres
def test_two_stations_on_postgresql_one_active_and_a_crashed_one_taken_over(pg_url, erp):
    from domain.persistence.database import Database
    db = Database(pg_url)
    db.migrate()
    try:
        sent = queue_messages(db, 30, 10)
        a = SyncEngine(Dispatcher(db, RestConnector(rest_config(erp.url))), Lease(db))
        b = SyncEngine(Dispatcher(db, RestConnector(rest_config(erp.url))), Lease(db))
        assert a.lease.acquire() and not b.lease.acquire()
        claimed = a.dispatcher.claim(50)                 # a claims, then "crashes"
        assert len(claimed) == 50
        results: list = []
        t = threading.Thread(target=lambda: results.append(b.run_pass()))
        t.start()
        t.join()
        assert results == [None]                         # a still holds the lease
        a.lease._conn.invalidate()                       # its process died: connection gone
        result = b.run_pass()
        assert result is not None and result.recovered == 50
        assert result.delivered + result.already_there == 300
        check_delivery(erp, sent)
        b.stop()
    finally:
        db.dispose()
