"""Scans in words: the rows and titles the "what is this?" panel and the Devices log show.

Pure functions over ``ScanMeaning``/``Resolution`` (translated in the "ScanDescription"
context), kept apart from the widgets so they are tested without any window.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from domain.barcodes import ScanMeaning
from domain.barcodes.escapes import visible
from domain.barcodes.resolution import AMBIGUOUS, UNKNOWN, Match, Resolution
from gui.errors import domain_term

CONTEXT = "ScanDescription"
FIELDS = (
    ("gtin", QT_TRANSLATE_NOOP("ScanDescription", "GTIN")),
    ("content_gtin", QT_TRANSLATE_NOOP("ScanDescription", "Contained GTIN")),
    ("lot", QT_TRANSLATE_NOOP("ScanDescription", "Lot")),
    ("serial", QT_TRANSLATE_NOOP("ScanDescription", "Serial number")),
    ("sscc", QT_TRANSLATE_NOOP("ScanDescription", "SSCC")),
    ("expiry", QT_TRANSLATE_NOOP("ScanDescription", "Expiry")),
    ("best_before", QT_TRANSLATE_NOOP("ScanDescription", "Best before")),
    ("production_date", QT_TRANSLATE_NOOP("ScanDescription", "Production date")),
    ("count", QT_TRANSLATE_NOOP("ScanDescription", "Count")),
)
KINDS = {
    "item": QT_TRANSLATE_NOOP("ScanDescription", "Item"),
    "bin": QT_TRANSLATE_NOOP("ScanDescription", "Bin"),
    "lot": QT_TRANSLATE_NOOP("ScanDescription", "Lot"),
    "serial": QT_TRANSLATE_NOOP("ScanDescription", "Serial number"),
    "package": QT_TRANSLATE_NOOP("ScanDescription", "Package"),
    "document": QT_TRANSLATE_NOOP("ScanDescription", "Document"),
    "task": QT_TRANSLATE_NOOP("ScanDescription", "Task"),
}
TEXTS = {
    "read_as": QT_TRANSLATE_NOOP("ScanDescription", "Read as"),
    "symbology": QT_TRANSLATE_NOOP("ScanDescription", "Symbology"),
    "item": QT_TRANSLATE_NOOP("ScanDescription", "Item {code} — {name}"),
    "document": QT_TRANSLATE_NOOP("ScanDescription", "Document {ref}"),
    "blocked": QT_TRANSLATE_NOOP("ScanDescription", "(blocked: {reason})"),
    "unknown": QT_TRANSLATE_NOOP("ScanDescription", "Unknown code: {data}"),
    "ambiguous": QT_TRANSLATE_NOOP("ScanDescription", "Ambiguous: {n} things have this code"),
    "invalid": QT_TRANSLATE_NOOP("ScanDescription", "Not a valid barcode"),
    "incomplete": QT_TRANSLATE_NOOP("ScanDescription", "Incomplete scan"),
}
FORMS = {
    "gs1": QT_TRANSLATE_NOOP("ScanDescription", "GS1 element strings"),
    "digital_link": QT_TRANSLATE_NOOP("ScanDescription", "GS1 Digital Link"),
    "gtin": QT_TRANSLATE_NOOP("ScanDescription", "GTIN (EAN/UPC)"),
    "plain": QT_TRANSLATE_NOOP("ScanDescription", "Plain code"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def kind_name(kind: str) -> str:
    return tr(KINDS[kind]) if kind in KINDS else kind


def meaning_rows(meaning: ScanMeaning) -> list[tuple[str, str]]:
    """(label, value) rows: the form, every AI with its raw data, then the interpreted fields."""
    rows = [(tr(TEXTS["read_as"]), tr(FORMS.get(meaning.form, meaning.form)))]
    if meaning.symbology:
        rows.append((tr(TEXTS["symbology"]), meaning.symbology))
    rows += [(f"({ai})", value) for ai, value in meaning.ai.items()]
    return rows + interpreted_rows(meaning)


def interpreted_rows(meaning: ScanMeaning) -> list[tuple[str, str]]:
    """The fields a warehouse acts on (GTIN, lot, expiry …) and measures with their units."""
    rows = []
    for name, label in FIELDS:
        value = getattr(meaning, name)
        if value is not None:
            text = value.isoformat() if hasattr(value, "isoformat") else str(value)
            rows.append((tr(label), text))
    return rows + [(m.title, f"{m.value} {m.unit}".strip()) for m in meaning.measures]


def match_text(match: Match) -> str:
    """One line: "Item LOT — Yoghurt 500 g", "Bin WH1 / A-01 (blocked: rack damaged)"."""
    d = match.detail
    if match.kind == "item":
        text = tr(TEXTS["item"]).format(code=match.key, name=match.label)
    elif match.kind == "document":
        text = tr(TEXTS["document"]).format(ref=match.key)
    else:
        text = f"{kind_name(match.kind)} {match.label}"
    if d.get("blocked"):
        text += " " + tr(TEXTS["blocked"]).format(reason=d.get("blocked_reason") or "-")
    if match.kind == "lot" and d.get("status") not in (None, "released"):
        text += f" ({domain_term(d['status'])})"
    return text


def resolution_title(resolution: Resolution) -> str:
    if resolution.kind == UNKNOWN:
        return tr(TEXTS["unknown"]).format(data=visible(resolution.meaning.data))
    if resolution.kind == AMBIGUOUS:
        return tr(TEXTS["ambiguous"]).format(n=len(resolution.matches))
    return match_text(resolution.match)


def error_title() -> str:
    return tr(TEXTS["invalid"])


def is_accepted(resolution: Resolution) -> bool:
    """Feedback: a scan that names one known thing is accepted; unknown or ambiguous is not."""
    return resolution.match is not None
