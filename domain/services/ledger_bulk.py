"""Many-line postings (count approvals, waves, bulk moves): the same quant changes as the
per-line path of ``ledger``, in a handful of executemany statements instead of several per line.

Every decrement is the same conditional UPDATE as ``ledger._decrement`` (the WHERE clause is
the invariant). Run as one executemany, the summed row count tells whether every line found its
stock. If not — or if another station created a target quant at the same moment — the savepoint
is rolled back and the per-line path runs, which either succeeds or raises the precise error
(which item, which bin, how much). Serials already in stock are reported directly.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError

from domain.errors import SerialAlreadyInStock
from domain.persistence.tables import bins, quants
from domain.persistence.types import Quantity
from domain.services.ledger import QuantKey, _key_params, _key_where, _source, _target
from domain.services.operations import bulk

_QTY = Quantity()
_CHUNK = 500


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
    existing = _existing(s, set(totals))
    _add_to(s, [(k, q) for k, q in totals.items() if k in existing], now)
    new = [dict(item_id=k.item_id, bin_id=k.bin_id, lot_id=k.lot_id, serial_id=k.serial_id,
                status=k.status, on_hand=q, reserved=Decimal(0), in_date=first_in[k],
                updated_at=now) for k, q in totals.items() if k not in existing]
    bulk.insert_rows(s, quants, new)


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


def _add_to(s, keyed: list, now: datetime) -> None:
    if not keyed:
        return
    params = [dict(_key_params(k), qty=q, now=now)
              for k, q in sorted(keyed, key=lambda kq: kq[0].sort_key())]
    stmt = (update(quants).where(*_key_where())
            .values(on_hand=quants.c.on_hand + bindparam("qty", type_=_QTY),
                    updated_at=bindparam("now")))
    if bulk.execute_many(s, stmt, params) != len(params):
        raise _Refused()   # a quant vanished meanwhile: let the per-line path decide


def _existing(s, keys: set) -> dict:
    """The quant rows (id, in_date) of ``keys``, read by item and bin in chunks (by item alone,
    a popular item's quants in every bin of a large warehouse would come along)."""
    found = {}
    item_ids = sorted({k.item_id for k in keys})
    for start in range(0, len(item_ids), _CHUNK):
        chunk = set(item_ids[start:start + _CHUNK])
        bin_ids = sorted({k.bin_id for k in keys if k.item_id in chunk})
        rows = s.execute(select(quants.c.item_id, quants.c.bin_id, quants.c.lot_id,
                                quants.c.serial_id, quants.c.status, quants.c.id,
                                quants.c.in_date)
                         .where(quants.c.item_id.in_(sorted(chunk)),
                                quants.c.bin_id.in_(bin_ids))).all()
        for r in rows:
            key = QuantKey(r.item_id, r.bin_id, r.lot_id, r.serial_id, r.status)
            if key in keys:
                found[key] = r
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
