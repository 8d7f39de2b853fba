"""The KPI filter's days in a station's time zone, and the small number helpers."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from domain.queries.kpis.common import KpiFilter, hours, money, ratio

SHANGHAI = timezone(timedelta(hours=8))


def test_a_period_is_whole_local_days_given_in_utc():
    f = KpiFilter(date(2026, 11, 1), date(2026, 11, 30), tz=SHANGHAI,
                  now=datetime(2026, 11, 30, 18, tzinfo=timezone.utc))
    assert f.start == datetime(2026, 10, 31, 16, tzinfo=timezone.utc)
    assert f.end == datetime(2026, 11, 30, 16, tzinfo=timezone.utc)
    assert f.days == 30
    assert f.today == date(2026, 12, 1)          # 18:00 UTC is already tomorrow in Shanghai


def test_ratios_money_and_hours():
    assert ratio(1, 3) == 33.33 and ratio(0, 0) is None
    assert money(2.675) == Decimal("2.68") and money(None) is None
    assert hours(5400) == 1.5 and hours(Decimal("7200")) == 2.0 and hours(None) is None

