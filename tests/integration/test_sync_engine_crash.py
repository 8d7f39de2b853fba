"""Crash safety (issue 7): ``python main.py sync --rest CONFIG.json`` is killed with SIGKILL at
random points, 20 times, while it sends to the fault-injecting ERP (timeouts after booking,
resets before and after booking, 503, malformed JSON, slow answers). In the end every message is
in the ERP's books exactly once, in order per document, and none is lost. On SQLite and
PostgreSQL."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from domain.persistence.database import Database
from domain.persistence.tables import outbox, sync_attempts
from integration.retry_policy import ERROR_CLASSES, save_rules
from tests.faulty_erp import FaultyErp, check_delivery, queue_messages, rest_config

ROOT = Path(__file__).resolve().parents[2]
KILLS = 20


def start_sync(db_url: str, config: Path, log) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", db_url, "sync",
                             "--rest", str(config), "--interval", "0.2"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def undelivered(db) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(outbox)
                         .where(outbox.c.state != "delivered")).scalar()


def test_sigkill_at_random_points_loses_nothing_and_posts_nothing_twice(db_url, tmp_path):
    rng = random.Random(7)
    db = Database(db_url)
    db.migrate()
    erp = FaultyErp()
    try:
        db.write(lambda s: save_rules(s, {c: {"attempts": 1000, "wait": 0.05, "backoff": 1,
                                              "jitter": 0} for c in ERROR_CLASSES}))
        sent = queue_messages(db, 40, 15)                       # 600 messages
        config = tmp_path / "erp.json"
        config.write_text(json.dumps(rest_config(erp.url, timeout=0.3, max_parallel=2)))
        erp.latency = 0.01
        erp.random_faults(0.15, [
            {"kind": "timeout", "delay": 0.5},                  # booked, the answer lost
            {"kind": "timeout", "delay": 0.5, "book": False},
            {"kind": "reset"}, {"kind": "reset", "book": True},
            {"kind": "status", "status": 503, "headers": {"Retry-After": "0"}},
            {"kind": "malformed"}, {"kind": "slow", "delay": 0.1},
        ], rng)
        kills = 0
        with open(tmp_path / "sync.log", "wb") as log:
            while kills < KILLS and undelivered(db):
                seen = len(erp.requests)
                proc = start_sync(db_url, config, log)
                try:
                    started = wait_until(lambda: len(erp.requests) > seen or proc.poll() is not None,
                                         60)
                    assert started and proc.poll() is None, (tmp_path / "sync.log").read_text()
                    time.sleep(rng.uniform(0.0, 0.5))           # somewhere mid-flight
                finally:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                kills += 1
            assert kills == KILLS, f"all delivered after {kills} kills: too fast to test"
            booked_while_killed = len(erp.keys())
            with db.read() as s:
                interrupted = s.execute(select(func.count()).select_from(sync_attempts).where(
                    sync_attempts.c.outcome == "interrupted")).scalar()
            print(f"booked during the kills: {booked_while_killed}, interrupted sends: "
                  f"{interrupted}")
            assert booked_while_killed >= 100 and interrupted >= KILLS // 2
            erp.random_faults(0.0, [{"kind": "slow"}], rng)
            proc = start_sync(db_url, config, log)              # the survivor finishes
            try:
                assert wait_until(lambda: undelivered(db) == 0, 120), \
                    (tmp_path / "sync.log").read_text()[-3000:]
            finally:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)
        check_delivery(erp, sent)
        assert len(erp.keys()) == 600
    finally:
        erp.stop()
        db.dispose()
