"""From biip's element strings to our ``ScanMeaning``: the fields a warehouse acts on."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable

from domain.barcodes.errors import BarcodeError
from domain.barcodes.gs1 import Element
from domain.barcodes.meaning import Measure, ScanMeaning

_TEXT = {"00": "sscc", "01": "gtin", "02": "content_gtin", "10": "lot", "21": "serial"}
_DATES = {"17": "expiry", "15": "best_before", "11": "production_date"}
_UNIT = re.compile(r"\(([^)]+)\)")


def is_measure(ai: str) -> bool:
    """Decimal-indicator AIs: 310n–369n (measures) and 390n–395n (amounts, percentages)."""
    head = ai[:3]
    return len(ai) == 4 and ai[3].isdigit() and ("310" <= head <= "369" or "390" <= head <= "395")


def _unit(element: Element) -> str:
    ai, title = element.ai.ai, element.ai.data_title
    if ai[:3] in ("391", "393"):
        return element.pattern_groups[0]      # ISO 4217 numeric currency code
    if ai[:3] == "394":
        return "%"
    if ai[:3] == "337":
        return "kg/m²"
    found = _UNIT.search(title)
    return found.group(1).rstrip(".") if found else ""


def measure(element: Element) -> Measure:
    """The value with the implied decimal point: AI 3103 + 000189 → 0.189 kg."""
    digits = element.pattern_groups[-1]
    value = Decimal(digits).scaleb(-int(element.ai.ai[3]))
    return Measure(ai=element.ai.ai, title=element.ai.data_title, value=value, unit=_unit(element))


def interpret(elements: Iterable[Element], *, data: str, form: str,
              symbology: str | None) -> ScanMeaning:
    """One ``ScanMeaning`` from the element strings of one scan. An AI given twice with different
    data is refused: which one would the warehouse book?"""
    ai: dict[str, str] = {}
    fields: dict = {}
    measures: list[Measure] = []
    for element in elements:
        code = element.ai.ai
        if code in ai and ai[code] != element.value:
            raise BarcodeError(reason=f"AI ({code}) appears twice with different data")
        ai[code] = element.value
        if code in _TEXT:
            fields[_TEXT[code]] = element.value
        elif code in _DATES:
            fields[_DATES[code]] = element.date
        elif code in ("30", "37"):
            fields["count"] = int(element.value)
        elif is_measure(code):
            measures.append(measure(element))
    return ScanMeaning(data=data, form=form, symbology=symbology, ai=ai,
                       measures=tuple(measures), **fields)
