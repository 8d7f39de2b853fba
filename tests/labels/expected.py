"""What a scanner must read from each shipped template's sample data, written out by hand.

Per label (or document page): (zxing format, symbology identifier, exact bytes). GS1 payloads are
the element string a scanner transmits: AIs and values, GS (\\x1d) after a variable-length field
that is not last.
"""
from __future__ import annotations

import collections

LOT_GS1 = b"0109501101530003" b"17260301" b"10LOT2025-07"

PER_LABEL = {
    "bin_label": [("Code128", "]C0", b"A-01-02"), ("QRCode", "]Q1", b"A-01-02")],
    "item_label": [("Code128", "]C0", b"WL-100234"), ("EAN13", "]E0", b"5901234123457")],
    "lot_label": [("Code128", "]C1", LOT_GS1), ("DataMatrix", "]d2", LOT_GS1)],
    "pallet_label": [("Code128", "]C1", b"00106141412345678908"),
                     ("Code128", "]C1",
                      b"0209501101530003" b"3724\x1d" b"15260301" b"10LOT2025-07")],
    "pallet_label_mixed": [("Code128", "]C1", b"00106141412345678915")],
    "pick_list": [("Code128", "]C0", b"PCK-20260105-0001")],
    "delivery_note": [("Code128", "]C0", b"SHP-20260105-0007")],
    "receiving_note": [("Code128", "]C0", b"RCV-20260105-0003")],
    "count_sheet": [("Code128", "]C0", b"CNT-202601-0002")],
}
PAGES = {"pallet_label": 2, "pallet_label_mixed": 2, "pick_list": 2}        # copies 2; 40 rows on two A4 pages
LABELS = ("bin_label", "item_label", "lot_label", "pallet_label", "pallet_label_mixed")
DOCUMENTS = ("pick_list", "delivery_note", "receiving_note", "count_sheet")
LANGUAGES = ("en", "zh")


def per_page(name: str) -> collections.Counter:
    return collections.Counter(PER_LABEL[name])


def pages(name: str) -> int:
    return PAGES.get(name, 1)
