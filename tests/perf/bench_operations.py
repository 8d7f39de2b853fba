"""Warehouse operations on the data set: FEFO/FIFO allocation of a 10,000-line wave, pick
confirmation by scan, and approval of a 5,000-line count.

Each operation runs inside an outer transaction that is rolled back at the end
(``RolledBackDatabase``): the orders and the count are built on the data set's own stock, the
services run their real code path, and the data set is left exactly as it was. The set-up
(orders, count entries) is written with bulk statements and not timed.
"""
from __future__ import annotations

import random
import time
from decimal import Decimal

from sqlalchemy import func, insert, or_, select

from domain.clock import Clock
from domain.model import LotStatus, StockStatus
from domain.permissions import Actor
from domain.persistence import tables as t
from domain.persistence.database import Database
from domain.services.operations.count_approval import CountApprovalService
from domain.services.operations.picking import PickingService, PickScan
from domain.services.operations.waves import WaveService
from tests.perf.benchmarks import PROFILED_CALLS, RolledBackDatabase
from tests.perf.metrics import Metric, at_most, percentile
from tests.perf.profiling import TimeProfile

WAVE_LINES = 10_000
COUNT_LINES = 5_000
PICKS = 300
ORDER_LINES = 100          # lines per order of the wave


def benchmarks(db: Database, actor: Actor, rng: random.Random, size: str) -> list[Metric]:
    wrapper = RolledBackDatabase(db)
    clock = Clock()
    metrics: list[Metric] = []
    warehouse_id = _busiest_warehouse(db)
    # Each operation in an outer transaction of its own, as each commits on its own in the
    # app: the count approval does not inherit the wave's 10,000 uncommitted reservations in
    # the connection's page cache.
    with wrapper.active():
        metrics += _allocation_and_picks(wrapper, clock, actor, rng, warehouse_id)
    with wrapper.active():
        metrics += _count_approval(wrapper, clock, actor, rng, warehouse_id)
    return metrics


def _busiest_warehouse(db) -> int:
    with db.read() as s:
        return s.execute(select(t.bins.c.warehouse_id, func.count())
                         .group_by(t.bins.c.warehouse_id)
                         .order_by(func.count().desc()).limit(1)).one()[0]


def _free_stock(s, warehouse_id: int, today, limit: int, rng: random.Random, *,
                for_gains: bool = False) -> list:
    """Quants with free, pickable units in the warehouse (no serials), sampled by id range so
    no full scan of a 10M-move data set's quants is needed. The quants are read by id first,
    then their bins and lots by id (joined in one statement, SQLite would rather walk the
    warehouse's bins)."""
    q = t.quants
    lo, hi = s.execute(select(func.min(q.c.id), func.max(q.c.id))).one()
    found: dict[int, object] = {}
    for _ in range(8):
        wanted = sorted({rng.randint(lo, hi) for _ in range(limit * 3)} - set(found))
        rows = _by_id(s, select(q.c.id, q.c.item_id, q.c.bin_id, q.c.lot_id, q.c.on_hand,
                                q.c.reserved)
                      .where(q.c.status == StockStatus.AVAILABLE.value,
                             q.c.on_hand > q.c.reserved, q.c.serial_id.is_(None)), q.c.id, wanted)
        good_bins = set(r.id for r in _by_id(s, select(t.bins.c.id).where(
            t.bins.c.warehouse_id == warehouse_id, t.bins.c.blocked.is_(False),
            t.bins.c.active.is_(True), t.bins.c.bin_type == "storage",
            *([t.bins.c.capacity_qty.is_(None), t.bins.c.capacity_volume_l.is_(None),
               t.bins.c.capacity_weight_kg.is_(None)] if for_gains else [])),
            t.bins.c.id, sorted({r.bin_id for r in rows})))
        good_lots = set(r.id for r in _by_id(s, select(t.lots.c.id).where(
            t.lots.c.status == LotStatus.RELEASED.value,
            or_(t.lots.c.expiry_date.is_(None), t.lots.c.expiry_date >= today)),
            t.lots.c.id, sorted({r.lot_id for r in rows if r.lot_id is not None})))
        found.update((r.id, r) for r in rows if r.bin_id in good_bins
                     and (r.lot_id is None or r.lot_id in good_lots))
        if len(found) >= limit or len(found) >= hi - lo + 1:
            break
    rows = sorted(found.values(), key=lambda r: r.id)
    rng.shuffle(rows)
    return rows[:limit]


def _by_id(s, query, column, ids: list[int]) -> list:
    out = []
    for start in range(0, len(ids), 5000):
        out += s.execute(query.where(column.in_(ids[start:start + 5000]))).all()
    return out


# -- allocation and picking -----------------------------------------------------------------------
def _allocation_and_picks(db, clock: Clock, actor: Actor, rng: random.Random,
                          warehouse_id: int) -> list[Metric]:
    with db.read() as s:
        stock = _free_stock(s, warehouse_id, clock.today(), WAVE_LINES, rng)
        staging = s.execute(select(t.bins.c.barcode).where(
            t.bins.c.warehouse_id == warehouse_id, t.bins.c.bin_type.in_(("staging", "shipping")),
            t.bins.c.active.is_(True), t.bins.c.blocked.is_(False))
            .order_by(t.bins.c.id).limit(1)).scalar()
    if not stock or staging is None:
        return [Metric("FEFO allocation of 10,000 lines", None, "", None, None,
                       "no free stock or no staging bin in the data set", measured=False)]
    # One unit per line; items repeat when the data set has fewer stocked items than lines.
    demands = [stock[n % len(stock)].item_id for n in range(WAVE_LINES)]
    numbers = db.write(lambda s: _make_orders(s, actor, warehouse_id, demands, clock))
    wave = WaveService(db, clock)
    with TimeProfile(db.engine) as profile:
        result = wave.allocate(actor, numbers, staging)
    seconds = profile.seconds
    note = (f"{len(numbers)} orders, {WAVE_LINES:,} lines over {len(set(demands)):,} items; "
            f"{result.lines:,} pick lines, {len(result.short):,} lines short; reserved "
            f"(quants + reservation rows + task lines) in one transaction")
    metrics = [at_most("FEFO allocation of 10,000 lines", seconds, "s", 2.0, note,
                       profile.summary())]
    metrics += _picks(db, clock, actor, result.task)
    return metrics


def _make_orders(s, actor: Actor, warehouse_id: int, item_ids: list[int], clock: Clock
                 ) -> list[str]:
    now = clock.now()
    numbers = []
    stamp = int(time.time() * 1000)
    for n in range(0, len(item_ids), ORDER_LINES):
        number = f"PERF-OUT-{stamp}-{n // ORDER_LINES:04d}"
        order_id = s.execute(insert(t.outbound_orders).values(
            number=number, warehouse_id=warehouse_id, customer="Benchmark",
            created_at=now, created_by_id=actor.user_id, priority=0, state="open",
            external_ref="", note="").returning(t.outbound_orders.c.id)).scalar_one()
        s.execute(insert(t.outbound_order_lines), [
            dict(order_id=order_id, line_no=k + 1, item_id=item_id, qty_ordered=Decimal(1),
                 qty_allocated=Decimal(0), qty_picked=Decimal(0), qty_shipped=Decimal(0),
                 qty_backordered=Decimal(0), external_line_ref="")
            for k, item_id in enumerate(item_ids[n:n + ORDER_LINES])])
        numbers.append(number)
    return numbers


def _picks(db, clock: Clock, actor: Actor, task_number: str) -> list[Metric]:
    """Confirm the first picks of the wave in walking order, as a clerk scans them: bin, item,
    lot; the service finds the line."""
    tl = t.task_lines
    with db.read() as s:
        rows = s.execute(
            select(t.bins.c.barcode.label("bin"), t.items.c.code.label("item"),
                   t.lots.c.lot_no, tl.c.qty)
            .select_from(tl.join(t.tasks, t.tasks.c.id == tl.c.task_id)
                         .join(t.bins, t.bins.c.id == tl.c.from_bin_id)
                         .join(t.items, t.items.c.id == tl.c.item_id)
                         .outerjoin(t.lots, t.lots.c.id == tl.c.lot_id))
            .where(t.tasks.c.number == task_number)
            .order_by(tl.c.line_no).limit(PICKS + PROFILED_CALLS)).all()
    picking = PickingService(db, clock)
    samples = []
    for r in rows[:PICKS]:
        scan = PickScan(task_number, r.bin, r.item, r.qty, lot=r.lot_no)
        started = time.perf_counter()
        picking.confirm(actor, scan)
        samples.append((time.perf_counter() - started) * 1000)
    with TimeProfile(db.engine) as profile:    # further picks: profiling slows a pick itself
        for r in rows[PICKS:]:
            picking.confirm(actor, PickScan(task_number, r.bin, r.item, r.qty, lot=r.lot_no))
    if not samples:
        return []
    note = (f"{len(samples)} confirmations (scan bin + item + lot, line found by the service) "
            f"on the {WAVE_LINES:,}-line wave; ledger move, reservation follows the units, "
            f"outbox message; SAVEPOINT per confirmation")
    return [at_most("pick confirmation p50", percentile(samples, 50), "ms", None, note),
            at_most("pick confirmation p99", percentile(samples, 99), "ms", 5.0, note,
                    profile.summary())]


# -- count approval -------------------------------------------------------------------------------
def _count_approval(db, clock: Clock, actor: Actor, rng: random.Random,
                    warehouse_id: int) -> list[Metric]:
    with db.read() as s:
        stock = _free_stock(s, warehouse_id, clock.today(), COUNT_LINES, rng, for_gains=True)
        counter = s.scalar(select(t.users.c.id).where(t.users.c.id != actor.user_id)
                           .order_by(t.users.c.id).limit(1))
    if len(stock) < 2 or counter is None:
        return [Metric("approval of a 5,000-line count", None, "", None, None,
                       "no free stock or no second user to have counted", measured=False)]
    number = db.write(lambda s: _make_count(s, actor, counter, warehouse_id, stock, clock))
    service = CountApprovalService(db, clock)
    with TimeProfile(db.engine) as profile:
        result = service.approve(actor, number, "PERF")
    seconds = profile.seconds
    note = (f"{len(stock):,} counted keys in {len({r.bin_id for r in stock}):,} bins, half gains "
            f"half losses; {result.adjusted_lines:,} adjustment moves, "
            f"{len(result.outbox_keys)} ERP message(s)")
    return [at_most("approval of a 5,000-line count", seconds, "s", 1.0, note,
                    profile.summary())]


def _make_count(s, actor: Actor, counter: int, warehouse_id: int, stock: list,
                clock: Clock) -> str:
    """A finished count task, as ``CountService`` leaves it: one done line per bin and one
    entry per counted key with the book beside it; every other key gains or loses one unit."""
    now = clock.now()
    number = f"PERF-CNT-{int(time.time() * 1000)}"
    task_id = s.execute(insert(t.tasks).values(
        number=number, task_type="count", warehouse_id=warehouse_id, state="done", priority=0,
        created_at=now, created_by_id=actor.user_id, started_at=now, started_by_id=counter,
        finished_at=now, finished_by_id=counter, note="", cancel_reason="")
        .returning(t.tasks.c.id)).scalar_one()
    bins_ = sorted({r.bin_id for r in stock})
    s.execute(insert(t.task_lines), [
        dict(task_id=task_id, line_no=n, qty=Decimal(0), qty_done=Decimal(0), state="done",
             from_bin_id=bin_id, short_reason="", done_at=now, done_by_id=counter)
        for n, bin_id in enumerate(bins_, 1)])
    line_of = dict(s.execute(select(t.task_lines.c.from_bin_id, t.task_lines.c.id)
                             .where(t.task_lines.c.task_id == task_id)).all())
    s.execute(insert(t.count_plans).values(task_id=task_id, basis="bin", basis_value="PERF",
                                           threshold_pct=Decimal(100), threshold_qty=Decimal(0)))
    s.execute(insert(t.count_entries), [
        dict(task_id=task_id, task_line_id=line_of[r.bin_id], round=1, bin_id=r.bin_id,
             item_id=r.item_id, lot_id=r.lot_id, serial_id=None,
             counted_qty=r.on_hand + (-1 if n % 2 and r.on_hand - r.reserved >= 1 else 1),
             expected_qty=r.on_hand,
             superseded=False, counted_at=now, counted_by_id=counter)
        for n, r in enumerate(stock)])
    return number
