"""Template + records → pages of positioned primitives: the single source every backend draws.

Barcode origins, pivots and module widths are snapped to whole printer dots here, once, so the
PNG at printer DPI, the ZPL and the ESC/POS raster all put every bar on the same dots and the PDF
shows exactly that geometry. Missing data in text prints as empty (or the placeholder's default);
missing data in a barcode is an error, because an empty or wrong symbol is worse than no label.
"""
from __future__ import annotations

import base64
import binascii
import struct
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Iterable, Mapping

from domain.labels import media
from domain.labels.counters import LabelScope, SsccGenerator, expand
from domain.errors import InvalidInput
from domain.labels.errors import TemplateError
from domain.labels.model import (Align, Barcode, BoundText, Box, Element, Image, Line,
                                 StaticText, TableBand, Template, TextStyle)
from domain.labels.placeholders import render
from domain.labels.primitives import Bars, Page, Picture, Rect, Segment, Turn
from domain.labels.symbols import encode
from domain.labels.tables import draw_table, paginate
from domain.labels.textflow import PT_MM, Measure, approximate, flow


@dataclass(frozen=True)
class Context:
    template: Template
    measure: Measure
    strict: bool

    @property
    def dots_per_mm(self) -> float:
        return self.template.page.dpi / 25.4

    def snap(self, mm: float) -> float:
        return round(mm * self.dots_per_mm) / self.dots_per_mm

    def snap_size(self, mm: float) -> float:
        return max(1, round(mm * self.dots_per_mm)) / self.dots_per_mm

    def text(self, expr: str, scope: Any) -> str:
        return render(expr, scope, strict=self.strict)


def layout_job(template: Template, records: Iterable[Mapping] | None = None, *,
               now: datetime | None = None, sscc: SsccGenerator | None = None,
               measure: Measure = approximate, strict: bool = False,
               for_media: bool = True) -> list[Page]:
    """All pages of a job; without records the template's sample data is laid out."""
    context = Context(template, measure, strict)
    records = list(template.sample if records is None else records)
    now = now or datetime.now()
    pages = [page for slot in expand(template, records)
             for page in layout_record(context, LabelScope(template, slot, now, sscc))]
    return [media.orient(template, page) for page in pages] if for_media else pages


def layout_record(context: Context, scope: LabelScope) -> list[Page]:
    """One record's pages: one for a label, more when a table band's rows overflow."""
    template = context.template
    tables = [e for e in template.elements if isinstance(e, TableBand)]
    if len(tables) > 1:
        raise TemplateError(template=template.name, reason="only one table band is supported")
    chunks = paginate(tables[0], scope) if tables else [None]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        page_scope = scope.with_values(page={"number": number, "count": len(chunks)})
        last = number == len(chunks)
        items = [item for element in template.ordered()
                 for item in _draw(element, page_scope, context, chunk, last)]
        pages.append(Page(template.page.width_mm, template.page.height_mm, template.page.dpi,
                          tuple(items)))
    return pages


def element_turn(element: Element, context: Context) -> Turn:
    cx = context.snap(element.x + element.width / 2)
    cy = context.snap(element.y + element.height / 2)
    return Turn.about(element.rotation, cx, cy)


def _draw(element: Element, scope: Any, context: Context, chunk: Any, last: bool) -> list:
    turn = element_turn(element, context)
    box = (element.x, element.y, element.width, element.height)
    if isinstance(element, StaticText):
        return [flow(element.text, box, element.style, context.measure, turn, element.id)]
    if isinstance(element, BoundText):
        text = context.text(element.expr, scope)
        return [flow(text, box, element.style, context.measure, turn, element.id)]
    if isinstance(element, Barcode):
        return _barcode(element, scope, context, turn)
    if isinstance(element, Line):
        return [Segment(element.x, element.y, element.x + element.width,
                        element.y + element.height, element.thickness_mm, turn, element.id)]
    if isinstance(element, Box):
        return [Rect(*box, element.thickness_mm, element.filled, turn, element.id)]
    if isinstance(element, Image):
        return [_picture(element, turn)]
    return draw_table(element, scope, chunk, last, context, turn)


def _barcode(element: Barcode, scope: Any, context: Context, turn: Turn) -> list:
    symbol = encode(element.symbology, render(element.data, scope, strict=True), element.id)
    module = context.snap_size(element.module_mm)
    x, y = context.snap(element.x), context.snap(element.y)
    text_height = element.hr_size_pt * PT_MM * 1.3 if element.human_readable else 0.0
    if symbol.is_matrix:
        height = len(symbol.rows) * module
    else:
        height = max(module, context.snap(element.height - text_height))
    bars = Bars(x, y, module, height, symbol, turn, element.id)
    if not element.human_readable:
        return [bars]
    style = TextStyle(size_pt=element.hr_size_pt, align=Align.CENTER, wrap=False,
                      shrink_to_fit=True)
    text_box = (x, y + height + 0.2 * text_height, bars.width, text_height)
    return [bars, flow(symbol.text, text_box, style, context.measure, turn, element.id)]


def _picture(element: Image, turn: Turn) -> Picture:
    png = decode_png_uri(element.source, element.id)
    x, y, width, height = element.x, element.y, element.width, element.height
    if element.keep_aspect:
        pw, ph = struct.unpack(">II", png[16:24])
        scale = min(width / pw, height / ph)
        x, y = x + (width - pw * scale) / 2, y + (height - ph * scale) / 2
        width, height = pw * scale, ph * scale
    return Picture(x, y, width, height, png, turn, element.id)


def decode_png_uri(source: str, element: str) -> bytes:
    """The PNG bytes of a ``data:image/png;base64,…`` source (images travel inside templates)."""
    prefix = "data:image/png;base64,"
    try:
        png = base64.b64decode(source[len(prefix):], validate=True) \
            if source.startswith(prefix) else b""
    except (binascii.Error, ValueError):
        png = b""
    if not png.startswith(b"\x89PNG\r\n\x1a\n") or len(png) < 24:
        raise InvalidInput(field=f"image {element!r}",
                           reason="the source must be a data:image/png;base64 URI of a PNG file")
    return png


def layout_elements(template: Template, record: Mapping | None = None, *,
                    now: datetime | None = None, measure: Measure = approximate,
                    sscc: SsccGenerator | None = None) -> dict[str, list | Exception]:
    """Each element's primitives on the first page of one record, for the designer's canvas.

    The same drawing code as ``layout_job`` (one scope, one table chunk), but element by element:
    an element that cannot be laid out (a barcode whose data is missing) gets its error in place
    of its primitives, so the canvas still draws the others. Coordinates are the designed page's
    (no landscape feeding, no sheet)."""
    context = Context(template, measure, False)
    records = [record] if record is not None else (template.sample[:1] or [{}])
    slot = next(expand(template, records), None)
    if slot is None:       # copies_from gave 0 copies: still show the design
        slot = next(expand(replace(template, copies_from="", copies=1), records))
    scope = LabelScope(template, slot, now or datetime.now(), sscc)
    tables = [e for e in template.elements if isinstance(e, TableBand)]
    try:
        chunks = paginate(tables[0], scope) if tables else [None]
    except Exception as error:  # noqa: BLE001 - shown on the band, the rest still draws
        chunks = [None]
        table_error: Exception | None = error
    else:
        table_error = None
    page_scope = scope.with_values(page={"number": 1, "count": len(chunks)})
    out: dict[str, list | Exception] = {}
    for element in template.ordered():
        if isinstance(element, TableBand) and element is not tables[0]:
            out[element.id] = TemplateError(template=template.name,
                                            reason="only one table band is supported")
            continue
        if isinstance(element, TableBand) and table_error is not None:
            out[element.id] = table_error
            continue
        try:
            out[element.id] = _draw(element, page_scope, context, chunks[0], len(chunks) == 1)
        except Exception as error:  # noqa: BLE001 - one broken element must not hide the rest
            out[element.id] = error
    return out
