"""E-mail alerts on new ERP sync problems, sent to a real SMTP server on loopback (aiosmtpd), on
SQLite and PostgreSQL: each new problem is mailed once, a mail server that is down loses
nothing (the alert goes out on a later pass), a solved problem that comes back is news again,
and no payload or password is ever in the mail or the log."""
from __future__ import annotations

import email
import email.policy
import logging
import socket

import pytest
from aiosmtpd.controller import Controller

from integration.alerts import (
    EmailAlerts, EmailSettings, load_email_settings, mail_new_problems, open_problems,
    save_email_settings,
)
from integration.connectors.base import ConnectorError
from integration.connectors.fake import FakeConnector
from integration.dispatcher import Dispatcher
from integration.inbox import SyncInboxService
from tests.integration.test_sync_dispatcher import clock, no_jitter, put  # noqa: F401 (fixture)


class Capture:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    handler = Capture()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def fail(db, clock, document: str, error: ConnectorError, message_type="stock.receipt"):
    ids = put(db, document, message_type=message_type)
    erp = FakeConnector()
    erp.fail(document, error)
    Dispatcher(db, erp, clock=clock, policy=no_jitter(auth={"attempts": 1})).dispatch()
    return ids


def test_each_new_problem_is_mailed_once(world, clock, smtp, caplog):
    controller, captured = smtp
    caplog.set_level(logging.DEBUG)
    save_email_settings(world.db, EmailSettings("127.0.0.1", controller.port,
                                                "warelink@example.com",
                                                ("boss@example.com", "it@example.com")))
    assert mail_new_problems(world.db) == 0 and captured.messages == []     # nothing failed yet
    fail(world.db, clock, "F1", ConnectorError("validation", "Unknown product 'A-1' (line 3)"))
    fail(world.db, clock, "F2", ConnectorError("validation", "Unknown product 'B-22' (line 7)"))
    assert mail_new_problems(world.db) == 1          # one signature: one problem of 2 messages
    (mail,) = captured.messages
    assert mail["Subject"] == "Warelink: 1 new ERP sync problem"
    assert mail["To"] == "boss@example.com, it@example.com"
    body = mail.get_content()
    assert "stock.receipt: 2 message(s), validation error" in body
    assert '"doc"' not in body and '"seq"' not in body             # never the payload
    assert mail_new_problems(world.db) == 0 and len(captured.messages) == 1   # not again

    fail(world.db, clock, "F3", ConnectorError("auth", "HTTP 401"), message_type="stock.issue")
    assert mail_new_problems(world.db) == 1
    assert "stock.issue: 1 message(s), auth error" in captured.messages[-1].get_content()
    assert "(2 open in all)" in captured.messages[-1].get_content()


def test_mail_server_down_loses_no_alert(world, clock, smtp):
    controller, captured = smtp
    down = free_port()           # nobody listens here
    save_email_settings(world.db, EmailSettings("127.0.0.1", down, "w@example.com",
                                                ("boss@example.com",), timeout=2))
    fail(world.db, clock, "F1", ConnectorError("validation", "Unknown product"))
    assert mail_new_problems(world.db) == 0          # logged, kept for later
    with pytest.raises(OSError):
        EmailAlerts(world.db, load_email_settings(world.db)).run()
    save_email_settings(world.db, EmailSettings("127.0.0.1", controller.port, "w@example.com",
                                                ("boss@example.com",)))
    assert mail_new_problems(world.db) == 1 and len(captured.messages) == 1


def test_a_solved_problem_that_returns_is_news_again(world, clock, smtp):
    controller, captured = smtp
    save_email_settings(world.db, EmailSettings("127.0.0.1", controller.port, "w@example.com",
                                                ("boss@example.com",)))
    (first,) = fail(world.db, clock, "F1", ConnectorError("validation", "Unknown product"))
    assert mail_new_problems(world.db) == 1
    SyncInboxService(world.db, clock).cancel(world.supervisor, [first], "posted by hand")
    assert open_problems_count(world) == 0
    assert mail_new_problems(world.db) == 0
    fail(world.db, clock, "F9", ConnectorError("validation", "Unknown product"))
    assert mail_new_problems(world.db) == 1 and len(captured.messages) == 2


def open_problems_count(world) -> int:
    with world.db.read() as s:
        return len(open_problems(s))


def test_incomplete_settings_are_a_clear_error_not_a_crash(world):
    from integration.alerts import AlertsNotConfigured
    with pytest.raises(AlertsNotConfigured, match="recipient"):
        EmailSettings.from_json({"host": "h", "sender": "a@b", "to": []})
    with pytest.raises(AlertsNotConfigured, match="security"):
        EmailSettings.from_json({"host": "h", "sender": "a@b", "to": "x@y", "security": "tls9"})
    with pytest.raises(AlertsNotConfigured, match="incomplete"):
        EmailSettings.from_json({"sender": "a@b", "to": "x@y"})
    assert mail_new_problems(world.db) == 0            # not configured: nothing, no error


def test_the_sync_scheduler_mails_after_its_pass(world, smtp):
    import time
    from integration.scheduler import SyncScheduler, make_engine
    controller, captured = smtp
    save_email_settings(world.db, EmailSettings("127.0.0.1", controller.port, "w@example.com",
                                                ("boss@example.com",)))
    put(world.db, "P1")
    erp = FakeConnector()
    erp.fail("P1", ConnectorError("validation", "Unknown product"))
    scheduler = SyncScheduler(make_engine(world.db, erp), interval=3600)
    scheduler.start()
    try:
        deadline = time.monotonic() + 20
        while not captured.messages and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        scheduler.stop()
    assert scheduler.last_error is None
    assert len(captured.messages) == 1
