"""Accounts, roles and the audit of sign-ins."""
import pytest
from sqlalchemy import select

from domain import errors
from domain.persistence.tables import audit_log, users
from domain.services.users import UserService, actor_of


def test_first_admin_only_on_an_empty_database(db):
    service = UserService(db)
    assert not service.has_users()
    admin = service.create_first_admin("boss", "long-secret")
    assert admin.role == "admin" and service.has_users()
    with pytest.raises(errors.InvalidInput):
        service.create_first_admin("boss2", "long-secret")


def test_passwords_are_hashed_with_argon2_and_never_stored_or_audited_in_clear(db):
    service = UserService(db)
    service.create_first_admin("boss", "long-secret")
    with db.read() as s:
        stored = s.scalar(select(users.c.password_hash))
        details = " ".join(s.scalars(select(audit_log.c.detail)))
    assert stored.startswith("$argon2") and "long-secret" not in stored
    assert "long-secret" not in details


def test_sign_in_success_and_failure_are_audited_alike_for_unknown_users(db):
    service = UserService(db)
    service.create_first_admin("boss", "long-secret")
    assert service.authenticate("boss", "long-secret").last_login_at is not None
    for name, password in (("boss", "wrong"), ("nobody", "long-secret")):
        with pytest.raises(errors.AuthenticationFailed) as refused:
            service.authenticate(name, password)
        assert refused.value.message == "Unknown user or wrong password"
    with db.read() as s:
        logins = s.execute(select(audit_log.c.username, audit_log.c.outcome)
                           .where(audit_log.c.action == "login").order_by(audit_log.c.id)).all()
    assert logins == [("boss", "ok"), ("boss", "refused"), ("nobody", "refused")]


def test_only_admins_manage_users_and_inactive_users_cannot_sign_in(db):
    service = UserService(db)
    admin = actor_of(service.create_first_admin("boss", "long-secret"))
    clerk = actor_of(service.add_user(admin, "li.wei", "clerk-pass", "clerk", "李伟"))
    with pytest.raises(errors.PermissionDenied):
        service.add_user(clerk, "mallory", "evil-pass", "admin")
    with pytest.raises(errors.AlreadyExists):
        service.add_user(admin, "LI.WEI", "other-pass", "clerk")
    with pytest.raises(errors.InvalidInput):
        service.add_user(admin, "shorty", "123", "clerk")
    with pytest.raises(errors.InvalidInput):
        service.add_user(admin, "x", "long-enough", "overlord")
    service.update_user(admin, "li.wei", active=False)
    with pytest.raises(errors.AuthenticationFailed):
        service.authenticate("li.wei", "clerk-pass")
    with pytest.raises(errors.InvalidInput):
        service.update_user(admin, "boss", role="clerk")


def test_without_the_test_switch_passwords_use_strong_argon2_parameters():
    import os
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k != "WARELINK_FAST_PASSWORD_HASH"}
    out = subprocess.run([sys.executable, "-c", "from domain.services.users import _hasher;"
                          "print(_hasher.hash('x'))"], env=env, capture_output=True, text=True,
                         check=True).stdout
    assert "m=65536,t=3" in out
