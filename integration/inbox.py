"""The ERP sync error inbox: what could not be delivered, and what a supervisor does about it.

Failed outbox messages are grouped by error signature (500 identical failures are one problem with
a count). Actions — retry, edit payload and resubmit, cancel with a reason, assign, comment — are
permission-checked (``MANAGE_SYNC``; retry rules ``CONFIGURE_SYNC``) and audited; a message is
never deleted, so nothing is silently lost. The bookkeeping lives in the sync tables (migration
0006): ``sync_inbox`` (last error, signature, assignee, retry budget), ``sync_attempts``,
``sync_comments``, ``sync_payload_edits`` (the diff of every edit), ``sync_exceptions``.
It lives in integration/ (not domain/) because it applies the dispatcher's retry rules.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, aliased

from domain import audit
from domain.errors import DomainError, InvalidInput, NotFound
from domain.permissions import Actor, Permission
from domain.persistence.tables import (
    bins,
    items,
    lots,
    outbox,
    serials,
    stock_moves,
    sync_attempts,
    sync_comments,
    sync_exceptions,
    sync_inbox,
    sync_payload_edits,
    users,
)
from domain.services.base import Service


class SyncMessageNotInInbox(DomainError):
    template = "Sync message {message} is {state}, not waiting in the error inbox"


RETRYABLE = ("failed", "pending")
ALL_STATES = ("pending", "sending", "delivered", "failed", "cancelled")


@dataclass(frozen=True)
class InboxMessage:
    id: int
    message_type: str
    document_key: str
    idempotency_key: str
    state: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None
    payload: dict[str, Any]
    error_class: str
    error: str
    signature: str
    assignee: str | None
    history: list[dict]
    comments: list[dict]
    request: Any = None
    response: Any = None


@dataclass(frozen=True)
class Attempt:
    """One send of a message (or the note that a crash interrupted one)."""
    id: int
    at: datetime
    duration_ms: int
    outcome: str          # delivered | already | retry | failed | interrupted
    error_class: str
    message: str
    signature: str
    request: str
    response: str


@dataclass(frozen=True)
class RelatedMove:
    id: int
    created_at: datetime
    item: str
    qty: Any
    from_bin: str | None
    to_bin: str | None
    lot: str | None
    serial: str | None
    reason: str
    document_ref: str | None


@dataclass(frozen=True)
class SyncException:
    """Raised for the admin role when a message's retries ran out; closed when it is delivered
    or cancelled."""
    id: int
    outbox_id: int
    role: str
    state: str
    summary: str
    created_at: datetime
    closed_at: datetime | None
    closed_by: str


@dataclass
class ProblemGroup:
    signature: str
    error_class: str
    message_type: str
    error: str
    count: int = 0
    first_at: datetime | None = None
    last_at: datetime | None = None
    ids: list[int] = field(default_factory=list)
    assignees: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class SyncStatus:
    pending: int                  # waiting to be sent (pending or being sent)
    failed: int                   # messages in the error inbox
    lag_seconds: int              # age of the oldest message still waiting
    problems: tuple[str, ...]     # signatures of the open problems (empty without MANAGE_SYNC)


@dataclass(frozen=True)
class TypeBacklog:
    message_type: str
    pending: int
    failed: int
    oldest_at: datetime | None       # the oldest message of this type still waiting


@dataclass(frozen=True)
class SyncDashboard:
    """The sync at a glance: backlog per type, lag, throughput, the last success, the
    connector (without secrets) and what the schedule runs next."""
    backlog: list[TypeBacklog]
    lag_seconds: int
    delivered_last_hour: int
    delivered_last_5_minutes: int
    failed_last_hour: int
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    connector: dict[str, str]
    next_runs: list[tuple[str, datetime]]


RECENT_ATTEMPTS = 50_000      # throughput is counted over at most this many newest attempts


@dataclass(frozen=True)
class CancelResult:
    cancelled: int
    erp_disagrees: bool   # the stock change happened here but will never reach the ERP


class SyncInboxService(Service):
    # -- reading ------------------------------------------------------------------------------
    def counts(self, actor: Actor) -> dict[str, int]:
        """Outbox rows per state, plus the age in seconds of the oldest pending message."""
        self.require(actor, Permission.VIEW_STOCK, "sync.counts")
        with self.db.read() as s:
            counts = {state: n for state, n in s.execute(
                select(outbox.c.state, func.count()).group_by(outbox.c.state))}
            oldest = s.execute(select(func.min(outbox.c.created_at))
                               .where(outbox.c.state.in_(("pending", "sending")))).scalar()
        for state in ALL_STATES:
            counts.setdefault(state, 0)
        counts["lag_seconds"] = int((self.clock.now() - oldest).total_seconds()) if oldest else 0
        return counts

    def status(self, actor: Actor) -> SyncStatus:
        """What the main window shows about the sync: backlog, lag and, for those who may act
        on them, the open problems (one grouped query each; cheap enough to ask often)."""
        from integration.alerts import open_problems
        self.require(actor, Permission.VIEW_STOCK, "sync.status")
        problems: tuple[str, ...] = ()
        with self.db.read() as s:          # open states only: delivered rows are never read
            counts = dict(s.execute(select(outbox.c.state, func.count())
                                    .where(outbox.c.state.in_(("pending", "sending", "failed")))
                                    .group_by(outbox.c.state)).all())
            oldest = s.execute(select(func.min(outbox.c.created_at))
                               .where(outbox.c.state.in_(("pending", "sending")))).scalar()
            if actor.can(Permission.MANAGE_SYNC):
                problems = tuple(p.signature for p in open_problems(s))
        lag = int((self.clock.now() - oldest).total_seconds()) if oldest else 0
        return SyncStatus(pending=counts.get("pending", 0) + counts.get("sending", 0),
                          failed=counts.get("failed", 0), lag_seconds=lag, problems=problems)

    def dashboard(self, actor: Actor) -> SyncDashboard:
        """Cheap on a large outbox: the backlog from the state index, throughput from the
        newest attempts only."""
        from datetime import timedelta

        from integration import schedule
        from integration.scheduler import connector_config
        self.require(actor, Permission.VIEW_STOCK, "sync.dashboard")
        now = self.clock.now()
        with self.db.read() as s:
            backlog: dict[str, dict] = {}
            for r in s.execute(select(outbox.c.message_type, outbox.c.state, func.count(),
                                      func.min(outbox.c.created_at))
                               .where(outbox.c.state.in_(("pending", "sending", "failed")))
                               .group_by(outbox.c.message_type, outbox.c.state)):
                entry = backlog.setdefault(r[0], {"pending": 0, "failed": 0, "oldest": None})
                entry["failed" if r[1] == "failed" else "pending"] += r[2]
                if r[1] != "failed":
                    entry["oldest"] = min(filter(None, (entry["oldest"], r[3])), default=None)
            newest = (select(sync_attempts.c.at, sync_attempts.c.outcome)
                      .order_by(sync_attempts.c.id.desc()).limit(RECENT_ATTEMPTS).subquery())
            hour, five = now - timedelta(hours=1), now - timedelta(minutes=5)
            ok = newest.c.outcome.in_(("delivered", "already"))
            row = s.execute(select(
                func.count().filter(ok, newest.c.at >= hour),
                func.count().filter(ok, newest.c.at >= five),
                func.count().filter(newest.c.outcome == "failed", newest.c.at >= hour),
                func.max(newest.c.at).filter(ok), func.max(newest.c.at))).one()
        oldest = [e["oldest"] for e in backlog.values() if e["oldest"]]
        config = connector_config(self.db)
        shown = {k: str(v) for k, v in config.items()
                 if k in ("kind", "url", "database", "username", "warehouse", "folder",
                          "base_url", "name")}
        try:
            runs = schedule.next_runs(schedule.load(self.db), now.astimezone())
        except InvalidInput:
            runs = []
        return SyncDashboard(
            backlog=sorted((TypeBacklog(t, e["pending"], e["failed"], e["oldest"])
                            for t, e in backlog.items()),
                           key=lambda b: (-(b.pending + b.failed), b.message_type)),
            lag_seconds=int((now - min(oldest)).total_seconds()) if oldest else 0,
            delivered_last_hour=row[0], delivered_last_5_minutes=row[1], failed_last_hour=row[2],
            last_success_at=row[3], last_attempt_at=row[4], connector=shown, next_runs=runs)

    def messages(self, actor: Actor, *, states: Iterable[str] = ("failed",),
                 message_type: str | None = None, document: str | None = None,
                 assignee: str | None = None, older_than: datetime | None = None,
                 signature: str | None = None, ids: Iterable[int] | None = None,
                 limit: int = 10_000) -> list[InboxMessage]:
        """``assignee=""`` finds unassigned messages."""
        self.require(actor, Permission.MANAGE_SYNC, "sync.inbox")
        q = (select(outbox, sync_inbox.c.error_class, sync_inbox.c.signature,
                    sync_inbox.c.message.label("inbox_message"), users.c.username.label("assignee"))
             .select_from(outbox.outerjoin(sync_inbox, sync_inbox.c.outbox_id == outbox.c.id)
                          .outerjoin(users, users.c.id == sync_inbox.c.assignee_id))
             .where(outbox.c.state.in_(tuple(states))).order_by(outbox.c.id).limit(limit))
        if message_type:
            q = q.where(outbox.c.message_type == message_type)
        if document:
            q = q.where(outbox.c.document_key.contains(document, autoescape=True))
        if older_than:
            q = q.where(outbox.c.created_at < older_than)
        if ids is not None:
            q = q.where(outbox.c.id.in_(list(ids)))
        if signature is not None:
            q = q.where(sync_inbox.c.signature == signature)
        if assignee == "":
            q = q.where(sync_inbox.c.assignee_id.is_(None))
        elif assignee is not None:
            q = q.where(users.c.username == assignee)
        with self.db.read() as s:
            rows = s.execute(q).all()
            found = [r.id for r in rows]
            history, last_error, comments = _history(s, found), _last_error(s, found), \
                _comments(s, found)
        return [_message(r, history.get(r.id, []), comments.get(r.id, []), last_error.get(r.id))
                for r in rows]

    def problems(self, actor: Actor, **filters) -> list[ProblemGroup]:
        """Failed messages grouped by error signature, the largest group first."""
        groups: dict[str, ProblemGroup] = {}
        for m in self.messages(actor, **filters):
            g = groups.get(m.signature)
            if g is None:
                g = groups[m.signature] = ProblemGroup(m.signature, m.error_class, m.message_type,
                                                       m.error)
            g.count += 1
            g.ids.append(m.id)
            g.first_at = min(g.first_at or m.created_at, m.created_at)
            g.last_at = max(g.last_at or m.created_at, m.created_at)
            if m.assignee:
                g.assignees.add(m.assignee)
        return sorted(groups.values(), key=lambda g: (-g.count, g.first_at or datetime.min))

    def detail(self, actor: Actor, message_id: int) -> InboxMessage:
        found = self.messages(actor, states=ALL_STATES, ids=[message_id])
        if not found:
            raise NotFound(kind="Sync message", key=message_id)
        return found[0]

    def attempts(self, actor: Actor, message_id: int) -> list[Attempt]:
        """Every send of the message, oldest first, with the ERP request and response."""
        self.require(actor, Permission.MANAGE_SYNC, "sync.attempts")
        with self.db.read() as s:
            self._exists(s, message_id)
            return [Attempt(r.id, r.at, r.duration_ms, r.outcome, r.error_class, r.message,
                            r.signature, r.request, r.response)
                    for r in s.execute(select(sync_attempts)
                                       .where(sync_attempts.c.outbox_id == message_id)
                                       .order_by(sync_attempts.c.id))]

    def related_moves(self, actor: Actor, message_id: int) -> list[RelatedMove]:
        """The stock moves of the message's document (its ``document_ref``)."""
        self.require(actor, Permission.MANAGE_SYNC, "sync.moves")
        fb, tb = aliased(bins), aliased(bins)
        with self.db.read() as s:
            row = self._exists(s, message_id)
            ref = json.loads(row.payload).get("document_ref") or row.document_key
            q = (select(stock_moves.c.id, stock_moves.c.created_at, items.c.code, stock_moves.c.qty,
                        fb.c.code.label("from_bin"), tb.c.code.label("to_bin"), lots.c.lot_no,
                        serials.c.serial_no, stock_moves.c.reason, stock_moves.c.document_ref)
                 .select_from(stock_moves.join(items, items.c.id == stock_moves.c.item_id)
                              .outerjoin(fb, fb.c.id == stock_moves.c.from_bin_id)
                              .outerjoin(tb, tb.c.id == stock_moves.c.to_bin_id)
                              .outerjoin(lots, lots.c.id == stock_moves.c.lot_id)
                              .outerjoin(serials, serials.c.id == stock_moves.c.serial_id))
                 .where(stock_moves.c.document_ref == ref).order_by(stock_moves.c.id).limit(1000))
            return [RelatedMove(*r) for r in s.execute(q)]

    def payload_edits(self, actor: Actor, message_id: int) -> list[dict]:
        """The audited payload edits of a message, with their diff."""
        self.require(actor, Permission.MANAGE_SYNC, "sync.edits")
        with self.db.read() as s:
            self._exists(s, message_id)
            return [{"at": r.at, "user": r.username, "old": json.loads(r.old_payload),
                     "new": json.loads(r.new_payload), "diff": json.loads(r.diff)}
                    for r in s.execute(select(sync_payload_edits)
                                       .where(sync_payload_edits.c.outbox_id == message_id)
                                       .order_by(sync_payload_edits.c.id))]

    def exceptions(self, actor: Actor, *, state: str | None = "open") -> list[SyncException]:
        """Sync exceptions (retries exhausted), for the admin role."""
        self.require(actor, Permission.CONFIGURE_SYNC, "sync.exceptions")
        q = select(sync_exceptions).order_by(sync_exceptions.c.id)
        if state:
            q = q.where(sync_exceptions.c.state == state)
        with self.db.read() as s:
            return [SyncException(r.id, r.outbox_id, r.role, r.state, r.summary, r.created_at,
                                  r.closed_at, r.closed_by) for r in s.execute(q)]

    # -- actions ------------------------------------------------------------------------------
    def retry(self, actor: Actor, ids: Iterable[int]) -> int:
        """Send again now, with a fresh retry budget. Pending messages waiting for their next
        attempt are moved forward; anything else is refused."""
        self.require(actor, Permission.MANAGE_SYNC, "sync.retry")
        ids = list(ids)
        now = self.clock.now()

        def work(s: Session) -> int:
            rows = self._rows(s, ids, RETRYABLE)
            for r in rows:
                _inbox_set(s, r.id, now, budget_base=r.attempts)
                s.execute(update(outbox).where(outbox.c.id == r.id).values(
                    state="pending", next_attempt_at=now))
            audit.record(s, actor, "sync.retry", entity="outbox", key=",".join(map(str, ids))[:128],
                         detail={"ids": ids})
            return len(rows)
        return self.db.write(work)

    def retry_group(self, actor: Actor, signature: str) -> int:
        ids = [m.id for m in self.messages(actor, signature=signature)]
        return self.retry(actor, ids) if ids else 0

    def resubmit(self, actor: Actor, message_id: int, payload: dict | str) -> None:
        """Replace a failed message's payload and send it again; the diff is kept (audit and
        ``sync_payload_edits``)."""
        self.require(actor, Permission.MANAGE_SYNC, "sync.resubmit")
        if isinstance(payload, str):
            try:
                payload = json.loads(payload)
            except ValueError as exc:
                raise InvalidInput(field="payload", reason=f"not valid JSON ({exc})") from None
        if not isinstance(payload, dict):
            raise InvalidInput(field="payload", reason="must be a JSON object")
        now = self.clock.now()

        def work(s: Session) -> None:
            (r,) = self._rows(s, [message_id], ("failed",))
            old = json.loads(r.payload)
            diff = _diff(old, payload)
            new_text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
            _inbox_set(s, r.id, now, budget_base=r.attempts)
            s.execute(update(outbox).where(outbox.c.id == r.id).values(
                state="pending", next_attempt_at=now, payload=new_text))
            s.execute(insert(sync_payload_edits).values(
                outbox_id=r.id, at=now, user_id=actor.user_id, username=actor.username,
                old_payload=r.payload, new_payload=new_text,
                diff=json.dumps(diff, ensure_ascii=False, default=str)))
            audit.record(s, actor, "sync.resubmit", entity="outbox", key=r.id,
                         detail={"document": r.document_key, "diff": diff})
        self.db.write(work)

    def cancel(self, actor: Actor, ids: Iterable[int], reason: str) -> CancelResult:
        """Give up on messages for good. The warehouse keeps its stock change, so the ERP and the
        warehouse now disagree unless someone books it in the ERP by hand: the result says so."""
        self.require(actor, Permission.MANAGE_SYNC, "sync.cancel")
        reason = (reason or "").strip()
        if not reason:
            raise InvalidInput(field="reason", reason="a reason is required to cancel")
        ids = list(ids)
        now = self.clock.now()

        def work(s: Session) -> int:
            rows = self._rows(s, ids, RETRYABLE)
            for r in rows:
                _inbox_set(s, r.id, now, cancel_reason=reason)
                s.execute(update(outbox).where(outbox.c.id == r.id).values(
                    state="cancelled", next_attempt_at=None))
                s.execute(update(sync_exceptions).where(sync_exceptions.c.outbox_id == r.id,
                                                        sync_exceptions.c.state == "open")
                          .values(state="done", closed_at=now, closed_by=actor.username))
                audit.record(s, actor, "sync.cancel", entity="outbox", key=r.id,
                             detail={"document": r.document_key, "type": r.message_type,
                                     "reason": reason, "erp_disagrees": True})
            return len(rows)
        n = self.db.write(work)
        return CancelResult(n, erp_disagrees=n > 0)

    def assign(self, actor: Actor, ids: Iterable[int], username: str | None) -> int:
        self.require(actor, Permission.MANAGE_SYNC, "sync.assign")
        ids = list(ids)
        now = self.clock.now()

        def work(s: Session) -> int:
            user_id = None
            if username:
                user_id = s.execute(select(users.c.id).where(users.c.username == username)).scalar()
                if user_id is None:
                    raise NotFound(kind="User", key=username)
            rows = self._rows(s, ids, ("failed", "pending", "sending"))
            for r in rows:
                _inbox_set(s, r.id, now, assignee_id=user_id)
            audit.record(s, actor, "sync.assign", entity="outbox", key=",".join(map(str, ids))[:128],
                         detail={"ids": ids, "assignee": username})
            return len(rows)
        return self.db.write(work)

    def comment(self, actor: Actor, message_id: int, text: str) -> None:
        self.require(actor, Permission.MANAGE_SYNC, "sync.comment")
        if not (text or "").strip():
            raise InvalidInput(field="comment", reason="empty")
        now = self.clock.now()

        def work(s: Session) -> None:
            (r,) = self._rows(s, [message_id], ALL_STATES)
            s.execute(insert(sync_comments).values(outbox_id=r.id, at=now, user_id=actor.user_id,
                                                   username=actor.username, text=text.strip()))
            audit.record(s, actor, "sync.comment", entity="outbox", key=r.id,
                         detail={"text": text.strip()})
        self.db.write(work)

    # -- retry rules (data an admin edits) ---------------------------------------------------
    def retry_rules(self, actor: Actor) -> dict[str, dict[str, Any]]:
        from integration.retry_policy import RetryPolicy
        self.require(actor, Permission.MANAGE_SYNC, "sync.rules")
        with self.db.read() as s:
            return RetryPolicy.load(s).rules

    def save_retry_rules(self, actor: Actor, rules: dict[str, dict[str, Any]]) -> None:
        """Store edited rules (validated); the audit keeps old and new."""
        from integration.retry_policy import RetryPolicy, save_rules
        self.require(actor, Permission.CONFIGURE_SYNC, "sync.rules.save")
        now = self.clock.now()

        def work(s: Session) -> None:
            old = RetryPolicy.load(s).rules
            save_rules(s, rules, username=actor.username, now=now)
            audit.record(s, actor, "sync.rules.save", entity="sync_retry_rules",
                         key=",".join(sorted(rules))[:128],
                         detail={"diff": _diff(old, RetryPolicy.load(s).rules)})
        self.db.write(work)

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def _rows(s: Session, ids: list[int], states: tuple[str, ...]):
        rows = s.execute(select(outbox).where(outbox.c.id.in_(ids)).with_for_update()).all()
        found = {r.id for r in rows}
        for missing in [i for i in ids if i not in found]:
            raise NotFound(kind="Sync message", key=missing)
        for r in rows:
            if r.state not in states:
                raise SyncMessageNotInInbox(message=r.id, state=r.state)
        return rows

    @staticmethod
    def _exists(s: Session, message_id: int):
        row = s.execute(select(outbox).where(outbox.c.id == message_id)).first()
        if row is None:
            raise NotFound(kind="Sync message", key=message_id)
        return row


def _inbox_set(s: Session, outbox_id: int, now: datetime, **values) -> None:
    """Update (or start) a message's inbox row."""
    n = s.execute(update(sync_inbox).where(sync_inbox.c.outbox_id == outbox_id)
                  .values(updated_at=now, **values)).rowcount
    if not n:
        s.execute(insert(sync_inbox).values(outbox_id=outbox_id, updated_at=now, **values))


def _chunks(ids: list[int], size: int = 500):
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def _history(s: Session, ids: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for chunk in _chunks(ids):
        for r in s.execute(select(sync_attempts.c.outbox_id, sync_attempts.c.at,
                                  sync_attempts.c.outcome, sync_attempts.c.error_class,
                                  sync_attempts.c.message)
                           .where(sync_attempts.c.outbox_id.in_(chunk))
                           .order_by(sync_attempts.c.id)):
            out.setdefault(r.outbox_id, []).append(
                {"at": r.at.isoformat(), "kind": r.error_class or r.outcome, "outcome": r.outcome,
                 "text": r.message})
    return out


def _last_error(s: Session, ids: list[int]) -> dict[int, Any]:
    """The latest failed attempt of each message (its ERP request and response)."""
    out: dict[int, Any] = {}
    for chunk in _chunks(ids):
        last = (select(func.max(sync_attempts.c.id))
                .where(sync_attempts.c.outbox_id.in_(chunk),
                       sync_attempts.c.outcome.in_(("retry", "failed")))
                .group_by(sync_attempts.c.outbox_id))
        for r in s.execute(select(sync_attempts).where(sync_attempts.c.id.in_(last))):
            out[r.outbox_id] = r
    return out


def _comments(s: Session, ids: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for chunk in _chunks(ids):
        for r in s.execute(select(sync_comments).where(sync_comments.c.outbox_id.in_(chunk))
                           .order_by(sync_comments.c.id)):
            out.setdefault(r.outbox_id, []).append(
                {"at": r.at.isoformat(), "user": r.username, "text": r.text})
    return out


def _maybe_json(text: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _message(r, history: list[dict], comments: list[dict], attempt) -> InboxMessage:
    return InboxMessage(
        id=r.id, message_type=r.message_type, document_key=r.document_key,
        idempotency_key=r.idempotency_key, state=r.state, attempts=r.attempts,
        created_at=r.created_at, next_attempt_at=r.next_attempt_at, sent_at=r.sent_at,
        payload=json.loads(r.payload), error_class=r.error_class or "",
        error=r.inbox_message or (r.last_error or ""), signature=r.signature or "",
        assignee=r.assignee, history=history, comments=comments,
        request=_maybe_json(attempt.request) if attempt is not None else None,
        response=_maybe_json(attempt.response) if attempt is not None else None)


def _diff(old: Any, new: Any, path: str = "") -> list[dict]:
    """Field-level differences between two JSON values (what an edit changed)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[dict] = []
        for k in sorted(set(old) | set(new), key=str):
            out += _diff(old.get(k), new.get(k), f"{path}.{k}" if path else str(k))
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        out = []
        for i, (a, b) in enumerate(zip(old, new)):
            out += _diff(a, b, f"{path}[{i}]")
        return out
    return [] if old == new else [{"path": path, "old": old, "new": new}]
