"""Many-line postings (count approvals, waves, bulk moves): the same quant changes as the
per-line path of ``ledger``, in a handful of executemany statements instead of several per line.

Every decrement is the same conditional UPDATE as ``ledger._decrement`` (the WHERE clause is
the invariant). Run as one executemany, the summed row count tells whether every line found its
stock. If not, the savepoint is rolled back and the per-line path runs, which either succeeds or
raises the precise error (which item, which bin, how much). Targets are one INSERT that adds to
the quant it meets, so a quant another station creates meanwhile is simply added to. Serials
already in stock are reported directly.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import and_, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from domain.errors import SerialAlreadyInStock
from domain.persistence.tables import bins, quants
from domain.persistence.types import Quantity
from domain.services.ledger import (
    KEY_COLUMNS, QuantKey, _key_params, _key_values, _key_where, _source, _target,
)
from domain.services.operations import bulk

_QTY = Quantity()
_KEY_PARTS = ("item_id", "bin_id", "lot_id", "serial_id", "status")   # columns of KEY_COLUMNS
_CHUNK = 500


class _Found(NamedTuple):
    id: int
    in_date: datetime


# One quant by its whole key (``ledger._key_where``: the unique key index).
_BY_KEY = select(quants.c.id, quants.c.in_date).where(*_key_where())


class _Refused(Exception):
    """Some line did not find its stock: let the per-line path name it."""


def apply(ctx, lines, now: datetime, *, fallback) -> None:
    try:
        with ctx.session.begin_nested():
            _apply(ctx, lines, now)
    except (_Refused, IntegrityError):
        fallback(ctx, lines, now)


def _apply(ctx, lines, now: datetime) -> None:
    s = ctx.session
    outgoing = [(_source(l), l) for l in lines if l.from_bin_id is not None]
    incoming = [(_target(l), l) for l in lines if l.to_bin_id is not None]
    # A transfer keeps its source's receipt date; only transfers need the source rows read.
    source_rows = _existing(s, {k for k, l in outgoing if l.to_bin_id is not None})
    if outgoing:
        _decrement_all(s, outgoing, now)
    in_date = {id(l): source_rows[k].in_date for k, l in outgoing if k in source_rows}
    _check_serials(ctx, [k for k, _ in incoming if k.serial_id is not None])
    totals: dict = defaultdict(Decimal)
    first_in: dict = {}
    for key, line in incoming:
        totals[key] += line.qty
        when = in_date.get(id(line), now)
        first_in[key] = min(first_in.get(key, when), when)
    _add_or_create(s, [dict(item_id=k.item_id, bin_id=k.bin_id, lot_id=k.lot_id,
                            serial_id=k.serial_id, status=k.status, on_hand=q,
                            reserved=Decimal(0), in_date=first_in[k], updated_at=now)
                       for k, q in sorted(totals.items(), key=lambda kq: kq[0].sort_key())])


def _add_or_create(s, rows: list[dict]) -> None:
    """Add to each target quant, creating the missing ones, in one statement: an INSERT that
    adds its units to the quant it meets (``ON CONFLICT ... DO UPDATE``). An existing quant
    keeps its receipt date, as on the per-line path. No read first, and a quant another
    station creates meanwhile is simply added to."""
    if not rows:
        return
    if bulk.is_postgres(s):
        source = bulk.unnest(s, quants, rows, list(rows[0]), "incoming")
        stmt = postgresql.insert(quants).from_select(list(rows[0]), select(*source.c))
    else:
        stmt = sqlite.insert(quants)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(KEY_COLUMNS),
        set_={"on_hand": quants.c.on_hand + stmt.excluded.on_hand,
              "updated_at": stmt.excluded.updated_at})
    if bulk.is_postgres(s):
        s.execute(stmt)
    else:
        bulk.execute_many(s, stmt, rows)


def _decrement_all(s, outgoing, now: datetime) -> None:
    params = [dict(_key_params(k), res=l.from_reserved, net=l.qty - l.from_reserved,
                   qty=l.qty, res2=l.from_reserved, now=now)
              for k, l in sorted(outgoing, key=lambda kl: kl[0].sort_key())]
    stmt = (update(quants)
            .where(*_key_where(), quants.c.reserved >= bindparam("res", type_=_QTY),
                   quants.c.on_hand - quants.c.reserved >= bindparam("net", type_=_QTY))
            .values(on_hand=quants.c.on_hand - bindparam("qty", type_=_QTY),
                    reserved=quants.c.reserved - bindparam("res2", type_=_QTY),
                    updated_at=bindparam("now")))
    if bulk.execute_many(s, stmt, params) != len(params):
        raise _Refused()
    bulk.execute_many(s, delete(quants).where(*_key_where(), quants.c.on_hand == 0,
                                              quants.c.reserved == 0),
                      [_key_params(k) for k, _ in outgoing])


def _existing(s, keys: set) -> dict:
    """The quant rows (id, in_date) of ``keys``, each found by its whole key: one seek of the
    unique key index per key. (Read by lists of items and bins instead, a dense warehouse sent
    back every quant of those items in any of those bins: most of the time of a 10,000-line
    transfer went there.)"""
    if not keys:
        return {}
    if bulk.is_postgres(s):
        return _existing_joined(s, keys)
    # SQLite runs in-process: one prepared SELECT per key straight on the driver costs a few
    # microseconds, less than building one statement for many keys.
    conn = s.connection()
    compiled = _BY_KEY.compile(dialect=conn.dialect)
    to_datetime = (quants.c.in_date.type.dialect_impl(conn.dialect)
                   .result_processor(conn.dialect, None) or (lambda v: v))
    cursor = conn.connection.cursor()
    found = {}
    try:
        for key in keys:
            params = _key_params(key)
            cursor.execute(compiled.string, [params[name] for name in compiled.positiontup])
            row = cursor.fetchone()
            if row is not None:
                found[key] = _Found(row[0], to_datetime(row[1]))
    finally:
        cursor.close()
    return found


def _existing_joined(s, keys: set) -> dict:
    """PostgreSQL: the keys travel as arrays (``bulk.unnest``) joined to the quants, one round
    trip per chunk."""
    q = quants.c
    found = {}
    ordered = sorted(keys, key=QuantKey.sort_key)
    for start in range(0, len(ordered), _CHUNK):
        rows = [dict(zip(_KEY_PARTS, _key_values(k))) for k in ordered[start:start + _CHUNK]]
        wanted = bulk.unnest(s, quants, rows, list(_KEY_PARTS), "wanted")
        on_key = and_(*(column == wanted.c[part] for column, part in zip(KEY_COLUMNS, _KEY_PARTS)))
        for r in s.execute(select(q.item_id, q.bin_id, q.lot_id, q.serial_id, q.status, q.id,
                                  q.in_date)
                           .join_from(wanted, quants, on_key)):
            found[QuantKey(r.item_id, r.bin_id, r.lot_id, r.serial_id, r.status)] = _Found(
                r.id, r.in_date)
    return found


def _check_serials(ctx, keys: list) -> None:
    serial_ids = sorted({k.serial_id for k in keys})
    for start in range(0, len(serial_ids), _CHUNK):
        held = ctx.session.execute(
            select(quants.c.serial_id, quants.c.item_id, bins.c.code)
            .join(bins, bins.c.id == quants.c.bin_id)
            .where(quants.c.serial_id.in_(serial_ids[start:start + _CHUNK]),
                   quants.c.on_hand > 0)).first()
        if held is not None:
            raise SerialAlreadyInStock(serial=ctx.serial(held.serial_id).serial_no,
                                       item=ctx.item(held.item_id).code, bin=held.code)
