"""On-time dispatch: the share of outbound orders shipped in full by the end of their requested
day. Shipment times come from the ledger: shipping posts ISSUE moves whose document_ref is the
order number, so the quantity shipped by any moment is known exactly (partial shipments too)."""
from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.persistence.tables import outbound_order_lines, outbound_orders, stock_moves, warehouses
from domain.queries.kpis.common import (
    KpiFilter, KpiResult, as_qty, day_start, ratio, warehouse_id,
)

ON_TIME, PARTIAL, LATE, NOT_DUE = "on_time", "partial", "late", "not_due"


def _with_backorders(s: Session, orders: dict[int, str]) -> dict[str, str]:
    """Order number → the number of the order it belongs to: each order to itself, and every
    backorder (of a backorder …) to the order the customer placed."""
    o = outbound_orders.c
    root = {number: number for number in orders.values()}
    level = dict(orders)                                 # id → root number
    while level:
        ids = list(level)
        found = {}
        for i in range(0, len(ids), 500):
            for bid, number, parent in s.execute(select(o.id, o.number, o.backorder_of_id)
                                                 .where(o.backorder_of_id.in_(ids[i:i + 500]))):
                found[bid] = level[parent]
                root[number] = level[parent]
        level = found
    return root


def on_time_dispatch(s: Session, f: KpiFilter) -> KpiResult:
    """Orders (not cancelled) requested within the period. Each is
    on time (everything ordered shipped by the deadline), partial (some of it), late (nothing),
    or not yet due (deadline still ahead and not shipped in full; left out of the share).
    A backorder split off a short pick is part of its order, not an order of its own: what it
    ships counts for the order the customer placed (whose ordered quantity includes it)."""
    o = outbound_orders.c
    cond = [o.requested_date >= f.date_from, o.requested_date <= f.date_to,
            o.state != "cancelled", o.backorder_of_id.is_(None)]
    wh = warehouse_id(s, f)
    if wh is not None:
        cond.append(o.warehouse_id == wh)
    ordered = (select(outbound_order_lines.c.order_id,
                      as_qty(func.sum(outbound_order_lines.c.qty_ordered)).label("qty"))
               .group_by(outbound_order_lines.c.order_id).subquery())
    orders = s.execute(
        select(o.id, o.number, o.customer, o.requested_date, o.state, warehouses.c.code.label("wh"),
               ordered.c.qty)
        .select_from(outbound_orders.join(ordered, ordered.c.order_id == o.id)
                     .join(warehouses, warehouses.c.id == o.warehouse_id))
        .where(*cond).order_by(o.requested_date, o.number)).all()
    shipments: dict[str, list] = defaultdict(list)
    root = _with_backorders(s, {r.id: r.number for r in orders})
    numbers = list(root)
    m = stock_moves.c
    for i in range(0, len(numbers), 500):
        for r in s.execute(select(m.document_ref, m.created_at, as_qty(func.sum(m.qty)))
                           .where(m.document_ref.in_(numbers[i:i + 500]), m.reason == "issue",
                                  m.to_bin_id.is_(None))
                           .group_by(m.document_ref, m.created_at)):
            shipments[root[r[0]]].append((r[1], r[2]))
    counts = {ON_TIME: 0, PARTIAL: 0, LATE: 0, NOT_DUE: 0}
    result = KpiResult("on_time_dispatch", None, "%",
                       columns=("order", "customer", "warehouse", "requested_date", "ordered_qty",
                                "shipped_by_deadline", "shipped_qty", "last_shipped_at",
                                "outcome"))
    units_ordered = units_on_time = Decimal(0)
    for r in orders:
        deadline = day_start(r.requested_date + timedelta(days=1), f.tz)
        by_deadline = sum((q for at, q in shipments[r.number] if at < deadline), Decimal(0))
        shipped = sum((q for _at, q in shipments[r.number]), Decimal(0))
        last = max((at for at, _q in shipments[r.number]), default=None)
        if by_deadline >= r.qty:
            outcome = ON_TIME
        elif f.now < deadline:
            outcome = NOT_DUE
        elif by_deadline > 0:
            outcome = PARTIAL
        else:
            outcome = LATE
        counts[outcome] += 1
        if outcome != NOT_DUE:
            units_ordered += r.qty
            units_on_time += min(by_deadline, r.qty)
        result.rows.append((r.number, r.customer, r.wh, r.requested_date, r.qty, by_deadline,
                            shipped, last, outcome))
    due = counts[ON_TIME] + counts[PARTIAL] + counts[LATE]
    result.value = ratio(counts[ON_TIME], due)
    result.summary = {k: float(v) for k, v in counts.items()}
    result.extra = {"due": due, "fill_rate": ratio(units_on_time, units_ordered)}
    return result
