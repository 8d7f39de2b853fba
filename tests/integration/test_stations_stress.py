"""Several stations on one PostgreSQL database at once (issue 9).

Four station processes (own interpreter, own connection pool) work the same warehouse together:
receipts, transfers in both directions and issues of PLAIN, allocation and picking of a scarce
item that not every order can get, and cycle counts approved while the stock keeps moving. The
services own their transactions and retry deadlocks and serialisation failures themselves, so
the stations see only domain refusals (not enough stock, nothing to allocate). At the end the
books must balance: no negative or over-reserved quant, no unit allocated twice, nothing lost
(every station's receipts and issues accounted for), and the ledger equals the quants.
"""
from __future__ import annotations

import multiprocessing
import random
import time
import traceback
from decimal import Decimal

import pytest
from sqlalchemy import func, or_, select

from domain.persistence.tables import (
    bins, items, outbound_order_lines, quants, reservations, stock_moves, tasks,
)
from domain.queries.stock import ledger_mismatches
from tests.integration.op_support import add_bin, add_item, assert_reservations_match

pytestmark = pytest.mark.postgres

STATIONS = 4
ROUNDS = 20
SCARCE_STOCK = {"A-01": 6, "A-02": 6}          # 12 units; the stations ask for up to ~56
PLAIN_STOCK = {"A-01": 40, "A-02": 40}


@pytest.fixture
def db_url(pg_url):
    """PostgreSQL only: this is the multi-station deployment."""
    return pg_url


def _station(url: str, number: int, actors: dict, start, results) -> None:
    """One station: a random but seeded mix of work, counting what succeeded."""
    from domain import errors
    from domain.permissions import Actor
    from domain.persistence.database import Database
    from domain.queries.tasks import count_sheet, task_line_rows
    from domain.services.operations.count_approval import (
        CountApprovalService, LossHeldByReservations,
    )
    from domain.services.operations.counts import CountPlan, CountService
    from domain.services.operations.orders import OrderLineData, OrderService, OutboundData
    from domain.services.operations.picking import PickingService, PickScan
    from domain.services.operations.waves import NothingAllocated, WaveService
    from domain.services.stock import StockRef, StockService

    clerk, supervisor = (Actor(*actors[k]) for k in ("clerk", "supervisor"))
    db = Database(url)
    stock, orders, waves = StockService(db), OrderService(db), WaveService(db)
    picking, counts, approval = PickingService(db), CountService(db), CountApprovalService(db)
    rng = random.Random(number)
    done = {"received": 0, "issued": 0, "transfers": 0, "allocated": Decimal(0),
            "picked": Decimal(0), "counts": 0, "refused": 0, "errors": []}
    refusals = (errors.InsufficientStock, NothingAllocated, LossHeldByReservations)

    def receive():
        stock.receive(clerk, item="PLAIN", qty=2, bin=rng.choice(("A-01", "A-02")),
                      document_ref=f"S{number}")
        done["received"] += 2

    def transfer():
        src, dst = rng.sample(("A-01", "A-02"), 2)
        stock.transfer(clerk, StockRef("PLAIN", src), 1, dst)
        done["transfers"] += 1

    def issue():
        stock.issue(clerk, StockRef("PLAIN", rng.choice(("A-01", "A-02"))), 1)
        done["issued"] += 1

    def allocate_and_pick():
        order = orders.create_outbound(clerk, OutboundData(
            "WH1", f"Shop {number}", [OrderLineData("SCARCE", rng.choice((2, 3, 4)))])).number
        result = waves.allocate(clerk, [order], "STG")
        with db.read() as s:
            lines = task_line_rows(s, result.task)
        done["allocated"] += sum(r["qty"] for r in lines)
        for r in lines:
            picking.confirm(clerk, PickScan(result.task, f"WH1-{r['from_bin']}", "SCARCE",
                                            line_no=r["line_no"]))
            done["picked"] += r["qty"]

    def count():
        """PLAIN in every bin holding it (an item count leaves the scarce item alone)."""
        task = counts.plan(supervisor, CountPlan("WH1", "item", ("PLAIN",), threshold_pct=1000,
                                                  threshold_qty=1000)).number
        with db.read() as s:
            sheet = count_sheet(s, task)
        for bin_code in dict.fromkeys(r["bin"] for r in sheet):
            counts.record(clerk, task, bin_code, "PLAIN", rng.randint(20, 40))
            counts.finish_bin(clerk, task, bin_code)
        approval.approve(supervisor, task, "CYCLE")
        done["counts"] += 1

    work = [receive, receive, transfer, transfer, issue, issue, allocate_and_pick]
    if number == 0:
        work.append(count)                     # one counting station, like a real warehouse
    start.wait(timeout=60)
    for _ in range(ROUNDS):
        action = rng.choice(work)
        try:
            action()
        except refusals:
            done["refused"] += 1
        except Exception:                      # noqa: BLE001 - reported to the test
            done["errors"].append(traceback.format_exc(limit=6))
    db.dispose()
    results.put((number, done))


def _sum(s, q) -> Decimal:
    return s.scalar(q) or Decimal(0)


def test_four_stations_at_once_keep_the_books_exact(world):
    add_bin(world, "STG", "staging")
    add_item(world, "SCARCE")
    for code, qty in SCARCE_STOCK.items():
        world.stock.receive(world.clerk, item="SCARCE", qty=qty, bin=code)
    for code, qty in PLAIN_STOCK.items():
        world.stock.receive(world.clerk, item="PLAIN", qty=qty, bin=code)
    url = world.db.url.render_as_string(hide_password=False)
    actors = {k: (a.user_id, a.username, a.role)
              for k, a in (("clerk", world.clerk), ("supervisor", world.supervisor))}

    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    stations = [ctx.Process(target=_station, args=(url, n, actors, start, results))
                for n in range(STATIONS)]
    for p in stations:
        p.start()
    time.sleep(0.5)
    start.set()
    reports = dict(results.get(timeout=90) for _ in stations)
    for p in stations:
        p.join(timeout=30)
        assert p.exitcode == 0
    errors = [e for r in reports.values() for e in r["errors"]]
    assert errors == [], "\n".join(errors)        # no deadlock or conflict left unhandled
    total = {k: sum(r[k] for r in reports.values())
             for k in ("received", "issued", "transfers", "allocated", "picked", "counts",
                       "refused")}
    assert total["transfers"] > 0 and total["picked"] > 0      # the stations really competed

    plain = select(items.c.id).where(items.c.code == "PLAIN").scalar_subquery()
    scarce = select(items.c.id).where(items.c.code == "SCARCE").scalar_subquery()
    staging = select(bins.c.id).where(bins.c.code == "STG").scalar_subquery()
    with world.db.read() as s:
        # no negative stock, nothing reserved beyond what is there
        assert s.execute(select(quants.c.id).where(or_(
            quants.c.on_hand < 0, quants.c.reserved < 0, quants.c.reserved > quants.c.on_hand))
        ).all() == []
        assert ledger_mismatches(s) == []
        # the scarce item: never allocated twice, every picked unit in staging
        ordered = _sum(s, select(func.sum(outbound_order_lines.c.qty_allocated))
                       .where(outbound_order_lines.c.item_id == scarce))
        assert ordered == total["allocated"] <= sum(SCARCE_STOCK.values())
        assert _sum(s, select(func.sum(quants.c.on_hand)).where(
            quants.c.item_id == scarce)) == sum(SCARCE_STOCK.values())
        assert _sum(s, select(func.sum(quants.c.on_hand)).where(
            quants.c.item_id == scarce, quants.c.bin_id == staging)) == total["picked"]
        assert _sum(s, select(func.sum(reservations.c.qty)).where(
            reservations.c.picked.is_(False))) == total["allocated"] - total["picked"]
        # PLAIN: every receipt and issue of every station accounted for, plus the count
        # adjustments the approvals posted (their own documents)
        count_tasks = select(tasks.c.number).where(tasks.c.task_type == "count")
        adjust = stock_moves.c.document_ref.in_(count_tasks)
        gains = _sum(s, select(func.sum(stock_moves.c.qty)).where(
            adjust, stock_moves.c.item_id == plain, stock_moves.c.from_bin_id.is_(None)))
        losses = _sum(s, select(func.sum(stock_moves.c.qty)).where(
            adjust, stock_moves.c.item_id == plain, stock_moves.c.to_bin_id.is_(None)))
        on_hand = _sum(s, select(func.sum(quants.c.on_hand)).where(quants.c.item_id == plain))
    assert on_hand == (sum(PLAIN_STOCK.values()) + total["received"] - total["issued"]
                       + gains - losses)
    assert_reservations_match(world)
