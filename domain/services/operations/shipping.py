"""Shipping (发货): confirm that an order's picked units left the warehouse.

One step: every unit held in staging for the order is issued (consuming its reservation), the
order lines count it as shipped, packages become shipped, and the ERP gets one message with
the order and line references and the packages' SSCCs and contents. The order is done when
every line is shipped or backordered; otherwise it stays in progress for the rest.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from domain.errors import InvalidInput
from domain.model import Item, MoveReason
from domain.model.documents import OutboundOrder
from domain.permissions import Actor, Permission
from domain.persistence.tables import package_contents, packages, task_lines
from domain.services.ledger import MoveLine
from domain.services.operations import reservations
from domain.services.operations.common import OperationService, load_outbound, qty_text
from domain.services.operations.packing import content_row


class ShippingService(OperationService):

    def confirm(self, actor: Actor, order_number: str) -> str:
        """Ship everything picked for the order; returns the outbox key of the message."""
        self.require(actor, Permission.ISSUE, "outbound.ship")
        return self.db.write(lambda s: self._confirm(s, actor, order_number))

    def _confirm(self, s: Session, actor: Actor, number: str) -> str:
        order = load_outbound(s, number)
        order.ensure_workable()
        line_of_task_line = dict(s.execute(
            select(task_lines.c.id, task_lines.c.outbound_line_id)
            .where(task_lines.c.outbound_line_id.in_([l.id for l in order.lines]))).all())
        held = reservations.held_for(s, list(line_of_task_line), picked=True)
        if not held:
            raise InvalidInput(field="shipment", reason=f"nothing of {number} is picked")
        shipped: dict[int, Decimal] = defaultdict(Decimal)
        moves = []
        for h in held:
            reservations.take(s, h, h.qty, self.now(), unreserve=False)
            shipped[line_of_task_line[h.task_line_id]] += h.qty
            moves.append(MoveLine(item_id=h.key.item_id, qty=h.qty, lot_id=h.key.lot_id,
                                  serial_id=h.key.serial_id, from_bin_id=h.key.bin_id,
                                  from_status=h.key.status, from_reserved=h.qty))
        for line in order.lines:
            line.qty_shipped += shipped.get(line.id, Decimal(0))
            line.qty_allocated -= shipped.get(line.id, Decimal(0))
        package_rows = _ship_packages(s, order, self.now())
        if all(l.qty_shipped + l.qty_backordered == l.qty_ordered for l in order.lines):
            order.close(actor.user_id, self.now())
        posted = self.post(s, actor, MoveReason.ISSUE, moves, document_ref=order.number,
                           message_type="outbound.shipped",
                           extra=_payload(s, order, shipped, package_rows))
        return posted.outbox_key


def _ship_packages(s: Session, order: OutboundOrder, now) -> list[dict]:
    rows = s.execute(
        select(packages.c.id, packages.c.sscc, packages.c.kind, packages.c.weight_kg)
        .where(packages.c.outbound_order_id == order.id, packages.c.state != "shipped")
        .order_by(packages.c.id)).all()
    s.execute(update(packages).where(packages.c.id.in_([r.id for r in rows]))
              .values(state="shipped", shipped_at=now))
    contents = s.execute(select(package_contents).where(
        package_contents.c.package_id.in_([r.id for r in rows]))
        .order_by(package_contents.c.id)).all()
    lines = {l.id: l for l in order.lines}
    return [{"sscc": r.sscc, "kind": r.kind,
             "weight_kg": qty_text(r.weight_kg) if r.weight_kg is not None else None,
             "contents": [content_row(s, lines[c.outbound_line_id].line_no, c)
                          for c in contents if c.package_id == r.id]} for r in rows]


def _payload(s: Session, order: OutboundOrder, shipped: dict[int, Decimal],
             package_rows: list[dict]) -> dict:
    return {"outbound_order": {
        "number": order.number, "external_ref": order.external_ref, "customer": order.customer,
        "complete": order.state == "done",
        "lines": [{"line_no": l.line_no, "external_line_ref": l.external_line_ref,
                   "item": s.get(Item, l.item_id).code, "qty_shipped": qty_text(shipped[l.id]),
                   "qty_backordered": qty_text(l.qty_backordered)}
                  for l in order.lines if l.id in shipped]},
        "packages": package_rows}
