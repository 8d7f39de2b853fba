"""Stock use cases in the words of the floor: receive, move, change status, issue, adjust, reserve.

Each method checks permission, opens its own transaction (``Database.write``, retried on
conflicts), resolves codes to rows, and hands the movement to ``ledger.post``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from domain import audit
from domain.errors import InvalidInput, InvalidStatusChange, NotFound, NotTracked
from domain.model import Bin, Item, Lot, LotStatus, MoveReason, Serial, StockStatus
from domain.numbering import next_number
from domain.permissions import Actor, Permission
from domain.quantity import parse_quantity
from domain.services import ledger
from domain.services.base import Service
from domain.services.ledger import MoveLine, Posting, PostResult, QuantKey

AVAILABLE = StockStatus.AVAILABLE.value


@dataclass(frozen=True)
class StockRef:
    """Which stock a clerk means, by the codes on labels: item, bin, optional lot and serial."""
    item: str
    bin: str
    lot: str | None = None
    serial: str | None = None
    status: str = AVAILABLE


# -- lookups by code (shared by services) -------------------------------------------------------
def find_item(session: Session, code: str) -> Item:
    """An item by its code. Its barcodes and pack units load only if asked for (inside the
    session): a scan or a posting needs neither, and loading them was two more statements."""
    code = (code or "").strip()
    item = session.scalars(select(Item).where(Item.code == code)
                           .options(lazyload(Item.barcodes), lazyload(Item.pack_units))).first()
    if item is None:
        raise NotFound(kind="Item", key=code)
    return item


def find_bin(session: Session, code: str) -> Bin:
    """A bin by its barcode (unique everywhere) or by its code (unique per warehouse)."""
    code = (code or "").strip()
    found = session.scalars(select(Bin).where(Bin.barcode == code)).first()
    if found is not None:
        return found
    matches = session.scalars(select(Bin).where(Bin.code == code).limit(2)).all()
    if not matches:
        raise NotFound(kind="Bin", key=code)
    if len(matches) > 1:
        raise InvalidInput(field="bin", reason=f"{code} exists in several warehouses; scan the bin label")
    return matches[0]


def find_lot(session: Session, item: Item, lot_no: str | None) -> Lot | None:
    if not lot_no:
        return None
    lot = session.scalars(select(Lot).where(Lot.item_id == item.id, Lot.lot_no == lot_no.strip())).first()
    if lot is None:
        raise NotFound(kind="Lot", key=f"{item.code}/{lot_no}")
    return lot


def find_serial(session: Session, item: Item, serial_no: str | None) -> Serial | None:
    if not serial_no:
        return None
    serial = session.scalars(select(Serial).where(Serial.item_id == item.id,
                                                  Serial.serial_no == serial_no.strip())).first()
    if serial is None:
        raise NotFound(kind="Serial", key=f"{item.code}/{serial_no}")
    return serial


def _check_status(status: str) -> str:
    if status not in {s.value for s in StockStatus}:
        raise InvalidInput(field="status", reason=f"unknown status {status!r}")
    return status


class StockService(Service):

    # -- receive ------------------------------------------------------------------------------
    def receive(self, actor: Actor, *, item: str, qty: object, bin: str, lot: str | None = None,
                expiry: date | None = None, production_date: date | None = None,
                serials: tuple[str, ...] = (), status: str | None = None,
                document_ref: str | None = None, note: str = "") -> PostResult:
        """Book stock arriving from outside into ``bin``. New lots and serials are created.
        Items that require inspection arrive in quarantine unless a status is given."""
        self.require(actor, Permission.RECEIVE, "stock.receipt")
        quantity = parse_quantity(qty)

        def work(s: Session) -> PostResult:
            it, target = find_item(s, item), find_bin(s, bin)
            if not it.active:
                raise InvalidInput(field="item", reason=f"{it.code} is inactive")
            to_status = _check_status(status or (StockStatus.QUARANTINE.value
                                                 if it.requires_inspection else AVAILABLE))
            lot_row = self.lot_for_receipt(s, it, lot, expiry, production_date)
            lines = self.receipt_lines(s, it, quantity, target, lot_row, serials, to_status, note)
            ref = document_ref or next_number(s, "receipt", self.clock.today())
            return ledger.post(s, actor, Posting(MoveReason.RECEIPT, lines, ref),
                               now=self.clock.now(), today=self.clock.today())
        return self.db.write(work)

    def lot_for_receipt(self, s: Session, item: Item, lot_no: str | None, expiry: date | None,
                        production: date | None) -> Lot | None:
        """The lot stock arrives in, created if new (inside the caller's transaction: receiving,
        returns and counts create lots exactly as a receipt does)."""
        if not lot_no:
            return None
        if not item.lot_tracked:
            raise NotTracked(item=item.code, tracking="lot")
        lot_no = lot_no.strip()
        existing = s.scalars(select(Lot).where(Lot.item_id == item.id, Lot.lot_no == lot_no)).first()
        if existing is not None:
            if expiry and existing.expiry_date and expiry != existing.expiry_date:
                raise InvalidInput(field="expiry", reason=(
                    f"lot {lot_no} already has expiry {existing.expiry_date}, not {expiry}"))
            if expiry and not existing.expiry_date:
                existing.expiry_date = expiry
            return existing
        lot = Lot(item_id=item.id, lot_no=lot_no, production_date=production,
                  expiry_date=expiry or item.default_expiry(production or self.clock.today()),
                  status=LotStatus.RELEASED.value)
        s.add(lot)
        s.flush()
        return lot

    def receipt_lines(self, s: Session, item: Item, qty: Decimal, target: Bin, lot: Lot | None,
                      serial_nos: tuple[str, ...], status: str, note: str) -> list[MoveLine]:
        common = dict(item_id=item.id, to_bin_id=target.id, to_status=status,
                      lot_id=lot.id if lot else None, note=note)
        if not item.serial_tracked:
            if serial_nos:
                    raise NotTracked(item=item.code, tracking="serial")
            return [MoveLine(qty=qty, **common)]
        cleaned = [n.strip() for n in serial_nos if n and n.strip()]
        if len(cleaned) != qty or len(set(cleaned)) != len(cleaned):
            raise InvalidInput(field="serials", reason=(
                f"{qty} units need {qty} different serial numbers, {len(set(cleaned))} given"))
        return [MoveLine(qty=Decimal(1), serial_id=self.serial_for(s, item, n, lot).id, **common)
                for n in cleaned]

    @staticmethod
    def serial_for(s: Session, item: Item, serial_no: str, lot: Lot | None) -> Serial:
        serial = s.scalars(select(Serial).where(Serial.item_id == item.id,
                                                Serial.serial_no == serial_no)).first()
        if serial is None:
            serial = Serial(item_id=item.id, serial_no=serial_no, lot_id=lot.id if lot else None)
            s.add(serial)
            s.flush()
        return serial

    # -- internal movements -------------------------------------------------------------------
    def transfer(self, actor: Actor, ref: StockRef, qty: object, to_bin: str, *,
                 document_ref: str | None = None, note: str = "") -> PostResult:
        """Bin-to-bin move (移库); status and lot stay as they are."""
        self.require(actor, Permission.MOVE, "stock.transfer")
        quantity = parse_quantity(qty)

        def work(s: Session) -> PostResult:
            line = self._line(s, ref, quantity, note)
            target = find_bin(s, to_bin)
            line = MoveLine(**{**line.__dict__, "to_bin_id": target.id, "to_status": ref.status})
            doc = document_ref or next_number(s, "transfer", self.clock.today())
            return self._post(s, actor, MoveReason.TRANSFER, [line], doc)
        return self.db.write(work)

    def change_status(self, actor: Actor, ref: StockRef, qty: object, to_status: str, *,
                      note: str = "", document_ref: str | None = None) -> PostResult:
        """Move stock between statuses in place (e.g. quarantine → available after inspection).
        Making stock available again needs the release permission (supervisor)."""
        self.require(actor, Permission.CHANGE_STATUS, "stock.status_change")
        _check_status(to_status)
        if to_status == ref.status:
            raise InvalidStatusChange(from_status=ref.status, to_status=to_status)
        if to_status == AVAILABLE:
            self.require(actor, Permission.RELEASE, "stock.release")
        quantity = parse_quantity(qty)

        def work(s: Session) -> PostResult:
            line = self._line(s, ref, quantity, note)
            line = MoveLine(**{**line.__dict__, "to_bin_id": line.from_bin_id, "to_status": to_status})
            return self._post(s, actor, MoveReason.STATUS_CHANGE, [line], document_ref)
        return self.db.write(work)

    def issue(self, actor: Actor, ref: StockRef, qty: object, *, document_ref: str | None = None,
              note: str = "", from_reserved: object = 0) -> PostResult:
        """Stock leaves the warehouse (shipped, consumed)."""
        self.require(actor, Permission.ISSUE, "stock.issue")
        quantity = parse_quantity(qty)
        reserved = parse_quantity(from_reserved, allow_zero=True)

        def work(s: Session) -> PostResult:
            line = self._line(s, ref, quantity, note)
            line = MoveLine(**{**line.__dict__, "from_reserved": reserved})
            return self._post(s, actor, MoveReason.ISSUE, [line], document_ref)
        return self.db.write(work)

    def adjust(self, actor: Actor, ref: StockRef, delta: object, *, reason_code: str,
               note: str = "") -> PostResult:
        """Correct the book to the floor: positive ``delta`` is a gain, negative a loss.
        A reason code is mandatory (supervisors read them in variance reports)."""
        self.require(actor, Permission.ADJUST, "stock.adjustment")
        if not reason_code or not reason_code.strip():
            raise InvalidInput(field="reason code", reason="an adjustment needs a reason code")
        text = str(delta).strip()
        gain = not text.startswith("-")
        quantity = parse_quantity(text.lstrip("+-"))
        note = f"{reason_code.strip()}: {note}".strip(": ")

        def work(s: Session) -> PostResult:
            doc = next_number(s, "adjustment", self.clock.today())
            if gain:
                it, b = find_item(s, ref.item), find_bin(s, ref.bin)
                lot = self.lot_for_receipt(s, it, ref.lot, None, None)  # a count may find a new lot
                serial = (self.serial_for(s, it, ref.serial.strip(), lot) if ref.serial else None)
                line = MoveLine(item_id=it.id, qty=quantity, to_bin_id=b.id,
                                to_status=_check_status(ref.status), lot_id=lot.id if lot else None,
                                serial_id=serial.id if serial else None, note=note)
                return self._post(s, actor, MoveReason.ADJUSTMENT_GAIN, [line], doc)
            line = self._line(s, ref, quantity, note)
            return self._post(s, actor, MoveReason.ADJUSTMENT_LOSS, [line], doc)
        return self.db.write(work)

    # -- reservations -------------------------------------------------------------------------
    def reserve(self, actor: Actor, ref: StockRef, qty: object, *, document_ref: str = "") -> None:
        self._reservation(actor, ref, qty, document_ref, ledger.reserve, "stock.reserve")

    def unreserve(self, actor: Actor, ref: StockRef, qty: object, *, document_ref: str = "") -> None:
        self._reservation(actor, ref, qty, document_ref, ledger.unreserve, "stock.unreserve")

    def _reservation(self, actor, ref, qty, document_ref, apply, action) -> None:
        self.require(actor, Permission.RESERVE, action)
        quantity = parse_quantity(qty)

        def work(s: Session) -> None:
            key = self._key(s, ref)
            apply(s, key, quantity, now=self.clock.now())
            audit.record(s, actor, action, entity="document", key=document_ref,
                         detail={"item": ref.item, "bin": ref.bin, "lot": ref.lot,
                                 "serial": ref.serial, "status": ref.status, "qty": str(quantity)})
        self.db.write(work)

    # -- helpers ------------------------------------------------------------------------------
    def _key(self, s: Session, ref: StockRef) -> QuantKey:
        it, b = find_item(s, ref.item), find_bin(s, ref.bin)
        lot, serial = find_lot(s, it, ref.lot), find_serial(s, it, ref.serial)
        return QuantKey(it.id, b.id, lot.id if lot else None, serial.id if serial else None,
                        _check_status(ref.status))

    def _line(self, s: Session, ref: StockRef, qty: Decimal, note: str) -> MoveLine:
        key = self._key(s, ref)
        return MoveLine(item_id=key.item_id, qty=qty, from_bin_id=key.bin_id, lot_id=key.lot_id,
                        serial_id=key.serial_id, from_status=key.status, note=note)

    def _post(self, s: Session, actor: Actor, reason: MoveReason, lines: list[MoveLine],
              document_ref: str | None) -> PostResult:
        return ledger.post(s, actor, Posting(reason, lines, document_ref),
                           now=self.clock.now(), today=self.clock.today())
