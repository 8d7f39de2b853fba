"""Cell values of import files, parsed strictly, and the same values formatted for export.

Every reader hands cells over as trimmed text (see ``files``), so CSV and XLSX parse alike.
A bad cell raises ``InvalidInput`` whose ``field`` is the column name: the import report points
the user at the exact cell.
"""
from __future__ import annotations

from decimal import Decimal

from domain.errors import DomainError, InvalidInput
from domain.quantity import parse_quantity

_TRUE = {"1", "true", "yes", "y", "x", "t", "是", "✓"}
_FALSE = {"0", "false", "no", "n", "f", "否", ""}
BARCODE_KINDS_DEFAULT = "GTIN"


def boolean(text: str, column: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise InvalidInput(field=column, reason=f"{text!r} is not yes/no (true/false, 1/0)")


def whole_number(text: str, column: str) -> int | None:
    """Empty means "none" (e.g. no shelf life)."""
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(field=column, reason=f"{text!r} is not a whole number") from None


def quantity(text: str, column: str, *, allow_zero: bool = True) -> Decimal | None:
    if not text:
        return None
    try:
        return parse_quantity(text, allow_zero=allow_zero)
    except DomainError as error:
        raise InvalidInput(field=column, reason=error.params.get("reason", str(error))) from None


def barcodes(text: str, column: str = "barcodes") -> list[tuple[str, str, Decimal]]:
    """``code:kind:qty;…``; kind defaults to GTIN, qty to 1 (``4006381333931;S-7:SUPPLIER``)."""
    out = []
    for part in _parts(text):
        bits = [b.strip() for b in part.split(":")]
        if len(bits) > 3 or not bits[0]:
            raise InvalidInput(field=column, reason=f"{part!r} is not code:kind:qty")
        kind = (bits[1] if len(bits) > 1 and bits[1] else BARCODE_KINDS_DEFAULT).upper()
        qty = quantity(bits[2], column, allow_zero=False) if len(bits) > 2 else None
        out.append((bits[0], kind, qty or Decimal(1)))
    return out


def pack_units(text: str, column: str = "pack_units") -> list[tuple[str, Decimal]]:
    """``uom=factor;…`` (``box=12;pallet=480``)."""
    out = []
    for part in _parts(text):
        uom, sep, factor = (p.strip() for p in part.partition("="))
        if not sep or not uom or not factor:
            raise InvalidInput(field=column, reason=f"{part!r} is not unit=factor")
        out.append((uom, quantity(factor, column, allow_zero=False)))
    return out


def _parts(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


# -- export -------------------------------------------------------------------------------------
def format_barcodes(rows) -> str:
    return ";".join(f"{code}:{kind}:{format_quantity(qty)}" for code, kind, qty in rows)


def format_pack_units(rows) -> str:
    return ";".join(f"{uom}={format_quantity(factor)}" for uom, factor in rows)


def format_quantity(value: Decimal | None) -> str:
    """Plain notation without trailing zeros: 12, 0.5, 1000 (never 1E+3)."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
