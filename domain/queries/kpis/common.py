"""What every KPI shares: the filter (period, warehouse), money from scaled quantities, time
differences in SQL on both backends, and the shape of a result (tile value plus the rows
behind it, which the dashboard shows on a drill-down and the reports export).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Float, case, cast, func, select, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Alias

from domain.persistence.tables import stock_moves, warehouses
from domain.persistence.types import Quantity
from domain.quantity import QTY_SCALE

CENT = Decimal("0.01")


@dataclass(frozen=True)
class KpiFilter:
    """A period of whole local days ``date_from`` … ``date_to`` (both included), a warehouse code
    ("" = all) and the moment "now" for the as-of KPIs (ageing, expiry, alerts, sync backlog).
    ``tz`` is the zone the days are counted in (the station's; UTC in tests)."""
    date_from: date
    date_to: date
    warehouse: str = ""
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    tz: tzinfo = timezone.utc
    rows: bool = True      # False: the tile and summary only (the dashboard's overview)

    @property
    def start(self) -> datetime:
        """The first instant of the period, in UTC."""
        return day_start(self.date_from, self.tz)

    @property
    def end(self) -> datetime:
        """The first instant after the period, in UTC (exclusive bound)."""
        return day_start(self.date_to + timedelta(days=1), self.tz)

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()


def day_start(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz).astimezone(timezone.utc)


@dataclass
class KpiResult:
    """One KPI: ``value`` for the tile (None = nothing to measure), ``unit`` ("%", "days",
    "h", "count", "money"), ``target`` if the KPI has one, ``summary`` for the chart (label →
    number), and ``rows`` behind it with their ``columns`` (keys of report column titles)."""
    key: str
    value: float | None
    unit: str
    summary: dict[str, float] = field(default_factory=dict)
    columns: tuple[str, ...] = ()
    rows: list[tuple] = field(default_factory=list)
    target: float | None = None
    uncosted: int = 0              # items left out of money values because they have no cost
    rows_read: bool = True         # False: asked without rows (``KpiFilter.rows``)
    extra: dict[str, object] = field(default_factory=dict)


def warehouse_id(s: Session, f: KpiFilter) -> int | None:
    """The id of the filter's warehouse; None = all. An unknown code matches nothing (-1)."""
    if not f.warehouse:
        return None
    found = s.scalar(select(warehouses.c.id).where(warehouses.c.code == f.warehouse))
    return -1 if found is None else found


def qty_float(column):
    """A scaled quantity column as a float number of units (for sums that are multiplied by a
    cost: the product of two scaled integers could overflow 64 bits)."""
    return cast(column, Float) / QTY_SCALE


def value_sum(qty, unit_cost):
    """SUM of ``qty`` × ``unit_cost`` (both scaled) in money, as a float; rows without a cost
    add nothing (the KPIs count those items apart)."""
    return func.sum(case((unit_cost.isnot(None), qty_float(qty) * qty_float(unit_cost)),
                         else_=0.0))


def money(value: float | Decimal | None) -> Decimal | None:
    """Money to the cent. Sums run in floating point (SQLite has no exact decimal), so the cent
    is the precision reports promise."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def quantity(scaled: int | None) -> Decimal:
    """A SUM of a scaled quantity column back to units."""
    return Decimal(scaled or 0) / QTY_SCALE


def ratio(part: float | int | Decimal, whole: float | int | Decimal) -> float | None:
    """part / whole in percent; None when there is nothing to measure."""
    if not whole:
        return None
    return round(float(part) * 100.0 / float(whole), 2)


def epoch_seconds(s: Session, column):
    """Seconds since 1970 of a timestamp column, in SQL, on SQLite and PostgreSQL."""
    if s.get_bind().dialect.name == "sqlite":
        return (func.julianday(column) - 2440587.5) * 86400.0
    return func.extract("epoch", column)


def move_id_bound(s: Session, at: datetime) -> int:
    """The smallest stock move id created at or after ``at`` (one past the last id if none).

    The ledger is append-only and stamps moves as it writes them, so ids grow with time; a
    binary search on the primary key finds a time's boundary in ~25 lookups, where filtering
    10M moves on ``created_at`` (not indexed) would scan them all. Queries still check
    ``created_at`` inside the id range, so the result is exact unless stations' clocks disagree
    by more than the time between two moves."""
    lo = s.scalar(select(func.min(stock_moves.c.id))) or 0
    hi = (s.scalar(select(func.max(stock_moves.c.id))) or 0) + 1
    while lo < hi:
        mid = (lo + hi) // 2
        row = s.execute(select(stock_moves.c.id, stock_moves.c.created_at)
                        .where(stock_moves.c.id >= mid).order_by(stock_moves.c.id).limit(1)).first()
        if row is None:
            hi = mid
        elif row.created_at >= at:
            hi = mid
        else:
            lo = row.id + 1
    return lo


def hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(float(seconds) / 3600.0, 2)


ROW_LIMIT = 5000     # drill-down rows per KPI; the tile and the summary always cover every row


def without_rows(result: KpiResult, f: KpiFilter) -> bool:
    """True (and the result marked so) when the filter asks for the tile only: the KPIs whose
    rows cost a query of their own skip it then."""
    if f.rows:
        return False
    result.rows_read = False
    return True


def limit_rows(result: KpiResult, rows) -> None:
    """Append up to ``ROW_LIMIT`` rows to ``result``; note in ``extra`` when more were left off."""
    for n, row in enumerate(rows):
        if n >= ROW_LIMIT:
            result.extra["truncated"] = True
            return
        result.rows.append(row)


def hour_bucket(s: Session, column):
    """The UTC hour a timestamp falls in, as text or timestamp (only compared, never shown)."""
    if s.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H", column)
    return func.date_trunc("hour", column)



def as_qty(expression):
    """A quantity expression read back as a Decimal of units (arithmetic on Quantity columns
    comes back typed as the scaled integer)."""
    return type_coerce(expression, Quantity())


class RowidScan(Alias):
    """An alias SQLite reads by its rowid only (``NOT INDEXED``); elsewhere a plain alias."""
    inherit_cache = True


@compiles(RowidScan, "sqlite")
def _not_indexed(element, compiler, **kw):
    text = compiler.visit_alias(element, **kw)
    return text + " NOT INDEXED" if kw.get("asfrom") else text


def rowid_scan(table, name: str) -> RowidScan:
    """``table`` as an alias read in rowid order: for scans of an id range or of a whole table
    grouped by a column that leads an index, which SQLite's planner would otherwise walk index
    entry by index entry (2–6× slower measured on a 1M-move ledger)."""
    return RowidScan._construct(table, name=name)
