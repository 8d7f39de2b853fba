"""The large demo: millions of rows straight into the tables, with the books balanced.

Stock is generated as *stories*: the life of one lot, one serial number, or one untracked item in
one warehouse — received at the dock, put away (through quarantine when it needs inspection),
replenished to a pick face, shipped in parts, sometimes damaged or blocked when it expires.
A story owns its quant keys (its lot, serial, or item-in-warehouse), so its final stock *is*
its quants: the ledger sums equal the quants by construction, without a second pass.
"""
from __future__ import annotations

import random
from typing import Callable

from domain.demo.catalog import DemoItem, make_items
from domain.demo.layout import PICK_FACE_CAPACITY, Layout, make_layout
from domain.demo.loader import BulkLoader, analyze, indexes_dropped
from domain.demo.masterdata import load_items, load_layout
from domain.demo.stories import (
    Out, QuickRandom, Story, lot_story, serial_story, stock_story, warehouse_bins,
)
from domain.demo.timeline import Timeline
from domain.permissions import Actor
from domain.persistence import tables as t
from domain.persistence.database import Database
from domain.quantity import QTY_SCALE

Progress = Callable[[int, int, str], None]
BLOCK_REASONS = ("Rack upright damaged 货架受损", "Cycle count in progress 盘点中",
                 "Sprinkler maintenance 喷淋维修")


def build_bulk(db: Database, size, rng: random.Random, today, actors: dict[str, Actor],
               progress: Progress) -> None:
    rng = QuickRandom(rng.getrandbits(64))
    layout = make_layout(size.warehouses, size.bins, capacity_on_pick_face=False)
    _block_some(layout, rng)
    items = make_items(size.items, rng)
    progress(0, size.moves, "warehouses, bins and items")
    with BulkLoader(db) as load:
        load_layout(load, layout)
        load_items(load, items)
    with indexes_dropped(db, (t.stock_moves, t.quants, t.lots, t.serials)), BulkLoader(db) as load:
        timeline = Timeline(load, today, size.history_days)
        out = Out(load, timeline, lambda done: progress(done, size.moves, "stock moves"))
        _tell_stories(out, layout, items, size, rng, actors)
        out.flush()
        _cap_pick_faces(load, layout, out.bin_totals)
        progress(size.moves, size.moves, "indexes")
    progress(size.moves, size.moves, "statistics")
    analyze(db)


def _block_some(layout: Layout, rng: random.Random) -> None:
    """About one storage bin in 500 is out of use (stock may still be in it)."""
    for b in layout.bins:
        if b.bin_type == "storage" and rng.random() < 0.002:
            b.blocked_reason = rng.choice(BLOCK_REASONS)


def _cap_pick_faces(load: BulkLoader, layout: Layout, totals: dict[int, int]) -> None:
    """Pick faces get a unit capacity: the standard one, or a round figure with a quarter of
    room to spare where they already hold more."""
    step = 100 * QTY_SCALE
    rows = [(max(PICK_FACE_CAPACITY, -(-totals.get(b.id, 0) * 5 // 4 // step) * step), b.id)
            for b in layout.bins if b.bin_type == "pick_face"]
    load.execute_many("UPDATE bins SET capacity_qty = ? WHERE id = ?", rows)


class _Teller:
    """Tells the stories of all stock: every lot, every serial number, then the untracked items
    in one or two warehouses each, sharing out the moves still to write as it goes."""

    def __init__(self, out: Out, layout: Layout, size, rng: random.Random,
                 actors: dict[str, Actor], stories: int) -> None:
        self.out, self.size, self.rng = out, size, rng
        self.warehouses = layout.warehouse_ids
        self.bins = {wh: warehouse_bins(layout, wh) for wh in self.warehouses}
        self.users = (actors["clerk"].user_id, actors["supervisor"].user_id)
        self.budget = _Budget(size.moves, stories, rng)

    def story(self, it: DemoItem, t0: int, wh: int | None = None, **tracking) -> Story:
        wh = wh or self.rng.choice(self.warehouses)
        return Story(self.out, it, self.bins[wh], self.users, self.rng, t0, self.budget.next(),
                     **tracking)

    def lots(self, items: list[DemoItem]) -> None:
        """Each item's lots arrive one after another across the year."""
        end = self.out.timeline.end
        for it, count in _spread(items, self.size.lots):
            for k in range(count):
                t0 = int((k + self.rng.random()) / count * end * 0.97)
                lot_id, expires = self.out.new_lot(it, t0, self.rng)
                self.budget.spent(lot_story(self.story(it, t0, lot=lot_id), expires))

    def serials(self, items: list[DemoItem]) -> None:
        for it, count in _spread(items, self.size.serials):
            for _ in range(count):
                t0 = self.rng.randrange(int(self.out.timeline.end * 0.97))
                serial_id = self.out.new_serial(it, t0)
                self.budget.spent(serial_story(self.story(it, t0, serial=serial_id)))

    def untracked(self, homes: list[tuple[DemoItem, int]]) -> None:
        for it, wh in homes:
            t0 = self.rng.randrange(self.out.timeline.end // 5)
            self.budget.spent(stock_story(self.story(it, t0, wh)))


def _tell_stories(out: Out, layout: Layout, items: list[DemoItem], size, rng: random.Random,
                  actors: dict[str, Actor]) -> None:
    plain = [it for it in items if not it.lot and not it.serial and rng.random() < 0.85]
    most = min(2, size.warehouses)
    homes = [(it, wh) for it in plain
             for wh in rng.sample(layout.warehouse_ids, k=rng.randint(1, most))]
    teller = _Teller(out, layout, size, rng, actors, size.lots + size.serials + len(homes))
    teller.lots([it for it in items if it.lot])
    teller.serials([it for it in items if it.serial])
    teller.untracked(homes)


def _spread(items: list[DemoItem], total: int) -> list[tuple[DemoItem, int]]:
    """Share ``total`` lots (or serials) out over ``items`` as evenly as possible."""
    if not items:
        return []
    base, extra = divmod(total, len(items))
    return [(it, base + (n < extra)) for n, it in enumerate(items)]


class _Budget:
    """Hands each story its share of the moves still to write, so the total lands on target
    even though some stories end early (sold out, expired, out of time)."""

    def __init__(self, moves: int, stories: int, rng: random.Random) -> None:
        self.left, self.stories, self.rng = moves, max(1, stories), rng

    def next(self) -> int:
        share, last = self.left / self.stories, self.stories == 1
        self.stories = max(1, self.stories - 1)
        return max(2, self.left if last else round(share * self.rng.uniform(0.6, 1.4)))

    def spent(self, moves: int) -> None:
        self.left -= moves

