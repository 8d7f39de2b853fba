"""Warehouse productivity: pick lines and units per active hour (per user, per zone) and putaway
timeliness (received → put away).

An *active hour* is a clock hour (UTC) in which someone confirmed at least one pick line: a
picker who picks 3 lines at 09:10, 09:40 and 10:05 worked 2 active hours (1.5 lines/h). Unlike
shift lengths, which the warehouse does not record, it needs nothing but the task lines, and it
is never zero when there is a line to divide.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import Session

from domain.persistence.tables import (
    bins, items, lots, stock_moves, task_lines, tasks, users, zones,
)
from domain.queries.kpis.common import (
    KpiFilter, KpiResult, as_qty, epoch_seconds, hour_bucket, hours, limit_rows, ratio,
    warehouse_id, without_rows,
)

BY = ("user", "zone")
PUTAWAY_TARGET_HOURS = 24.0


def _pick_scope(s: Session, f: KpiFilter) -> list:
    tl = task_lines.c
    cond = [tasks.c.task_type == "pick", tl.state == "done", tl.qty_done > 0,
            tl.done_at >= f.start, tl.done_at < f.end]
    wh = warehouse_id(s, f)
    if wh is not None:
        cond.append(tasks.c.warehouse_id == wh)
    return cond


def pick_productivity(s: Session, f: KpiFilter, by: str = "user") -> KpiResult:
    """Pick lines settled in the period with something picked (short lines count with what was
    found). Per user (who confirmed the line) or per zone (of the source bin; "" = no zone).
    Tile: all lines / all active hours of all pickers."""
    if by not in BY:
        raise ValueError(by)
    tl = task_lines.c
    joined = (task_lines.join(tasks, tasks.c.id == tl.task_id)
              .join(bins, bins.c.id == tl.from_bin_id)
              .outerjoin(zones, zones.c.id == bins.c.zone_id)
              .outerjoin(users, users.c.id == tl.done_by_id))
    scope = _pick_scope(s, f)
    bucket = hour_bucket(s, tl.done_at)
    key = users.c.username if by == "user" else func.coalesce(zones.c.code, "")
    active = (select(key.label("k"), tl.done_by_id.label("u"), bucket.label("h"))
              .select_from(joined).where(*scope).distinct().subquery())
    hour_counts = dict(s.execute(select(active.c.k, func.count()).group_by(active.c.k)).all())
    all_hours = s.scalar(select(func.count()).select_from(
        select(tl.done_by_id, bucket).select_from(joined).where(*scope).distinct().subquery()))
    result = KpiResult(f"pick_productivity_{by}", None, "lines/h",
                       columns=(by, "lines", "units", "active_hours", "lines_per_hour",
                                "units_per_hour"))
    total_lines, total_units = 0, Decimal(0)
    q = (select(key, func.count(), as_qty(func.sum(tl.qty_done))).select_from(joined).where(*scope)
         .group_by(key).order_by(key))
    for k, lines, units in s.execute(q):
        h = hour_counts.get(k, 0)
        total_lines += lines
        total_units += units
        result.rows.append((k or "", lines, units, h, _per(lines, h), _per(units, h)))
        result.summary[k or "-"] = _per(lines, h) or 0.0
    result.value = _per(total_lines, all_hours)
    result.extra = {"lines": total_lines, "units": total_units, "active_hours": all_hours,
                    "units_per_hour": _per(total_units, all_hours)}
    return result


def _per(amount: int | Decimal, active_hours: int) -> float | None:
    return round(float(amount) / active_hours, 2) if active_hours else None


def putaway_timeliness(s: Session, f: KpiFilter) -> KpiResult:
    """Putaway lines done in the period: hours from the receipt of the stock into the line's
    source bin (the last receipt move of that item and lot into that bin before the putaway task
    was created) to the line's completion. Tile: average hours; ``extra['within_target']``: the
    share done within ``PUTAWAY_TARGET_HOURS``."""
    tl, m = task_lines.c, stock_moves.c
    same_lot = or_(and_(m.lot_id.is_(None), tl.lot_id.is_(None)), m.lot_id == tl.lot_id)
    received = (select(func.max(m.created_at))
                .where(m.item_id == tl.item_id, m.to_bin_id == tl.from_bin_id,
                       m.reason == "receipt",
                       same_lot, m.created_at <= tasks.c.created_at)
                .scalar_subquery())
    cond = [tasks.c.task_type == "putaway", tl.state == "done", tl.qty_done > 0,
            tl.done_at >= f.start, tl.done_at < f.end]
    wh = warehouse_id(s, f)
    if wh is not None:
        cond.append(tasks.c.warehouse_id == wh)
    base = (select(tasks.c.number, tl.line_no, items.c.code, lots.c.lot_no, tl.qty_done,
                   received.label("received_at"), tl.done_at, users.c.username)
            .select_from(task_lines.join(tasks, tasks.c.id == tl.task_id)
                         .join(items, items.c.id == tl.item_id)
                         .outerjoin(lots, lots.c.id == tl.lot_id)
                         .outerjoin(users, users.c.id == tl.done_by_id))
            .where(*cond).subquery())
    took = epoch_seconds(s, base.c.done_at) - epoch_seconds(s, base.c.received_at)
    measured = base.c.received_at.isnot(None)
    within = func.sum(literal(1)).filter(and_(measured, took <= PUTAWAY_TARGET_HOURS * 3600))
    t = s.execute(select(func.count(), func.count(base.c.received_at), func.avg(took),
                         func.max(took), within)).one()
    result = KpiResult("putaway_timeliness", hours(t[2]), "h",
                       columns=("task", "line", "item_code", "lot_no", "qty", "received_at",
                                "put_away_at", "user", "hours"))
    result.extra = {"lines": t[0], "measured": t[1], "max_hours": hours(t[3]),
                    "within_target": ratio(t[4] or 0, t[1]), "target_hours": PUTAWAY_TARGET_HOURS}
    result.summary = {"within": float(t[4] or 0), "late": float((t[1] or 0) - (t[4] or 0))}
    if without_rows(result, f):
        return result
    rows = s.execute(select(*base.c, took)
                     .order_by(took.desc().nulls_last(), base.c.number, base.c.line_no))
    limit_rows(result, ((r[0], r[1], r[2], r[3] or "", r[4], r[5], r[6], r[7] or "", hours(r[8]))
                        for r in rows))
    return result
