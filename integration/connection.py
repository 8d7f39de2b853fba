"""The ERP connection as an admin sets it up: which connector, where, as whom, and its password.

The connector settings are JSON in the ``sync.connector`` setting, with no secret in them; the
password goes to the credential store (``integration.credentials``: the OS keyring or an
encrypted file) under the name the settings give in ``secret``. Saving checks
``CONFIGURE_SYNC`` and is audited (what changed, never the password). ``test`` builds the
connector and asks the ERP something harmless, so a wrong URL or password shows up before the
first message fails.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert

from domain import audit
from domain.errors import InvalidInput
from domain.permissions import Actor, Permission
from domain.persistence.tables import settings
from domain.services.base import Service
from integration.scheduler import CONNECTOR_KEY, NotConfigured, connector_config, make_connector

KINDS = ("tryton", "rest", "files")
SECRET_FIELDS = ("password", "token", "api_key", "secret_value")
DEFAULT_SECRET = "erp-password"


@dataclass(frozen=True)
class ConnectionInfo:
    config: dict[str, Any]          # as stored: no secrets
    password_stored: bool


class ConnectionService(Service):
    def load(self, actor: Actor) -> ConnectionInfo:
        from integration.credentials import get_secret
        self.require(actor, Permission.CONFIGURE_SYNC, "sync.connection.read")
        config = connector_config(self.db)
        stored = bool(config) and bool(get_secret(config.get("secret") or DEFAULT_SECRET))
        return ConnectionInfo(config, stored)

    def save(self, actor: Actor, config: dict[str, Any], *, password: str | None = None) -> None:
        """Store the connector settings; a non-empty ``password`` replaces the stored one."""
        from integration.credentials import set_secret
        self.require(actor, Permission.CONFIGURE_SYNC, "sync.connection.save")
        config = validate(config)
        old = connector_config(self.db)
        if password:
            set_secret(config.get("secret") or DEFAULT_SECRET, password)

        def work(s) -> None:
            s.execute(delete(settings).where(settings.c.key == CONNECTOR_KEY))
            s.execute(insert(settings).values(key=CONNECTOR_KEY,
                                              value=json.dumps(config, ensure_ascii=False)))
            audit.record(s, actor, "sync.connection.save", entity="setting", key=CONNECTOR_KEY,
                         detail={"old": old, "new": config, "password_changed": bool(password)})
        self.db.write(work)

    def test(self, actor: Actor) -> str:
        """Reach the ERP with the stored settings; a short description of what answered.
        Raises ``ConnectorError`` (or ``NotConfigured``) with what went wrong."""
        from integration.connectors.base import classify
        self.require(actor, Permission.CONFIGURE_SYNC, "sync.connection.test")
        with connected(self.db) as connector:
            try:
                if hasattr(connector, "login") and hasattr(connector, "version"):
                    version = connector.version()
                    connector.login()
                    return f"Tryton {version}: signed in"
                if hasattr(connector, "status"):
                    return connector.status()
                return f"{connector!r}: settings valid; the first message shows the ERP's answer"
            except Exception as exc:
                raise classify(exc) from None


def validate(config: dict[str, Any]) -> dict[str, Any]:
    """The settings as stored; a clear ``InvalidInput`` for what is missing, and never a secret
    (a password typed into the JSON is refused, not saved in the clear)."""
    if not isinstance(config, dict):
        raise InvalidInput(field="connection", reason="not a JSON object")
    kind = config.get("kind")
    if kind not in KINDS:
        raise InvalidInput(field="connector", reason=f"{kind!r} is not one of {', '.join(KINDS)}")
    for name in SECRET_FIELDS:
        if name in config:
            raise InvalidInput(field=name, reason="secrets are kept in the credential store, "
                                                  "not in the settings: use the password field")
    required = {"tryton": ("url", "database", "username"), "files": ("folder",), "rest": ()}
    for name in required[kind]:
        if not str(config.get(name) or "").strip():
            raise InvalidInput(field=name, reason="required")
    if kind == "tryton" and not str(config["url"]).startswith(("http://", "https://")):
        raise InvalidInput(field="url", reason="must start with http:// or https://")
    return {k: v for k, v in config.items() if v not in ("", None)}


@contextmanager
def connected(db):
    """The configured connector, closed after use (a connection test, an on-demand read)."""
    connector = make_connector(connector_config(db))
    try:
        yield connector
    finally:
        close = getattr(connector, "close", None)
        if close:
            close()


def reconcile_now(db, actor):
    """One on-demand reconciliation against the configured ERP (worker thread)."""
    from integration.inbound import reconcile
    with connected(db) as connector:
        if not hasattr(connector, "book_stock"):
            raise InvalidInput(field="ERP connector",
                               reason="it offers no book stock to reconcile against")
        return reconcile(db, connector, actor)


def erp_moves(db, item: str, lot: str | None) -> list[dict] | None:
    """The ERP's moves of a reconciliation line (worker thread); None when the connector is
    not configured or cannot list them."""
    try:
        with connected(db) as connector:
            return connector.book_moves(item, lot) if hasattr(connector, "book_moves") else None
    except NotConfigured:
        return None
