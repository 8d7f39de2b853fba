"""Master-data words stored as codes (bin types, lot statuses, move reasons), shown translated.

The database keeps the English codes; the UI shows them through these tables (lupdate collects
the marked source texts). An unknown code shows as itself rather than disappearing.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

BIN_TYPES = {
    "receiving": QT_TRANSLATE_NOOP("BinType", "Receiving"),
    "storage": QT_TRANSLATE_NOOP("BinType", "Storage"),
    "pick_face": QT_TRANSLATE_NOOP("BinType", "Pick face"),
    "staging": QT_TRANSLATE_NOOP("BinType", "Staging"),
    "shipping": QT_TRANSLATE_NOOP("BinType", "Shipping"),
    "quarantine": QT_TRANSLATE_NOOP("BinType", "Quarantine"),
}
LOT_STATUSES = {
    "released": QT_TRANSLATE_NOOP("LotStatus", "Released"),
    "quarantine": QT_TRANSLATE_NOOP("LotStatus", "Quarantine"),
    "blocked": QT_TRANSLATE_NOOP("LotStatus", "Blocked"),
}
MOVE_REASONS = {
    "receipt": QT_TRANSLATE_NOOP("MoveReason", "Receipt"),
    "transfer": QT_TRANSLATE_NOOP("MoveReason", "Transfer"),
    "status_change": QT_TRANSLATE_NOOP("MoveReason", "Status change"),
    "issue": QT_TRANSLATE_NOOP("MoveReason", "Issue"),
    "adjustment_gain": QT_TRANSLATE_NOOP("MoveReason", "Adjustment gain"),
    "adjustment_loss": QT_TRANSLATE_NOOP("MoveReason", "Adjustment loss"),
    "scrap": QT_TRANSLATE_NOOP("MoveReason", "Scrap"),
    "return": QT_TRANSLATE_NOOP("MoveReason", "Return"),
}


def _term(context: str, table: dict[str, str], code: str | None) -> str:
    if not code:
        return ""
    return QCoreApplication.translate(context, table[code]) if code in table else code


def bin_type_term(code: str | None) -> str:
    return _term("BinType", BIN_TYPES, code)


def lot_status_term(code: str | None) -> str:
    return _term("LotStatus", LOT_STATUSES, code)


def reason_term(code: str | None) -> str:
    return _term("MoveReason", MOVE_REASONS, code)
