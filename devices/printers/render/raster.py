"""Layout pages → 1-bit images at the printer's resolution (PNG, ZPL ^GF, ESC/POS raster).

Black and white only, no anti-aliasing: what a thermal printer can print, so the preview shows
exactly the dots that will burn. Barcode geometry is already snapped to printer dots by the
layout; rounding both edges of each rectangle keeps every module the same number of dots wide.
"""
from __future__ import annotations

import io
from collections.abc import Iterable

from PIL import Image, ImageDraw

from devices.printers.render.fonts import pillow_font
from devices.printers.render.pdf import dark_runs
from domain.labels.primitives import Bars, Page, Picture, Rect, Segment, TextRun, Turn

WHITE, BLACK = 255, 0
# Image.transpose that turns an upright image clockwise by the key's degrees.
_CLOCKWISE = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
              270: Image.Transpose.ROTATE_90}


def render_png(pages: Iterable[Page], dpi: int | None = None) -> list[bytes]:
    """One PNG per page, at ``dpi`` or the page's own (the template's printer) resolution."""
    out = []
    for page in pages:
        image = rasterize(page, dpi)
        buffer = io.BytesIO()
        resolution = dpi or page.dpi
        image.save(buffer, "PNG", dpi=(resolution, resolution), optimize=False)
        out.append(buffer.getvalue())
    return out


def rasterize(page: Page, dpi: int | None = None) -> Image.Image:
    return rasterize_region(page.items, (0, 0, page.width_mm, page.height_mm), dpi or page.dpi)


def rasterize_region(items: Iterable, region: tuple[float, float, float, float],
                     dpi: int) -> Image.Image:
    """Draw ``items`` clipped to ``region`` (x, y, w, h in mm) as a mode "1" image."""
    x, y, width, height = region
    scale = dpi / 25.4
    image = Image.new("L", (max(1, round(width * scale)), max(1, round(height * scale))), WHITE)
    painter = _Painter(image, scale, Turn(0, -x, -y))
    for item in items:
        painter.draw(item)
    return image.point(lambda v: 255 if v >= 128 else 0, mode="1")


class _Painter:
    def __init__(self, image: Image.Image, scale: float, offset: Turn) -> None:
        self.image = image
        self.canvas = ImageDraw.Draw(image)
        self.canvas.fontmode = "1"
        self.scale = scale
        self.offset = offset

    def draw(self, item) -> None:
        self.turn = item.turn.then(self.offset)
        getattr(self, "_" + type(item).__name__.lower())(item)

    def box(self, x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
        """Pixel box (left, top, right, bottom; right/bottom exclusive) of a local rectangle."""
        left, top, width, height = self.turn.rect(x, y, w, h)
        s = self.scale
        return (round(left * s), round(top * s), round((left + width) * s),
                round((top + height) * s))

    def fill(self, x: float, y: float, w: float, h: float) -> None:
        left, top, right, bottom = self.box(x, y, w, h)
        if right > left and bottom > top:
            self.canvas.rectangle((left, top, right - 1, bottom - 1), fill=BLACK)

    def _bars(self, bars: Bars) -> None:
        step = bars.module_mm if bars.symbol.is_matrix else bars.height
        for r, row in enumerate(bars.symbol.rows):
            for start, length in dark_runs(row):
                self.fill(bars.x + start * bars.module_mm, bars.y + r * step,
                          length * bars.module_mm, step)

    def _rect(self, rect: Rect) -> None:
        if rect.filled:
            self.fill(rect.x, rect.y, rect.width, rect.height)
            return
        t = rect.thickness
        for x, y, w, h in ((rect.x, rect.y, rect.width, t),
                           (rect.x, rect.y + rect.height - t, rect.width, t),
                           (rect.x, rect.y, t, rect.height),
                           (rect.x + rect.width - t, rect.y, t, rect.height)):
            self.fill(x, y, w, h)

    def _segment(self, segment: Segment) -> None:
        s = self.scale
        start = self.turn.point(segment.x1, segment.y1)
        end = self.turn.point(segment.x2, segment.y2)
        self.canvas.line([(start[0] * s, start[1] * s), (end[0] * s, end[1] * s)], fill=BLACK,
                         width=max(1, round(segment.thickness * s)))

    def _textrun(self, run: TextRun) -> None:
        self._paste(text_image(run, self.scale), run, *text_extent(run))

    def _picture(self, picture: Picture) -> None:
        size = (max(1, round(picture.width * self.scale)),
                max(1, round(picture.height * self.scale)))
        source = Image.open(io.BytesIO(picture.png)).convert("L").resize(size)
        self._paste(source.convert("1").convert("L"), picture, 0, 0, picture.width,
                    picture.height)

    def _paste(self, upright: Image.Image, item, x: float, y: float, w: float, h: float) -> None:
        """Paste an upright local image, turned with the item, where its box lands."""
        left, top, _, _ = self.box(item.x + x, item.y + y, w, h)
        turned = upright.transpose(_CLOCKWISE[self.turn.rotation]) \
            if self.turn.rotation else upright
        mask = turned.point(lambda v: 255 if v < 128 else 0)
        self.image.paste(BLACK, (left, top), mask)


def text_extent(run: TextRun) -> tuple[float, float, float, float]:
    """The local box (x, y, w, h) the run's glyphs may cover, overflow included."""
    left = min([0.0] + [line.dx for line in run.lines])
    right = max([run.width] + [line.dx + line.width for line in run.lines])
    bottom = max([run.height] + [line.baseline + run.size_mm * 0.3 for line in run.lines])
    return left, 0.0, right - left, bottom


def text_image(run: TextRun, scale: float) -> Image.Image:
    """The run drawn upright in black on white, sized to ``text_extent``."""
    left, _, width, height = text_extent(run)
    image = Image.new("L", (max(1, round(width * scale)), max(1, round(height * scale))), WHITE)
    canvas = ImageDraw.Draw(image)
    canvas.fontmode = "1"
    font = pillow_font(round(run.size_mm * scale))
    stroke = max(1, round(run.size_mm * scale * 0.035)) if run.bold else 0
    for line in run.lines:
        canvas.text(((line.dx - left) * scale, line.baseline * scale), line.text, font=font,
                    fill=BLACK, anchor="ls", stroke_width=stroke, stroke_fill=BLACK)
    return image


def local_extent(item) -> tuple[float, float, float, float]:
    """The unrotated box (x, y, w, h) an item may ink, before its ``turn``."""
    if isinstance(item, TextRun):
        x, y, w, h = text_extent(item)
        return item.x + x, item.y + y, w, h
    if isinstance(item, Segment):
        pad = item.thickness
        return (min(item.x1, item.x2) - pad, min(item.y1, item.y2) - pad,
                abs(item.x2 - item.x1) + 2 * pad, abs(item.y2 - item.y1) + 2 * pad)
    return item.x, item.y, item.width, item.height
