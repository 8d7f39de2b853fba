"""Several stations racing for the same stock: never negative, never taken twice, nothing lost."""
from __future__ import annotations

import multiprocessing
import threading
from decimal import Decimal

from sqlalchemy import func, select

from domain import errors
from domain.persistence.tables import stock_moves
from domain.queries.stock import StockFilter, ledger_mismatches, stock_page
from domain.services.stock import StockRef


def _race(workers: int, attempts: int, action) -> tuple[int, int, list[BaseException]]:
    """Run ``action`` ``attempts`` times on each of ``workers`` threads started together."""
    taken, refused, crashes = [0], [0], []
    lock, start = threading.Lock(), threading.Barrier(workers)

    def worker():
        start.wait()
        for _ in range(attempts):
            try:
                action()
            except errors.InsufficientStock:
                with lock:
                    refused[0] += 1
            except BaseException as exc:  # noqa: BLE001 - the test reports every crash
                crashes.append(exc)
            else:
                with lock:
                    taken[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return taken[0], refused[0], crashes


def _on_hand(world, bin_code: str) -> Decimal:
    with world.db.read() as s:
        rows = [r for r in stock_page(s, StockFilter(item="PLAIN")) if r["bin"] == bin_code]
    return sum((r["on_hand"] for r in rows), Decimal(0))


def test_threads_racing_for_scarce_stock_take_each_unit_once(world, ledger_path):
    world.stock.receive(world.clerk, item="PLAIN", qty=30, bin="A-01")
    taken, refused, crashes = _race(6, 8, lambda: world.stock.issue(
        world.clerk, StockRef("PLAIN", "A-01"), 1))
    assert crashes == []
    assert (taken, refused) == (30, 18)
    assert _on_hand(world, "A-01") == 0
    with world.db.read() as s:
        assert s.scalar(select(func.count()).select_from(stock_moves)) == 31
        assert ledger_mismatches(s) == []


def test_opposite_transfers_do_not_deadlock_or_lose_stock(world, ledger_path):
    """Transfers A→B and B→A at once lock rows in opposite orders; deadlocks, if the database
    detects any, are retried transparently and the total is conserved."""
    world.stock.receive(world.clerk, item="PLAIN", qty=50, bin="A-01")
    world.stock.receive(world.clerk, item="PLAIN", qty=50, bin="A-02")
    flip = iter(range(10**6))

    def move():
        src, dst = ("A-01", "A-02") if next(flip) % 2 else ("A-02", "A-01")
        world.stock.transfer(world.clerk, StockRef("PLAIN", src), 3, dst)

    taken, refused, crashes = _race(4, 10, move)
    assert crashes == []
    assert taken + refused == 40
    assert _on_hand(world, "A-01") + _on_hand(world, "A-02") == 100
    with world.db.read() as s:
        assert ledger_mismatches(s) == []


def _station_process(url: str, user_id: int, results) -> None:
    """A separate station (own process, own connections) taking units one at a time."""
    from domain.permissions import Actor
    from domain.persistence.database import Database
    from domain.services.stock import StockService
    db = Database(url)
    service = StockService(db)
    clerk = Actor(user_id=user_id, username="clerk", role="clerk")
    taken = 0
    for _ in range(10):
        try:
            service.issue(clerk, StockRef("PLAIN", "A-01"), 1)
            taken += 1
        except errors.InsufficientStock:
            pass
    db.dispose()
    results.put(taken)


def test_station_processes_racing_on_one_database_never_oversell(world):
    world.stock.receive(world.clerk, item="PLAIN", qty=25, bin="A-01")
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    url = world.db.url.render_as_string(hide_password=False)
    stations = [ctx.Process(target=_station_process, args=(url, world.clerk.user_id, results))
                for _ in range(4)]
    for p in stations:
        p.start()
    for p in stations:
        p.join(timeout=120)
        assert p.exitcode == 0
    assert sum(results.get(timeout=5) for _ in stations) == 25
    assert _on_hand(world, "A-01") == 0
    with world.db.read() as s:
        assert ledger_mismatches(s) == []
