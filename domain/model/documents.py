"""Orders (单据): what the ERP (or a clerk) says should come in or go out.

Inbound orders list what a supplier will deliver; outbound orders what a customer wants and by
when. The warehouse fills in what really happened (received, allocated, picked, shipped,
backordered) line by line; the number is the key the ERP messages are ordered by.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from domain.errors import DomainError, NotFound
from domain.model.states import Stateful, WorkState

HUNDRED = Decimal(100)


class OverReceipt(DomainError):
    template = ("{order} line {line}: receiving {qty} would make {total} of {expected} expected, "
                "more than the {pct}% tolerance; a supervisor may override")


class UnderReceipt(DomainError):
    template = ("{order} line {line}: {received} of {expected} received, short beyond the {pct}% "
                "tolerance; a supervisor may close it anyway")


def _tolerance(pct: Decimal | None) -> Decimal:
    return Decimal(pct or 0) / HUNDRED


@dataclass(eq=False)
class InboundLine:
    line_no: int
    item_id: int
    qty_expected: Decimal
    qty_received: Decimal = Decimal(0)
    lot_no: str | None = None            # the lot the supplier announced, if any
    external_line_ref: str = ""
    order_id: int | None = None
    id: int | None = None

    @property
    def remaining(self) -> Decimal:
        return max(self.qty_expected - self.qty_received, Decimal(0))

    def over_tolerance(self, qty: Decimal, pct: Decimal | None) -> bool:
        return self.qty_received + qty > self.qty_expected * (1 + _tolerance(pct))

    def short_beyond_tolerance(self, pct: Decimal | None) -> bool:
        return self.qty_received < self.qty_expected * (1 - _tolerance(pct))


class _Order(Stateful):
    """What inbound and outbound orders share: lines by number and the closing stamps."""
    lines: list
    closed_at: datetime | None
    closed_by_id: int | None

    def line(self, line_no: int):
        for line in self.lines:
            if line.line_no == line_no:
                return line
        raise NotFound(kind="Order line", key=f"{self.number}/{line_no}")

    def begin_work(self) -> None:
        """The first receipt or allocation puts an open order in progress."""
        self.ensure_workable()
        if self.state == WorkState.OPEN.value:
            self._move_to(WorkState.IN_PROGRESS)

    def close(self, user_id: int | None, now: datetime) -> None:
        self._move_to(WorkState.DONE)
        self.closed_at, self.closed_by_id = now, user_id

    def cancel(self, user_id: int | None, now: datetime) -> None:
        self._move_to(WorkState.CANCELLED)
        self.closed_at, self.closed_by_id = now, user_id


@dataclass(eq=False)
class InboundOrder(_Order):
    KIND = "Inbound order"
    number: str
    warehouse_id: int
    supplier: str
    external_ref: str = ""
    expected_date: date | None = None
    state: str = WorkState.OPEN.value
    note: str = ""
    created_at: datetime | None = None
    created_by_id: int | None = None
    closed_at: datetime | None = None
    closed_by_id: int | None = None
    lines: list[InboundLine] = field(default_factory=list)
    id: int | None = None

    def register_receipt(self, line: InboundLine, qty: Decimal, pct: Decimal | None,
                         override: bool) -> bool:
        """Book ``qty`` on ``line``; returns True when the tolerance was overridden."""
        self.ensure_workable()
        over = line.over_tolerance(qty, pct)
        if over and not override:
            raise OverReceipt(order=self.number, line=line.line_no, qty=qty,
                              total=line.qty_received + qty, expected=line.qty_expected,
                              pct=pct or 0)
        self.begin_work()
        line.qty_received += qty
        return over

    def short_lines(self, tolerances: dict[int, Decimal | None]) -> list[InboundLine]:
        """Lines received short beyond their item's tolerance (``tolerances`` by item id)."""
        return [l for l in self.lines if l.short_beyond_tolerance(tolerances.get(l.item_id))]


@dataclass(eq=False)
class OutboundLine:
    """``qty_allocated`` counts what pick lines hold for the line (reserved or picked) until it
    ships; what was found missing moves to ``qty_backordered`` (and to a backorder)."""
    line_no: int
    item_id: int
    qty_ordered: Decimal
    qty_allocated: Decimal = Decimal(0)
    qty_picked: Decimal = Decimal(0)
    qty_shipped: Decimal = Decimal(0)
    qty_backordered: Decimal = Decimal(0)
    lot_no: str | None = None            # a lot the customer insists on, if any
    external_line_ref: str = ""
    order_id: int | None = None
    id: int | None = None

    @property
    def to_allocate(self) -> Decimal:
        return self.qty_ordered - self.qty_allocated - self.qty_backordered - self.qty_shipped

    @property
    def picked_not_shipped(self) -> Decimal:
        return self.qty_picked - self.qty_shipped


@dataclass(eq=False)
class OutboundOrder(_Order):
    KIND = "Outbound order"
    number: str
    warehouse_id: int
    customer: str
    external_ref: str = ""
    requested_date: date | None = None
    priority: int = 0
    state: str = WorkState.OPEN.value
    backorder_of_id: int | None = None
    note: str = ""
    created_at: datetime | None = None
    created_by_id: int | None = None
    closed_at: datetime | None = None
    closed_by_id: int | None = None
    lines: list[OutboundLine] = field(default_factory=list)
    id: int | None = None
