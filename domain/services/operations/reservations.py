"""Who holds which reserved units: the ``reservations`` rows beside ``quants.reserved``.

Every change goes through ``ledger.reserve`` / ``ledger.unreserve`` (whose WHERE clause is the
invariant, so a race for the last unit has exactly one winner) and then the row that says for
which task line the units are held. A row follows its units when they are picked: it leaves the
source quant and holds the same units in the staging bin until they ship.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from domain.model import StockStatus
from domain.persistence.tables import reservations
from domain.services import ledger
from domain.services.ledger import QuantKey

AVAILABLE = StockStatus.AVAILABLE.value


@dataclass(frozen=True)
class Held:
    id: int
    task_line_id: int
    key: QuantKey
    qty: Decimal
    picked: bool


def _held(row) -> Held:
    return Held(row.id, row.task_line_id, QuantKey(row.item_id, row.bin_id, row.lot_id,
                                                   row.serial_id, row.status),
                row.qty, row.picked)


def hold_many(s: Session, wanted: list[tuple[int, QuantKey, Decimal]], now: datetime) -> None:
    """Reserve for many task lines at once: one conditional UPDATE per distinct quant (in key
    order, so concurrent allocations lock in the same order), one bulk INSERT of the rows."""
    totals: dict[QuantKey, Decimal] = defaultdict(Decimal)
    for _line_id, key, qty in wanted:
        totals[key] += qty
    for key in sorted(totals, key=QuantKey.sort_key):
        ledger.reserve(s, key, totals[key], now=now)
    s.execute(insert(reservations), [_row(line_id, key, qty, False, now)
                                     for line_id, key, qty in wanted])


def _row(line_id: int, key: QuantKey, qty: Decimal, picked: bool, now: datetime) -> dict:
    return dict(task_line_id=line_id, item_id=key.item_id, bin_id=key.bin_id, lot_id=key.lot_id,
                serial_id=key.serial_id, status=key.status, qty=qty, picked=picked,
                created_at=now, updated_at=now)


def held_for(s: Session, line_ids: list[int], *, picked: bool | None = None) -> list[Held]:
    q = select(reservations).where(reservations.c.task_line_id.in_(line_ids))
    if picked is not None:
        q = q.where(reservations.c.picked.is_(picked))
    return [_held(r) for r in s.execute(q.order_by(reservations.c.id))]


def take(s: Session, held: Held, qty: Decimal, now: datetime, *, unreserve: bool) -> None:
    """Reduce a row by ``qty`` (deleted at zero). ``unreserve`` also gives the units back to
    the quant; without it the caller's ledger move consumed them (``from_reserved``)."""
    if unreserve:
        ledger.unreserve(s, held.key, qty, now=now)
    if qty >= held.qty:
        s.execute(delete(reservations).where(reservations.c.id == held.id))
    else:
        s.execute(update(reservations).where(reservations.c.id == held.id)
                  .values(qty=held.qty - qty, updated_at=now))


def hold_picked(s: Session, line_id: int, key: QuantKey, qty: Decimal, now: datetime) -> None:
    """Hold units just brought to the staging bin for the line until they ship."""
    ledger.reserve(s, key, qty, now=now)
    existing = [h for h in held_for(s, [line_id], picked=True) if h.key == key]
    if existing:
        s.execute(update(reservations).where(reservations.c.id == existing[0].id)
                  .values(qty=existing[0].qty + qty, updated_at=now))
    else:
        s.execute(insert(reservations).values(**_row(line_id, key, qty, True, now)))
