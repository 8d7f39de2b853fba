"""Stock statuses (库存状态) and the reasons a move is written to the ledger."""
from __future__ import annotations

import enum


class StockStatus(str, enum.Enum):
    AVAILABLE = "available"
    QUARANTINE = "quarantine"
    DAMAGED = "damaged"
    BLOCKED = "blocked"


class MoveReason(str, enum.Enum):
    """Why stock moved; outbound ERP messages and KPIs group by it."""
    RECEIPT = "receipt"
    TRANSFER = "transfer"
    STATUS_CHANGE = "status_change"
    ISSUE = "issue"
    ADJUSTMENT_GAIN = "adjustment_gain"
    ADJUSTMENT_LOSS = "adjustment_loss"
    SCRAP = "scrap"
    RETURN = "return"
