"""Outbox messages for document events that move no stock (an order closed short, a count
approved without variance). Stock changes get theirs from ``ledger.post``; this writes the same
row shape, in the caller's transaction, so the dispatcher treats both alike.
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from domain.permissions import Actor
from domain.persistence.tables import outbox


def write_message(s: Session, actor: Actor, message_type: str, document_key: str,
                  payload: dict, now: datetime) -> str:
    key = uuid.uuid4().hex
    body = {"document_ref": document_key, "user": actor.username, "at": now.isoformat(),
            **payload}
    s.execute(insert(outbox).values(
        created_at=now, message_type=message_type, document_key=document_key,
        idempotency_key=key, payload=json.dumps(body, ensure_ascii=False, sort_keys=True,
                                                default=str),
        state="pending", attempts=0, next_attempt_at=now))
    return key
