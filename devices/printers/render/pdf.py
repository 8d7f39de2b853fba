"""Layout pages → PDF with reportlab: vector barcodes, the label font embedded as a subset.

The canvas is set up in millimetres with y growing downwards, the layout's own coordinates; each
primitive's ``Turn`` becomes one affine transform, so rotation needs no special cases here.
Text and images are flipped back locally because PDF draws them y-up.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from devices.printers.render.fonts import reportlab_font
from domain.labels.primitives import Bars, Page, Picture, Rect, Segment, TextRun, Turn

_COS_SIN = {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}
BOLD_STROKE = 0.035      # of the em: the outline that thickens the regular face into bold


def render_pdf(pages: Iterable[Page], title: str = "Warelink labels") -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=1, initialFontName=reportlab_font())
    canvas.setTitle(title)
    canvas.setCreator("Warelink")
    for page in pages:
        canvas.setPageSize((page.width_mm * mm, page.height_mm * mm))
        canvas.translate(0, page.height_mm * mm)
        canvas.scale(mm, -mm)
        for item in page.items:
            canvas.saveState()
            _apply(canvas, item.turn)
            _DRAW[type(item)](canvas, item)
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _apply(canvas: Canvas, turn: Turn) -> None:
    cos, sin = _COS_SIN[turn.rotation]
    canvas.transform(cos, sin, -sin, cos, turn.dx, turn.dy)


def dark_runs(row: bytes) -> Iterator[tuple[int, int]]:
    """(start, length) of each run of dark modules: one rectangle per bar, not per module."""
    start = None
    for index, module in enumerate(row + b"\x00"):
        if module and start is None:
            start = index
        elif not module and start is not None:
            yield start, index - start
            start = None


def _bars(canvas: Canvas, bars: Bars) -> None:
    step = bars.module_mm if bars.symbol.is_matrix else bars.height
    path = canvas.beginPath()
    for r, row in enumerate(bars.symbol.rows):
        for start, length in dark_runs(row):
            path.rect(bars.x + start * bars.module_mm, bars.y + r * step,
                      length * bars.module_mm, step)
    canvas.drawPath(path, stroke=0, fill=1)


def _text(canvas: Canvas, run: TextRun) -> None:
    for line in run.lines:
        text = canvas.beginText()
        text.setTextOrigin(0, 0)
        text.setFont(reportlab_font(), run.size_mm)
        if run.bold:
            text.setTextRenderMode(2)
            canvas.setLineWidth(run.size_mm * BOLD_STROKE)
        text.textOut(line.text)
        canvas.saveState()
        canvas.translate(run.x + line.dx, run.y + line.baseline)
        canvas.scale(1, -1)
        canvas.drawText(text)
        canvas.restoreState()


def _rect(canvas: Canvas, rect: Rect) -> None:
    if rect.filled:
        canvas.rect(rect.x, rect.y, rect.width, rect.height, stroke=0, fill=1)
        return
    half = rect.thickness / 2          # the border lies inside the box, as ZPL ^GB draws it
    canvas.setLineWidth(rect.thickness)
    canvas.rect(rect.x + half, rect.y + half, max(0.0, rect.width - rect.thickness),
                max(0.0, rect.height - rect.thickness), stroke=1, fill=0)


def _segment(canvas: Canvas, segment: Segment) -> None:
    canvas.setLineWidth(segment.thickness)
    canvas.line(segment.x1, segment.y1, segment.x2, segment.y2)


def _picture(canvas: Canvas, picture: Picture) -> None:
    canvas.translate(picture.x, picture.y + picture.height)
    canvas.scale(1, -1)
    canvas.drawImage(ImageReader(io.BytesIO(picture.png)), 0, 0, picture.width, picture.height,
                     mask="auto")


_DRAW = {Bars: _bars, TextRun: _text, Rect: _rect, Segment: _segment, Picture: _picture}
