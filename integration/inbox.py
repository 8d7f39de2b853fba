"""The ERP sync error inbox: what could not be delivered, and what a supervisor does about it.

Failed outbox messages are grouped by error signature (500 identical failures are one problem with
a count). Actions — retry, edit payload and resubmit, cancel with a reason, assign, comment — are
permission-checked (``MANAGE_SYNC``) and audited; a message is never deleted, so nothing is
silently lost. Inbox bookkeeping lives in ``outbox.last_error`` (JSON, see integration.dispatcher).
It lives in integration/ (not domain/) because it applies the dispatcher's retry rules.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import DomainError, InvalidInput, NotFound
from domain.permissions import Actor, Permission
from domain.persistence.tables import outbox, users
from domain.services.base import Service


class SyncMessageNotInInbox(DomainError):
    template = "Sync message {message} is {state}, not waiting in the error inbox"


RETRYABLE = ("failed", "pending")


def _info(raw: str | None) -> dict[str, Any]:
    from integration.dispatcher import error_info
    return error_info(raw)


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
        for state in ("pending", "sending", "delivered", "failed", "cancelled"):
            counts.setdefault(state, 0)
        counts["lag_seconds"] = int((self.clock.now() - oldest).total_seconds()) if oldest else 0
        return counts

    def messages(self, actor: Actor, *, states: Iterable[str] = ("failed",),
                 message_type: str | None = None, document: str | None = None,
                 assignee: str | None = None, older_than: datetime | None = None,
                 signature: str | None = None, ids: Iterable[int] | None = None,
                 limit: int = 10_000) -> list[InboxMessage]:
        self.require(actor, Permission.MANAGE_SYNC, "sync.inbox")
        q = select(outbox).where(outbox.c.state.in_(tuple(states))).order_by(outbox.c.id).limit(limit)
        if message_type:
            q = q.where(outbox.c.message_type == message_type)
        if document:
            q = q.where(outbox.c.document_key.contains(document, autoescape=True))
        if older_than:
            q = q.where(outbox.c.created_at < older_than)
        if ids is not None:
            q = q.where(outbox.c.id.in_(list(ids)))
        with self.db.read() as s:
            rows = s.execute(q).all()
        found = [_message(r) for r in rows]
        if assignee is not None:
            found = [m for m in found if m.assignee == (assignee or None)]
        if signature is not None:
            found = [m for m in found if m.signature == signature]
        return found

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
        found = self.messages(actor, states=("pending", "sending", "delivered", "failed",
                                             "cancelled"), ids=[message_id])
        if not found:
            raise NotFound(kind="Sync message", key=message_id)
        return found[0]

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
                info = _info(r.last_error)
                info["budget_base"] = r.attempts
                _history(info, now, "retry", f"retry requested by {actor.username}")
                s.execute(update(outbox).where(outbox.c.id == r.id).values(
                    state="pending", next_attempt_at=now, last_error=_dump(info)))
            audit.record(s, actor, "sync.retry", entity="outbox", key=",".join(map(str, ids))[:128],
                         detail={"ids": ids})
            return len(rows)
        return self.db.write(work)

    def retry_group(self, actor: Actor, signature: str) -> int:
        ids = [m.id for m in self.messages(actor, signature=signature)]
        return self.retry(actor, ids) if ids else 0

    def resubmit(self, actor: Actor, message_id: int, payload: dict | str) -> None:
        """Replace a failed message's payload and send it again; the audit keeps the diff."""
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
            info = _info(r.last_error)
            info["budget_base"] = r.attempts
            _history(info, now, "resubmit", f"payload edited by {actor.username}")
            s.execute(update(outbox).where(outbox.c.id == r.id).values(
                state="pending", next_attempt_at=now, last_error=_dump(info),
                payload=json.dumps(payload, ensure_ascii=False, sort_keys=True)))
            audit.record(s, actor, "sync.resubmit", entity="outbox", key=r.id,
                         detail={"document": r.document_key, "diff": _diff(old, payload)})
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
                info = _info(r.last_error)
                info["cancel_reason"] = reason
                _history(info, now, "cancel", f"cancelled by {actor.username}: {reason}")
                s.execute(update(outbox).where(outbox.c.id == r.id).values(
                    state="cancelled", next_attempt_at=None, last_error=_dump(info)))
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
            if username and s.execute(select(users.c.id).where(users.c.username == username)).first() is None:
                raise NotFound(kind="User", key=username)
            rows = self._rows(s, ids, ("failed", "pending", "sending"))
            for r in rows:
                info = _info(r.last_error)
                info["assignee"] = username or None
                _history(info, now, "assign", f"{actor.username} assigned to {username or '-'}")
                s.execute(update(outbox).where(outbox.c.id == r.id).values(last_error=_dump(info)))
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
            (r,) = self._rows(s, [message_id], ("failed", "pending", "sending", "delivered",
                                                "cancelled"))
            info = _info(r.last_error)
            info.setdefault("comments", []).append(
                {"at": now.isoformat(), "user": actor.username, "text": text.strip()})
            s.execute(update(outbox).where(outbox.c.id == r.id).values(last_error=_dump(info)))
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
        self.require(actor, Permission.MANAGE_SYNC, "sync.rules.save")

        def work(s: Session) -> None:
            old = RetryPolicy.load(s).rules
            save_rules(s, rules)
            audit.record(s, actor, "sync.rules.save", entity="settings", key="sync.retry_rules",
                         detail={"diff": _diff(old, RetryPolicy(rules).rules)})
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


def _message(r) -> InboxMessage:
    info = _info(r.last_error)
    return InboxMessage(
        id=r.id, message_type=r.message_type, document_key=r.document_key,
        idempotency_key=r.idempotency_key, state=r.state, attempts=r.attempts,
        created_at=r.created_at, next_attempt_at=r.next_attempt_at, sent_at=r.sent_at,
        payload=json.loads(r.payload), error_class=info.get("class", ""),
        error=info.get("message", ""), signature=info.get("signature", ""),
        assignee=info.get("assignee"), history=info.get("history", []),
        comments=info.get("comments", []), request=info.get("request"),
        response=info.get("response"))


def _history(info: dict, now: datetime, kind: str, text: str) -> None:
    from integration.dispatcher import _push_history
    _push_history(info, now, kind, text)


def _dump(info: dict) -> str:
    return json.dumps(info, ensure_ascii=False, default=str)


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
