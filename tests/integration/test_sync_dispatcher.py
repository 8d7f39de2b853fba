"""The outbound dispatcher and the error inbox, on SQLite and PostgreSQL (issue 7)."""
from __future__ import annotations

import json
import threading
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from domain.clock import FixedClock
from domain.errors import InvalidInput, PermissionDenied
from domain.persistence.tables import audit_log, outbox, sync_attempts, sync_inbox
from integration.connectors.base import ConnectorError
from integration.connectors.fake import FakeConnector
from integration.dispatcher import Dispatcher, Lease, SyncEngine
from integration.inbox import SyncInboxService, SyncMessageNotInInbox
from integration.retry_policy import RetryPolicy
from tests.integration.conftest import NOW


class Clock(FixedClock):
    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)


def put(db, document: str, n: int = 1, message_type: str = "stock.receipt") -> list[int]:
    ids = []
    for i in range(n):
        def work(s):
            return s.execute(insert(outbox).values(
                created_at=NOW, message_type=message_type, document_key=document,
                idempotency_key=uuid.uuid4().hex, payload=json.dumps({"seq": i, "doc": document}),
                state="pending", attempts=0, next_attempt_at=NOW).returning(outbox.c.id)).scalar()
        ids.append(db.write(work))
    return ids


def rows(db):
    with db.read() as s:
        return {r.id: r for r in s.execute(select(outbox))}


def inbox_row(db, message_id):
    with db.read() as s:
        return s.execute(select(sync_inbox).where(sync_inbox.c.outbox_id == message_id)).one()


def attempts(db, message_id):
    with db.read() as s:
        return s.execute(select(sync_attempts).where(sync_attempts.c.outbox_id == message_id)
                         .order_by(sync_attempts.c.id)).all()


def no_jitter(**rules):
    base = {k: {"jitter": 0} for k in ("network", "timeout", "http_5xx", "http_429", "locked", "auth")}
    for k, v in rules.items():
        base[k] = {**base.get(k, {}), **v}
    return RetryPolicy(base)


@pytest.fixture
def clock():
    return Clock(NOW)


def test_a_receipt_is_delivered_once(world, clock):
    world.stock.receive(world.clerk, item="LOT", qty="5", bin="RCV", lot="L1", document_ref="PO-1")
    erp = FakeConnector()
    result = Dispatcher(world.db, erp, clock=clock).dispatch()
    assert (result.claimed, result.delivered) == (1, 1)
    (row,) = rows(world.db).values()
    assert row.state == "delivered" and row.sent_at is not None and row.attempts == 1
    assert erp.posted[0].payload["lines"][0]["lot"] == "L1"
    assert Dispatcher(world.db, erp, clock=clock).dispatch().claimed == 0
    assert len(erp.posted) == 1


def test_order_per_document_and_a_failure_holds_back_its_document_only(db, clock):
    a = put(db, "DOC-A", 3)
    b = put(db, "DOC-B", 2)
    erp = FakeConnector()
    erp.fail("DOC-A", ConnectorError("http_5xx", "503 Service Unavailable"))
    d = Dispatcher(db, erp, clock=clock, policy=no_jitter(http_5xx={"attempts": 3, "wait": 300}))
    d.dispatch()
    assert erp.posted_keys() == [rows(db)[i].idempotency_key for i in b]
    state = rows(db)
    assert state[a[0]].state == "pending" and state[a[0]].next_attempt_at == NOW + timedelta(seconds=300)
    assert [state[i].state for i in a[1:]] == ["pending", "pending"] and state[a[1]].attempts == 0
    clock.advance(299)
    assert d.dispatch().claimed == 0
    clock.advance(1)
    d.dispatch()
    keys = [rows(db)[i].idempotency_key for i in a]
    assert erp.posted_keys()[2:] == keys             # in order, once each
    assert all(r.state == "delivered" for r in rows(db).values())


def test_retry_until_exhausted_then_inbox_and_permanent_errors_go_straight_there(db, clock):
    (slow,) = put(db, "DOC-1")
    (bad,) = put(db, "DOC-2")
    erp = FakeConnector()
    erp.fail("DOC-1", *[ConnectorError("network", "connection refused")] * 5)
    erp.fail("DOC-2", ConnectorError("validation", "Unknown product 'X1'"))
    d = Dispatcher(db, erp, clock=clock, policy=no_jitter(network={"attempts": 3, "wait": 10,
                                                                   "backoff": 2}))
    d.dispatch()
    r = rows(db)
    assert r[bad].state == "failed" and r[bad].attempts == 1
    assert r[bad].last_error == "Unknown product 'X1'"
    assert inbox_row(db, bad).error_class == "validation"
    assert r[slow].next_attempt_at == NOW + timedelta(seconds=10)
    clock.advance(10)
    d.dispatch()
    assert rows(db)[slow].next_attempt_at == clock.now() + timedelta(seconds=20)   # backoff
    clock.advance(20)
    d.dispatch()
    assert rows(db)[slow].state == "failed" and rows(db)[slow].attempts == 3
    assert [a.outcome for a in attempts(db, slow)] == ["retry", "retry", "failed"]
    assert [a.outcome for a in attempts(db, bad)] == ["failed"]
    assert erp.posted == []


def test_http_429_waits_at_least_retry_after(db, clock):
    (m,) = put(db, "D")
    erp = FakeConnector()
    erp.fail("D", ConnectorError("http_429", "too many", retry_after=900))
    Dispatcher(db, erp, clock=clock, policy=no_jitter(http_429={"wait": 60})).dispatch()
    assert rows(db)[m].next_attempt_at == NOW + timedelta(seconds=900)


def test_jitter_spreads_retries(db, clock):
    ids = put(db, "J1") + put(db, "J2") + put(db, "J3")
    erp = FakeConnector()
    erp.fail("*", *[ConnectorError("http_5xx", "500")] * 3)
    Dispatcher(db, erp, clock=clock).dispatch()
    waits = {rows(db)[i].next_attempt_at for i in ids}
    assert len(waits) == 3
    assert all(NOW + timedelta(seconds=240) <= w <= NOW + timedelta(seconds=360) for w in waits)


def test_timeout_after_the_erp_booked_it_is_not_sent_twice(db, clock):
    (m,) = put(db, "T")
    erp = FakeConnector()
    erp.fail("T", "timeout-after-post")
    d = Dispatcher(db, erp, clock=clock, policy=no_jitter(timeout={"wait": 5}))
    d.dispatch()
    assert rows(db)[m].state == "pending" and len(erp.posted) == 1
    clock.advance(5)
    result = d.dispatch()
    assert result.already_there == 1 and rows(db)[m].state == "delivered"
    assert len(erp.posted) == 1 and erp.sends.count(rows(db)[m].idempotency_key) == 1


def test_messages_stuck_sending_are_recovered_at_start(db, clock):
    posted, lost = put(db, "C1") + put(db, "C2")
    erp = FakeConnector()
    d = Dispatcher(db, erp, clock=clock)
    claimed = d.claim()                       # a dispatcher claims both, then "crashes":
    erp.posted.append(claimed[0])             # the first reached the ERP, the second did not
    assert {r.state for r in rows(db).values()} == {"sending"}
    engine = SyncEngine(Dispatcher(db, erp, clock=clock), Lease(db, clock=clock))
    result = engine.run_pass()
    assert result.recovered == 2 and result.already_there == 1 and result.delivered == 1
    assert sorted(erp.posted_keys()) == sorted(r.idempotency_key for r in rows(db).values())
    assert {r.state for r in rows(db).values()} == {"delivered"}
    engine.stop()


def test_one_active_dispatcher_per_database(db, clock):
    first, second = Lease(db, clock=clock), Lease(db, clock=clock)
    assert first.acquire()
    assert not second.acquire()
    assert first.acquire()                    # renewing
    first.release()
    assert second.acquire()
    second.release()


def test_the_lease_of_a_crashed_station_is_taken_over(db, clock):
    crashed, other = Lease(db, clock=clock, ttl_seconds=60), Lease(db, clock=clock)
    assert crashed.acquire()
    if db.dialect == "postgresql":
        crashed._conn.invalidate()            # the process died: its connection is gone
    else:
        assert not other.acquire()
        clock.advance(61)                     # it stopped renewing
    assert other.acquire()
    other.release()


@pytest.mark.postgres
def test_two_dispatchers_on_postgresql_never_send_the_same_message_twice(pg_url, clock):
    from domain.persistence.database import Database
    db = Database(pg_url)
    db.migrate()
    try:
        for d in range(40):
            put(db, f"P-{d}", 3)
        sent, lock = [], threading.Lock()

        def slow(message):
            time.sleep(0.002)
            with lock:
                sent.append(message.idempotency_key)
        erp = FakeConnector(on_send=slow)
        workers = [Dispatcher(db, erp, clock=clock, batch_size=7) for _ in range(3)]
        threads = [threading.Thread(target=w.dispatch) for w in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for w in workers:                      # the rest of each chain
            w.dispatch()
        assert len(sent) == 120 and len(set(sent)) == 120
        by_doc: dict[str, list[int]] = {}
        for m in erp.posted:
            by_doc.setdefault(m.document_key, []).append(m.payload["seq"])
        assert all(seqs == [0, 1, 2] for seqs in by_doc.values())
    finally:
        db.dispose()


# -- the error inbox ---------------------------------------------------------------------------
def _two_failures(db, clock):
    ids = put(db, "F1") + put(db, "F2") + put(db, "F3", message_type="stock.issue")
    erp = FakeConnector()
    erp.fail("F1", ConnectorError("validation", "Unknown product 'A-1' (line 3)"))
    erp.fail("F2", ConnectorError("validation", "Unknown product 'B-22' (line 7)"))
    erp.fail("F3", ConnectorError("auth", "HTTP 401"))
    d = Dispatcher(db, erp, clock=clock, policy=no_jitter(auth={"attempts": 1}))
    d.dispatch()
    return ids, erp, d


def test_inbox_groups_failures_by_signature(world, clock):
    ids, _, _ = _two_failures(world.db, clock)
    inbox = SyncInboxService(world.db, clock)
    groups = inbox.problems(world.supervisor)
    assert [(g.count, g.error_class) for g in groups] == [(2, "validation"), (1, "auth")]
    assert groups[0].ids == ids[:2]
    assert [g.count for g in inbox.problems(world.supervisor, message_type="stock.issue")] == [1]
    counts = inbox.counts(world.clerk)
    assert counts["failed"] == 3 and counts["pending"] == 0
    with pytest.raises(PermissionDenied):
        inbox.problems(world.clerk)


def test_retry_group_then_delivered(world, clock):
    ids, erp, d = _two_failures(world.db, clock)
    inbox = SyncInboxService(world.db, clock)
    group = inbox.problems(world.supervisor)[0]
    assert inbox.retry_group(world.supervisor, group.signature) == 2
    d.dispatch()
    r = rows(world.db)
    assert [r[i].state for i in ids] == ["delivered", "delivered", "failed"]
    assert len(erp.posted) == 2


def test_edit_payload_and_resubmit_is_audited_with_the_diff(world, clock):
    ids, erp, d = _two_failures(world.db, clock)
    inbox = SyncInboxService(world.db, clock)
    msg = inbox.detail(world.supervisor, ids[0])
    assert msg.error.startswith("Unknown product") and msg.history
    with pytest.raises(InvalidInput):
        inbox.resubmit(world.supervisor, ids[0], "{not json")
    inbox.resubmit(world.supervisor, ids[0], {**msg.payload, "doc": "F1-fixed"})
    d.dispatch()
    assert erp.posted[-1].payload["doc"] == "F1-fixed"
    assert rows(world.db)[ids[0]].state == "delivered"
    with world.db.read() as s:
        entry = s.execute(select(audit_log).where(audit_log.c.action == "sync.resubmit")).one()
    assert json.loads(entry.detail)["diff"] == [{"path": "doc", "old": "F1", "new": "F1-fixed"}]
    with pytest.raises(SyncMessageNotInInbox):
        inbox.resubmit(world.supervisor, ids[0], msg.payload)


def test_cancel_needs_a_reason_says_the_erp_disagrees_and_releases_the_document(world, clock):
    (first,) = put(world.db, "K")
    (second,) = put(world.db, "K")
    erp = FakeConnector()
    erp.fail("K", ConnectorError("mapping", "no such location"))
    d = Dispatcher(world.db, erp, clock=clock)
    d.dispatch()
    assert rows(world.db)[first].state == "failed" and rows(world.db)[second].state == "pending"
    inbox = SyncInboxService(world.db, clock)
    with pytest.raises(InvalidInput):
        inbox.cancel(world.supervisor, [first], " ")
    result = inbox.cancel(world.supervisor, [first], "booked by hand in the ERP")
    assert result.cancelled == 1 and result.erp_disagrees
    d.dispatch()
    assert rows(world.db)[second].state == "delivered"      # no longer held back
    assert rows(world.db)[first].state == "cancelled"       # kept, never deleted


def test_assign_and_comment(world, clock):
    ids, _, _ = _two_failures(world.db, clock)
    inbox = SyncInboxService(world.db, clock)
    inbox.assign(world.supervisor, ids[:2], "admin")
    inbox.comment(world.supervisor, ids[0], "checking the item master")
    assert [m.id for m in inbox.messages(world.supervisor, assignee="admin")] == ids[:2]
    assert inbox.problems(world.supervisor)[0].assignees == {"admin"}
    assert inbox.detail(world.admin, ids[0]).comments[0]["text"] == "checking the item master"
    with world.db.read() as s:
        actions = [a for (a,) in s.execute(select(audit_log.c.action)
                                           .where(audit_log.c.action.like("sync.%")))]
    assert actions == ["sync.assign", "sync.comment"]


def test_retry_rules_are_data_an_admin_edits(world, clock):
    inbox = SyncInboxService(world.db, clock)
    assert inbox.retry_rules(world.admin)["http_5xx"]["attempts"] == 3
    with pytest.raises(InvalidInput):
        inbox.save_retry_rules(world.admin, {"http_5xx": {"attempts": -1}})
    with pytest.raises(PermissionDenied):
        inbox.save_retry_rules(world.clerk, {"http_5xx": {"attempts": 1}})
    inbox.save_retry_rules(world.admin, {"http_5xx": {"attempts": 1}})
    (m,) = put(world.db, "R")
    erp = FakeConnector()
    erp.fail("R", ConnectorError("http_5xx", "502 Bad Gateway"))
    Dispatcher(world.db, erp, clock=clock).dispatch()          # the policy is read from settings
    assert rows(world.db)[m].state == "failed"
