"""Running the dispatcher: an APScheduler background job inside the desktop app, or headless.

``SyncScheduler`` runs ``SyncEngine.run_pass`` every ``interval`` seconds in a background thread
(one pass at a time, missed runs coalesced) and ``wake()`` runs it at once (a confirmed
operation calls it so real-time mode does not wait for the next tick). The connector is
configured in the ``settings`` table under ``sync.connector`` (JSON, no secrets); the ERP
password comes from the credential store (``integration.credentials``: the OS keyring or an
encrypted file), ``$WARELINK_ERP_PASSWORD`` overriding it, and is never logged. After each pass
the active dispatcher mails new sync problems when e-mail alerts are set up
(``integration.alerts``).
"""
from __future__ import annotations

import json
import logging
import os
import threading
from datetime import datetime, timezone
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from domain.persistence.database import Database
from integration.dispatcher import Dispatcher, Lease, PassResult, SyncEngine

log = logging.getLogger(__name__)

CONNECTOR_KEY = "sync.connector"
PASSWORD_ENV = "WARELINK_ERP_PASSWORD"


class NotConfigured(RuntimeError):
    pass


def connector_config(db: Database) -> dict[str, Any]:
    from domain.persistence.tables import settings
    with db.read() as s:
        raw = s.execute(select(settings.c.value).where(settings.c.key == CONNECTOR_KEY)).scalar()
    return json.loads(raw) if raw else {}


def make_connector(config: dict[str, Any]):
    kind = config.get("kind")
    if kind == "tryton":
        from integration.connectors.tryton import TrytonConnector
        password = os.environ.get(PASSWORD_ENV)     # an override; else the stored credential
        if not password:
            from integration.credentials import get_secret
            password = get_secret(config.get("secret") or "erp-password")
        if not password:
            raise NotConfigured(f"no ERP password: store one in the connection settings "
                                f"or set ${PASSWORD_ENV}")
        return TrytonConnector(config["url"], config["database"], config["username"], password,
                               warehouse=config.get("warehouse", "WH"),
                               supplier=config.get("supplier", "Warehouse receipts"))
    if kind == "fake":
        from integration.connectors.fake import FakeConnector
        return FakeConnector()
    if kind == "rest":      # the mapping is the config itself; secrets are fetched by name
        from integration.connectors.rest import RestConnector
        return RestConnector(config)
    if kind == "files":     # CSV/JSON files in an exchange folder for batch-importing ERPs
        from integration.connectors.files import FileExchangeConnector
        return FileExchangeConnector(config)
    raise NotConfigured("no ERP connector configured (settings 'sync.connector')")


def make_engine(db: Database, connector) -> SyncEngine:
    return SyncEngine(Dispatcher(db, connector), Lease(db))


class SyncScheduler:
    def __init__(self, engine: SyncEngine, *, interval: float = 10.0) -> None:
        self.engine = engine
        self.interval = interval
        self.last_result: PassResult | None = None
        self.last_error: str | None = None
        self.last_run: datetime | None = None
        self.passes = threading.Event()
        self._scheduler = BackgroundScheduler(timezone=timezone.utc)

    def start(self) -> None:
        self._scheduler.add_job(self._tick, "interval", seconds=self.interval, id="dispatch",
                                max_instances=1, coalesce=True,
                                next_run_time=datetime.now(timezone.utc))
        self._scheduler.start()

    def wake(self) -> None:
        """Run a pass now (or right after the one running)."""
        job = self._scheduler.get_job("dispatch")
        if job is not None:
            job.modify(next_run_time=datetime.now(timezone.utc))

    def _tick(self) -> None:
        try:
            self.last_result = self.engine.run_pass()
            self.last_error = None
            if self.last_result is not None:     # the active dispatcher mails the alerts
                from integration.alerts import mail_new_problems
                mail_new_problems(self.engine.dispatcher.db)
        except Exception as exc:          # the job must survive a bad pass (DB down, …)
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.exception("sync pass failed")
        self.last_run = datetime.now(timezone.utc)
        self.passes.set()

    def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        self.engine.stop()


def describe(result: PassResult | None) -> str:
    if result is None:
        return "another station is the active dispatcher"
    return (f"claimed {result.claimed}, delivered {result.delivered}, already in the ERP "
            f"{result.already_there}, retrying {result.retrying}, failed {result.failed}, "
            f"recovered {result.recovered}")


def start_background_sync(db: Database, *, interval: float = 10.0) -> SyncScheduler | None:
    """The desktop app's sync thread, or None when no connector is configured (logged)."""
    try:
        connector = make_connector(connector_config(db))
    except NotConfigured as exc:
        log.info("ERP sync not started: %s", exc)
        return None
    scheduler = SyncScheduler(make_engine(db, connector), interval=interval)
    scheduler.start()
    return scheduler
