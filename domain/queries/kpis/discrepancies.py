"""Discrepancy resolution time: from a discrepancy found to resolved, for both kinds.

* Reconciliation: a discrepancy is one item/lot from ``found_at`` (its first sighting, carried
  across runs) to ``resolved_at``; the lines of later runs that repeat it share both times, so
  they are taken once (grouped by item, lot and ``found_at``).
* Counts: a final-round entry counted differently from the book, found when the bin was first
  counted in that count (the first round, if a recount followed) and resolved when the count
  was approved.
"""
from __future__ import annotations

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session, aliased

from domain.persistence.tables import (
    bins, count_entries, count_plans, items, lots, reconciliation_lines, tasks,
)
from domain.queries.kpis.common import (
    KpiFilter, KpiResult, epoch_seconds, hours, limit_rows, warehouse_id, without_rows,
)


def _reconciliation(f: KpiFilter):
    r = reconciliation_lines.c
    return (select(literal("reconciliation").label("source"), literal("").label("ref"),
                   r.item_id, r.lot_id, r.found_at, func.min(r.resolved_at).label("resolved_at"))
            .where(r.state != "matched", r.resolved_at >= f.start, r.resolved_at < f.end)
            .group_by(r.item_id, r.lot_id, r.found_at))


def _counts(s: Session, f: KpiFilter):
    e, first = count_entries.c, aliased(count_entries)
    found = (select(func.min(first.c.counted_at))
             .where(first.c.task_id == e.task_id, first.c.bin_id == e.bin_id,
                    first.c.item_id == e.item_id,
                    func.coalesce(first.c.lot_id, 0) == func.coalesce(e.lot_id, 0),
                    func.coalesce(first.c.serial_id, 0) == func.coalesce(e.serial_id, 0))
             .scalar_subquery())
    cond = [e.superseded.is_(False), e.counted_qty != func.coalesce(e.expected_qty, 0),
            count_plans.c.approved_at >= f.start, count_plans.c.approved_at < f.end]
    wh = warehouse_id(s, f)
    if wh is not None:
        cond.append(bins.c.warehouse_id == wh)
    return (select(literal("count").label("source"), tasks.c.number.label("ref"), e.item_id,
                   e.lot_id, found.label("found_at"),
                   count_plans.c.approved_at.label("resolved_at"))
            .select_from(count_entries.join(count_plans, count_plans.c.task_id == e.task_id)
                         .join(tasks, tasks.c.id == e.task_id).join(bins, bins.c.id == e.bin_id))
            .where(*cond))


def resolution_time(s: Session, f: KpiFilter) -> KpiResult:
    """Discrepancies resolved in the period. Tile: average hours found → resolved; summary: the
    average per source. Reconciliation compares the company's book, so the warehouse filter
    applies to counts only."""
    parts = [_counts(s, f)] + ([] if f.warehouse else [_reconciliation(f)])
    u = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    took = epoch_seconds(s, u.c.resolved_at) - epoch_seconds(s, u.c.found_at)
    result = KpiResult("resolution_time", None, "h",
                       columns=("source", "reference", "item_code", "lot_no", "found_at",
                                "resolved_at", "hours"))
    total, n = 0.0, 0
    for source, count, avg in s.execute(select(u.c.source, func.count(), func.avg(took))
                                        .group_by(u.c.source).order_by(u.c.source)):
        result.summary[source] = hours(avg)
        total, n = total + float(avg) * count, n + count
    result.value = hours(total / n) if n else None
    result.extra = {"resolved": n}
    if without_rows(result, f):
        return result
    rows = s.execute(select(u.c.source, u.c.ref, items.c.code, lots.c.lot_no, u.c.found_at,
                            u.c.resolved_at, took)
                     .select_from(u.join(items, items.c.id == u.c.item_id)
                                  .outerjoin(lots, lots.c.id == u.c.lot_id))
                     .order_by(took.desc(), items.c.code))
    limit_rows(result, ((a, b, c, d or "", e, g, hours(h)) for a, b, c, d, e, g, h in rows))
    return result
