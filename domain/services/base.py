"""What every service shares: the database, the clock, and the audited permission check."""
from __future__ import annotations

from domain import audit
from domain.clock import Clock
from domain.errors import PermissionDenied
from domain.permissions import Actor, Permission, check
from domain.persistence.database import Database


class Service:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock = clock or Clock()

    def require(self, actor: Actor, permission: Permission, action: str) -> None:
        """Refuse (and audit the refusal, in its own committed transaction) unless allowed."""
        try:
            check(actor, permission)
        except PermissionDenied:
            self.db.write(lambda s: audit.record(
                s, actor, action, outcome="refused", detail={"permission": permission.value}))
            raise
