"""``KpiService``: the KPIs for the dashboard and the reports, each in one read transaction
behind ``VIEW_REPORTS`` (the screens call it inside ops, never on the UI thread)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.permissions import Actor, Permission
from domain.persistence.tables import warehouses
from domain.queries.kpis import (
    accuracy, discrepancies, dispatch, productivity, stock_health, sync_health, turnover,
)
from domain.queries.kpis.common import KpiFilter, KpiResult
from domain.services.base import Service

KPIS: dict[str, Callable[[Session, KpiFilter], KpiResult]] = {
    "book_accuracy": accuracy.book_accuracy,
    "count_accuracy": accuracy.count_accuracy,
    "on_time_dispatch": dispatch.on_time_dispatch,
    "turnover_item": partial(turnover.turnover_days, group="item"),
    "turnover_product_line": partial(turnover.turnover_days, group="product_line"),
    "turnover_warehouse": partial(turnover.turnover_days, group="warehouse"),
    "pick_productivity_user": partial(productivity.pick_productivity, by="user"),
    "pick_productivity_zone": partial(productivity.pick_productivity, by="zone"),
    "putaway_timeliness": productivity.putaway_timeliness,
    "resolution_time": discrepancies.resolution_time,
    "ageing": stock_health.ageing,
    "slow_moving": stock_health.slow_moving,
    "expiry": stock_health.expiry,
    "stock_alerts": stock_health.stock_alerts,
    "sync_health": sync_health.sync_health,
}


class UnknownKpi(ValueError):
    pass


def compute(s: Session, key: str, f: KpiFilter) -> KpiResult:
    try:
        fn = KPIS[key]
    except KeyError:
        raise UnknownKpi(key) from None
    result = fn(s, f)
    result.key = key
    return result


class KpiService(Service):
    """Reads only; a refusal is audited like every service's."""

    def kpi(self, actor: Actor, key: str, f: KpiFilter) -> KpiResult:
        return self.many(actor, (key,), f)[key]

    def many(self, actor: Actor, keys: Iterable[str], f: KpiFilter) -> dict[str, KpiResult]:
        """Several KPIs in one read transaction (one consistent snapshot on PostgreSQL)."""
        self.require(actor, Permission.VIEW_REPORTS, "kpi.read")
        with self.db.read(scan=True) as s:
            return {key: compute(s, key, f) for key in keys}

    def warehouses(self, actor: Actor) -> list[str]:
        """The warehouse codes the filter offers."""
        self.require(actor, Permission.VIEW_REPORTS, "kpi.read")
        with self.db.read() as s:
            return list(s.scalars(select(warehouses.c.code).order_by(warehouses.c.code)))
