"""Inbound and outbound orders: created by hand or from the ERP's documents (cancelling one is
``cancel.OrderCancelService``).

An order from the ERP keeps the ERP's reference (``external_ref``, and one per line) so every
message sent back can be matched; the same ERP document is never imported twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import AlreadyExists, InvalidInput, NotFound
from domain.model import Warehouse
from domain.model.documents import InboundLine, InboundOrder, OutboundLine, OutboundOrder
from domain.model.states import WorkState
from domain.permissions import Actor, Permission
from domain.quantity import parse_quantity
from domain.services.operations.common import OperationService, next_doc_number
from domain.services.stock import find_item


@dataclass(frozen=True)
class OrderLineData:
    item: str
    qty: object
    lot: str | None = None
    external_line_ref: str = ""


@dataclass(frozen=True)
class InboundData:
    warehouse: str
    supplier: str
    lines: list[OrderLineData]
    external_ref: str = ""
    expected_date: date | None = None
    number: str | None = None        # the ERP's number, else one is drawn
    note: str = ""


@dataclass(frozen=True)
class OutboundData:
    warehouse: str
    customer: str
    lines: list[OrderLineData]
    external_ref: str = ""
    requested_date: date | None = None
    priority: int = 0
    number: str | None = None
    note: str = ""
    backorder_of_id: int | None = None


class OrderCancelRefused(InvalidInput):
    template = "{order} cannot be cancelled: {reason}"


def find_warehouse(s: Session, code: str) -> Warehouse:
    found = s.scalars(select(Warehouse).where(Warehouse.code == (code or "").strip())).first()
    if found is None:
        raise NotFound(kind="Warehouse", key=code)
    return found


def _check_unique(s: Session, cls, number: str, external_ref: str) -> None:
    if s.scalars(select(cls.id).where(cls.number == number)).first() is not None:
        raise AlreadyExists(kind=cls.KIND, key=number)
    if external_ref and s.scalars(select(cls.id).where(cls.external_ref == external_ref)
                                  ).first() is not None:
        raise AlreadyExists(kind=f"{cls.KIND} for ERP document", key=external_ref)


def _line_values(s: Session, data: OrderLineData) -> dict:
    item = find_item(s, data.item)
    if not item.active:
        raise InvalidInput(field="item", reason=f"{item.code} is inactive")
    lot = (data.lot or "").strip() or None
    if lot and not item.lot_tracked:
        raise InvalidInput(field="lot", reason=f"{item.code} is not lot-tracked")
    return dict(item_id=item.id, lot_no=lot, external_line_ref=data.external_line_ref.strip())


class OrderService(OperationService):

    def create_inbound(self, actor: Actor, data: InboundData) -> InboundOrder:
        self.require(actor, Permission.EDIT_ORDERS, "inbound.create")
        if not data.lines:
            raise InvalidInput(field="lines", reason="an order needs at least one line")

        def work(s: Session) -> InboundOrder:
            wh = find_warehouse(s, data.warehouse)
            number = (data.number or "").strip() or next_doc_number(s, "inbound", self.today())
            _check_unique(s, InboundOrder, number, data.external_ref.strip())
            order = InboundOrder(
                number=number, warehouse_id=wh.id, supplier=data.supplier.strip(),
                external_ref=data.external_ref.strip(), expected_date=data.expected_date,
                note=data.note, created_at=self.now(), created_by_id=actor.user_id,
                lines=[InboundLine(line_no=n, qty_expected=parse_quantity(l.qty),
                                   **_line_values(s, l)) for n, l in enumerate(data.lines, 1)])
            s.add(order)
            s.flush()
            audit.record(s, actor, "inbound.create", entity="inbound", key=number,
                         detail={"supplier": order.supplier, "lines": len(order.lines)})
            return order
        return self.db.write(work)

    def create_outbound(self, actor: Actor, data: OutboundData) -> OutboundOrder:
        self.require(actor, Permission.EDIT_ORDERS, "outbound.create")
        if not data.lines:
            raise InvalidInput(field="lines", reason="an order needs at least one line")
        return self.db.write(lambda s: self.add_outbound(s, actor, data))

    def add_outbound(self, s: Session, actor: Actor, data: OutboundData, *,
                     warehouse_id: int | None = None) -> OutboundOrder:
        """Create an outbound order in the open transaction (also used for backorders)."""
        if warehouse_id is None:
            warehouse_id = find_warehouse(s, data.warehouse).id
        number = (data.number or "").strip() or next_doc_number(s, "outbound", self.today())
        _check_unique(s, OutboundOrder, number, data.external_ref.strip())
        order = OutboundOrder(
            number=number, warehouse_id=warehouse_id, customer=data.customer.strip(),
            external_ref=data.external_ref.strip(), requested_date=data.requested_date,
            priority=data.priority, note=data.note, backorder_of_id=data.backorder_of_id,
            created_at=self.now(), created_by_id=actor.user_id,
            lines=[OutboundLine(line_no=n, qty_ordered=parse_quantity(l.qty),
                                **_line_values(s, l)) for n, l in enumerate(data.lines, 1)])
        s.add(order)
        s.flush()
        audit.record(s, actor, "outbound.create", entity="outbound", key=number,
                     detail={"customer": order.customer, "lines": len(order.lines),
                             "backorder_of": data.backorder_of_id})
        return order

    def backorder(self, s: Session, actor: Actor, order: OutboundOrder, line: OutboundLine,
                  qty: Decimal) -> OutboundOrder:
        """Move ``qty`` of ``line`` to the order's open backorder (created as ``<number>-B<n>``
        on first need), in the open transaction."""
        line.qty_allocated -= qty
        line.qty_backordered += qty
        backorder = s.scalars(select(OutboundOrder).where(
            OutboundOrder.backorder_of_id == order.id,
            OutboundOrder.state == WorkState.OPEN.value).with_for_update()).first()
        if backorder is None:
            count = s.scalar(select(func.count()).select_from(OutboundOrder).where(
                OutboundOrder.backorder_of_id == order.id)) or 0
            backorder = self.add_outbound(s, actor, OutboundData(
                "", order.customer, [], requested_date=order.requested_date,
                priority=order.priority, number=f"{order.number}-B{count + 1}",
                backorder_of_id=order.id), warehouse_id=order.warehouse_id)
        backorder.lines.append(OutboundLine(
            line_no=len(backorder.lines) + 1, item_id=line.item_id, qty_ordered=qty,
            lot_no=line.lot_no, external_line_ref=line.external_line_ref))
        s.flush()
        return backorder
