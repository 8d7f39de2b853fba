"""What the dashboard shows: its tiles, its charts, the reports to pick from, and the titles of
the report columns. Pure data (source texts marked for lupdate, translated when shown in the
context ``Dashboard``), so a test can walk it without a window."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Dashboard"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class Tile:
    kpi: str                 # KpiService key
    title: str               # source text
    unit: str                # how the value reads: "%", "days", "h", "lines/h", "money", "count"
    company_wide: bool = False   # the warehouse filter does not apply (ERP book, ERP sync)


@dataclass(frozen=True)
class Chart:
    kpi: str
    title: str
    column: str              # the report column a bar's label is found in (the drill-down)


TILES = (
    Tile("book_accuracy", QT_TRANSLATE_NOOP("Dashboard", "ERP book accuracy"), "%", True),
    Tile("count_accuracy", QT_TRANSLATE_NOOP("Dashboard", "Count accuracy"), "%"),
    Tile("on_time_dispatch", QT_TRANSLATE_NOOP("Dashboard", "On-time dispatch"), "%"),
    Tile("turnover_product_line", QT_TRANSLATE_NOOP("Dashboard", "Turnover"), "days"),
    Tile("pick_productivity_user", QT_TRANSLATE_NOOP("Dashboard", "Pick lines per hour"),
         "lines/h"),
    Tile("putaway_timeliness", QT_TRANSLATE_NOOP("Dashboard", "Received → put away"), "h"),
    Tile("resolution_time", QT_TRANSLATE_NOOP("Dashboard", "Discrepancy resolution"), "h"),
    Tile("ageing", QT_TRANSLATE_NOOP("Dashboard", "Stock older than 90 days"), "%"),
    Tile("slow_moving", QT_TRANSLATE_NOOP("Dashboard", "Slow-moving and obsolete"), "money"),
    Tile("expiry", QT_TRANSLATE_NOOP("Dashboard", "Expired units"), "count"),
    Tile("stock_alerts", QT_TRANSLATE_NOOP("Dashboard", "Stock-outs and below minimum"),
         "count"),
    Tile("sync_health", QT_TRANSLATE_NOOP("Dashboard", "ERP sync backlog"), "count", True),
)

CHARTS = (
    Chart("ageing", QT_TRANSLATE_NOOP("Dashboard", "Stock by age (days since receipt)"),
          "bucket"),
    Chart("on_time_dispatch", QT_TRANSLATE_NOOP("Dashboard", "Outbound orders by outcome"),
          "outcome"),
    Chart("turnover_product_line", QT_TRANSLATE_NOOP("Dashboard", "Turnover days by product line"),
          "product_line"),
    Chart("sync_health", QT_TRANSLATE_NOOP("Dashboard", "Sync failures by error class"),
          "error_class"),
)

# Every KPI, as a report (the tile KPIs and the other groupings of turnover and productivity).
REPORTS = {
    "book_accuracy": QT_TRANSLATE_NOOP("Dashboard", "ERP book accuracy (latest reconciliation)"),
    "count_accuracy": QT_TRANSLATE_NOOP("Dashboard", "Count accuracy: count variances"),
    "on_time_dispatch": QT_TRANSLATE_NOOP("Dashboard", "On-time dispatch: orders"),
    "turnover_item": QT_TRANSLATE_NOOP("Dashboard", "Turnover days per item"),
    "turnover_product_line": QT_TRANSLATE_NOOP("Dashboard", "Turnover days per product line"),
    "turnover_warehouse": QT_TRANSLATE_NOOP("Dashboard", "Turnover days per warehouse"),
    "pick_productivity_user": QT_TRANSLATE_NOOP("Dashboard", "Pick productivity per user"),
    "pick_productivity_zone": QT_TRANSLATE_NOOP("Dashboard", "Pick productivity per zone"),
    "putaway_timeliness": QT_TRANSLATE_NOOP("Dashboard", "Putaway timeliness"),
    "resolution_time": QT_TRANSLATE_NOOP("Dashboard", "Discrepancy resolution time"),
    "ageing": QT_TRANSLATE_NOOP("Dashboard", "Stock ageing"),
    "slow_moving": QT_TRANSLATE_NOOP("Dashboard", "Slow-moving and obsolete stock"),
    "expiry": QT_TRANSLATE_NOOP("Dashboard", "Expired and expiring lots"),
    "stock_alerts": QT_TRANSLATE_NOOP("Dashboard", "Stock-outs and below minimum"),
    "sync_health": QT_TRANSLATE_NOOP("Dashboard", "ERP sync failures"),
}

COLUMNS = {
    "active_hours": QT_TRANSLATE_NOOP("Dashboard", "Active hours"),
    "age_days": QT_TRANSLATE_NOOP("Dashboard", "Age (days)"),
    "approved_at": QT_TRANSLATE_NOOP("Dashboard", "Approved"),
    "available": QT_TRANSLATE_NOOP("Dashboard", "Available"),
    "average_qty": QT_TRANSLATE_NOOP("Dashboard", "Average stock"),
    "average_value": QT_TRANSLATE_NOOP("Dashboard", "Average value"),
    "bin": QT_TRANSLATE_NOOP("Dashboard", "Bin"),
    "bucket": QT_TRANSLATE_NOOP("Dashboard", "Age bucket"),
    "class": QT_TRANSLATE_NOOP("Dashboard", "Class"),
    "closing_qty": QT_TRANSLATE_NOOP("Dashboard", "Closing stock"),
    "closing_value": QT_TRANSLATE_NOOP("Dashboard", "Closing value"),
    "consumed_qty": QT_TRANSLATE_NOOP("Dashboard", "Consumed"),
    "consumed_value": QT_TRANSLATE_NOOP("Dashboard", "Consumed value"),
    "counted_at": QT_TRANSLATE_NOOP("Dashboard", "Counted"),
    "counted_qty": QT_TRANSLATE_NOOP("Dashboard", "Counted"),
    "customer": QT_TRANSLATE_NOOP("Dashboard", "Customer"),
    "days_left": QT_TRANSLATE_NOOP("Dashboard", "Days left"),
    "difference": QT_TRANSLATE_NOOP("Dashboard", "Difference"),
    "erp_qty": QT_TRANSLATE_NOOP("Dashboard", "ERP book"),
    "error_class": QT_TRANSLATE_NOOP("Dashboard", "Error class"),
    "expected_qty": QT_TRANSLATE_NOOP("Dashboard", "Book"),
    "expiry_date": QT_TRANSLATE_NOOP("Dashboard", "Expiry"),
    "failures": QT_TRANSLATE_NOOP("Dashboard", "Failed attempts"),
    "found_at": QT_TRANSLATE_NOOP("Dashboard", "Found"),
    "gave_up": QT_TRANSLATE_NOOP("Dashboard", "Gave up"),
    "hours": QT_TRANSLATE_NOOP("Dashboard", "Hours"),
    "idle_days": QT_TRANSLATE_NOOP("Dashboard", "Idle days"),
    "item_code": QT_TRANSLATE_NOOP("Dashboard", "Item"),
    "item_name": QT_TRANSLATE_NOOP("Dashboard", "Name"),
    "last_at": QT_TRANSLATE_NOOP("Dashboard", "Last failure"),
    "last_issue": QT_TRANSLATE_NOOP("Dashboard", "Last issue"),
    "last_shipped_at": QT_TRANSLATE_NOOP("Dashboard", "Last shipped"),
    "line": QT_TRANSLATE_NOOP("Dashboard", "Line"),
    "lines": QT_TRANSLATE_NOOP("Dashboard", "Lines"),
    "lines_per_hour": QT_TRANSLATE_NOOP("Dashboard", "Lines per hour"),
    "lot_no": QT_TRANSLATE_NOOP("Dashboard", "Lot"),
    "message_type": QT_TRANSLATE_NOOP("Dashboard", "Message type"),
    "messages": QT_TRANSLATE_NOOP("Dashboard", "Messages"),
    "min_qty": QT_TRANSLATE_NOOP("Dashboard", "Minimum"),
    "missing": QT_TRANSLATE_NOOP("Dashboard", "Missing"),
    "oldest_receipt": QT_TRANSLATE_NOOP("Dashboard", "Oldest receipt"),
    "order": QT_TRANSLATE_NOOP("Dashboard", "Order"),
    "ordered_qty": QT_TRANSLATE_NOOP("Dashboard", "Ordered"),
    "outcome": QT_TRANSLATE_NOOP("Dashboard", "Outcome"),
    "product_line": QT_TRANSLATE_NOOP("Dashboard", "Product line"),
    "put_away_at": QT_TRANSLATE_NOOP("Dashboard", "Put away"),
    "qty": QT_TRANSLATE_NOOP("Dashboard", "Quantity"),
    "received_at": QT_TRANSLATE_NOOP("Dashboard", "Received"),
    "reference": QT_TRANSLATE_NOOP("Dashboard", "Reference"),
    "requested_date": QT_TRANSLATE_NOOP("Dashboard", "Requested"),
    "resolved_at": QT_TRANSLATE_NOOP("Dashboard", "Resolved"),
    "shipped_by_deadline": QT_TRANSLATE_NOOP("Dashboard", "Shipped by deadline"),
    "shipped_qty": QT_TRANSLATE_NOOP("Dashboard", "Shipped"),
    "source": QT_TRANSLATE_NOOP("Dashboard", "Source"),
    "state": QT_TRANSLATE_NOOP("Dashboard", "State"),
    "status": QT_TRANSLATE_NOOP("Dashboard", "Status"),
    "task": QT_TRANSLATE_NOOP("Dashboard", "Task"),
    "turnover_days": QT_TRANSLATE_NOOP("Dashboard", "Turnover days"),
    "units": QT_TRANSLATE_NOOP("Dashboard", "Units"),
    "units_per_hour": QT_TRANSLATE_NOOP("Dashboard", "Units per hour"),
    "uom": QT_TRANSLATE_NOOP("Dashboard", "Unit"),
    "user": QT_TRANSLATE_NOOP("Dashboard", "User"),
    "value": QT_TRANSLATE_NOOP("Dashboard", "Value"),
    "warehouse": QT_TRANSLATE_NOOP("Dashboard", "Warehouse"),
    "wms_qty": QT_TRANSLATE_NOOP("Dashboard", "Warehouse"),
    "zone": QT_TRANSLATE_NOOP("Dashboard", "Zone"),
}

# Terms that appear as values in the reports (outcomes, classes, sources).
TERMS = {
    "on_time": QT_TRANSLATE_NOOP("Dashboard", "on time"),
    "partial": QT_TRANSLATE_NOOP("Dashboard", "partial"),
    "late": QT_TRANSLATE_NOOP("Dashboard", "late"),
    "not_due": QT_TRANSLATE_NOOP("Dashboard", "not yet due"),
    "slow": QT_TRANSLATE_NOOP("Dashboard", "slow-moving"),
    "obsolete": QT_TRANSLATE_NOOP("Dashboard", "obsolete"),
    "expired": QT_TRANSLATE_NOOP("Dashboard", "expired"),
    "expiring": QT_TRANSLATE_NOOP("Dashboard", "expiring"),
    "stock_out": QT_TRANSLATE_NOOP("Dashboard", "stock-out"),
    "below_min": QT_TRANSLATE_NOOP("Dashboard", "below minimum"),
    "count": QT_TRANSLATE_NOOP("Dashboard", "count"),
    "reconciliation": QT_TRANSLATE_NOOP("Dashboard", "reconciliation"),
    "within": QT_TRANSLATE_NOOP("Dashboard", "within 24 h"),
    "matched": QT_TRANSLATE_NOOP("Dashboard", "matched"),
    "different": QT_TRANSLATE_NOOP("Dashboard", "different"),
    "exact": QT_TRANSLATE_NOOP("Dashboard", "exact"),
    "available": QT_TRANSLATE_NOOP("Dashboard", "available"),
    "quarantine": QT_TRANSLATE_NOOP("Dashboard", "quarantine"),
    "damaged": QT_TRANSLATE_NOOP("Dashboard", "damaged"),
    "blocked": QT_TRANSLATE_NOOP("Dashboard", "blocked"),
    "open": QT_TRANSLATE_NOOP("Dashboard", "open"),
    "explained": QT_TRANSLATE_NOOP("Dashboard", "explained"),
    "adjusted": QT_TRANSLATE_NOOP("Dashboard", "adjusted"),
    "pushed": QT_TRANSLATE_NOOP("Dashboard", "pushed"),
}


def column_title(key: str) -> str:
    return tr(COLUMNS[key]) if key in COLUMNS else key


def term(value: object) -> str:
    """A report value shown to the user: known terms translated, everything else as is."""
    return tr(TERMS[value]) if isinstance(value, str) and value in TERMS else value


def tile_text(value: float | None, unit: str) -> str:
    """The big number of a tile: "–" when there is nothing to measure."""
    if value is None:
        return "–"
    if unit == "%":
        return f"{value:.1f} %"
    if unit == "money":
        return f"{Decimal(str(value)):,.2f}"
    if unit == "count":
        return f"{value:,.0f}"
    return tr(VALUE_WITH_UNIT).format(value=f"{value:,.1f}", unit=tr(UNITS.get(unit, unit)))


VALUE_WITH_UNIT = QT_TRANSLATE_NOOP("Dashboard", "{value} {unit}")
UNITS = {
    "days": QT_TRANSLATE_NOOP("Dashboard", "days"),
    "h": QT_TRANSLATE_NOOP("Dashboard", "h"),
    "lines/h": QT_TRANSLATE_NOOP("Dashboard", "lines/h"),
}
