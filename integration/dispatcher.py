"""The outbound dispatcher: claims due outbox messages, sends them, records the result.

States of an outbox row: ``pending`` (due at ``next_attempt_at``) -> ``sending`` (claimed) ->
``delivered`` | ``pending`` again (retry later) | ``failed`` (in the error inbox) ->
(supervisor) ``pending`` or ``cancelled``.

* Per-document order: a message is only claimed together with every earlier open message of its
  ``document_key`` (a chain, sent in id order by one worker). A failure holds back its own
  document only: the rest of its chain is released unsent.
* Concurrency: the claim is one short transaction; on PostgreSQL with ``FOR UPDATE SKIP LOCKED``
  and a check that each claimed chain starts at its document's first open message, so two
  dispatchers never claim the same row nor overtake each other. Sending happens outside any
  transaction; documents go in parallel when the connector declares ``max_parallel > 1``.
* Speed: one claim and one result transaction per batch (not per message).
* Exactly once in effect: a message that was claimed before (crash, timeout) is first checked
  with ``connector.already_delivered`` and only re-sent when the ERP does not have it.
* Bookkeeping in tables (migration 0006): every attempt in ``sync_attempts`` (with the ERP request
  and response), the inbox state in ``sync_inbox`` (last error, signature, retry budget), a
  ``sync_exceptions`` row for the admin role when retries run out; ``outbox.last_error`` holds the
  plain text of the last error.
* One active dispatcher per database: ``Lease`` (PostgreSQL advisory lock held on a dedicated
  connection, released by the server when a crashed process's connection dies; SQLite: a row in
  ``settings`` with an expiry, taken under BEGIN IMMEDIATE, and at once from a holder process on
  this host that is gone). Whoever takes the lease first recovers messages stuck in ``sending``.
"""
from __future__ import annotations

import json
import logging
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, insert, or_, select, text, update
from sqlalchemy.orm import Session, aliased

from domain.clock import Clock
from domain.persistence.database import Database
from domain.services.operations import bulk
from domain.persistence.tables import (
    outbox,
    settings,
    sync_attempts,
    sync_exceptions,
    sync_inbox,
)
from integration.connectors.base import (
    Ack,
    Connector,
    ConnectorError,
    Message,
    classify,
)
from integration.retry_policy import RetryPolicy

log = logging.getLogger(__name__)

OPEN_STATES = ("pending", "sending", "failed")   # states that hold back later messages
LEASE_KEY = "sync.lease"
TEXT_LIMIT = 20_000        # request/response text kept per attempt
EXCEPTION_ROLE = "admin"   # who gets a sync exception when retries run out


def signature(error_class: str, message_type: str, text_: str) -> str:
    """Identical problems share a signature: numbers, quoted values and keys are blanked."""
    norm = re.sub(r"\"[^\"]*\"|'[^']*'", "'…'", text_ or "")
    norm = re.sub(r"[0-9a-f]{16,}|\d+", "#", norm)
    return f"{error_class}|{message_type}|{norm[:200]}"[:300]


def as_text(value: Any) -> str:
    """Request/response bodies as text for the attempt history (capped)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False, default=str)
    return value[:TEXT_LIMIT]


@dataclass
class PassResult:
    claimed: int = 0
    delivered: int = 0
    already_there: int = 0
    retrying: int = 0
    failed: int = 0
    recovered: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class _Outcome:
    """What happened to one claimed message, recorded after the batch."""
    message: Message
    kind: str                              # delivered | already | error | unsent
    at: datetime | None = None
    ms: int = 0
    ack: Ack | None = None
    error: ConnectorError | None = None


class Dispatcher:
    def __init__(self, db: Database, connector: Connector, *, clock: Clock | None = None,
                 policy: RetryPolicy | None = None, batch_size: int = 200,
                 workers: int | None = None) -> None:
        self.db = db
        self.connector = connector
        self.clock = clock or Clock()
        self._policy = policy
        self.batch_size = batch_size
        self.workers = max(1, min(workers or 8, int(getattr(connector, "max_parallel", 1) or 1)))
        self._pool: ThreadPoolExecutor | None = None

    # -- policy -------------------------------------------------------------------------------
    def policy(self) -> RetryPolicy:
        if self._policy is not None:
            return self._policy
        with self.db.read() as s:
            return RetryPolicy.load(s)

    # -- recovery -----------------------------------------------------------------------------
    def recover(self) -> int:
        """Put messages stuck in ``sending`` (their dispatcher died) back to ``pending``, due now.
        Their attempt count stays > 0, so the next send checks ``already_delivered`` first.
        Call only while holding the lease (or when no other dispatcher can run)."""
        now = self.clock.now()

        def work(s: Session) -> int:
            ids = list(s.execute(select(outbox.c.id).where(outbox.c.state == "sending")).scalars())
            if not ids:
                return 0
            s.execute(update(outbox).where(outbox.c.id.in_(ids), outbox.c.state == "sending")
                      .values(state="pending", next_attempt_at=now))
            s.execute(insert(sync_attempts), [
                {"outbox_id": i, "at": now, "duration_ms": 0, "outcome": "interrupted",
                 "message": "was sending when a dispatcher stopped"} for i in ids])
            return len(ids)
        n = self.db.write(work)
        if n:
            log.warning("recovered %d outbox message(s) stuck in 'sending'", n)
        return n

    # -- claiming -----------------------------------------------------------------------------
    def claim(self, limit: int | None = None, *,
              message_types: Iterable[str] | None = None,
              exclude_types: Iterable[str] = ()) -> list[Message]:
        """Claim up to ``limit`` due messages (state -> sending, attempts + 1), in id order.
        A message comes with every earlier open message of its document or not at all.
        ``message_types`` / ``exclude_types`` limit the claim (per-type modes)."""
        now = self.clock.now()
        limit = limit or self.batch_size
        types = tuple(message_types) if message_types is not None else None
        excluded = tuple(exclude_types)
        postgres = self.db.dialect == "postgresql"

        def sendable(t):
            cond = and_(t.c.state == "pending",
                        or_(t.c.next_attempt_at.is_(None), t.c.next_attempt_at <= now))
            if types is not None:
                cond = and_(cond, t.c.message_type.in_(types))
            if excluded:
                cond = and_(cond, t.c.message_type.not_in(excluded))
            return cond

        def work(s: Session) -> list[Message]:
            earlier = aliased(outbox)
            held_back = exists().where(and_(earlier.c.document_key == outbox.c.document_key,
                                            earlier.c.id < outbox.c.id,
                                            earlier.c.state.in_(OPEN_STATES),
                                            ~sendable(earlier)))
            q = (select(outbox.c.id, outbox.c.document_key)
                 .where(sendable(outbox), ~held_back).order_by(outbox.c.id).limit(limit))
            if postgres:
                q = q.with_for_update(skip_locked=True, of=outbox)
            got = s.execute(q).all()
            if not got:
                return []
            ids = _chain_prefixes(s, got) if postgres else [r.id for r in got]
            if not ids:
                return []
            rows = s.execute(update(outbox).where(outbox.c.id.in_(ids), outbox.c.state == "pending")
                             .values(state="sending", attempts=outbox.c.attempts + 1)
                             .returning(outbox.c.id, outbox.c.message_type, outbox.c.document_key,
                                        outbox.c.idempotency_key, outbox.c.payload,
                                        outbox.c.attempts)).all()
            return sorted((Message(r.id, r.message_type, r.document_key, r.idempotency_key,
                                   json.loads(r.payload), r.attempts) for r in rows),
                          key=lambda m: m.id)
        return self.db.write(work)

    # -- one pass -----------------------------------------------------------------------------
    def dispatch(self, *, max_messages: int | None = None,
                 message_types: Iterable[str] | None = None,
                 exclude_types: Iterable[str] = ()) -> PassResult:
        """Send everything that is due now (several claims), then return. ``message_types``
        limits the pass to those types, ``exclude_types`` leaves those out (a later message of a
        document still waits for an earlier one of another type)."""
        result = PassResult()
        policy = self.policy()
        types = tuple(message_types) if message_types is not None else None
        excluded = tuple(exclude_types)
        while max_messages is None or result.claimed < max_messages:
            batch = self.claim(self.batch_size if max_messages is None
                               else min(self.batch_size, max_messages - result.claimed),
                               message_types=types, exclude_types=excluded)
            if not batch:
                break
            result.claimed += len(batch)
            outcomes = self._send_batch(batch)
            self._record(outcomes, policy, result)
        return result

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        close = getattr(self.connector, "close", None)
        if callable(close):
            close()

    def _send_batch(self, batch: list[Message]) -> list[_Outcome]:
        chains: dict[str, list[Message]] = {}
        for m in batch:
            chains.setdefault(m.document_key, []).append(m)
        if self.workers == 1 or len(chains) == 1:
            return [o for chain in chains.values() for o in self._send_chain(chain)]
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="sync-send")
        return [o for outs in self._pool.map(self._send_chain, chains.values()) for o in outs]

    def _send_chain(self, chain: list[Message]) -> list[_Outcome]:
        """One document's messages in order; after a failure the rest stay unsent."""
        out: list[_Outcome] = []
        for i, message in enumerate(chain):
            outcome = self._send_one(message)
            out.append(outcome)
            if outcome.kind == "error":
                out += [_Outcome(m, "unsent") for m in chain[i + 1:]]
                break
        return out

    def _send_one(self, message: Message) -> _Outcome:
        at = self.clock.now()
        started = time.perf_counter()
        try:
            if message.attempts > 1 and self.connector.already_delivered(message):
                return _Outcome(message, "already", at, _ms(started))
            ack = self.connector.send(message)
        except Exception as exc:   # every failure is recorded, never lost
            return _Outcome(message, "error", at, _ms(started), error=classify(exc))
        return _Outcome(message, "delivered", at, _ms(started), ack=ack)

    # -- recording ----------------------------------------------------------------------------
    def _record(self, outcomes: list[_Outcome], policy: RetryPolicy, result: PassResult) -> None:
        """All results of a batch in one transaction."""
        now = self.clock.now()
        done = [o for o in outcomes if o.kind in ("delivered", "already")]
        errors = [o for o in outcomes if o.kind == "error"]
        unsent = [o.message.id for o in outcomes if o.kind == "unsent"]

        def work(s: Session) -> list[tuple[_Outcome, str]]:
            attempts: list[dict] = []
            if done:
                ids = [o.message.id for o in done]
                s.execute(update(outbox).where(outbox.c.id.in_(ids), outbox.c.state == "sending")
                          .values(state="delivered", sent_at=now, next_attempt_at=None))
                s.execute(update(sync_exceptions).where(sync_exceptions.c.outbox_id.in_(ids),
                                                        sync_exceptions.c.state == "open")
                          .values(state="done", closed_at=now, closed_by="sync"))
                for o in done:
                    ack = o.ack or Ack()
                    attempts.append({
                        "outbox_id": o.message.id, "at": o.at, "duration_ms": o.ms,
                        "outcome": o.kind, "error_class": "", "signature": "",
                        "message": ("already in the ERP" if o.kind == "already"
                                    else f"ok {ack.reference}".strip()),
                        "request": as_text(ack.request), "response": as_text(ack.response)})
            if unsent:
                s.execute(update(outbox).where(outbox.c.id.in_(unsent), outbox.c.state == "sending")
                          .values(state="pending", attempts=outbox.c.attempts - 1))
            states = []
            if errors:
                ids = [o.message.id for o in errors]
                inbox = {r.outbox_id: r for r in s.execute(
                    select(sync_inbox).where(sync_inbox.c.outbox_id.in_(ids)))}
                for o in errors:
                    states.append((o, self._record_error(s, o, inbox.get(o.message.id), policy,
                                                         now, attempts)))
            # Straight to the driver (one executemany on SQLite, one unnest on PostgreSQL): a
            # multi-row VALUES was compiled anew for every batch size, tens of milliseconds of
            # Python on the sync thread that the UI thread then waited for.
            bulk.insert_rows(s, sync_attempts, attempts)
            return states
        states = self.db.write(work)
        for o in done:
            if o.kind == "already":
                result.already_there += 1
            else:
                result.delivered += 1
        for o, state in states:
            result.errors.append(f"{o.message.id}: {o.error.error_class}: {o.error}")
            if state == "failed":
                result.failed += 1
            else:
                result.retrying += 1
            log.info("outbox %d (%s) %s: %s -> %s", o.message.id, o.message.message_type,
                     o.error.error_class, o.error, state)

    def _record_error(self, s: Session, o: _Outcome, inbox_row, policy: RetryPolicy,
                      now: datetime, attempts: list[dict]) -> str:
        error, message = o.error, o.message
        budget_base = inbox_row.budget_base if inbox_row is not None else 0
        when = policy.next_attempt(error.error_class, message.attempts - budget_base, now,
                                   error.retry_after)
        state = "pending" if when is not None else "failed"
        text_ = str(error)[:2000]
        sig = signature(error.error_class, message.message_type, str(error))
        s.execute(update(outbox).where(outbox.c.id == message.id, outbox.c.state == "sending")
                  .values(state=state, next_attempt_at=when, last_error=text_))
        values = {"error_class": error.error_class, "signature": sig, "message": text_,
                  "updated_at": now}
        if inbox_row is None:
            s.execute(insert(sync_inbox).values(outbox_id=message.id, **values))
        else:
            s.execute(update(sync_inbox).where(sync_inbox.c.outbox_id == message.id).values(**values))
        attempts.append({"outbox_id": message.id, "at": o.at, "duration_ms": o.ms,
                         "outcome": "retry" if state == "pending" else "failed",
                         "error_class": error.error_class, "message": text_, "signature": sig,
                         "request": as_text(error.request), "response": as_text(error.response)})
        if state == "failed":
            open_one = s.execute(select(sync_exceptions.c.id).where(
                sync_exceptions.c.outbox_id == message.id,
                sync_exceptions.c.state == "open")).first()
            if open_one is None:
                s.execute(insert(sync_exceptions).values(
                    outbox_id=message.id, role=EXCEPTION_ROLE, state="open", created_at=now,
                    summary=f"{message.message_type} {message.document_key}: "
                            f"{error.error_class}: {text_}"[:2000]))
        return state


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


def _chain_prefixes(s: Session, got) -> list[int]:
    """Keep, per document, only the claimed rows that follow its first open message without a
    gap. On PostgreSQL SKIP LOCKED may skip an earlier row another dispatcher is claiming right
    now; a later row of that document must then wait. (SQLite claims under one write lock: the
    query's own condition already guarantees this.)"""
    claimed: dict[str, set[int]] = {}
    for r in got:
        claimed.setdefault(r.document_key, set()).add(r.id)
    keep: list[int] = []
    top = max(r.id for r in got)
    open_rows: dict[str, list[int]] = {}
    for r in s.execute(select(outbox.c.id, outbox.c.document_key)
                       .where(outbox.c.document_key.in_(list(claimed)),
                              outbox.c.state.in_(OPEN_STATES), outbox.c.id <= top)
                       .order_by(outbox.c.id)):
        open_rows.setdefault(r.document_key, []).append(r.id)
    for doc, mine in claimed.items():
        for i in open_rows.get(doc, []):
            if i not in mine:
                break
            keep.append(i)
    return sorted(keep)


# -- the lease: one active dispatcher per database --------------------------------------------
class Lease:
    """``acquire()`` returns True while this process is the active dispatcher."""

    def __init__(self, db: Database, *, ttl_seconds: float = 60.0, clock: Clock | None = None,
                 holder: str | None = None) -> None:
        self.db = db
        self.ttl = timedelta(seconds=ttl_seconds)
        self.clock = clock or Clock()
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._conn = None
        self._held = False
        self._lock = threading.Lock()

    @property
    def held(self) -> bool:
        return self._held

    def acquire(self) -> bool:
        """Take or renew the lease. Returns True if held; ``fresh`` tells a first take."""
        with self._lock:
            if self.db.dialect == "postgresql":
                return self._acquire_pg()
            return self._acquire_settings()

    def _acquire_pg(self) -> bool:
        if self._held and self._conn is not None:
            try:
                self._conn.execute(text("SELECT 1"))
                return True
            except Exception:
                self._drop_conn()
        conn = self.db.engine.connect()
        got = conn.execute(text("SELECT pg_try_advisory_lock(hashtext('warelink-sync-dispatcher'))")).scalar()
        conn.commit()
        if got:
            self._conn, self._held = conn, True
        else:
            conn.close()
        return bool(got)

    def _drop_conn(self) -> None:
        if self._conn is not None:
            try:
                self._conn.invalidate()
                self._conn.close()
            except Exception:
                pass
        self._conn, self._held = None, False

    def _acquire_settings(self) -> bool:
        now = self.clock.now()

        def work(s: Session) -> bool:
            raw = s.execute(select(settings.c.value).where(settings.c.key == LEASE_KEY)).scalar()
            value = json.dumps({"holder": self.holder, "expires": (now + self.ttl).isoformat()})
            if raw is None:
                s.execute(settings.insert().values(key=LEASE_KEY, value=value))
                return True
            cur = json.loads(raw)
            if (cur.get("holder") != self.holder and datetime.fromisoformat(cur["expires"]) > now
                    and not _dead_here(cur.get("holder", ""))):
                return False
            s.execute(settings.update().where(settings.c.key == LEASE_KEY).values(value=value))
            return True
        self._held = self.db.write(work)
        return self._held

    def release(self) -> None:
        with self._lock:
            if self.db.dialect == "postgresql":
                if self._conn is not None:
                    try:
                        self._conn.execute(text(
                            "SELECT pg_advisory_unlock(hashtext('warelink-sync-dispatcher'))"))
                        self._conn.commit()
                        self._conn.close()
                    except Exception:
                        pass
                self._conn, self._held = None, False
                return
            if self._held:
                def work(s: Session) -> None:
                    raw = s.execute(select(settings.c.value).where(settings.c.key == LEASE_KEY)).scalar()
                    if raw and json.loads(raw).get("holder") == self.holder:
                        s.execute(settings.delete().where(settings.c.key == LEASE_KEY))
                self.db.write(work)
            self._held = False


def _dead_here(holder: str) -> bool:
    """A lease holder on this machine whose process is gone (crashed): take over at once."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class SyncEngine:
    """A dispatcher behind a lease: ``run_pass()`` is what the scheduler calls."""

    def __init__(self, dispatcher: Dispatcher, lease: Lease) -> None:
        self.dispatcher = dispatcher
        self.lease = lease
        self._was_held = False

    def run_pass(self, message_types: Iterable[str] | None = None,
                 exclude_types: Iterable[str] = ()) -> PassResult | None:
        """None when another station is the active dispatcher. ``message_types`` and
        ``exclude_types`` limit the pass (per-type modes: real time vs scheduled batches)."""
        if not self.lease.acquire():
            self._was_held = False
            return None
        recovered = 0
        if not self._was_held:          # newly active: whatever is 'sending' is orphaned
            recovered = self.dispatcher.recover()
            self._was_held = True
        result = self.dispatcher.dispatch(message_types=message_types,
                                          exclude_types=exclude_types)
        result.recovered = recovered
        return result

    def stop(self) -> None:
        self.lease.release()
        self._was_held = False
        self.dispatcher.close()
