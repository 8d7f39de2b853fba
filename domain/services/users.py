"""Accounts: sign-in, the first admin, and user management (admins only).

Passwords are hashed with argon2 and never logged or audited; failed sign-ins are audited with
the name that was tried, so a supervisor can see guessing.
"""
from __future__ import annotations

import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import AlreadyExists, AuthenticationFailed, InvalidInput, NotFound
from domain.model import Role, User
from domain.permissions import Actor, Permission
from domain.services.base import Service

def _make_hasher() -> PasswordHasher:
    """argon2 with its recommended parameters (about 50-150 ms a hash: slow for guessers).
    The test suite sets ``WARELINK_FAST_PASSWORD_HASH=1`` to use the cheapest parameters,
    so hundreds of test accounts do not cost minutes; never set it in production."""
    if os.environ.get("WARELINK_FAST_PASSWORD_HASH") == "1":
        from argon2.profiles import CHEAPEST
        return PasswordHasher.from_parameters(CHEAPEST)
    return PasswordHasher()


_hasher = _make_hasher()
MIN_PASSWORD_LENGTH = 6
ROLES = tuple(r.value for r in Role)


def actor_of(user: User) -> Actor:
    return Actor(user_id=user.id, username=user.username, role=user.role)


def _validate(username: str, password: str | None, role: str) -> str:
    username = (username or "").strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise InvalidInput(field="user name", reason="1-64 characters without spaces")
    if role not in ROLES:
        raise InvalidInput(field="role", reason=f"must be one of {', '.join(ROLES)}")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(field="password", reason=f"at least {MIN_PASSWORD_LENGTH} characters")
    return username


class UserService(Service):

    def has_users(self) -> bool:
        with self.db.read() as s:
            return bool(s.scalar(select(func.count()).select_from(User)))

    def create_first_admin(self, username: str, password: str, full_name: str = "") -> User:
        """Only on an empty database: the first start asks for this account."""
        username = _validate(username, password, Role.ADMIN.value)

        def work(s: Session) -> User:
            if s.scalar(select(func.count()).select_from(User)):
                raise InvalidInput(field="first admin", reason="users already exist; sign in")
            user = self._insert(s, username, password, Role.ADMIN.value, full_name)
            audit.record(s, actor_of(user), "user.create_first_admin", entity="user", key=username)
            return user
        return self.db.write(work)

    def add_user(self, actor: Actor, username: str, password: str, role: str,
                 full_name: str = "") -> User:
        self.require(actor, Permission.MANAGE_USERS, "user.create")
        username = _validate(username, password, role)

        def work(s: Session) -> User:
            user = self._insert(s, username, password, role, full_name)
            audit.record(s, actor, "user.create", entity="user", key=username,
                         detail={"role": role, "full_name": full_name})
            return user
        return self.db.write(work)

    def _insert(self, s: Session, username: str, password: str, role: str, full_name: str) -> User:
        if s.scalars(select(User).where(func.lower(User.username) == username.lower())).first():
            raise AlreadyExists(kind="User", key=username)
        user = User(username=username, role=role, password_hash=_hasher.hash(password),
                    full_name=full_name, created_at=self.clock.now())
        s.add(user)
        s.flush()
        return user

    def authenticate(self, username: str, password: str) -> User:
        """Return the active user or raise ``AuthenticationFailed`` (same error for unknown
        user and wrong password, so the dialog does not reveal which names exist)."""
        username = (username or "").strip()

        def work(s: Session) -> User | None:
            user = s.scalars(select(User).where(User.username == username)).first()
            if user is None or not user.active or not _verify(user.password_hash, password or ""):
                audit.record(s, None, "login", entity="user", key=username, outcome="refused",
                             username=username or "?")
                return None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
            user.last_login_at = self.clock.now()
            audit.record(s, actor_of(user), "login", entity="user", key=username)
            return user
        user = self.db.write(work)
        if user is None:
            raise AuthenticationFailed()
        return user

    def list_users(self, actor: Actor) -> list[User]:
        self.require(actor, Permission.MANAGE_USERS, "user.list")
        with self.db.read() as s:
            return list(s.scalars(select(User).order_by(User.username)))

    def update_user(self, actor: Actor, username: str, *, role: str | None = None,
                    active: bool | None = None, full_name: str | None = None,
                    password: str | None = None) -> User:
        self.require(actor, Permission.MANAGE_USERS, "user.update")
        if role is not None:
            _validate(username, None, role)
        if password is not None:
            _validate(username, password, Role.CLERK.value)

        def work(s: Session) -> User:
            user = s.scalars(select(User).where(User.username == username)).first()
            if user is None:
                raise NotFound(kind="User", key=username)
            changes = {}
            for field, value in (("role", role), ("active", active), ("full_name", full_name)):
                if value is not None and getattr(user, field) != value:
                    changes[field] = [getattr(user, field), value]
                    setattr(user, field, value)
            if user.id == actor.user_id and (user.role != Role.ADMIN.value or not user.active):
                raise InvalidInput(field="user", reason="you cannot remove your own admin access")
            if password is not None:
                user.password_hash = _hasher.hash(password)
                changes["password"] = "changed"
            audit.record(s, actor, "user.update", entity="user", key=username, detail=changes)
            return user
        return self.db.write(work)

    def set_language(self, actor: Actor, language: str) -> None:
        """Each user keeps their own UI language (English or 简体中文)."""
        if language not in ("en", "zh_CN"):
            raise InvalidInput(field="language", reason="en or zh_CN")

        def work(s: Session) -> None:
            user = s.get(User, actor.user_id)
            if user is None:
                raise NotFound(kind="User", key=actor.username)
            user.language = language
        self.db.write(work)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
