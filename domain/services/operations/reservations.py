"""Who holds which reserved units: the ``reservations`` rows beside ``quants.reserved``.

Every change of ``quants.reserved`` goes through ``ledger.reserve`` / ``ledger.unreserve``
(whose WHERE clause is the invariant, so a race for the last unit has exactly one winner), or,
for a whole wave, ``ledger.reserve_many`` (the same invariant in one bulk statement). Then the row
says for which task line the units are held. A row follows its units when they are picked: it
leaves the source quant and holds the same units again in the staging bin until they ship.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from domain.persistence.tables import quants, reservations
from domain.persistence.types import Quantity
from domain.services import ledger
from domain.services.ledger import QuantKey
from domain.services.operations import bulk


@dataclass(frozen=True)
class Held:
    id: int
    task_line_id: int
    quant_id: int
    key: QuantKey
    qty: Decimal
    picked: bool


def _row(line_id: int, quant_id: int, qty: Decimal, picked: bool, now: datetime) -> dict:
    return dict(task_line_id=line_id, quant_id=quant_id, qty=qty, picked=picked,
                created_at=now, updated_at=now)


def hold_many(s: Session, wanted: list[tuple[int, int, Decimal]], now: datetime) -> None:
    """Reserve for many task lines at once (a wave): ``wanted`` holds (task line id, quant id,
    quantity). The quants change through ``ledger.reserve_many`` (one statement, refused with
    ``StockTakenMeanwhile`` if any unit is no longer free), then the rows are inserted in bulk."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for _line_id, quant_id, qty in wanted:
        totals[quant_id] += qty
    ledger.reserve_many(s, totals, now=now)
    bulk.insert_rows(s, reservations, [_row(line_id, quant_id, qty, False, now)
                                       for line_id, quant_id, qty in wanted])


def _held_query(picked: bool | None):
    q = (select(reservations.c.id, reservations.c.task_line_id, reservations.c.quant_id,
                reservations.c.qty, reservations.c.picked, quants.c.item_id, quants.c.bin_id,
                quants.c.lot_id, quants.c.serial_id, quants.c.status)
         .select_from(reservations.join(quants, quants.c.id == reservations.c.quant_id))
         .where(reservations.c.task_line_id.in_(bindparam("line_ids", expanding=True))))
    if picked is not None:
        q = q.where(reservations.c.picked.is_(picked))
    return q.order_by(reservations.c.id)


# The statements of every pick and unpick, built once (see ``hold``'s ``_ROW_OF``).
_HELD = {picked: _held_query(picked) for picked in (None, True, False)}
_DELETE = delete(reservations).where(reservations.c.id == bindparam("r_id"))
_SHRINK = (update(reservations).where(reservations.c.id == bindparam("r_id"))
           .values(qty=bindparam("qty", type_=Quantity()), updated_at=bindparam("now")))
_GROW = (update(reservations).where(reservations.c.id == bindparam("r_id"))
         .values(qty=reservations.c.qty + bindparam("qty", type_=Quantity()),
                 updated_at=bindparam("now")))
_INSERT = insert(reservations)


def held_from_row(row, line_id: int, picked: bool, prefix: str = "") -> Held:
    """A ``Held`` from a row of reservations joined to their quants, whose columns are named
    ``prefix`` + the reservation's (``id``, ``quant_id``, ``qty``) and the quant key's names:
    picking reads them as ``held_*`` within its scan query, to save a query per pick."""
    m = row._mapping
    return Held(m[prefix + "id"], line_id, m[prefix + "quant_id"],
                QuantKey(*(m[prefix + c] for c in QuantKey.__dataclass_fields__)),
                m[prefix + "qty"], picked)


def held_for(s: Session, line_ids: list[int], *, picked: bool | None = None) -> list[Held]:
    return [held_from_row(r, r.task_line_id, r.picked)
            for r in s.execute(_HELD[picked], {"line_ids": list(line_ids)})]


def take(s: Session, held: Held, qty: Decimal, now: datetime, *, unreserve: bool) -> None:
    """Reduce a row by ``qty`` (deleted at zero). ``unreserve`` also gives the units back to
    the quant; without it the caller's ledger move consumes them (``from_reserved``), which
    must come after this so the emptied quant can be deleted."""
    if unreserve:
        ledger.unreserve(s, held.key, qty, now=now)
    if qty >= held.qty:
        s.execute(_DELETE, {"r_id": held.id})
    else:
        s.execute(_SHRINK, {"r_id": held.id, "qty": held.qty - qty, "now": now})


def hold(s: Session, line_id: int, key: QuantKey, qty: Decimal, now: datetime, *,
         picked: bool) -> None:
    """Reserve ``qty`` of one quant for a task line (``ledger.reserve``, refused if not free):
    units to move later, or (``picked``) units just brought to staging, held until they ship."""
    quant_id = ledger.reserve(s, key, qty, now=now)
    existing = s.execute(_ROW_OF, {"quant_id": quant_id, "line_id": line_id,
                                   "picked": picked}).scalar()
    if existing is not None:
        s.execute(_GROW, {"r_id": existing, "qty": qty, "now": now})
    else:
        s.execute(_INSERT, _row(line_id, quant_id, qty, picked, now))


# The row holding a line's units in a quant (picked or not): built once, used on every pick.
_ROW_OF = select(reservations.c.id).where(reservations.c.quant_id == bindparam("quant_id"),
                                          reservations.c.task_line_id == bindparam("line_id"),
                                          reservations.c.picked == bindparam("picked"))
