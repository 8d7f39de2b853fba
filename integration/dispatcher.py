"""The outbound dispatcher: claims due outbox messages, sends them, records the result.

States of an outbox row: ``pending`` (due at ``next_attempt_at``) -> ``sending`` (claimed) ->
``delivered`` | ``pending`` again (retry later) | ``failed`` (in the error inbox) ->
(supervisor) ``pending`` or ``cancelled``.

* Per-document order: a message is only claimed when no earlier message of the same
  ``document_key`` is pending, sending or failed. A failure holds back its own document only.
* Concurrency: the claim is one short transaction; on PostgreSQL with ``FOR UPDATE SKIP LOCKED``
  so two dispatchers never claim the same row. Sending happens outside any transaction.
* Exactly once in effect: a message that was claimed before (crash, timeout) is first checked
  with ``connector.already_delivered`` and only re-sent when the ERP does not have it.
* ``last_error`` holds JSON: the last error (class, message, signature), the attempt history
  (capped), and inbox bookkeeping (assignee, comments, budget base). No schema change needed.
* One active dispatcher per database: ``Lease`` (PostgreSQL advisory lock held on a dedicated
  connection, released by the server when a crashed process's connection dies; SQLite: a row in
  ``settings`` with an expiry, taken under BEGIN IMMEDIATE, and at once from a holder process on
  this host that is gone). Whoever takes the lease first
  recovers messages stuck in ``sending``.
"""
from __future__ import annotations

import json
import logging
import os
import re
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, select, text, update
from sqlalchemy.orm import Session, aliased

from domain.clock import Clock
from domain.persistence.database import Database
from domain.persistence.tables import outbox, settings
from integration.connectors.base import Connector, ConnectorError, Message, classify
from integration.retry_policy import RetryPolicy

log = logging.getLogger(__name__)

OPEN_STATES = ("pending", "sending", "failed")   # states that hold back later messages
HISTORY_LIMIT = 20
LEASE_KEY = "sync.lease"


def error_info(raw: str | None) -> dict[str, Any]:
    """The JSON bookkeeping kept in ``outbox.last_error`` (tolerates plain text)."""
    if not raw:
        return {}
    try:
        info = json.loads(raw)
        return info if isinstance(info, dict) else {"message": str(info)}
    except ValueError:
        return {"message": raw}


def signature(error_class: str, message_type: str, text_: str) -> str:
    """Identical problems share a signature: numbers, quoted values and keys are blanked."""
    norm = re.sub(r"\"[^\"]*\"|'[^']*'", "'…'", text_ or "")
    norm = re.sub(r"[0-9a-f]{16,}|\d+", "#", norm)
    return f"{error_class}|{message_type}|{norm[:200]}"


@dataclass
class PassResult:
    claimed: int = 0
    delivered: int = 0
    already_there: int = 0
    retrying: int = 0
    failed: int = 0
    recovered: int = 0
    errors: list[str] = field(default_factory=list)


class Dispatcher:
    def __init__(self, db: Database, connector: Connector, *, clock: Clock | None = None,
                 policy: RetryPolicy | None = None, batch_size: int = 100) -> None:
        self.db = db
        self.connector = connector
        self.clock = clock or Clock()
        self._policy = policy
        self.batch_size = batch_size

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
            rows = s.execute(select(outbox.c.id, outbox.c.last_error)
                             .where(outbox.c.state == "sending")).all()
            for row in rows:
                info = error_info(row.last_error)
                _push_history(info, now, "recovered", "was sending when a dispatcher stopped")
                s.execute(update(outbox).where(outbox.c.id == row.id, outbox.c.state == "sending")
                          .values(state="pending", next_attempt_at=now,
                                  last_error=json.dumps(info, ensure_ascii=False)))
            return len(rows)
        n = self.db.write(work)
        if n:
            log.warning("recovered %d outbox message(s) stuck in 'sending'", n)
        return n

    # -- claiming -----------------------------------------------------------------------------
    def claim(self, limit: int | None = None) -> list[Message]:
        now = self.clock.now()
        limit = limit or self.batch_size
        postgres = self.db.dialect == "postgresql"

        def work(s: Session) -> list[Message]:
            earlier = aliased(outbox)
            held_back = exists().where(and_(earlier.c.document_key == outbox.c.document_key,
                                            earlier.c.id < outbox.c.id,
                                            earlier.c.state.in_(OPEN_STATES)))
            q = (select(outbox.c.id).where(outbox.c.state == "pending",
                                           (outbox.c.next_attempt_at.is_(None))
                                           | (outbox.c.next_attempt_at <= now),
                                           ~held_back)
                 .order_by(outbox.c.id).limit(limit))
            if postgres:
                q = q.with_for_update(skip_locked=True, of=outbox)
            ids = list(s.execute(q).scalars())
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
    def dispatch(self, *, max_messages: int | None = None) -> PassResult:
        """Send everything that is due now (several claims), then return."""
        result = PassResult()
        policy = self.policy()
        while max_messages is None or result.claimed < max_messages:
            batch = self.claim(self.batch_size if max_messages is None
                               else min(self.batch_size, max_messages - result.claimed))
            if not batch:
                break
            result.claimed += len(batch)
            for message in batch:
                self._deliver(message, policy, result)
        return result

    def _deliver(self, message: Message, policy: RetryPolicy, result: PassResult) -> None:
        try:
            if message.attempts > 1 and self.connector.already_delivered(message):
                self._delivered(message, "", already=True)
                result.already_there += 1
                return
            ack = self.connector.send(message)
        except Exception as exc:   # every failure is recorded, never lost
            error = classify(exc)
            state = self._failed(message, error, policy)
            result.errors.append(f"{message.id}: {error.error_class}: {error}")
            if state == "failed":
                result.failed += 1
            else:
                result.retrying += 1
            return
        self._delivered(message, ack.reference)
        result.delivered += 1

    def _delivered(self, message: Message, reference: str, *, already: bool = False) -> None:
        now = self.clock.now()

        def work(s: Session) -> None:
            raw = s.execute(select(outbox.c.last_error).where(outbox.c.id == message.id)).scalar()
            values: dict[str, Any] = {"state": "delivered", "sent_at": now, "next_attempt_at": None}
            if raw or already or reference:
                info = error_info(raw)
                _push_history(info, now, "delivered",
                              "already in the ERP" if already else "ok", reference=reference)
                values["last_error"] = json.dumps(info, ensure_ascii=False)
            s.execute(update(outbox).where(outbox.c.id == message.id,
                                           outbox.c.state == "sending").values(**values))
        self.db.write(work)

    def _failed(self, message: Message, error: ConnectorError, policy: RetryPolicy) -> str:
        now = self.clock.now()

        def work(s: Session) -> str:
            raw = s.execute(select(outbox.c.last_error).where(outbox.c.id == message.id)).scalar()
            info = error_info(raw)
            done = message.attempts - int(info.get("budget_base", 0))
            when = policy.next_attempt(error.error_class, done, now, error.retry_after)
            info.update({"class": error.error_class, "message": str(error)[:2000],
                         "signature": signature(error.error_class, message.message_type, str(error)),
                         "at": now.isoformat()})
            if error.request is not None:
                info["request"] = error.request
            if error.response is not None:
                info["response"] = error.response
            _push_history(info, now, error.error_class, str(error)[:500])
            state = "pending" if when is not None else "failed"
            s.execute(update(outbox).where(outbox.c.id == message.id, outbox.c.state == "sending")
                      .values(state=state, next_attempt_at=when,
                              last_error=json.dumps(info, ensure_ascii=False, default=str)))
            return state
        state = self.db.write(work)
        log.info("outbox %d (%s) %s: %s -> %s", message.id, message.message_type,
                 error.error_class, error, state)
        return state


def _push_history(info: dict, now: datetime, kind: str, text_: str, **extra) -> None:
    history = info.setdefault("history", [])
    history.append({"at": now.isoformat(), "kind": kind, "text": text_, **extra})
    del history[:-HISTORY_LIMIT]


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

    def run_pass(self) -> PassResult | None:
        """None when another station is the active dispatcher."""
        if not self.lease.acquire():
            self._was_held = False
            return None
        recovered = 0
        if not self._was_held:          # newly active: whatever is 'sending' is orphaned
            recovered = self.dispatcher.recover()
            self._was_held = True
        result = self.dispatcher.dispatch()
        result.recovered = recovered
        return result

    def stop(self) -> None:
        self.lease.release()
        self._was_held = False
