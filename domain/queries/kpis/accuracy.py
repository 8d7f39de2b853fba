"""Inventory accuracy: the ERP's book against the warehouse (latest reconciliation run) and
counts against the book (approved counts in the period), by lines and by value."""
from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from domain.persistence.tables import (
    bins, count_entries, count_plans, items, lots, reconciliation_lines, reconciliation_runs,
    tasks,
)
from domain.queries.kpis.common import (
    KpiFilter, KpiResult, money, qty_float, quantity, ratio, warehouse_id, without_rows,
)

TARGET = 99.0


def book_accuracy(s: Session, f: KpiFilter) -> KpiResult:
    """Matched lines / compared lines of the latest finished reconciliation run started before
    the period's end. The ERP book is per item (and lot), not per warehouse: the warehouse
    filter does not apply."""
    r = reconciliation_runs.c
    run = s.execute(select(r.id, r.started_at).where(r.state == "done", r.started_at < f.end)
                    .order_by(r.started_at.desc(), r.id.desc()).limit(1)).first()
    result = KpiResult("book_accuracy", None, "%", target=TARGET,
                       columns=("item_code", "item_name", "lot_no", "erp_qty", "wms_qty",
                                "difference", "value", "state", "found_at", "resolved_at"))
    if run is None:
        return result
    line = reconciliation_lines.c
    matched = line.erp_qty == line.wms_qty
    totals = s.execute(select(func.count(), func.sum(case((matched, 1), else_=0)))
                       .where(line.run_id == run.id)).one()
    compared, ok = totals[0] or 0, totals[1] or 0
    result.value = ratio(ok, compared)
    result.summary = {"matched": ok, "different": compared - ok}
    result.extra = {"run_id": run.id, "run_started_at": run.started_at, "compared": compared}
    if without_rows(result, f):
        return result
    rows = s.execute(
        select(items.c.code, items.c.name, lots.c.lot_no, line.erp_qty, line.wms_qty,
               items.c.unit_cost, line.state, line.found_at, line.resolved_at)
        .select_from(reconciliation_lines.join(items, items.c.id == line.item_id)
                     .outerjoin(lots, lots.c.id == line.lot_id))
        .where(line.run_id == run.id, ~matched).order_by(items.c.code, lots.c.lot_no)).all()
    for x in rows:
        diff = x.wms_qty - x.erp_qty
        value = money(diff * x.unit_cost) if x.unit_cost is not None else None
        result.uncosted += x.unit_cost is None
        result.rows.append((x.code, x.name, x.lot_no or "", x.erp_qty, x.wms_qty, diff, value,
                            x.state, x.found_at, x.resolved_at))
    return result


def _count_scope(s: Session, f: KpiFilter) -> list:
    """Current (not superseded) entries of counts approved in the period, in the warehouse."""
    c = [count_entries.c.superseded.is_(False), count_plans.c.approved_at >= f.start,
         count_plans.c.approved_at < f.end]
    wh = warehouse_id(s, f)
    if wh is not None:
        c.append(bins.c.warehouse_id == wh)
    return c


def count_accuracy(s: Session, f: KpiFilter) -> KpiResult:
    """By lines: entries counted exactly as expected / entries. By value (items with a cost):
    1 − Σ|counted − expected| × cost / Σ expected × cost, at least 0."""
    e = count_entries.c
    expected = func.coalesce(e.expected_qty, 0)
    joined = (count_entries.join(count_plans, count_plans.c.task_id == e.task_id)
              .join(bins, bins.c.id == e.bin_id).join(items, items.c.id == e.item_id))
    scope = _count_scope(s, f)
    exact = e.counted_qty == expected
    costed = items.c.unit_cost.isnot(None)
    cost = qty_float(items.c.unit_cost)
    diff = case((e.counted_qty > expected, e.counted_qty - expected),
                else_=expected - e.counted_qty)
    t = s.execute(select(
        func.count(), func.sum(case((exact, 1), else_=0)),
        func.sum(case((costed, qty_float(diff) * cost), else_=0.0)),
        func.sum(case((costed, qty_float(expected) * cost), else_=0.0)),
        func.count(func.distinct(case((~costed, e.item_id)))),
    ).select_from(joined).where(*scope)).one()
    lines, ok = t[0] or 0, t[1] or 0
    variance_value, book_value = float(t[2] or 0), float(t[3] or 0)
    result = KpiResult("count_accuracy", ratio(ok, lines), "%", target=TARGET,
                       summary={"exact": ok, "different": lines - ok},
                       columns=("task", "bin", "item_code", "item_name", "lot_no", "expected_qty",
                                "counted_qty", "difference", "value", "counted_at", "approved_at"),
                       uncosted=t[4] or 0)
    by_value = None
    if book_value > 0:
        by_value = round(max(0.0, 1.0 - variance_value / book_value) * 100.0, 2)
    result.extra = {"lines": lines, "by_value": by_value, "variance_value": money(variance_value),
                    "book_value": money(book_value)}
    if without_rows(result, f):
        return result
    rows = s.execute(
        select(tasks.c.number, bins.c.code.label("bin"), items.c.code, items.c.name, lots.c.lot_no,
               e.expected_qty, e.counted_qty, items.c.unit_cost, e.counted_at,
               count_plans.c.approved_at)
        .select_from(joined.join(tasks, tasks.c.id == e.task_id)
                     .outerjoin(lots, lots.c.id == e.lot_id))
        .where(*scope, ~exact).order_by(tasks.c.number, bins.c.code, items.c.code)).all()
    for x in rows:
        exp = x.expected_qty if x.expected_qty is not None else quantity(0)
        d = x.counted_qty - exp
        value = money(d * x.unit_cost) if x.unit_cost is not None else None
        result.rows.append((x.number, x.bin, x.code, x.name, x.lot_no or "", exp, x.counted_qty,
                            d, value, x.counted_at, x.approved_at))
    return result
