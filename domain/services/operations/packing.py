"""Packing (打包): picked units of an order go into packages or pallets, each with an SSCC.

Packing moves no stock (the units stay held in the staging bin until shipment), so it writes no
ERP message of its own; the shipment message lists the packages with their contents. Contents
carry lot and serial, taken from what was really picked, so the dispatch advice is exact.

Unpacking undoes a package that has not shipped: the package and its contents are deleted, and
the units are picked-and-unpacked again, held in the staging bin for the order exactly as packing
found them (packing posted no moves, so unpacking posts none either). Its SSCC may already be on
a printed label or in an advance notice, so the ERP gets one ``package.unpacked`` message naming
the SSCC and its contents. A shipped package is refused: its units have left the warehouse.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import DomainError, InvalidInput, NotFound
from domain.model import Item, Lot, Serial
from domain.model.documents import OutboundOrder
from domain.model.sscc import make_sscc
from domain.permissions import Actor, Permission
from domain.persistence.tables import (
    outbound_orders, package_contents, packages, quants, reservations, settings, task_lines,
)
from domain.quantity import parse_quantity
from domain.services.operations.common import (
    OperationService, as_qty, load_outbound, next_doc_number, qty_text,
)
from domain.services.operations.messages import write_message
from domain.services.stock import find_lot, find_serial

PREFIX_KEY, EXTENSION_KEY = "gs1.company_prefix", "gs1.sscc_extension"
KINDS = ("package", "pallet")
Unit = tuple[int, int | None, int | None]         # (order line id, lot id, serial id)


class PackageShipped(DomainError):
    template = "Package {sscc} has shipped; it cannot be unpacked"


@dataclass(frozen=True)
class PackLine:
    line_no: int
    qty: object
    lot: str | None = None
    serial: str | None = None


def _setting(s: Session, key: str) -> str | None:
    return s.scalar(select(settings.c.value).where(settings.c.key == key))


def next_sscc(s: Session, today) -> str:
    """A new SSCC: the configured prefix and extension, the serial reference from a database
    counter (locked with the transaction, so no two packages ever share one)."""
    prefix = _setting(s, PREFIX_KEY)
    if not prefix:
        raise InvalidInput(field="GS1 company prefix", reason="set it before packing")
    serial = int(next_doc_number(s, "sscc", today))
    return make_sscc(_setting(s, EXTENSION_KEY) or "0", prefix, serial)


def picked_units(s: Session, order: OutboundOrder) -> dict[Unit, Decimal]:
    """Units held in staging for the order, per order line, lot and serial."""
    q = (select(task_lines.c.outbound_line_id, quants.c.lot_id, quants.c.serial_id,
                as_qty(func.sum(reservations.c.qty)).label("qty"))
         .select_from(reservations.join(task_lines, task_lines.c.id == reservations.c.task_line_id)
                      .join(quants, quants.c.id == reservations.c.quant_id))
         .where(reservations.c.picked.is_(True),
                task_lines.c.outbound_line_id.in_([l.id for l in order.lines]))
         .group_by(task_lines.c.outbound_line_id, quants.c.lot_id, quants.c.serial_id))
    return {(r.outbound_line_id, r.lot_id, r.serial_id): r.qty for r in s.execute(q)}


def packed_units(s: Session, order: OutboundOrder) -> dict[Unit, Decimal]:
    """Units in the order's packages that have not shipped yet."""
    q = (select(package_contents.c.outbound_line_id, package_contents.c.lot_id,
                package_contents.c.serial_id, as_qty(func.sum(package_contents.c.qty)).label("qty"))
         .select_from(package_contents.join(packages,
                                            packages.c.id == package_contents.c.package_id))
         .where(packages.c.outbound_order_id == order.id, packages.c.state != "shipped")
         .group_by(package_contents.c.outbound_line_id, package_contents.c.lot_id,
                   package_contents.c.serial_id))
    return {(r.outbound_line_id, r.lot_id, r.serial_id): r.qty for r in s.execute(q)}


def unpacked_units(s: Session, order: OutboundOrder) -> dict[Unit, Decimal]:
    packed = packed_units(s, order)
    left = {k: q - packed.get(k, Decimal(0)) for k, q in picked_units(s, order).items()}
    return {k: q for k, q in left.items() if q > 0}


class PackingService(OperationService):

    def configure_sscc(self, actor: Actor, company_prefix: str, extension: str = "0") -> None:
        self.require(actor, Permission.EDIT_MASTER_DATA, "sscc.configure")
        make_sscc(extension, company_prefix, 1)       # validates both

        def work(s: Session) -> None:
            for key, value in ((PREFIX_KEY, company_prefix), (EXTENSION_KEY, extension)):
                s.execute(delete(settings).where(settings.c.key == key))
                s.execute(insert(settings).values(key=key, value=value))
            audit.record(s, actor, "sscc.configure", detail={"prefix": company_prefix})
        self.db.write(work)

    def pack(self, actor: Actor, order_number: str, *, kind: str = "package",
             contents: list[PackLine] | None = None, weight_kg: object = None) -> str:
        """Put picked units of the order into a new package (all that are still unpacked when
        ``contents`` is None). Returns the package's SSCC."""
        self.require(actor, Permission.MOVE, "pack.package")
        if kind not in KINDS:
            raise InvalidInput(field="package kind", reason="package or pallet")
        weight = parse_quantity(weight_kg) if weight_kg is not None else None

        def work(s: Session) -> str:
            order = load_outbound(s, order_number)
            order.ensure_workable()
            rows = self._contents(s, order, contents)
            sscc = next_sscc(s, self.today())
            package_id = s.execute(insert(packages).values(
                sscc=sscc, kind=kind, outbound_order_id=order.id, state="closed",
                weight_kg=weight, created_at=self.now(), created_by_id=actor.user_id)
                .returning(packages.c.id)).scalar_one()
            s.execute(insert(package_contents), [{**r, "package_id": package_id} for r in rows])
            audit.record(s, actor, "pack.package", entity="package", key=sscc,
                         detail={"order": order.number, "kind": kind, "rows": len(rows)})
            return sscc
        return self.db.write(work)

    def unpack(self, actor: Actor, sscc: str) -> str:
        """Undo the packing of a package that has not shipped (see the module's docstring).
        Returns the outbox key of the ``package.unpacked`` message."""
        self.require(actor, Permission.MOVE, "pack.unpack")
        code = (sscc or "").strip()

        def work(s: Session) -> str:
            number = s.scalar(select(outbound_orders.c.number).join(
                packages, packages.c.outbound_order_id == outbound_orders.c.id)
                .where(packages.c.sscc == code))
            if number is None:
                raise NotFound(kind="Package", key=code)
            order = load_outbound(s, number)      # the order first, as packing and shipping lock
            row = s.execute(select(packages).where(packages.c.sscc == code)
                            .with_for_update()).one()
            if row.state == "shipped":
                raise PackageShipped(sscc=code)
            order.ensure_workable()
            contents = s.execute(select(package_contents)
                                 .where(package_contents.c.package_id == row.id)
                                 .order_by(package_contents.c.id)).all()
            lines = {l.id: l.line_no for l in order.lines}
            body = [content_row(s, lines[c.outbound_line_id], c) for c in contents]
            s.execute(delete(package_contents).where(package_contents.c.package_id == row.id))
            s.execute(delete(packages).where(packages.c.id == row.id))
            audit.record(s, actor, "pack.unpack", entity="package", key=code,
                         detail={"order": order.number, "rows": len(body)})
            return write_message(s, actor, "package.unpacked", order.number, {
                "outbound_order": {"number": order.number, "external_ref": order.external_ref},
                "package": {"sscc": code, "kind": row.kind,
                            "weight_kg": (qty_text(row.weight_kg) if row.weight_kg is not None
                                          else None),
                            "contents": body}}, self.now())
        return self.db.write(work)

    @staticmethod
    def _contents(s: Session, order: OutboundOrder, wanted: list[PackLine] | None) -> list[dict]:
        left = unpacked_units(s, order)
        if wanted is None:
            chosen = dict(left)
        else:
            chosen = defaultdict(Decimal)
            for pack_line in wanted:
                for unit, qty in _take(s, order, left, pack_line):
                    chosen[unit] += qty
        if not chosen:
            raise InvalidInput(field="package", reason=f"nothing of {order.number} is picked "
                                                       f"and not yet packed")
        return [dict(outbound_line_id=line_id, lot_id=lot_id, serial_id=serial_id, qty=qty,
                     item_id=order_line_item(order, line_id))
                for (line_id, lot_id, serial_id), qty in sorted(chosen.items(), key=str)]


def order_line_item(order: OutboundOrder, line_id: int) -> int:
    return next(l.item_id for l in order.lines if l.id == line_id)


def _take(s: Session, order: OutboundOrder, left: dict[Unit, Decimal],
          wanted: PackLine) -> list[tuple[Unit, Decimal]]:
    """Units of one order line (and lot/serial if scanned) for ``wanted``; ``left`` shrinks."""
    line = order.line(wanted.line_no)
    item = s.get(Item, line.item_id)
    lot = find_lot(s, item, wanted.lot)
    serial = find_serial(s, item, wanted.serial)
    need, out = parse_quantity(wanted.qty), []
    for unit in sorted(left, key=str):
        line_id, lot_id, serial_id = unit
        if line_id != line.id or (lot and lot_id != lot.id) or (serial and serial_id != serial.id):
            continue
        take = min(need, left[unit])
        if take > 0:
            out.append((unit, take))
            left[unit] -= take
            need -= take
    if need > 0:
        raise InvalidInput(field="quantity", reason=(
            f"line {wanted.line_no} has {parse_quantity(wanted.qty) - need} picked and not packed"))
    return out


def content_row(s: Session, line_no: int, c) -> dict:
    """One content row of a package as the ERP messages carry it."""
    return {"line_no": line_no, "item": s.get(Item, c.item_id).code, "qty": qty_text(c.qty),
            "lot": s.get(Lot, c.lot_id).lot_no if c.lot_id else None,
            "serial": s.get(Serial, c.serial_id).serial_no if c.serial_id else None}
