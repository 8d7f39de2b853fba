"""Retry policy as data: an error class maps to a rule dict.

A rule is ``{"attempts": N, "wait": seconds, "backoff": factor, "max_wait": seconds,
"jitter": fraction}``. ``attempts`` counts *all* tries of a message, the first one included; a
rule with ``attempts: 0`` or ``1`` makes the class permanent (straight to the error inbox).
The rules are rows of ``sync_retry_rules`` (one per error class) so an admin can edit them;
classes without a row fall back to ``DEFAULT_RULES``.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

ERROR_CLASSES = ("network", "timeout", "http_5xx", "http_429", "locked", "validation",
                 "mapping", "auth", "malformed")
RULE_KEYS = ("attempts", "wait", "backoff", "max_wait", "jitter")

DEFAULT_RULES: dict[str, dict[str, Any]] = {
    "network": {"attempts": 10, "wait": 30, "backoff": 2.0, "max_wait": 3600, "jitter": 0.2},
    "timeout": {"attempts": 10, "wait": 30, "backoff": 2.0, "max_wait": 3600, "jitter": 0.2},
    "http_5xx": {"attempts": 3, "wait": 300, "backoff": 1.0, "max_wait": 3600, "jitter": 0.2},
    "http_429": {"attempts": 10, "wait": 60, "backoff": 1.5, "max_wait": 3600, "jitter": 0.1},
    "locked": {"attempts": 5, "wait": 60, "backoff": 2.0, "max_wait": 1800, "jitter": 0.2},
    "auth": {"attempts": 2, "wait": 600, "backoff": 1.0, "max_wait": 3600, "jitter": 0.1},
    "validation": {"attempts": 1, "wait": 0},
    "mapping": {"attempts": 1, "wait": 0},
    "malformed": {"attempts": 3, "wait": 120, "backoff": 2.0, "max_wait": 3600, "jitter": 0.2},
}
_UNKNOWN = {"attempts": 3, "wait": 60, "backoff": 2.0, "max_wait": 3600, "jitter": 0.2}


class RetryPolicy:
    def __init__(self, rules: dict[str, dict[str, Any]] | None = None,
                 rng: random.Random | None = None) -> None:
        self.rules = {k: dict(v) for k, v in DEFAULT_RULES.items()}
        for key, rule in (rules or {}).items():
            self.rules[key] = {**self.rules.get(key, _UNKNOWN), **rule}
        self._rng = rng or random.Random()

    @classmethod
    def load(cls, session: Session) -> RetryPolicy:
        return cls(load_rules(session))

    def rule(self, error_class: str) -> dict[str, Any]:
        return self.rules.get(error_class, _UNKNOWN)

    def next_attempt(self, error_class: str, attempts_done: int, now: datetime,
                     retry_after: float | None = None) -> datetime | None:
        """When to try again after ``attempts_done`` tries failed with ``error_class``;
        ``None`` when the rule says give up (permanent, or attempts exhausted)."""
        rule = self.rule(error_class)
        if attempts_done >= int(rule.get("attempts", 1)):
            return None
        wait = float(rule.get("wait", 0)) * float(rule.get("backoff", 1.0)) ** max(0, attempts_done - 1)
        wait = min(wait, float(rule.get("max_wait", wait)))
        jitter = float(rule.get("jitter", 0.0))
        if jitter:
            wait *= 1 + self._rng.uniform(-jitter, jitter)
        if retry_after is not None:  # the server said when: never earlier than that
            wait = max(wait, float(retry_after))
        return now + timedelta(seconds=max(0.0, wait))


def load_rules(session: Session) -> dict[str, dict[str, Any]]:
    """The rules stored as rows (only the classes an admin saved)."""
    from domain.persistence.tables import sync_retry_rules as t
    return {r.error_class: {"attempts": r.attempts, "wait": r.wait_seconds, "backoff": r.backoff,
                            "max_wait": r.max_wait_seconds, "jitter": r.jitter}
            for r in session.execute(select(t))}


def save_rules(session: Session, rules: dict[str, dict[str, Any]], *, username: str = "",
               now: datetime | None = None) -> None:
    """Store admin-edited rules (validated: known keys, non-negative numbers, jitter <= 1).
    A class given here replaces its row (missing keys from the rule in force)."""
    from domain.errors import InvalidInput
    from domain.persistence.tables import sync_retry_rules as t
    for cls_name, rule in rules.items():
        if not isinstance(rule, dict):
            raise InvalidInput(field="retry rule", reason=f"{cls_name}: not a rule")
        for key, value in rule.items():
            if key not in RULE_KEYS:
                raise InvalidInput(field="retry rule", reason=f"{cls_name}: unknown key {key}")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise InvalidInput(field="retry rule", reason=f"{cls_name}.{key} must be >= 0")
        if float(rule.get("jitter", 0)) > 1:
            raise InvalidInput(field="retry rule", reason=f"{cls_name}.jitter must be <= 1")
    current = RetryPolicy(load_rules(session)).rules
    for cls_name, rule in rules.items():
        full = {**current.get(cls_name, _UNKNOWN), **rule}
        values = dict(attempts=int(full.get("attempts", 1)), wait_seconds=float(full.get("wait", 0)),
                      backoff=float(full.get("backoff", 1.0)),
                      max_wait_seconds=float(full.get("max_wait", 3600)),
                      jitter=float(full.get("jitter", 0.0)), updated_at=now, updated_by=username)
        exists = session.execute(select(t.c.error_class).where(t.c.error_class == cls_name)).first()
        if exists:
            session.execute(t.update().where(t.c.error_class == cls_name).values(**values))
        else:
            session.execute(t.insert().values(error_class=cls_name, **values))
