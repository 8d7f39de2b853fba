"""Barcode data → module matrix, the one encoding every backend draws from.

zxing-cpp's writer (zint inside) encodes; it checks GS1 application identifiers and check digits,
so a wrong GTIN is refused here, at layout time, not by a scanner at the dock. Printers with
native barcode commands get the same normalised data (``Symbol.data``, ``Symbol.gs1``) so their
own encoders produce the same content.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from domain.labels.counters import gs1_check_digit
from domain.labels.errors import BarcodeDataError
from domain.labels.model import Symbology

_GS1_PART = re.compile(r"\((\d{2,4})\)([^()]*)")
MAX_DATA = 2000
_DARK = bytes(1 if value < 128 else 0 for value in range(256))     # grey pixel → module


@dataclass(frozen=True)
class Symbol:
    """An encoded symbol: ``rows`` of modules (1 = dark), one row for linear codes.

    ``data`` is what a native printer command needs (digits with the check digit, GS1 in bracket
    form), ``text`` the human-readable line, ``gs1`` the (AI, value) pairs of GS1 symbols.
    """
    symbology: Symbology
    data: str
    text: str
    rows: tuple[bytes, ...]
    gs1: tuple[tuple[str, str], ...] = ()

    @property
    def columns(self) -> int:
        return len(self.rows[0])

    @property
    def is_matrix(self) -> bool:
        return self.symbology.is_matrix


def encode(symbology: Symbology, data: str, element: str = "") -> Symbol:
    """Encode ``data``; a refusal names the element and says what is wrong with the data."""
    try:
        return _encode(symbology, data)
    except BarcodeDataError:
        raise
    except (ValueError, RuntimeError) as exc:
        reason = re.sub(r"^Error \d+: | \(retval: \d+\)$", "", str(exc))
        raise BarcodeDataError(element=element, symbology=symbology.value, data=data[:60],
                               reason=reason) from None


@lru_cache(maxsize=2048)
def _encode(symbology: Symbology, data: str) -> Symbol:
    import zxingcpp

    if not data:
        raise ValueError("no data (is the bound field empty?)")
    if len(data) > MAX_DATA:
        raise ValueError(f"more than {MAX_DATA} characters")
    data, gs1 = _normalise(symbology, data)
    fmt, options = _FORMATS[symbology]
    code = zxingcpp.create_barcode(data, getattr(zxingcpp.BarcodeFormat, fmt), **options)
    image = zxingcpp.write_barcode_to_image(code, scale=1, add_quiet_zones=False)
    height, width = image.shape
    pixels = bytes(memoryview(image))
    rows = tuple(pixels[r * width:(r + 1) * width].translate(_DARK)
                 for r in (range(height) if symbology.is_matrix else (0,)))
    text = data if symbology.is_gs1 else code.text
    return Symbol(symbology, _native_data(symbology, code.text, data), text, rows, gs1)


_FORMATS = {
    Symbology.CODE128: ("Code128", {}),
    Symbology.GS1_128: ("Code128", {"gs1": True}),
    Symbology.SSCC: ("Code128", {"gs1": True}),
    Symbology.EAN13: ("EAN13", {}),
    Symbology.UPCA: ("UPCA", {}),
    Symbology.CODE39: ("Code39", {}),
    Symbology.ITF14: ("ITF", {}),
    Symbology.QR: ("QRCode", {"ec_level": "M"}),
    Symbology.DATAMATRIX: ("DataMatrix", {"forcesquare": True}),
    Symbology.GS1_DATAMATRIX: ("DataMatrix", {"gs1": True, "forcesquare": True}),
}


def _normalise(symbology: Symbology, data: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    if symbology is Symbology.SSCC:
        data = "(00)" + _with_check(data.strip(), 18, "SSCC")
    elif symbology is Symbology.ITF14:
        return _with_check(data.strip(), 14, "ITF-14"), ()
    if symbology.is_gs1:
        return data, parse_gs1(data)
    if symbology is Symbology.CODE39 and data != data.upper():
        raise ValueError("Code 39 has no lower-case letters")
    return data, ()


def _native_data(symbology: Symbology, encoded_text: str, data: str) -> str:
    """Digits with their check digit for EAN/UPC (zint reports UPC-A as 13 digits)."""
    if symbology is Symbology.UPCA:
        return encoded_text[-12:]
    if symbology is Symbology.EAN13:
        return encoded_text
    return data


def _with_check(digits: str, length: int, name: str) -> str:
    if not digits.isdigit() or len(digits) not in (length - 1, length):
        raise ValueError(f"{name} needs {length - 1} or {length} digits")
    body = digits[:length - 1]
    check = gs1_check_digit(body)
    if len(digits) == length and digits[-1] != check:
        raise ValueError(f"check digit {digits[-1]} is wrong, expected {check}")
    return body + check


def parse_gs1(data: str) -> tuple[tuple[str, str], ...]:
    """``(01)0950…(10)LOT7`` → (("01", "0950…"), ("10", "LOT7")); anything else is refused."""
    parts = tuple(_GS1_PART.findall(data))
    if not parts or "".join(f"({ai}){value}" for ai, value in parts) != data:
        raise ValueError("GS1 data must be written as (AI)value pairs, e.g. (01)09501101530003")
    return parts


# AIs whose length GS1 predefines (by their first two digits): no FNC1 needed after them.
_PREDEFINED = {"00", "01", "02", "03", "04", "11", "12", "13", "14", "15", "16", "17", "18", "19",
               "20", "31", "32", "33", "34", "35", "36", "41"}


def gs1_element_string(parts: tuple[tuple[str, str], ...], separator: str = "\x1d") -> str:
    """AIs and values run together, ``separator`` (FNC1/GS) after each variable-length field.

    This is what a scanner transmits, and what native printer commands take with their own FNC1
    escape (``_1`` in ZPL ^BX, ``{1`` in ESC/POS CODE128).
    """
    out = []
    for index, (ai, value) in enumerate(parts):
        out.append(ai + value)
        if needs_separator(ai) and index < len(parts) - 1:
            out.append(separator)
    return "".join(out)


def needs_separator(ai: str) -> bool:
    """Whether a field with this AI must be closed by FNC1 when another field follows."""
    return ai[:2] not in _PREDEFINED
