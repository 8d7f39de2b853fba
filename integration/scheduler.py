"""Running the dispatcher: an APScheduler background job inside the desktop app, or headless.

``SyncScheduler`` runs ``SyncEngine.run_pass`` every ``interval`` seconds in a background thread
(one pass at a time, missed runs coalesced) and ``wake()`` runs it at once (a confirmed
operation calls it so real-time mode does not wait for the next tick). The stored schedule
(``integration.schedule``) adds daily batches for message types kept out of real time and the
nightly jobs (item pull, reconciliation), which only the active dispatcher runs. The connector is
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
from integration.schedule import Schedule

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


def pull_items_job(db: Database, connector) -> str:
    """Nightly master data: items (and what else the connector offers: parties, purchase orders
    and customer shipments as orders, see ``integration.inbound.pull_all``) from the ERP."""
    from domain.permissions import SYSTEM
    from integration.inbound import pull_all
    if not hasattr(connector, "pull_products"):
        return "the connector offers no item pull"
    results = pull_all(db, connector, SYSTEM)
    items = results["items"]
    text = f"items: {items.created} new, {items.updated} changed"
    for name, r in results.items():
        if name != "items":
            text += f"; {name}: {r.created} new" + (f", {len(r.errors)} not taken" if r.errors
                                                    else "")
    return text


def reconciliation_job(db: Database, connector) -> str:
    """Nightly reconciliation: the ERP's book stock against the warehouse's."""
    from domain.permissions import SYSTEM
    from integration.inbound import reconcile
    if not hasattr(connector, "book_stock"):
        return "the connector offers no book stock"
    summary = reconcile(db, connector, SYSTEM, trigger="scheduled")
    return f"reconciliation run {summary.run_id}"


JOB_FUNCTIONS = {"pull_items": pull_items_job, "reconciliation": reconciliation_job}


class SyncScheduler:
    """``schedule`` (``integration.schedule``): which message types wait for a daily batch and
    which nightly jobs run; default: everything in real time, no jobs."""

    def __init__(self, engine: SyncEngine, *, interval: float = 10.0,
                 schedule: Schedule | None = None) -> None:
        self.engine = engine
        self.interval = interval
        self.schedule = schedule or Schedule(interval=interval)
        self.last_result: PassResult | None = None
        self.last_error: str | None = None
        self.last_run: datetime | None = None
        self.job_results: dict[str, str] = {}      # job id -> last outcome (or its error)
        self.passes = threading.Event()
        self._woken = threading.Event()
        self._scheduler = BackgroundScheduler(timezone=timezone.utc)

    def start(self) -> None:
        self._scheduler.add_job(self._tick, "interval", seconds=self.interval, id="dispatch",
                                max_instances=1, coalesce=True,
                                next_run_time=datetime.now(timezone.utc))
        local = datetime.now().astimezone().tzinfo     # schedule times are this machine's
        for at, types in self.schedule.batch_times().items():
            hour, minute = map(int, at.split(":"))
            self._scheduler.add_job(self._batch, "cron", hour=hour, minute=minute,
                                    timezone=local, args=[types], id=f"batch {at}",
                                    max_instances=1, coalesce=True)
        if self.schedule.inbound_interval:
            self._scheduler.add_job(self._job, "interval", seconds=self.schedule.inbound_interval,
                                    args=["pull_items"], id="inbound", max_instances=1,
                                    coalesce=True)
        for name, at in self.schedule.jobs.items():
            hour, minute = map(int, at.split(":"))
            self._scheduler.add_job(self._job, "cron", hour=hour, minute=minute,
                                    timezone=local, args=[name], id=name,
                                    max_instances=1, coalesce=True)
        self._scheduler.start()

    def next_runs(self) -> dict[str, datetime | None]:
        return {job.id: job.next_run_time for job in self._scheduler.get_jobs()}

    def _batch(self, types: tuple[str, ...]) -> None:
        """A daily batch of message types kept out of real time."""
        try:
            result = self.engine.run_pass(message_types=types)
            self.job_results[f"batch {', '.join(types)}"] = describe(result)
        except Exception as exc:
            self.job_results[f"batch {', '.join(types)}"] = f"{type(exc).__name__}: {exc}"
            log.exception("sync batch %s failed", types)

    def _job(self, name: str) -> None:
        """A nightly job; only the active dispatcher runs it (one station, not all of them)."""
        try:
            if not self.engine.lease.acquire():
                self.job_results[name] = "another station is the active dispatcher"
                return
            self.job_results[name] = JOB_FUNCTIONS[name](self.engine.dispatcher.db,
                                                         self.engine.dispatcher.connector)
        except Exception as exc:
            self.job_results[name] = f"{type(exc).__name__}: {exc}"
            log.exception("sync job %s failed", name)
        log.info("sync job %s: %s", name, self.job_results[name])

    def wake(self) -> None:
        """Run a pass now, or right after the one running: APScheduler skips a run while one
        is in progress, so the running tick sees ``_woken`` and goes round once more."""
        self._woken.set()
        job = self._scheduler.get_job("dispatch")
        if job is not None:
            job.modify(next_run_time=datetime.now(timezone.utc))

    def _tick(self) -> None:
        while True:
            self._woken.clear()
            try:
                self.last_result = self.engine.run_pass(
                    exclude_types=tuple(self.schedule.batch))
                self.last_error = None
                if self.last_result is not None:     # the active dispatcher mails the alerts
                    from integration.alerts import mail_new_problems
                    mail_new_problems(self.engine.dispatcher.db)
            except Exception as exc:          # the job must survive a bad pass (DB down, …)
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.exception("sync pass failed")
            self.last_run = datetime.now(timezone.utc)
            self.passes.set()
            if not self._woken.is_set() or not self._scheduler.running:
                break

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
    from integration import schedule
    try:
        stored = schedule.load(db, default_interval=interval)
    except Exception as exc:       # a broken setting must not stop the real-time sync
        log.warning("sync schedule ignored (%s); everything runs in real time", exc)
        stored = schedule.Schedule(interval=interval)
    scheduler = SyncScheduler(make_engine(db, connector), interval=stored.interval,
                              schedule=stored)
    scheduler.start()
    return scheduler
