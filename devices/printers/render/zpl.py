"""Layout pages → ZPL II: native commands where they reproduce the layout, ^GF graphics otherwise.

Native: ^A0 text (printable ASCII; alignment by ^FB so the printer's own font widths are used),
^GB boxes and lines, ^BC (mode D for GS1-128/SSCC, ``>8`` closing variable-length fields), ^BE
(also UPC-A), ^B3, ^B2, ^BQ, ^BX (GS1 with ``_1`` as FNC1). Everything else — Chinese text,
images, diagonal lines, rotated QR codes, data a native command cannot carry safely — is
rasterised by the PNG backend and sent as ``^GFA``, so the printer never needs a downloaded font.
Every field's data goes through ``^FH`` hex escapes.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from PIL import Image

from devices.printers.render.raster import local_extent, rasterize_region
from devices.printers.render.zpl_barcodes import native_barcode
from domain.labels.model import Align
from domain.labels.primitives import Bars, Page, Rect, Segment, TextRun, Turn
from domain.labels.textflow import ASCENT

ORIENTATION = {0: "N", 90: "R", 180: "I", 270: "B"}
_INVERT = bytes(255 - b for b in range(256))
_JUSTIFY = {Align.LEFT: "L", Align.CENTER: "C", Align.RIGHT: "R"}


def render_zpl(pages: Iterable[Page]) -> bytes:
    return "".join(label_zpl(page) for page in pages).encode("utf-8")


def label_zpl(page: Page) -> str:
    out = _Writer(page.dpi)
    out.add(f"^XA^CI28^PW{out.dots(page.width_mm)}^LL{out.dots(page.height_mm)}^LH0,0")
    for item in page.items:
        if not _native(out, item):
            _graphic(out, item, page)
    out.add("^XZ\n")
    return "".join(out.parts)


class _Writer:
    def __init__(self, dpi: int) -> None:
        self.dpi = dpi
        self.parts: list[str] = []

    def dots(self, mm: float) -> int:
        return round(mm * self.dpi / 25.4)

    def add(self, command: str) -> None:
        self.parts.append(command + "\n")

    def origin(self, item, x: float, y: float, w: float, h: float) -> str:
        left, top, _, _ = item.turn.rect(x, y, w, h)
        return f"^FO{self.dots(left)},{self.dots(top)}"


def field_data(text: str) -> str:
    """``^FH\\^FD…`` with the characters ZPL would take as commands written as hex."""
    escaped = "".join(f"\\{ord(c):02X}" if c in "^~\\" else c for c in text)
    return f"^FH\\^FD{escaped}^FS"


def _native(out: _Writer, item) -> bool:
    if isinstance(item, TextRun):
        return _text(out, item)
    if isinstance(item, Rect):
        return _rect(out, item)
    if isinstance(item, Segment):
        return _segment(out, item)
    if isinstance(item, Bars):
        left, top, _, _ = item.turn.rect(item.x, item.y, item.width, item.height)
        command = native_barcode(item, out.dots, ORIENTATION[item.turn.rotation],
                                 (out.dots(left), out.dots(top)))
        if command:
            out.add(command)
        return command is not None
    return False


def _text(out: _Writer, run: TextRun) -> bool:
    if not all(" " <= c <= "~" for line in run.lines for c in line.text):
        return False
    height = max(10, out.dots(run.size_mm))
    orientation = ORIENTATION[run.turn.rotation]
    block = f"^FB{max(1, out.dots(run.width))},1,0,{_JUSTIFY[run.align]}"
    for line in run.lines:
        top = line.baseline - ASCENT * run.size_mm
        origin = out.origin(run, run.x, run.y + top, run.width, run.size_mm)
        out.add(f"{origin}^A0{orientation},{height},{height}{block}{field_data(line.text)}")
    return True


def _rect(out: _Writer, rect: Rect) -> bool:
    left, top, width, height = rect.turn.rect(rect.x, rect.y, rect.width, rect.height)
    w, h = max(1, out.dots(width)), max(1, out.dots(height))
    thickness = min(w, h) if rect.filled else max(1, out.dots(rect.thickness))
    out.add(f"^FO{out.dots(left)},{out.dots(top)}^GB{w},{h},{min(thickness, w, h)},B,0^FS")
    return True


def _segment(out: _Writer, segment: Segment) -> bool:
    (x1, y1), (x2, y2) = segment.turn.point(segment.x1, segment.y1), \
        segment.turn.point(segment.x2, segment.y2)
    t = segment.thickness
    if abs(y1 - y2) < 1e-6:
        left, top, w, h = min(x1, x2), y1 - t / 2, abs(x2 - x1), t
    elif abs(x1 - x2) < 1e-6:
        left, top, w, h = x1 - t / 2, min(y1, y2), t, abs(y2 - y1)
    else:
        return False
    dw, dh = max(1, out.dots(w)), max(1, out.dots(h))
    out.add(f"^FO{out.dots(left)},{out.dots(top)}^GB{dw},{dh},{min(dw, dh)},B,0^FS")
    return True


def _graphic(out: _Writer, item, page: Page) -> None:
    """The item as a ^GF bitmap, clipped to the label (ZPL has no negative origins)."""
    x, y, w, h = item.turn.rect(*local_extent(item))
    left, top = max(0.0, x), max(0.0, y)
    width, height = min(x + w, page.width_mm) - left, min(y + h, page.height_mm) - top
    if width <= 0 or height <= 0:
        return
    if (left, top, width, height) == (x, y, w, h):        # unclipped: the same bitmap each label
        moved = replace(item, turn=item.turn.then(Turn(0, -x, -y)))
        field = _cached_graphic(moved, width, height, out.dpi)
    else:
        field = graphic_field(rasterize_region([item], (left, top, width, height), out.dpi))
    out.add(f"^FO{out.dots(left)},{out.dots(top)}{field}")


@lru_cache(maxsize=1024)
def _cached_graphic(item, width: float, height: float, dpi: int) -> str:
    """Static captions and logos repeat on every label of a job: rasterise them once."""
    return graphic_field(rasterize_region([item], (0.0, 0.0, width, height), dpi))


def graphic_field(image) -> str:
    """``^GFA`` of a mode "1" image (1 = black in ZPL, the opposite of PIL's 1 = white)."""
    row_bytes = (image.width + 7) // 8
    padded = Image.new("1", (row_bytes * 8, image.height), 1)     # padding bits stay white
    padded.paste(image, (0, 0))
    data = padded.tobytes().translate(_INVERT)              # PIL packs rows MSB first
    total = len(data)
    return f"^GFA,{total},{total},{row_bytes},{data.hex().upper()}^FS"
