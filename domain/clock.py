"""Time as a dependency: services ask the clock, so tests can pin "today" (expiry rules)."""
from __future__ import annotations

from datetime import date, datetime, timezone


class Clock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def today(self) -> date:
        return datetime.now().date()


class FixedClock(Clock):
    """A clock that stands still (tests, replays)."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def today(self) -> date:
        return self._now.date()
