"""Other stations' changes reach this process within a second (LISTEN/NOTIFY on PostgreSQL,
``data_version`` polling on SQLite), with the change keys the views use."""
from __future__ import annotations

import multiprocessing
import queue
import time

import pytest

from domain.persistence.notify import (
    ChangeListener, decode, encode, install_commit_hook, keys_of_actions, keys_of_tables,
)
from domain.services.stock import StockRef


def _other_station(url: str, clerk: tuple, what: str, done) -> None:
    """A separate process (its own connections, its own origin) writing through the services."""
    from domain.permissions import Actor
    from domain.persistence.database import Database
    from domain.persistence.notify import install_commit_hook
    from domain.services.stock import StockService
    db = Database(url)
    install_commit_hook(db)
    actor = Actor(*clerk)
    if what == "receive":
        StockService(db).receive(actor, item="PLAIN", qty=3, bin="A-01")
    elif what == "refused":
        try:
            StockService(db).issue(actor, StockRef("PLAIN", "A-02"), 99)
        except Exception:                        # noqa: BLE001 - the refusal is the point
            pass
    done.put(time.time())
    db.dispose()


def _run_station(world, what: str) -> float:
    ctx = multiprocessing.get_context("spawn")
    done = ctx.Queue()
    clerk = (world.clerk.user_id, world.clerk.username, world.clerk.role)
    p = ctx.Process(target=_other_station,
                    args=(world.db.url.render_as_string(hide_password=False), clerk, what, done))
    p.start()
    committed = done.get(timeout=60)
    p.join(timeout=30)
    assert p.exitcode == 0
    return committed


@pytest.fixture
def heard(world):
    """A listener on the test's database; yields the queue of (time, keys) it received."""
    got: queue.Queue = queue.Queue()
    listener = ChangeListener(world.db, lambda keys: got.put((time.time(), keys)),
                              poll_interval=0.1).start()
    assert listener.ready.wait(10)
    yield got
    listener.stop()


def test_another_stations_receipt_arrives_within_a_second(world, heard):
    committed = _run_station(world, "receive")
    at, keys = heard.get(timeout=5)
    assert "stock" in keys
    assert at - committed < 1.0


def test_a_refused_write_announces_nothing(world, heard):
    _run_station(world, "refused")
    time.sleep(0.6)
    assert heard.empty()


def test_this_process_does_not_hear_its_own_notifications_on_postgresql(world, heard):
    if world.db.dialect != "postgresql":
        pytest.skip("SQLite cannot tell its own commits apart (a second refresh, harmless)")
    install_commit_hook(world.db)
    world.stock.receive(world.clerk, item="PLAIN", qty=1, bin="A-01")
    time.sleep(0.6)
    assert heard.empty()
    _run_station(world, "receive")
    assert "stock" in heard.get(timeout=5)[1]


def test_keys_from_tables_and_audit_actions():
    assert keys_of_tables(["stock_moves", "quants", "audit_log", "outbox"]) == {"stock", "sync"}
    assert keys_of_tables(["bins", "something_new"]) == {"bins", "something_new"}
    assert keys_of_actions(["stock.receipt", "count.approve"]) == {"stock", "tasks"}
    assert decode(encode({"stock", "tasks"}, origin="x")) == ("x", frozenset({"stock", "tasks"}))
    assert "stock" in decode("not json")[1]
