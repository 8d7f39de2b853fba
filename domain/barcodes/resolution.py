"""What a scan means *in this warehouse*: the rows it points at, found by indexed lookups.

Resolution is pluggable by kind, because the things a label can name grow with the product:
the stock core knows items, bins, lots, serials and documents (``stock_moves.document_ref``);
the operations and printing work adds packages (SSCC), orders and tasks by calling
``register_lookup("package", find_packages)`` at import time. A lookup receives the session
and the ``ScanMeaning`` and returns the ``Match``es it finds (an empty list when the scan is
not its business), so adding a kind never touches the others.

The outcome is reported, never guessed: no match is ``unknown``, several are ``ambiguous``
with every candidate listed (a lot number used by two items), one is that thing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from sqlalchemy.orm import Session

from domain.barcodes.meaning import ScanMeaning

ITEM, BIN, LOT, SERIAL = "item", "bin", "lot", "serial"
PACKAGE, DOCUMENT, TASK = "package", "document", "task"
UNKNOWN, AMBIGUOUS = "unknown", "ambiguous"


@dataclass(frozen=True)
class Match:
    """One row a scan points at. ``key`` is the business key a service takes (item code, bin
    barcode, document number); ``detail`` carries what a screen shows (plain JSON values)."""
    kind: str
    key: str
    label: str
    id: int | None = None
    detail: dict = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "key": self.key, "label": self.label, "id": self.id,
                "detail": {k: _plain(v) for k, v in self.detail.items()}}


@dataclass(frozen=True)
class Resolution:
    """The scan's meaning, what it matched, and for an item scanned with GS1 data the lot and
    serial of that item the same scan named (``related``), when they exist already."""
    meaning: ScanMeaning
    matches: tuple[Match, ...] = ()
    related: tuple[Match, ...] = ()

    @property
    def kind(self) -> str:
        """The matched kind, ``unknown`` (nothing) or ``ambiguous`` (several candidates)."""
        if not self.matches:
            return UNKNOWN
        return self.matches[0].kind if len(self.matches) == 1 else AMBIGUOUS

    @property
    def match(self) -> Match | None:
        return self.matches[0] if len(self.matches) == 1 else None

    def of_kind(self, kind: str) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if m.kind == kind)

    def related_of_kind(self, kind: str) -> Match | None:
        return next((m for m in self.related if m.kind == kind), None)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "matches": [m.to_dict() for m in self.matches],
                "related": [m.to_dict() for m in self.related]}


Lookup = Callable[[Session, ScanMeaning], Sequence[Match]]
RelatedLookup = Callable[[Session, Match, ScanMeaning], Sequence[Match]]
_lookups: dict[str, Lookup] = {}
_related: dict[str, RelatedLookup] = {}


def register_lookup(kind: str, lookup: Lookup, *, related: RelatedLookup | None = None,
                    replace: bool = True) -> None:
    """Add (or replace) the lookup of ``kind``; ``related`` finds what else the same scan names
    once a ``kind`` match is unique (an item's lot and serial from GS1 AIs 10 and 21)."""
    if not replace and kind in _lookups:
        return
    _lookups[kind] = lookup
    if related is not None:
        _related[kind] = related


def registered_kinds() -> tuple[str, ...]:
    _ensure_defaults()
    return tuple(_lookups)


def resolve(session: Session, meaning: ScanMeaning,
            kinds: Iterable[str] | None = None) -> Resolution:
    """Run the lookups (all, or only ``kinds``: a screen that waits for a bin asks for bins) and
    report what the scan points at."""
    _ensure_defaults()
    wanted = list(_lookups) if kinds is None else [k for k in kinds if k in _lookups]
    found: dict[tuple, Match] = {}
    for kind in wanted:
        for match in _lookups[kind](session, meaning):
            found.setdefault((match.kind, match.id, match.key), match)
    matches = tuple(found.values())
    related: tuple[Match, ...] = ()
    if len(matches) == 1 and matches[0].kind in _related:
        related = tuple(_related[matches[0].kind](session, matches[0], meaning))
    return Resolution(meaning, matches, related)


_defaults_loaded = False


def _ensure_defaults() -> None:
    """The stock core's lookups, registered on first use so that import order does not matter;
    they never replace a lookup another module registered for the same kind."""
    global _defaults_loaded
    if not _defaults_loaded:
        _defaults_loaded = True
        from domain.barcodes import lookups
        lookups.register_defaults()


def _plain(value: object) -> object:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
