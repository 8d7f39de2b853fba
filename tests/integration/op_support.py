"""Shared helpers of the warehouse-operation tests (test_op_*.py): the services on the ``world``
warehouse, and small readers of quants, outbox messages and tasks."""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from domain.model.tasks import Task
from domain.persistence.tables import bins, items, lots, outbox, quants, stock_moves
from domain.queries.stock import ledger_mismatches
from domain.services.masterdata import BinData, ItemData
from domain.services.operations.common import load_task
from domain.services.operations.inspection import InspectionService
from domain.services.operations.orders import (
    InboundData, OrderLineData, OrderService, OutboundData,
)
from domain.services.operations.moves import MoveService
from domain.services.operations.packing import PackingService
from domain.services.operations.picking import PickingService, PickScan
from domain.services.operations.receiving import ReceiptScan, ReceivingService
from domain.services.operations.returns import ReturnService
from domain.services.operations.shipping import ShippingService
from domain.services.operations.waves import WaveService


@dataclass
class Ops:
    world: object
    orders: OrderService
    receiving: ReceivingService
    inspection: InspectionService
    waves: WaveService
    picking: PickingService
    packing: PackingService
    shipping: ShippingService
    moves: MoveService
    returns: ReturnService

    def inbound(self, *lines, supplier="ACME", **kw) -> str:
        data = InboundData("WH1", supplier, [OrderLineData(*l) for l in lines], **kw)
        return self.orders.create_inbound(self.world.clerk, data).number

    def outbound(self, *lines, customer="Shop", **kw) -> str:
        data = OutboundData("WH1", customer, [OrderLineData(*l) for l in lines], **kw)
        return self.orders.create_outbound(self.world.clerk, data).number

    def receive(self, item, qty, **kw):
        actor = kw.pop("actor", self.world.clerk)
        return self.receiving.receive(actor, ReceiptScan(item, qty, **kw))

    def put(self, item, qty, bin_code, **kw):
        """Stock straight into a bin through the stock core (test set-up)."""
        self.world.stock.receive(self.world.clerk, item=item, qty=qty, bin=bin_code, **kw)

    def allocate(self, *orders, staging="STG"):
        return self.waves.allocate(self.world.clerk, list(orders), staging)

    def pick(self, task, bin_code, item, qty=None, **kw):
        return self.picking.confirm(self.world.clerk, PickScan(task, bin_code, item, qty, **kw))


@pytest.fixture
def ops(world) -> Ops:
    w = world
    add_bin(w, "STG", "staging")
    return Ops(w, *(cls(w.db, w.clock) for cls in (
        OrderService, ReceivingService, InspectionService, WaveService, PickingService,
        PackingService, ShippingService, MoveService, ReturnService)))


def add_item(world, code, **kw) -> None:
    world.master.save_item(world.admin, ItemData(code, f"{code} item", **kw))


def add_bin(world, code, kind="storage", **kw) -> None:
    world.master.save_bin(world.admin, BinData("WH1", code, bin_type=kind, **kw))


def set_tolerance(world, item_code, pct) -> None:
    from sqlalchemy import update
    world.db.write(lambda s: s.execute(update(items).where(items.c.code == item_code)
                                       .values(receipt_tolerance_pct=Decimal(pct))))


def stock(world, item, bin_code, lot=None, status="available") -> tuple[Decimal, Decimal]:
    """(on hand, reserved) of one quant, zeros when there is none."""
    q = (select(quants.c.on_hand, quants.c.reserved)
         .select_from(quants.join(items, items.c.id == quants.c.item_id)
                      .join(bins, bins.c.id == quants.c.bin_id)
                      .outerjoin(lots, lots.c.id == quants.c.lot_id))
         .where(items.c.code == item, bins.c.code == bin_code, quants.c.status == status,
                lots.c.lot_no.is_(None) if lot is None else lots.c.lot_no == lot))
    with world.db.read() as s:
        rows = s.execute(q).all()
    return (sum((r.on_hand for r in rows), Decimal(0)), sum((r.reserved for r in rows), Decimal(0)))


def messages(world) -> list[dict]:
    """Outbox rows of the operations, oldest first, with the payload decoded; the stock core's
    own messages (``stock.*``, from set-up receipts) are left out."""
    with world.db.read() as s:
        rows = s.execute(select(outbox).where(outbox.c.message_type.not_like("stock.%"))
                         .order_by(outbox.c.id)).all()
    return [{**r._asdict(), "payload": json.loads(r.payload)} for r in rows]


def move_count(world) -> int:
    with world.db.read() as s:
        return s.scalar(select(func.count()).select_from(stock_moves))


def task(world, number) -> Task:
    with world.db.read() as s:
        return load_task(s, number, lock=False)


def assert_books_balance(world) -> None:
    with world.db.read() as s:
        assert ledger_mismatches(s) == []


def assert_reservations_match(world) -> None:
    """Every reserved unit is held by a reservation row (the operations reserve nothing else)."""
    from domain.persistence.tables import reservations
    held = (select(reservations.c.quant_id, func.sum(reservations.c.qty).label("held"))
            .group_by(reservations.c.quant_id).subquery())
    q = (select(quants.c.id, quants.c.reserved, held.c.held)
         .select_from(quants.outerjoin(held, held.c.quant_id == quants.c.id))
         .where(quants.c.reserved != func.coalesce(held.c.held, 0)))
    with world.db.read() as s:
        assert s.execute(q).all() == []
