"""Sync health: the ERP outbox backlog, its lag and the failures by error class.

Messages are company-wide (an item's stock, an order): the warehouse filter does not apply.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.persistence.tables import outbox, sync_attempts
from domain.queries.kpis.common import KpiFilter, KpiResult, epoch_seconds, limit_rows

UNSENT = ("pending", "sending", "failed")
FAILED_OUTCOMES = ("retry", "failed")


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(float(seconds) / 60.0, 1)


def sync_health(s: Session, f: KpiFilter) -> KpiResult:
    """Tile: the backlog, messages not yet delivered (pending, sending or failed) at ``now``.
    ``extra``: the age of the oldest one in minutes (lag), the average minutes from a message's
    creation to its delivery for messages delivered in the period, and the failed attempts of
    the period. Summary and rows: failed attempts in the period per error class and message
    type (an attempt that will be retried counts as well as one that gave up)."""
    o, a = outbox.c, sync_attempts.c
    backlog = dict(s.execute(select(o.state, func.count())
                             .where(o.state.in_(UNSENT), o.created_at <= f.now)
                             .group_by(o.state)).all())
    oldest = s.scalar(select(func.min(o.created_at)).where(o.state.in_(UNSENT),
                                                           o.created_at <= f.now))
    delivered = s.execute(select(func.count(), func.avg(epoch_seconds(s, o.sent_at)
                                                        - epoch_seconds(s, o.created_at)))
                          .where(o.state == "delivered", o.sent_at >= f.start,
                                 o.sent_at < f.end)).one()
    result = KpiResult("sync_health", float(sum(backlog.values())), "count",
                       columns=("error_class", "message_type", "failures", "gave_up",
                                "messages", "last_at"))
    q = (select(a.error_class, o.message_type, func.count(),
                func.count().filter(a.outcome == "failed"), func.count(func.distinct(o.id)),
                func.max(a.at))
         .select_from(sync_attempts.join(outbox, o.id == a.outbox_id))
         .where(a.outcome.in_(FAILED_OUTCOMES), a.at >= f.start, a.at < f.end)
         .group_by(a.error_class, o.message_type).order_by(func.count().desc(), a.error_class,
                                                           o.message_type))
    failures = 0
    rows = []
    for error_class, message_type, n, gave_up, messages, last in s.execute(q):
        failures += n
        key = error_class or "-"
        result.summary[key] = result.summary.get(key, 0.0) + n
        rows.append((error_class, message_type, n, gave_up, messages, last))
    limit_rows(result, rows)
    lag = None if oldest is None else (f.now - oldest).total_seconds()
    result.extra = {"by_state": {st: backlog.get(st, 0) for st in UNSENT},
                    "lag_minutes": _minutes(lag), "delivered": delivered[0],
                    "delivery_minutes": _minutes(delivered[1]), "failures": failures}
    return result
