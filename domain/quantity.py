"""Quantities: exact decimals with a fixed precision, parsed strictly from user input.

Stock is counted in an item's base unit as ``Decimal`` with at most ``QTY_PLACES`` decimal places.
The database stores them as scaled integers (see ``persistence.types.Quantity``) so that sums and
CHECK constraints are exact on SQLite too, where NUMERIC would silently become a float.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from domain.errors import InvalidQuantity

QTY_PLACES = 6
QTY_SCALE = 10 ** QTY_PLACES
_QUANTUM = Decimal(1).scaleb(-QTY_PLACES)
_MAX = Decimal(10) ** 12


def parse_quantity(value: object, *, allow_zero: bool = False) -> Decimal:
    """Turn user or API input into a positive quantity, or raise ``InvalidQuantity`` saying why.

    Accepts ``Decimal``, ``int`` and strings (surrounding spaces and a decimal comma are tolerated,
    because scanners and European keyboards send them). Floats are refused: they are not exact.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise InvalidQuantity(value=value, reason="use a decimal number, not a float")
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if not text:
            raise InvalidQuantity(value=value, reason="it is empty")
        try:
            qty = Decimal(text)
        except InvalidOperation:
            raise InvalidQuantity(value=value, reason="not a number") from None
    elif isinstance(value, (int, Decimal)):
        qty = Decimal(value)
    else:
        raise InvalidQuantity(value=value, reason="not a number")
    if not qty.is_finite():
        raise InvalidQuantity(value=value, reason="not a finite number")
    if qty < 0:
        raise InvalidQuantity(value=value, reason="it is negative")
    if qty == 0 and not allow_zero:
        raise InvalidQuantity(value=value, reason="it must be greater than zero")
    if qty >= _MAX:
        raise InvalidQuantity(value=value, reason="it is too large")
    if qty != qty.quantize(_QUANTUM):
        raise InvalidQuantity(value=value, reason=f"more than {QTY_PLACES} decimal places")
    return plain(qty.quantize(_QUANTUM))


def plain(qty: Decimal) -> Decimal:
    """Without trailing zeros and never in exponent form: 10 stays ``10``, not ``1E+1``
    (str() of the result is what people and the ERP read)."""
    if not qty:
        return Decimal(0)
    normal = qty.normalize()
    return normal.quantize(Decimal(1)) if normal.as_tuple().exponent > 0 else normal


def to_scaled(qty: Decimal) -> int:
    """Decimal quantity -> scaled integer as stored."""
    if type(qty) is int:                     # whole units: the common case, no Decimal maths
        return qty * QTY_SCALE
    if type(qty) is Decimal and qty.is_finite():
        numerator, denominator = qty.as_integer_ratio()
        if denominator == 1:
            return numerator * QTY_SCALE
    return int((Decimal(qty) * QTY_SCALE).to_integral_exact())


def from_scaled(value: int | None) -> Decimal | None:
    """Scaled integer as stored -> Decimal quantity (normalised, so 5 prints as 5, not 5.000000)."""
    if value is None:
        return None
    whole, fraction = divmod(int(value), QTY_SCALE)
    if not fraction:                         # whole units: most stock, and 10x cheaper
        return Decimal(whole)
    return plain(Decimal(int(value)) / QTY_SCALE)
