"""As-of KPIs of the stock on hand (``KpiFilter.now``, the period does not apply): ageing by
receipt date, slow-moving and obsolete stock, expiry, stock-outs and below-minimum alerts.

Quants keep the receipt date of their units (``in_date``; a transfer carries it along), so age
is "days since the units came into the warehouse". Values are on hand × the item's standard
cost; items without a cost are counted in ``uncosted`` and valued as None, never as zero.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import BigInteger, case, func, literal_column, select
from sqlalchemy import type_coerce as raw
from sqlalchemy.orm import Session

from domain.persistence.tables import bins, items, lots, quants, stock_moves, warehouses
from domain.queries.kpis.common import (
    ROW_LIMIT, KpiFilter, KpiResult, as_qty, limit_rows, money, quantity, value_sum,
    warehouse_id, without_rows,
)

# Age buckets in whole days since receipt: (label, lowest age, highest age or None).
AGE_BUCKETS = (("0-30", 0, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("91-180", 91, 180),
               ("181-365", 181, 365), (">365", 366, None))
SLOW_DAYS, OBSOLETE_DAYS = 90, 365
EXPIRY_DAYS = 30


def _quant_scope(s: Session, f: KpiFilter) -> list:
    """The warehouse filter on ``quants`` alone (no join to bins for all warehouses)."""
    wh = warehouse_id(s, f)
    return [] if wh is None else [
        quants.c.bin_id.in_(select(bins.c.id).where(bins.c.warehouse_id == wh))]


def _old_share(totals: dict, index: int, whole) -> float | None:
    """Percent of ``whole`` in the buckets older than 90 days (``index`` 0: qty, 1: value)."""
    old = sum(v[index] for k, v in totals.items() if k not in ("0-30", "31-60", "61-90"))
    return round(float(old) * 100.0 / float(whole), 2) if whole else None


def ageing(s: Session, f: KpiFilter) -> KpiResult:
    """On-hand stock per age bucket (quantity and value). A unit received ``d`` whole days
    before ``now`` is in the bucket whose range holds ``d``. Tile: the share of costed stock
    value older than 90 days; when no item on hand has a cost, the share of the quantity
    (``extra['basis']`` says which)."""
    q = quants.c
    bucket = case(*[(q.in_date > f.now - timedelta(days=hi + 1), label)
                    for label, _lo, hi in AGE_BUCKETS if hi is not None],
                  else_=AGE_BUCKETS[-1][0])
    scope = _quant_scope(s, f)
    result = KpiResult("ageing", None, "%",
                       columns=("bucket", "item_code", "item_name", "warehouse", "bin", "lot_no",
                                "status", "qty", "received_at", "age_days", "value"))
    totals, result.uncosted = _age_totals(s, f, scope)
    all_value = sum(v for _q, v in totals.values())
    result.value, basis = _old_share(totals, 1, all_value), "value"
    if result.value is None:             # nothing has a cost: the share of the quantity
        result.value, basis = _old_share(totals, 0, sum(q for q, _v in totals.values())), "qty"
    result.summary = {label: float(totals.get(label, (0, 0))[0]) for label, _l, _h in AGE_BUCKETS}
    result.extra = {"value_by_bucket": {label: money(totals.get(label, (0, 0.0))[1])
                                        for label, _l, _h in AGE_BUCKETS},
                    "total_value": money(all_value), "basis": basis}
    if without_rows(result, f):
        return result
    # The oldest quants first, found on the quants alone, then described.
    oldest = (select(q.id).where(*scope).order_by(q.in_date, q.id).limit(ROW_LIMIT + 1)
              .subquery())
    rows = s.execute(select(bucket, items.c.code, items.c.name, warehouses.c.code, bins.c.code,
                            lots.c.lot_no, q.status, q.on_hand, q.in_date, items.c.unit_cost)
                     .select_from(oldest.join(quants, q.id == oldest.c.id)
                                  .join(items, items.c.id == q.item_id)
                                  .join(bins, bins.c.id == q.bin_id)
                                  .join(warehouses, warehouses.c.id == bins.c.warehouse_id)
                                  .outerjoin(lots, lots.c.id == q.lot_id))
                     .order_by(q.in_date, q.id))
    limit_rows(result, ((b, code, name, wh, bn, lot or "", st, qty, at, (f.now - at).days,
                         money(qty * cost) if cost is not None else None)
                        for b, code, name, wh, bn, lot, st, qty, at, cost in rows))
    return result


def _age_totals(s: Session, f: KpiFilter, scope: list) -> tuple[dict, int]:
    """(qty, value) per age bucket, and how many items on hand have no cost.

    Each item's stock younger than every bucket edge is summed in one pass over the quants in
    item order (the ``ix_quants_item_age`` index alone, no sort), and only those per-item sums
    are valued; a bucket is then the difference of two neighbouring edges. A CASE per quant
    grouped by bucket would sort all of them and look up each one's item."""
    q = quants.c
    edges = [f.now - timedelta(days=hi + 1) for _label, _lo, hi in AGE_BUCKETS if hi is not None]
    scaled = [raw(func.sum(case((q.in_date > edge, q.on_hand), else_=0)), BigInteger)
              for edge in edges] + [raw(func.sum(q.on_hand), BigInteger)]
    # The item's cost comes with its sums (one lookup per item, in item order): joining the
    # grouped rows to items instead makes SQLite store them all first.
    cost = select(items.c.unit_cost).where(items.c.id == q.item_id).scalar_subquery()
    per_item = (select(raw(cost, BigInteger).label("unit_cost"),
                       *[c.label(f"younger_{n}") for n, c in enumerate(scaled)])
                .where(*scope).group_by(q.item_id).subquery())
    younger = [c for c in per_item.c if c.name.startswith("younger_")]
    sums = s.execute(
        select(*[raw(func.sum(c), BigInteger) for c in younger],
               *[value_sum(c, per_item.c.unit_cost) for c in younger],
               func.count().filter(per_item.c.unit_cost.is_(None)))).one()
    counts, values = list(sums[:len(younger)]), list(sums[len(younger):2 * len(younger)])
    totals, below_qty, below_value = {}, 0, 0.0
    for (label, _lo, _hi), qty, value in zip(AGE_BUCKETS, counts, values):
        totals[label] = (quantity(qty) - quantity(below_qty), float(value or 0) - below_value)
        below_qty, below_value = qty or 0, float(value or 0)
    return totals, sums[-1] or 0


def slow_moving(s: Session, f: KpiFilter) -> KpiResult:
    """Items with stock on hand and no issue out of the warehouse for ``SLOW_DAYS`` (slow
    moving) or ``OBSOLETE_DAYS`` (obsolete). Idle since: the last issue, or for an item never
    issued, the receipt of its oldest stock on hand (so new stock is not obsolete at once).
    Tile: the value of slow and obsolete stock; summary: by product line.

    The last issue is looked up per item with stock rather than by grouping a year of issues
    (millions of moves on a large ledger): for the whole company one seek in the partial index
    of issues (its conditions spelled as literals, or the planner cannot use it); for one
    warehouse, newest move first on the (item, id) index until one left that warehouse."""
    q, m = quants.c, stock_moves.c
    wh = warehouse_id(s, f)
    issued_out = [m.item_id == q.item_id, m.reason == literal_column("'issue'"),
                  m.to_bin_id.is_(None), m.created_at <= f.now]
    if wh is None:
        last_issue = select(func.max(m.created_at)).where(*issued_out)
    else:
        last_issue = (select(m.created_at).where(*issued_out, m.from_bin_id.in_(
            select(bins.c.id).where(bins.c.warehouse_id == wh))).order_by(m.id.desc()).limit(1))
    last_issue = last_issue.correlate(quants).scalar_subquery()
    stock = (select(q.item_id, as_qty(func.sum(q.on_hand)).label("qty"),
                    func.min(q.in_date).label("oldest"), last_issue.label("last_issue"))
             .where(*_quant_scope(s, f)).group_by(q.item_id)
             .cte("stock").prefix_with("MATERIALIZED"))
    idle_since = func.coalesce(stock.c.last_issue, stock.c.oldest)
    slow_before = f.now - timedelta(days=SLOW_DAYS)
    obsolete_before = f.now - timedelta(days=OBSOLETE_DAYS)
    klass = case((idle_since <= obsolete_before, "obsolete"), else_="slow")
    rows = s.execute(
        select(klass, items.c.product_line, items.c.code, items.c.name, stock.c.qty,
               stock.c.last_issue, stock.c.oldest, items.c.unit_cost)
        .select_from(stock.join(items, items.c.id == stock.c.item_id))
        .where(idle_since <= slow_before)
        .order_by(items.c.product_line, klass, items.c.code)).all()
    result = KpiResult("slow_moving", None, "money",
                       columns=("class", "product_line", "item_code", "item_name", "qty",
                                "last_issue", "oldest_receipt", "idle_days", "value"))
    total = 0.0
    for klass_, line, code, name, qty, last, oldest, cost in rows:
        value = money(qty * cost) if cost is not None else None
        result.uncosted += cost is None
        if value is not None:
            total += float(value)
            key = line or "-"
            result.summary[key] = round(result.summary.get(key, 0.0) + float(value), 2)
        idle = (f.now - (last or oldest)).days
        result.rows.append((klass_, line, code, name, qty, last, oldest, idle, value))
    result.value = float(money(total))
    result.extra = {cls: sum(1 for r in result.rows if r[0] == cls) for cls in ("slow", "obsolete")}
    return result


def expiry(s: Session, f: KpiFilter, days: int = EXPIRY_DAYS) -> KpiResult:
    """Lots on hand that expired before today (``expired``) or expire within ``days`` days from
    today inclusive (``expiring``). Tile: expired units; summary: quantity per class; rows: one
    per quant, soonest expiry first (found through the lots' expiry index)."""
    q = quants.c
    today = f.today
    klass = case((lots.c.expiry_date < today, "expired"), else_="expiring")
    scope = [*_quant_scope(s, f), lots.c.expiry_date <= today + timedelta(days=days)]
    near = lots.join(quants, q.lot_id == lots.c.id).join(items, items.c.id == q.item_id)
    result = KpiResult("expiry", None, "units",
                       columns=("class", "item_code", "item_name", "lot_no", "expiry_date",
                                "warehouse", "bin", "qty", "days_left", "value"))
    totals, result.uncosted = _expiry_totals(s, scope, lots.c.expiry_date < today)
    result.value = float(totals["expired"][0])
    result.summary = {k: float(v[0]) for k, v in totals.items()}
    result.extra = {"days": days, "expired_value": money(totals["expired"][1]),
                    "expiring_value": money(totals["expiring"][1]),
                    "expired_lots": totals["expired"][2], "expiring_lots": totals["expiring"][2]}
    if without_rows(result, f):
        return result
    # The quants of the page first, walking the lots' expiry index (joined to bins and
    # warehouses in one statement, SQLite would rather walk every quant of every bin), then
    # their details by id.
    order = (lots.c.expiry_date, lots.c.id, q.id)
    ids = list(s.execute(select(q.id).select_from(lots.join(quants, q.lot_id == lots.c.id))
                         .where(*scope).order_by(*order).limit(ROW_LIMIT + 1)).scalars())
    rows = s.execute(
        select(klass, items.c.code, items.c.name, lots.c.lot_no, lots.c.expiry_date,
               warehouses.c.code, bins.c.code, q.on_hand, items.c.unit_cost)
        .select_from(near.join(bins, bins.c.id == q.bin_id)
                     .join(warehouses, warehouses.c.id == bins.c.warehouse_id))
        .where(q.id.in_(ids)).order_by(*order)) if ids else []
    limit_rows(result, ((k, code, name, lot, exp, wh, bn, qty, (exp - today).days,
                         money(qty * cost) if cost is not None else None)
                        for k, code, name, lot, exp, wh, bn, qty, cost in rows))
    return result


def _expiry_totals(s: Session, scope: list, expired) -> tuple[dict, int]:
    """(qty, value, lots) for "expired" and "expiring", and how many such items have no cost.
    Summed per item first (lot by lot along the expiry index), then valued per item: looking
    up the item of every quant, or grouping them by class, costs a sort or a lookup per quant."""
    q, lot = quants.c, lots.c
    per_item = (select(lot.item_id,
                       raw(func.sum(case((expired, q.on_hand), else_=0)), BigInteger)
                       .label("expired_qty"),
                       raw(func.sum(case((expired, 0), else_=q.on_hand)), BigInteger)
                       .label("expiring_qty"),
                       func.count(func.distinct(case((expired, lot.id)))).label("expired_lots"),
                       func.count(func.distinct(case((expired, None), else_=lot.id)))
                       .label("expiring_lots"))
                .select_from(lots.join(quants, q.lot_id == lot.id)).where(*scope)
                .group_by(lot.item_id).subquery())
    c, cost = per_item.c, items.c.unit_cost
    row = s.execute(select(raw(func.sum(c.expired_qty), BigInteger),
                           value_sum(c.expired_qty, cost), func.sum(c.expired_lots),
                           raw(func.sum(c.expiring_qty), BigInteger),
                           value_sum(c.expiring_qty, cost), func.sum(c.expiring_lots),
                           func.count().filter(cost.is_(None)))
                    .select_from(per_item.join(items, items.c.id == c.item_id))).one()
    totals = {"expired": (quantity(row[0]), float(row[1] or 0), row[2] or 0),
              "expiring": (quantity(row[3]), float(row[4] or 0), row[5] or 0)}
    return totals, row[6] or 0


def stock_alerts(s: Session, f: KpiFilter) -> KpiResult:
    """Active items with a minimum: available (status available, less reserved) 0 = stock-out,
    below the minimum = below minimum. With a warehouse filter, that warehouse's stock is held
    against the item's minimum. Tile: how many items need attention."""
    q = quants.c
    # Summed along the (item, status, on hand, reserved) index: the table is not read.
    available = (select(q.item_id, func.sum(q.on_hand - q.reserved).label("free"))
                 .where(q.status == literal_column("'available'"), *_quant_scope(s, f))
                 .group_by(q.item_id).subquery())
    free = func.coalesce(available.c.free, 0)
    klass = case((free <= 0, "stock_out"), else_="below_min")
    rows = s.execute(
        select(klass, items.c.code, items.c.name, items.c.product_line, as_qty(free),
               items.c.min_qty)
        .select_from(items.outerjoin(available, available.c.item_id == items.c.id))
        .where(items.c.active.is_(True), items.c.min_qty.isnot(None),
               free < items.c.min_qty)
        .order_by(klass.desc(), items.c.code)).all()
    result = KpiResult("stock_alerts", None, "count",
                       columns=("class", "item_code", "item_name", "product_line", "available",
                                "min_qty", "missing"))
    counts = {"stock_out": 0, "below_min": 0}
    for klass_, *_rest in rows:
        counts[klass_] += 1
    limit_rows(result, ((klass_, code, name, line, qty, min_qty, min_qty - qty)
                        for klass_, code, name, line, qty, min_qty in rows))
    result.summary = {k: float(v) for k, v in counts.items()}
    result.value = float(len(rows))
    return result

