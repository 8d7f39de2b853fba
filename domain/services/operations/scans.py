"""Checking what a clerk scanned against what the task expects.

A wrong scan is refused with what was expected, so the screen can say "wrong lot: scanned L2,
expected L1" and play the error sound; nothing is written.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from domain.errors import DomainError
from domain.model import Bin, Item, Lot, Serial
from domain.model.tasks import TaskLine
from domain.services.stock import find_bin, find_item, find_lot, find_serial


class WrongScan(DomainError):
    template = "Wrong {what}: scanned {scanned}, expected {expected}"


def _code(obj, attr: str) -> str:
    return getattr(obj, attr) if obj is not None else "-"


def check_bin(s: Session, scanned: str, expected_id: int | None) -> Bin:
    b = find_bin(s, scanned)
    if expected_id is not None and b.id != expected_id:
        raise WrongScan(what="bin", scanned=b.code, expected=_code(s.get(Bin, expected_id), "code"))
    return b


def check_item(s: Session, scanned: str, expected_id: int | None) -> Item:
    item = find_item(s, scanned)
    if expected_id is not None and item.id != expected_id:
        raise WrongScan(what="item", scanned=item.code,
                        expected=_code(s.get(Item, expected_id), "code"))
    return item


def _check_tracked(what: str, attr: str, expected, scanned: str | None, find):
    """A lot or serial scan against the planned one (``expected``; None = any or none). An
    unknown code is a wrong scan too, so it is compared before any lookup."""
    if expected is None and not scanned:
        return None
    if not scanned:
        raise WrongScan(what=what, scanned="nothing", expected=getattr(expected, attr))
    if expected is None:
        return find(scanned)
    if scanned.strip() != getattr(expected, attr):
        raise WrongScan(what=what, scanned=scanned.strip(), expected=getattr(expected, attr))
    return expected


def check_lot(s: Session, item: Item, scanned: str | None, expected_id: int | None) -> Lot | None:
    expected = s.get(Lot, expected_id) if expected_id is not None else None
    return _check_tracked("lot", "lot_no", expected, scanned, lambda c: find_lot(s, item, c))


def check_serial(s: Session, item: Item, scanned: str | None,
                 expected_id: int | None) -> Serial | None:
    expected = s.get(Serial, expected_id) if expected_id is not None else None
    return _check_tracked("serial", "serial_no", expected, scanned,
                          lambda c: find_serial(s, item, c))


def check_stock_scan(s: Session, line: TaskLine, *, bin: str, item: str, lot: str | None,
                     serial: str | None) -> tuple:
    """Bin, item, lot and serial scanned at the source of ``line`` must be the planned ones.
    Returns them: a caller that keeps them referenced spares the ledger reloading them (the
    session's identity map holds objects only weakly)."""
    b = check_bin(s, bin, line.from_bin_id)
    it = check_item(s, item, line.item_id)
    return b, it, check_lot(s, it, lot, line.lot_id), check_serial(s, it, serial, line.serial_id)
