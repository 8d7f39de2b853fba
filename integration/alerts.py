"""Telling people that the ERP sync needs them: open problems, new ones, and e-mail alerts.

A *problem* is a group of failed outbox messages with the same error signature (as the error
inbox groups them). ``open_problems`` reads them with one grouped query, cheap enough for the
main window's badge to ask every few seconds.

E-mail alerts (optional) go to the addresses in the ``alerts.email`` setting (JSON, no secrets)::

    {"host": "mail.example.com", "port": 587, "security": "starttls",   # none | starttls | ssl
     "username": "warelink", "secret": "smtp-password",                 # a credential's name
     "sender": "warelink@example.com", "to": ["supervisor@example.com"]}

``EmailAlerts.run`` mails each *new* problem once: the signatures already mailed are kept in the
``alerts.email.sent`` setting, written only after the SMTP server accepted the message, so an
unreachable mail server means the alert is sent on a later pass, not lost. A problem that was
solved (no failed message left with its signature) is forgotten, so if it comes back it is news
again. The mail names message types, error classes, counts and the ERP's error text; never a
payload, a password or a session token. The SMTP password comes from the credential store
(``integration.credentials``) and is never logged.
"""
from __future__ import annotations

import json
import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from domain.persistence.database import Database
from domain.persistence.tables import outbox, settings, sync_inbox

log = logging.getLogger(__name__)

EMAIL_KEY = "alerts.email"
SENT_KEY = "alerts.email.sent"
ERROR_TEXT_LIMIT = 300


@dataclass(frozen=True)
class Problem:
    signature: str
    message_type: str
    error_class: str
    error: str
    count: int
    first_at: datetime


def open_problems(s: Session) -> list[Problem]:
    """Failed messages grouped by error signature, the largest group first."""
    rows = s.execute(
        select(sync_inbox.c.signature, func.min(outbox.c.message_type).label("message_type"),
               func.min(sync_inbox.c.error_class).label("error_class"),
               func.min(sync_inbox.c.message).label("error"),
               func.count().label("count"), func.min(outbox.c.created_at).label("first_at"))
        .select_from(outbox.join(sync_inbox, sync_inbox.c.outbox_id == outbox.c.id))
        .where(outbox.c.state == "failed")
        .group_by(sync_inbox.c.signature)).all()
    problems = [Problem(r.signature, r.message_type, r.error_class, r.error or "", r.count,
                        r.first_at) for r in rows]
    return sorted(problems, key=lambda p: (-p.count, p.first_at))


class AlertsNotConfigured(RuntimeError):
    pass


@dataclass(frozen=True)
class EmailSettings:
    host: str
    port: int
    sender: str
    to: tuple[str, ...]
    security: str = "none"
    username: str = ""
    secret: str = ""
    timeout: float = 15.0

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> "EmailSettings":
        try:
            to = raw["to"]
            to = (to,) if isinstance(to, str) else tuple(to)
            found = cls(host=str(raw["host"]), port=int(raw.get("port", 25)),
                        sender=str(raw["sender"]), to=to,
                        security=str(raw.get("security", "none")),
                        username=str(raw.get("username", "")), secret=str(raw.get("secret", "")),
                        timeout=float(raw.get("timeout", 15.0)))
        except (KeyError, TypeError, ValueError) as exc:
            raise AlertsNotConfigured(f"setting {EMAIL_KEY!r} is incomplete: {exc}") from None
        if found.security not in ("none", "starttls", "ssl"):
            raise AlertsNotConfigured(f"security must be none, starttls or ssl, not "
                                      f"{found.security!r}")
        if not found.to:
            raise AlertsNotConfigured(f"setting {EMAIL_KEY!r} names no recipient")
        return found


def load_email_settings(db: Database) -> EmailSettings | None:
    """The configured e-mail alerts, or None when there are none."""
    with db.read() as s:
        raw = s.execute(select(settings.c.value).where(settings.c.key == EMAIL_KEY)).scalar()
    return EmailSettings.from_json(json.loads(raw)) if raw else None


def save_email_settings(db: Database, config: EmailSettings | None) -> None:
    """Store (or with None, remove) the alert settings; secrets stay in the credential store."""
    def work(s: Session) -> None:
        s.execute(delete(settings).where(settings.c.key == EMAIL_KEY))
        if config is not None:
            s.execute(insert(settings).values(key=EMAIL_KEY, value=json.dumps({
                "host": config.host, "port": config.port, "security": config.security,
                "username": config.username, "secret": config.secret,
                "sender": config.sender, "to": list(config.to), "timeout": config.timeout})))
    db.write(work)


class EmailAlerts:
    def __init__(self, db: Database, config: EmailSettings) -> None:
        self.db, self.config = db, config

    def run(self) -> list[Problem]:
        """Mail the problems not mailed yet; returns them (empty: nothing new). Raises
        ``smtplib.SMTPException`` / ``OSError`` when the server does not take the mail; the
        problems then stay unsent for the next run."""
        with self.db.read() as s:
            problems = open_problems(s)
            raw = s.execute(select(settings.c.value).where(settings.c.key == SENT_KEY)).scalar()
        sent = set(json.loads(raw)) if raw else set()
        current = {p.signature for p in problems}
        new = [p for p in problems if p.signature not in sent]
        if new:
            self._send(new, len(problems))
        remember = (sent & current) | {p.signature for p in new}
        if remember != sent:
            self._remember(sorted(remember))
        return new

    def message(self, new: list[Problem], open_count: int) -> EmailMessage:
        mail = EmailMessage()
        mail["Subject"] = (f"Warelink: {len(new)} new ERP sync problem"
                           f"{'s' if len(new) != 1 else ''}")
        mail["From"] = self.config.sender
        mail["To"] = ", ".join(self.config.to)
        lines = [f"{len(new)} new problem(s) in the ERP sync error inbox "
                 f"({open_count} open in all). Nothing is lost: the messages wait in the inbox "
                 f"until someone retries, edits or cancels them.", ""]
        for p in new:
            error = " ".join(p.error.split())
            if len(error) > ERROR_TEXT_LIMIT:
                error = error[:ERROR_TEXT_LIMIT - 1] + "…"
            lines += [f"* {p.message_type}: {p.count} message(s), {p.error_class} error, "
                      f"first at {p.first_at:%Y-%m-%d %H:%M} UTC", f"  {error}", ""]
        lines.append("Open Warelink → Sync to resolve them.")
        mail.set_content("\n".join(lines))
        return mail

    def _send(self, new: list[Problem], open_count: int) -> None:
        c = self.config
        mail = self.message(new, open_count)
        password = ""
        if c.username:
            from integration.credentials import get_secret
            password = get_secret(c.secret or "smtp-password") or ""
        if c.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(c.host, c.port, timeout=c.timeout,
                                                  context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(c.host, c.port, timeout=c.timeout)
        with smtp:
            if c.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if c.username:
                smtp.login(c.username, password)
            smtp.send_message(mail)
        log.info("sync alert mailed to %d recipient(s): %d new problem(s)", len(c.to), len(new))

    def _remember(self, signatures: list[str]) -> None:
        def work(s: Session) -> None:
            s.execute(delete(settings).where(settings.c.key == SENT_KEY))
            s.execute(insert(settings).values(key=SENT_KEY, value=json.dumps(signatures)))
        self.db.write(work)


def mail_new_problems(db: Database) -> int:
    """One alert pass for the scheduler: the number of problems mailed (0 when alerts are off or
    nothing is new). Failures are logged and retried on the next pass."""
    try:
        config = load_email_settings(db)
    except AlertsNotConfigured as exc:
        log.warning("e-mail alerts off: %s", exc)
        return 0
    if config is None:
        return 0
    try:
        return len(EmailAlerts(db, config).run())
    except (smtplib.SMTPException, OSError) as exc:
        log.warning("sync alert not mailed (will retry): %s: %s", type(exc).__name__, exc)
        return 0
