"""Who may do what. Checked inside every domain service, never only by hiding a button.

A refusal raises ``PermissionDenied`` and is written to the audit log in its own transaction, so
it is recorded even though the refused work is rolled back.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from domain.errors import PermissionDenied
from domain.model.users import Role


class Permission(str, enum.Enum):
    VIEW_STOCK = "view stock"
    RECEIVE = "receive stock"
    MOVE = "move stock"
    ISSUE = "issue stock"
    CHANGE_STATUS = "change stock status"
    RELEASE = "release stock to available"
    RESERVE = "reserve stock"
    ADJUST = "adjust stock"
    EDIT_MASTER_DATA = "edit master data"
    MANAGE_USERS = "manage users"
    PRINT = "print labels"
    VIEW_AUDIT = "view the audit log"
    # Warehouse operations (issue 3)
    EDIT_ORDERS = "create and change orders"
    COUNT = "count stock"
    PLAN_COUNT = "plan stock counts"
    APPROVE_COUNT = "approve stock counts"
    OVERRIDE_TOLERANCE = "override receipt tolerances"
    MANAGE_TASKS = "assign and cancel tasks"
    # ERP sync (issue 7)
    MANAGE_SYNC = "manage ERP sync problems"
    RECONCILE = "reconcile stock with the ERP"
    CONFIGURE_SYNC = "configure the ERP connection and retry rules"
    # Templates (issue 6) and KPIs (issue 8)
    DESIGN_TEMPLATES = "design and publish label templates"
    VIEW_REPORTS = "view KPIs and reports"


_CLERK = {Permission.VIEW_STOCK, Permission.RECEIVE, Permission.MOVE, Permission.ISSUE,
          Permission.CHANGE_STATUS, Permission.RESERVE, Permission.PRINT,
          Permission.EDIT_ORDERS, Permission.COUNT}
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.STATION.value: frozenset({Permission.VIEW_STOCK, Permission.PRINT}),
    Role.CLERK.value: frozenset(_CLERK),
    Role.SUPERVISOR.value: frozenset(_CLERK | {Permission.RELEASE, Permission.ADJUST,
                                               Permission.EDIT_MASTER_DATA, Permission.VIEW_AUDIT,
                                               Permission.PLAN_COUNT, Permission.APPROVE_COUNT,
                                               Permission.OVERRIDE_TOLERANCE,
                                               Permission.MANAGE_TASKS,
                                               Permission.MANAGE_SYNC, Permission.RECONCILE,
                                               Permission.DESIGN_TEMPLATES,
                                               Permission.VIEW_REPORTS}),
    Role.ADMIN.value: frozenset(Permission),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in user on whose behalf a service acts (who, for the ledger and audit)."""
    user_id: int | None
    username: str
    role: str

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())


SYSTEM = Actor(user_id=None, username="system", role=Role.ADMIN.value)


def check(actor: Actor, permission: Permission) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` holds ``permission`` (no audit; see
    ``services.base.require`` for the audited form services use)."""
    if not actor.can(permission):
        raise PermissionDenied(user=actor.username, role=actor.role, permission=permission.value)
