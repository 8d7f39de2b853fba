"""Inventory turnover days: how many days the period's average stock would last at the period's
rate of consumption. Per item (units), per product line and per warehouse (value at standard
cost; items without a cost are counted apart, never valued at zero).

Everything is linear in quantities, so the average stock never needs a per-day history:
closing = today's stock − net inflow after the period; opening = closing − net inflow in the
period; average = (opening + closing) / 2 = today's stock − net inflow after − net inflow in / 2.
One pass over the period's moves (found by id, see ``move_id_bound``) and one over the quants.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    BigInteger, Float, Integer, and_, case, func, literal, select, union_all,
)
from sqlalchemy import type_coerce as raw
from sqlalchemy.orm import Session, aliased

from domain.persistence.tables import bins, items, quants, stock_moves, warehouses
from domain.quantity import QTY_SCALE
from domain.queries.kpis.common import (
    ROW_LIMIT, KpiFilter, KpiResult, limit_rows, money, move_id_bound, quantity, rowid_scan,
    value_sum, warehouse_id,
)

GROUPS = ("item", "product_line", "warehouse")


def _signed_rows(s: Session, f: KpiFilter, wh: int | None, by_warehouse: bool):
    """Rows (item_id, warehouse_id, net_in, net_after, consumed, on_hand), scaled integers, many
    per item: summing them per item or group gives the item's or group's figures.

    The period's moves are read by id range (``rowid_scan``): grouped by item, SQLite would
    otherwise walk the (item, id) index once per item."""
    moves_table = rowid_scan(stock_moves, "m")
    m = moves_table.c
    start_id = move_id_bound(s, f.start)
    in_period = m.created_at < f.end
    scope = [m.id >= start_id, m.created_at >= f.start]
    zero = literal(0)
    if wh is None and not by_warehouse:
        # The company as a whole: stock comes in from nowhere and leaves to nowhere.
        came, left = m.from_bin_id.is_(None), m.to_bin_id.is_(None)
        net = case((came, m.qty), (left, -m.qty), else_=0)
        consumed = case((and_(left, m.reason == "issue"), m.qty),
                        (and_(came, m.reason == "return"), -m.qty), else_=0)
        counted = [m.reason != "transfer", m.reason != "status_change"]
        # The period and the time after it are two selects over two id ranges rather than a
        # CASE on the time of every move (a third of the cost on a month of a large ledger).
        during = (select(m.item_id, literal(None, Integer).label("wh"),
                         func.sum(net).label("net_in"), zero.label("net_after"),
                         func.sum(consumed).label("consumed"), zero.label("on_hand"))
                  .where(*scope, in_period, *counted).group_by(m.item_id))
        after = (select(m.item_id, literal(None, Integer), zero, func.sum(net), zero, zero)
                 .where(m.id >= move_id_bound(s, f.end), m.created_at >= f.end, *counted)
                 .group_by(m.item_id))
        # Grouped along the (item, receipt date, on hand) index: no table read, no sort.
        q = quants.c
        stock = (select(q.item_id, literal(None, Integer).label("wh"), zero, zero, zero,
                        func.sum(q.on_hand)).group_by(q.item_id))
        return union_all(during, after, stock)
    # Per warehouse: a move counts into the warehouse of its target and out of the warehouse of
    # its source when the two differ (a transfer inside a warehouse changes nothing). One scan
    # of the moves sums them per item and (source, target) warehouse; the two sides are then
    # taken from those few sums.
    fb, tb = aliased(bins), aliased(bins)
    fwh, twh = fb.c.warehouse_id, tb.c.warehouse_id

    def period_sum(label: str, condition=None, after: bool = False):
        when = ~in_period if after else in_period
        return func.sum(case((when if condition is None else and_(when, condition), m.qty),
                             else_=0)).label(label)

    crossing = (select(m.item_id, fwh.label("fwh"), twh.label("twh"), period_sum("q_in"),
                       period_sum("q_after", after=True),
                       period_sum("q_issue", m.reason == "issue"),
                       period_sum("q_return", m.reason == "return"))
                .select_from(moves_table.outerjoin(fb, fb.c.id == m.from_bin_id)
                             .outerjoin(tb, tb.c.id == m.to_bin_id))
                .where(*scope, func.coalesce(fwh, -1) != func.coalesce(twh, -1))
                .group_by(m.item_id, fwh, twh).cte("crossing").prefix_with("MATERIALIZED"))
    c = crossing.c
    into = (select(c.item_id, c.twh.label("wh"), func.sum(c.q_in), func.sum(c.q_after),
                   func.sum(case((c.fwh.is_(None), -c.q_return), else_=0)), zero)
            .where(c.twh.isnot(None), *([c.twh == wh] if wh is not None else []))
            .group_by(c.item_id, c.twh))
    out = (select(c.item_id, c.fwh.label("wh"), func.sum(-c.q_in), func.sum(-c.q_after),
                  func.sum(case((c.twh.is_(None), c.q_issue), else_=0)), zero)
           .where(c.fwh.isnot(None), *([c.fwh == wh] if wh is not None else []))
           .group_by(c.item_id, c.fwh))
    parts = [into, out]
    stock = (select(quants.c.item_id, bins.c.warehouse_id, zero, zero, zero,
                    func.sum(quants.c.on_hand))
             .select_from(quants.join(bins, bins.c.id == quants.c.bin_id))
             .group_by(quants.c.item_id, bins.c.warehouse_id))
    if wh is not None:
        stock = stock.where(bins.c.warehouse_id == wh)
    return union_all(*parts, stock)


def turnover_days(s: Session, f: KpiFilter, group: str = "product_line") -> KpiResult:
    """days = average stock × period days / consumed, where consumed = issues out of the
    warehouse less customer returns into it (None when nothing was consumed). The tile is all
    costed stock by value."""
    if group not in GROUPS:
        raise ValueError(group)
    wh = warehouse_id(s, f)
    rows = _signed_rows(s, f, wh, group == "warehouse").subquery()
    item_id, wh_col, net_in, net_after, consumed, on_hand = list(rows.c)
    average = on_hand - net_after - net_in / literal(2.0, Float)
    # One pass over the moves and quants: per item (and warehouse), scaled units, summed on
    # the ids before the items are looked up (grouping by their text columns would sort the
    # whole union); the groups and the tile are summed here.
    sums = (select(item_id, wh_col, raw(func.sum(average), Float).label("average"),
                   raw(func.sum(consumed), BigInteger).label("consumed"),
                   raw(func.sum(on_hand - net_after), BigInteger).label("closing"))
            .group_by(item_id, wh_col).subquery())
    days = f.days

    def turnover(avg, used) -> float | None:
        return round(float(avg) * days / float(used), 1) if used and used > 0 else None

    joined = (sums.join(items, items.c.id == sums.c.item_id)
              .outerjoin(warehouses, warehouses.c.id == sums.c.wh))
    if group == "item":
        per_item, per_group, uncosted = _item_page(s, joined, sums)
    elif group == "product_line":
        per_group, uncosted = _valued_per_line(s, joined, sums)
    else:
        per_group, uncosted = _valued_per_warehouse(s, joined, sums)
    totals = [sum(g[i] for g in per_group.values()) for i in (0, 1)]
    result = KpiResult("turnover_days", turnover(*totals), "days", uncosted=uncosted)
    result.extra = {"average_value": money(totals[0]), "consumed_value": money(totals[1]),
                    "days": days}
    if group == "item":
        result.columns = ("item_code", "item_name", "product_line", "uom", "average_qty",
                          "consumed_qty", "closing_qty", "turnover_days")
        limit_rows(result, ((code, name, line, uom, _units(avg), quantity(used),
                             quantity(close), turnover(avg, used))
                            for code, name, line, uom, _cost, _wh, avg, used, close in per_item
                            if avg or used or close))
        return result
    result.columns = (group, "average_value", "consumed_value", "closing_value", "turnover_days")
    for key in sorted(per_group):
        avg, used, close = per_group[key]
        result.rows.append((key, money(avg), money(used), money(close), turnover(avg, used)))
        result.summary[key or "-"] = turnover(avg, used) or 0.0
    return result


def _item_page(s: Session, joined, sums) -> tuple[list, dict[str, list], int]:
    """The first rows by item code (those with stock or movement first) and, computed over
    every item in the same statement, the value totals and the count of items without a cost:
    only a page of the ~200,000 items of a large warehouse comes back to Python."""
    costed = items.c.unit_cost.isnot(None)
    value_totals = (value_sum(c, items.c.unit_cost).over()
                    for c in (sums.c.average, sums.c.consumed, sums.c.closing))
    idle = case((and_(sums.c.average == 0, sums.c.consumed == 0, sums.c.closing == 0), 1),
                else_=0)
    rows = s.execute(
        select(items.c.code, items.c.name, items.c.product_line, items.c.base_uom,
               literal(None), literal(None), sums.c.average, sums.c.consumed, sums.c.closing,
               *value_totals, func.sum(case((costed, 0), else_=1)).over())
        .select_from(joined).order_by(idle, items.c.code).limit(ROW_LIMIT + 1)).all()
    if not rows:
        return [], {}, 0
    *totals, uncosted = rows[0][9:]
    return [r[:9] for r in rows], {"": [float(v or 0) for v in totals]}, uncosted or 0


def _valued_per_line(s: Session, joined, sums) -> tuple[dict[str, list], int]:
    """Average, consumed and closing value per product line, summed in SQL (a line has
    thousands of items: only the lines come back), and how many items have no cost (each
    item is in one line, so the lines' counts add up)."""
    cost = items.c.unit_cost
    per_line, uncosted = {}, 0
    for line, avg, used, close, without_cost in s.execute(
            select(items.c.product_line, value_sum(sums.c.average, cost),
                   value_sum(sums.c.consumed, cost), value_sum(sums.c.closing, cost),
                   func.count(func.distinct(case((cost.is_(None), items.c.id)))))
            .select_from(joined).group_by(items.c.product_line)):
        per_line[line] = [float(v or 0) for v in (avg, used, close)]
        uncosted += without_cost
    return per_line, uncosted


def _valued_per_warehouse(s: Session, joined, sums) -> tuple[dict[str, list], int]:
    """Average, consumed and closing value per warehouse, and how many items have no cost: an
    item may be in several warehouses, so its rows come back to be counted once (a few per
    item, not per move)."""
    per_warehouse, uncosted = {}, set()
    for item_id, wh_code, unit_cost, *values in s.execute(
            select(items.c.id, warehouses.c.code, raw(items.c.unit_cost, BigInteger),
                   sums.c.average,
                   sums.c.consumed, sums.c.closing).select_from(joined)):
        sums_ = per_warehouse.setdefault(wh_code or "", [0.0, 0.0, 0.0])
        if unit_cost is None:
            uncosted.add(item_id)
            continue
        for i, scaled in enumerate(values):
            sums_[i] += float(scaled or 0) * unit_cost / QTY_SCALE / QTY_SCALE   # both scaled
    return per_warehouse, len(uncosted)


def _units(scaled: float) -> Decimal:
    return quantity(round(scaled or 0))
