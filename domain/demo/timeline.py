"""Time for the bulk demo: working minutes of the history window, turned into timestamps and
into ledger ids that follow the clock (``id`` order is ``created_at`` order, as the history
screens assume), document numbers and dates.

Work minute ``w`` counts only shift time: 07:00-21:00 China time (23:00-13:00 UTC), 840 minutes
a day, from the first day of the window up to yesterday.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from domain.demo.loader import BulkLoader

SHIFT = 840                 # working minutes a day
SHIFT_START_UTC = 23 * 60   # 07:00 in China is 23:00 UTC the evening before


class Timeline:
    def __init__(self, load: BulkLoader, today: date, days: int) -> None:
        self.load, self.days, self.end = load, days, days * SHIFT
        self.first_day = today - timedelta(days=days)                 # local date of w = 0
        self.origin = datetime.combine(self.first_day - timedelta(days=1), time(0), timezone.utc)
        self._used = bytearray((days + 2) * 1440)                     # moves stamped per minute
        self._prefix: dict[int, str] = {}
        self._suffix = [load.ts_suffix(s) for s in range(60)]
        self._day_text: dict[int, str] = {}

    def minute(self, w: int) -> int:
        """Minutes since ``origin`` of work minute ``w``."""
        return (w // SHIFT) * 1440 + SHIFT_START_UTC + w % SHIFT

    def stamp(self, w: int) -> tuple[int, str]:
        """A ledger id and timestamp for a move at ``w``: second n of a minute is its n-th
        move, so ids are unique and ascend with time (a full minute spills into the next)."""
        m = self.minute(w)
        while self._used[m] >= 60:
            m += 1
        second = self._used[m]
        self._used[m] = second + 1
        return m * 60 + second + 1, self._text(m, second)

    def text(self, w: int) -> str:
        return self._text(self.minute(w), 0)

    def _text(self, m: int, second: int) -> str:
        prefix = self._prefix.get(m)
        if prefix is None:
            prefix = self._prefix[m] = self.load.ts_prefix(self.origin + timedelta(minutes=m))
        return prefix + self._suffix[second]

    def day(self, w: int) -> date:
        """The local (China) date of work minute ``w``."""
        return self.first_day + timedelta(days=w // SHIFT)

    def day_text(self, w: int) -> str:
        d = w // SHIFT
        text = self._day_text.get(d)
        if text is None:
            text = self._day_text[d] = f"{self.first_day + timedelta(days=d):%Y%m%d}"
        return text

    def end_of(self, day: date) -> int:
        """The first work minute after ``day`` (stock of a lot expiring that day may leave
        until then)."""
        return ((day - self.first_day).days + 1) * SHIFT
