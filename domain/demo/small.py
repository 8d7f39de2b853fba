"""The small demo: master data loaded in bulk, then forty-five days of history posted through the
real ledger (moves, quants, audit and outbox in each transaction), then today's reservations,
blocked bins and a recall through the services."""
from __future__ import annotations

import random
from datetime import timedelta
from typing import Callable

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from domain.clock import Clock
from domain.demo.catalog import make_items
from domain.demo.layout import make_layout
from domain.demo.loader import BulkLoader, sync_sequences
from domain.demo.masterdata import load_items, load_layout
from domain.demo.story import DayPlan, SmallStory
from domain.model import Bin, Item, Lot, Serial
from domain.numbering import next_number
from domain.permissions import Actor
from domain.persistence.database import Database
from domain.persistence.tables import lots, serials
from domain.services import ledger
from domain.services.ledger import Posting
from domain.services.masterdata import MasterDataService
from domain.services.stock import StockRef, StockService


def build_small(db: Database, size, rng: random.Random, clock: Clock, actors: dict[str, Actor],
                progress: Callable[[int, int, str], None]) -> None:
    layout = make_layout(size.warehouses, size.bins, capacity_on_pick_face=True)
    items = make_items(size.items, rng)
    progress(0, size.history_days + 1, "bins, items and opening stock")
    with BulkLoader(db) as load:
        load_layout(load, layout)
        load_items(load, items)
    today = clock.today()
    story = SmallStory(layout, items, actors, rng, today)
    days = size.history_days
    opening = story.opening(today - timedelta(days=days + 1))
    db.write(lambda s: _post_day(s, opening))
    for n in range(days):
        day = today - timedelta(days=days - n)
        plan = story.plan_day(day, last=n == days - 1)
        db.write(lambda s: _post_day(s, plan))
        progress(n + 1, days + 1, "days of history")
    db.write(lambda s: _post_day(s, story.closing(clock.now())))
    sync_sequences(db, ["lots", "serials"])
    _today(db, clock, story, actors)
    progress(days + 1, days + 1, "reservations and blocked bins")


def _post_day(s: Session, plan: DayPlan) -> None:
    """Write one day: its new lots and serials, then each posting with its document number."""
    if plan.lots:
        s.execute(insert(lots), plan.lots)
    if plan.serials:
        s.execute(insert(serials), plan.serials)
    held = _load_rows(s, plan)  # noqa: F841 (kept alive: see _load_rows)
    for job in plan.jobs:
        ref = next_number(s, job.doc_type, plan.day) if job.doc_type else None
        ledger.post(s, job.actor, Posting(job.reason, job.lines, ref, extra=job.extra),
                    now=job.when, today=plan.day)


def _load_rows(s: Session, plan: DayPlan) -> list:
    """Load the day's items, bins, lots and serials in four queries and keep them referenced:
    the session's identity map holds objects only weakly, and the ledger looks each one up by
    id several times per line."""
    lines = [line for job in plan.jobs for line in job.lines]
    wanted = {Item: {line.item_id for line in lines},
              Bin: {b for line in lines for b in (line.from_bin_id, line.to_bin_id) if b},
              Lot: {line.lot_id for line in lines if line.lot_id},
              Serial: {line.serial_id for line in lines if line.serial_id}}
    return [obj for cls, ids in wanted.items() if ids
            for obj in s.scalars(select(cls).where(cls.id.in_(ids)))]


def _today(db: Database, clock: Clock, story: SmallStory, actors: dict[str, Actor]) -> None:
    stock, master = StockService(db, clock), MasterDataService(db, clock)
    items, bins = story.items, story.floor.bins
    for key, qty, order in story.reservations():
        lot = story.lots[key.lot_id][1] if key.lot_id else None
        ref = StockRef(items[key.item_id].code, bins[key.bin_id].barcode, lot,
                       story.serials.get(key.serial_id), key.status)
        stock.reserve(actors["clerk"], ref, qty, document_ref=order)
    for b, reason in story.bins_to_block():
        master.block_bin(actors["supervisor"], b.barcode, True, reason)
    if story.recall is not None:
        item, lot_no = story.lots[story.recall]
        master.update_lot(actors["supervisor"], item.code, lot_no, status="blocked")
