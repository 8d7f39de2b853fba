"""``ScanMeaning``: what a scanned string says, independent of any warehouse data.

It is the one shape the resolver, the CLI and the GUI read; biip's richer objects stay inside
``domain.barcodes.gs1``, so a change of parsing library touches one module.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# How the data was understood.
GS1 = "gs1"                     # GS1 element strings (raw, with separators, or HRI)
DIGITAL_LINK = "digital_link"   # GS1 Digital Link URI
GTIN = "gtin"                   # a bare EAN/UPC/ITF-14 number
PLAIN = "plain"                 # anything else: internal codes, bin labels, document numbers


@dataclass(frozen=True)
class Measure:
    """A decimal-indicator element (310n–369n, 390n–395n): value with its unit (``kg``, ``m²``,
    ``%``; an ISO 4217 numeric code for 391n/393n; empty for a local-currency amount)."""
    ai: str
    title: str
    value: Decimal
    unit: str


@dataclass(frozen=True)
class ScanMeaning:
    data: str                                 # as scanned, without the symbology identifier
    form: str = PLAIN
    symbology: str | None = None              # AIM identifier, e.g. "]C1"
    ai: dict[str, str] = field(default_factory=dict)   # AI → raw data, in scan order
    gtin: str | None = None                   # GTIN-14
    content_gtin: str | None = None           # AI 02: trade items inside a logistic unit
    lot: str | None = None
    serial: str | None = None
    sscc: str | None = None
    expiry: date | None = None                # AI 17
    best_before: date | None = None           # AI 15
    production_date: date | None = None       # AI 11
    count: int | None = None                  # AI 30 (variable count) or 37 (items in a unit)
    measures: tuple[Measure, ...] = ()

    @property
    def is_gs1(self) -> bool:
        return self.form in (GS1, DIGITAL_LINK)

    def to_dict(self) -> dict:
        """JSON-ready: dates in ISO form, decimals as strings (exact), absent fields omitted."""
        out: dict = {"data": self.data, "form": self.form}
        if self.symbology:
            out["symbology"] = self.symbology
        out["ai"] = dict(self.ai)
        for name in ("gtin", "content_gtin", "lot", "serial", "sscc", "count"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        for name in ("expiry", "best_before", "production_date"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name).isoformat()
        if self.measures:
            out["measures"] = [{"ai": m.ai, "title": m.title, "value": str(m.value),
                                "unit": m.unit} for m in self.measures]
        return out
