"""Lots/batches (批次) and serial numbers (序列号)."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class LotStatus(str, enum.Enum):
    RELEASED = "released"
    QUARANTINE = "quarantine"
    BLOCKED = "blocked"


def expired(expiry_date: date | None, today: date) -> bool:
    """A lot past its expiry date; a function of the date alone so that the ledger can ask it
    of the plain lot rows it reads without building ``Lot`` objects."""
    return expiry_date is not None and expiry_date < today


@dataclass(eq=False)
class Lot:
    item_id: int
    lot_no: str
    expiry_date: date | None = None
    production_date: date | None = None
    status: str = LotStatus.RELEASED.value
    id: int | None = None

    def is_expired(self, today: date) -> bool:
        return expired(self.expiry_date, today)


@dataclass(eq=False)
class Serial:
    item_id: int
    serial_no: str
    lot_id: int | None = None
    id: int | None = None
