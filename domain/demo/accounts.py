"""The demo's accounts, one per role, with passwords the README documents."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from domain.clock import Clock
from domain.model import User
from domain.permissions import Actor
from domain.persistence.database import Database
from domain.services.users import UserService, actor_of

# The demo loader acts as an administrator's console when accounts already exist.
DEMO_ACTOR = Actor(user_id=None, username="demo", role="admin")


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    full_name: str


DEMO_USERS = (
    DemoUser("admin", "admin123", "admin", "Demo administrator 系统管理员"),
    DemoUser("supervisor", "super123", "supervisor", "王芳 Wang Fang"),
    DemoUser("clerk", "clerk123", "clerk", "李强 Li Qiang"),
    DemoUser("station", "station123", "station", "Print station 打印站 1"),
)


def ensure_demo_users(db: Database, clock: Clock) -> tuple[dict[str, Actor], list[DemoUser]]:
    """Create the demo accounts that do not exist yet. Returns the actors by role and the
    accounts created now (existing accounts keep their passwords)."""
    users = UserService(db, clock)
    with db.read() as s:
        existing = {u.username: u for u in s.scalars(select(User))}
    created = []
    for demo in DEMO_USERS:
        if demo.username in existing:
            continue
        if not existing:
            user = users.create_first_admin(demo.username, demo.password, demo.full_name)
        else:
            user = users.add_user(DEMO_ACTOR, demo.username, demo.password, demo.role,
                                  demo.full_name)
        existing[demo.username] = user
        created.append(demo)
    return {d.role: actor_of(existing[d.username]) for d in DEMO_USERS}, created
