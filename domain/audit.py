"""The audit log: every stock change, master-data change, login and refused action."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from domain.permissions import Actor
from domain.persistence.tables import audit_log
from domain.persistence.types import utcnow


_INSERT = insert(audit_log)   # built once: every stock change writes one entry


def record(session: Session, actor: Actor | None, action: str, *, entity: str = "",
           key: object = "", detail: dict[str, Any] | None = None, outcome: str = "ok",
           username: str | None = None) -> None:
    """Append one audit entry inside the caller's transaction. ``detail`` must never hold
    secrets (passwords, tokens): callers pass only what a supervisor may read."""
    session.execute(_INSERT, dict(
        at=utcnow(),
        user_id=actor.user_id if actor else None,
        username=username or (actor.username if actor else ""),
        action=action, entity=entity, entity_key=str(key), outcome=outcome,
        detail=json.dumps(detail or {}, default=str, ensure_ascii=False, sort_keys=True),
    ))
