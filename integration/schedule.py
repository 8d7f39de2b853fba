"""When the sync does what: real time for most messages, daily batches for some, nightly jobs.

Kept in the ``sync.schedule`` setting (JSON) so every station and the headless service agree::

    {"interval": 10,                                   # seconds between real-time passes
     "inbound_interval": 300,                          # pull from the ERP every 5 min (0: off)
     "batch": {"count.adjusted": "02:00"},             # these types go once a day at 02:00
     "jobs": {"pull_items": "01:00",                   # master data from the ERP
              "reconciliation": "03:00"}}              # ERP book stock against the floor

Times are the local time of the machine that runs the sync, ``HH:MM``, every day. With
``inbound_interval`` the master data and the ERP's orders (``integration.inbound.pull_all``) are
pulled every that many seconds as well. A message type
in ``batch`` is left out of the real-time passes and sent at its time (a later message of the
same document still waits for it: order per document holds across modes). Without the setting
everything is real time and no job runs.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select

from domain.errors import InvalidInput
from domain.persistence.database import Database
from domain.persistence.tables import settings

SCHEDULE_KEY = "sync.schedule"
JOBS = ("pull_items", "reconciliation")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Schedule:
    interval: float = 10.0
    inbound_interval: float = 0.0                          # seconds between ERP pulls; 0: off
    batch: dict[str, str] = field(default_factory=dict)    # message type -> "HH:MM"
    jobs: dict[str, str] = field(default_factory=dict)     # job name -> "HH:MM"

    def batch_times(self) -> dict[str, tuple[str, ...]]:
        """"HH:MM" -> the message types sent then."""
        out: dict[str, list[str]] = {}
        for message_type, at in sorted(self.batch.items()):
            out.setdefault(at, []).append(message_type)
        return {at: tuple(types) for at, types in out.items()}

    def to_json(self) -> str:
        return json.dumps({"interval": self.interval, "inbound_interval": self.inbound_interval,
                           "batch": self.batch, "jobs": self.jobs}, sort_keys=True)


def parse(raw: dict) -> Schedule:
    """A validated schedule; a clear ``InvalidInput`` names what is wrong."""
    if not isinstance(raw, dict):
        raise InvalidInput(field="sync schedule", reason="not a JSON object")
    try:
        interval = float(raw.get("interval", 10.0))
    except (TypeError, ValueError):
        raise InvalidInput(field="sync schedule", reason="interval must be a number") from None
    if not 0.2 <= interval <= 86_400:
        raise InvalidInput(field="sync schedule", reason="interval must be 0.2 s to one day")
    try:
        inbound = float(raw.get("inbound_interval", 0) or 0)
    except (TypeError, ValueError):
        raise InvalidInput(field="sync schedule",
                           reason="inbound_interval must be a number") from None
    if inbound and not 10 <= inbound <= 86_400:
        raise InvalidInput(field="sync schedule",
                           reason="inbound_interval must be 0 (off) or 10 s to one day")
    batch, jobs = raw.get("batch") or {}, raw.get("jobs") or {}
    if not isinstance(batch, dict) or not isinstance(jobs, dict):
        raise InvalidInput(field="sync schedule", reason="batch and jobs map names to HH:MM")
    for name, at in {**batch, **jobs}.items():
        if not isinstance(at, str) or not _TIME.match(at):
            raise InvalidInput(field="sync schedule", reason=f"{name}: {at!r} is not HH:MM")
    for name in jobs:
        if name not in JOBS:
            raise InvalidInput(field="sync schedule",
                               reason=f"unknown job {name!r}; there are {', '.join(JOBS)}")
    return Schedule(interval, inbound, {str(k): v for k, v in batch.items()},
                    {str(k): v for k, v in jobs.items()})


def load(db: Database, *, default_interval: float = 10.0) -> Schedule:
    """The stored schedule, or real time every ``default_interval`` seconds when none is."""
    with db.read() as s:
        raw = s.execute(select(settings.c.value).where(settings.c.key == SCHEDULE_KEY)).scalar()
    return parse(json.loads(raw)) if raw else Schedule(interval=default_interval)


def save(db: Database, schedule: Schedule) -> None:
    def work(s) -> None:
        s.execute(delete(settings).where(settings.c.key == SCHEDULE_KEY))
        s.execute(insert(settings).values(key=SCHEDULE_KEY, value=schedule.to_json()))
    db.write(work)


def next_at(at: str, now: datetime) -> datetime:
    """The next local ``HH:MM`` strictly after ``now`` (a naive or aware local datetime)."""
    hour, minute = map(int, at.split(":"))
    candidate = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return candidate if candidate > now else candidate + timedelta(days=1)


def next_runs(schedule: Schedule, now: datetime) -> list[tuple[str, datetime]]:
    """What runs next and when, soonest first (for the sync dashboard)."""
    runs = [(f"batch: {', '.join(types)}", next_at(at, now))
            for at, types in schedule.batch_times().items()]
    runs += [(name, next_at(at, now)) for name, at in schedule.jobs.items()]
    return sorted(runs, key=lambda r: r[1])
