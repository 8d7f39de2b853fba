"""``parse_scan``: what one scanned string means, before any database is asked.

Which reading applies is decided from what the scanner told us, strictest first:

1. The AIM symbology identifier (``]C1`` GS1-128, ``]d2`` GS1 DataMatrix, ``]Q3`` GS1 QR,
   ``]e0`` DataBar, ``]J1`` DotCode → GS1 element strings; ``]E0``/``]E4``/``]I1`` → GTIN;
   any other identifier → plain data, or a Digital Link URI if it is one).
2. Without one, the data's shape: a GS separator, the ``(01)…`` HRI form, a Digital Link URI,
   a bare GTIN with a valid check digit, or raw element strings starting with a primary key
   (SSCC ``00``, GTIN ``01``/``02``). Anything else is plain data (bin labels, internal item
   codes, document numbers) and passes through untouched.

Once data claims to be GS1 it must be valid GS1: a wrong check digit, date or length is a
``BarcodeError``, never a silent fallback to "plain" (that is how wrong lots get booked).
"""
from __future__ import annotations

import re

from biip import ParseError
from biip.gtin import Gtin

from domain.barcodes import gs1
from domain.barcodes.errors import BarcodeError
from domain.barcodes.interpret import interpret
from domain.barcodes.meaning import DIGITAL_LINK, GS1, GTIN, ScanMeaning

_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")
GS1_SYMBOLOGIES = frozenset({"C1", "e0", "e1", "e2", "d2", "Q3", "J1"})
GTIN_SYMBOLOGIES = frozenset({"E0", "E3", "E4", "I1"})
_HRI = re.compile(r"\s*\(\d{2,4}\)")
_RAW_GS1 = re.compile(r"(00\d{18}|0[12]\d{14})")
_TRIM = " \r\n\t"


def split_symbology(data: str) -> tuple[str | None, str]:
    """``"]C1010950…"`` → ``("]C1", "010950…")``; without an AIM prefix: ``(None, data)``."""
    if _AIM.match(data):
        return data[:3], data[3:]
    return None, data


def parse_scan(data: str, symbology: str | None = None) -> ScanMeaning:
    """Interpret one scan. ``symbology`` is the AIM identifier when the device already split it
    off; an AIM prefix still in ``data`` wins. Raises ``BarcodeError`` only."""
    found, text = split_symbology(data.strip(_TRIM))
    symbology = found or symbology
    text = text.strip(_TRIM)
    if not text.strip(gs1.GS):
        raise BarcodeError(reason="the scan is empty")
    modifier = symbology[1:] if symbology else None
    if modifier in GS1_SYMBOLOGIES:
        if modifier in ("d2", "Q3") and gs1.looks_like_digital_link(text):
            return _digital_link(text, symbology)
        return _raw(text, symbology)
    if modifier in GTIN_SYMBOLOGIES:
        return _gtin(text, symbology, strict=True)
    if symbology is not None:
        return _digital_link(text, symbology) if gs1.looks_like_digital_link(text) \
            else ScanMeaning(data=text, symbology=symbology)
    return _by_shape(text)


def _by_shape(text: str) -> ScanMeaning:
    if gs1.GS in text or _RAW_GS1.match(text):
        return _raw(text, None)
    if _HRI.match(text):
        return _gs1(gs1.parse_hri, text, None)
    if gs1.looks_like_digital_link(text):
        return _digital_link(text, None)
    if text.isascii() and text.isdecimal() and len(text) in (8, 12, 13, 14):
        meaning = _gtin(text, None, strict=False)
        if meaning is not None:
            return meaning
    return ScanMeaning(data=text)


def _gs1(parser, text: str, symbology: str | None, form: str = GS1) -> ScanMeaning:
    if not text.isascii():
        raise BarcodeError(reason="characters outside the GS1 character set")
    return interpret(parser(text), data=text, form=form, symbology=symbology)


def _raw(text: str, symbology: str | None) -> ScanMeaning:
    return _gs1(gs1.parse_raw, text, symbology)


def _digital_link(text: str, symbology: str | None) -> ScanMeaning:
    return _gs1(gs1.parse_digital_link, text, symbology, DIGITAL_LINK)


def _gtin(text: str, symbology: str | None, *, strict: bool) -> ScanMeaning | None:
    """A bare GTIN (EAN-13/8, UPC-A, ITF-14), stored as GTIN-14. Not strict (no symbology):
    a number that fails the check digit is not a GTIN, and the caller treats it as plain."""
    number = _without_add_on(text) if symbology == "]E3" else text
    try:
        gtin = Gtin.parse(number)
    except (ParseError, ValueError):
        if not strict:
            return None
        problem = gs1.check_digit_problem(number) if len(number) in (8, 12, 13, 14) else None
        raise BarcodeError(reason=f"GTIN {number!r}: " + (
            problem or "expected 8, 12, 13 or 14 digits")) from None
    return ScanMeaning(data=text, form=GTIN, symbology=symbology, gtin=gtin.as_gtin_14())


def _without_add_on(text: str) -> str:
    for length in (13, 12, 8):
        if len(text) - length in (2, 5):
            return text[:length]
    return text
