"""Native ZPL barcode commands for a laid-out symbol, or None when ^GF must stand in.

The printer encodes native symbols itself, so only the parameters the layout fixed are passed:
module width in dots (``^BY``), bar height, orientation, and for matrix codes the module size and
(DataMatrix) the symbol size. Human-readable lines are never asked of the printer: the layout
draws them as text, as in every other backend.
"""
from __future__ import annotations

from typing import Callable

from domain.labels.model import Symbology
from domain.labels.primitives import Bars
from domain.labels.symbols import gs1_element_string, needs_separator

QR_OFFSET = 10     # dots: Zebra's ^BQ prints this far below the field origin
# ^BY ratio of wide to narrow bars, as the layout's encoder (zint) draws them.
_RATIO = {Symbology.CODE39: "2.0", Symbology.ITF14: "3.0"}


def native_barcode(bars: Bars, dots: Callable[[float], int], orientation: str,
                   origin: tuple[int, int]) -> str | None:
    """``^FO^BY^Bx^FD^FS`` for ``bars`` with its top-left at ``origin`` (dots), if ZPL can."""
    from devices.printers.render.zpl import field_data

    symbol = bars.symbol
    module = dots(bars.module_mm)
    if not 1 <= module <= 10 or not symbol.data.isascii() or not symbol.data.isprintable():
        return None
    if symbol.is_matrix:
        return _matrix(bars, module, orientation, origin, field_data)
    command = _LINEAR.get(symbol.symbology)
    if command is None or ">" in symbol.data:
        return None
    height = max(1, dots(bars.height))
    head = f"^FO{origin[0]},{origin[1]}^BY{module},{_RATIO.get(symbol.symbology, '3.0')},{height}"
    return head + command.format(o=orientation, h=height) + field_data(_linear_data(bars))


_LINEAR = {
    Symbology.CODE128: "^BC{o},{h},N,N,N,N",
    Symbology.GS1_128: "^BC{o},{h},N,N,N,D",
    Symbology.SSCC: "^BC{o},{h},N,N,N,D",
    Symbology.EAN13: "^BE{o},{h},N,N",
    Symbology.UPCA: "^BE{o},{h},N,N",       # UPC-A is EAN-13 with a leading 0, bar for bar
    Symbology.CODE39: "^B3{o},N,{h},N,N",
    Symbology.ITF14: "^B2{o},{h},N,N,N",
}


def _linear_data(bars: Bars) -> str:
    symbol = bars.symbol
    if symbol.gs1:
        return _gs1_mode_d(symbol.gs1)
    if symbol.symbology is Symbology.CODE128:
        return ">:" + symbol.data            # start in subset B, like a scanner expects text
    if symbol.symbology is Symbology.EAN13:
        return symbol.data[:12]              # the printer adds the check digit
    if symbol.symbology is Symbology.UPCA:
        return "0" + symbol.data[:11]
    return symbol.data


def _gs1_mode_d(parts: tuple[tuple[str, str], ...]) -> str:
    """Bracketed AIs with an explicit FNC1 (``>8``) closing each variable-length field."""
    return "".join(f"({ai}){value}" + (">8" if needs_separator(ai) and i < len(parts) - 1 else "")
                   for i, (ai, value) in enumerate(parts))


def _matrix(bars: Bars, module: int, orientation: str, origin: tuple[int, int],
            field_data) -> str | None:
    symbol = bars.symbol
    x, y = origin
    if symbol.symbology is Symbology.QR:
        if orientation != "N" or module > 10:      # ^BQ prints upright only
            return None
        # ^BQ draws QR_OFFSET dots below its origin; ^BY's height feeds that offset in some
        # renderers, so it is pinned to the same value.
        return (f"^FO{x},{max(0, y - QR_OFFSET)}^BY{module},2.0,{QR_OFFSET}^BQN,2,{module}"
                + field_data("MA," + symbol.data))
    if "_" in symbol.data:                       # "_" is the escape character below
        return None
    size = f"{len(symbol.rows[0])},{len(symbol.rows)}"
    head = f"^FO{x},{y}^BX{orientation},{module},200,{size},6,_"
    if symbol.symbology is Symbology.GS1_DATAMATRIX:
        return head + field_data("_1" + gs1_element_string(symbol.gs1, "_1"))
    return head + field_data(symbol.data)
