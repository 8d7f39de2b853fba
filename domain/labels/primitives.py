"""What the layout hands to every backend: positioned primitives in millimetres on a page.

Each primitive is given in its own unrotated coordinates plus a ``Turn`` (a quarter-turn rotation
and a translation) that places it on the page. Element rotation, landscape feeding and sheet
imposition are all just another ``Turn`` composed on top, so backends need to know only one way
of placing things: PDF applies the affine transform, raster and ZPL map rectangles with ``rect``.
Coordinates grow right and down from the page's top-left corner.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Union

from domain.labels.model import Align
from domain.labels.symbols import Symbol


@dataclass(frozen=True)
class Turn:
    """page point = rotate clockwise by ``rotation`` about (0, 0), then move by (dx, dy)."""
    rotation: int = 0
    dx: float = 0.0
    dy: float = 0.0

    @staticmethod
    def about(rotation: int, cx: float, cy: float) -> "Turn":
        """A clockwise rotation about the point (cx, cy)."""
        rx, ry = _rotate(rotation, cx, cy)
        return Turn(rotation % 360, cx - rx, cy - ry)

    def point(self, x: float, y: float) -> tuple[float, float]:
        rx, ry = _rotate(self.rotation, x, y)
        return rx + self.dx, ry + self.dy

    def rect(self, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
        """The page rectangle (left, top, width, height) covered by a local rectangle."""
        (x1, y1), (x2, y2) = self.point(x, y), self.point(x + w, y + h)
        return min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)

    def then(self, outer: "Turn") -> "Turn":
        """This placement followed by ``outer`` (e.g. an element inside a turned page)."""
        dx, dy = outer.point(self.dx, self.dy)
        return Turn((self.rotation + outer.rotation) % 360, dx, dy)


def _rotate(rotation: int, x: float, y: float) -> tuple[float, float]:
    r = rotation % 360
    if r == 90:
        return -y, x
    if r == 180:
        return -x, -y
    if r == 270:
        return y, -x
    return x, y


IDENTITY = Turn()


@dataclass(frozen=True)
class TextLine:
    text: str
    dx: float           # from the run's left edge
    baseline: float     # from the run's top edge
    width: float


@dataclass(frozen=True)
class TextRun:
    x: float
    y: float
    width: float
    height: float
    size_mm: float
    bold: bool
    lines: tuple[TextLine, ...]
    turn: Turn = IDENTITY
    element: str = ""
    align: Align = Align.LEFT      # how ``lines`` were placed (for printers with own fonts)


@dataclass(frozen=True)
class Bars:
    """A barcode symbol: ``symbol.rows`` drawn as ``module_mm`` cells (1-D: ``height`` tall)."""
    x: float
    y: float
    module_mm: float
    height: float
    symbol: Symbol
    turn: Turn = IDENTITY
    element: str = ""

    @property
    def width(self) -> float:
        return self.symbol.columns * self.module_mm


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    thickness: float
    filled: bool = False
    turn: Turn = IDENTITY
    element: str = ""


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float
    thickness: float
    turn: Turn = IDENTITY
    element: str = ""


@dataclass(frozen=True)
class Picture:
    x: float
    y: float
    width: float
    height: float
    png: bytes = field(repr=False)
    turn: Turn = IDENTITY
    element: str = ""


Primitive = Union[TextRun, Bars, Rect, Segment, Picture]


@dataclass(frozen=True)
class Page:
    """One label or document page as printed: media size, printer DPI and what is on it."""
    width_mm: float
    height_mm: float
    dpi: int
    items: tuple[Primitive, ...]

    def placed(self, outer: Turn, width_mm: float, height_mm: float) -> "Page":
        """The same content under ``outer`` on a page of another size."""
        items = tuple(replace(p, turn=p.turn.then(outer)) for p in self.items)
        return Page(width_mm, height_mm, self.dpi, items)


def bounds(item: Primitive) -> tuple[float, float, float, float]:
    """The page rectangle (left, top, width, height) of an item's own frame (text: its box)."""
    if isinstance(item, Segment):
        (x1, y1), (x2, y2) = item.turn.point(item.x1, item.y1), item.turn.point(item.x2, item.y2)
        return min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)
    return item.turn.rect(item.x, item.y, item.width, item.height)


def element_bounds(page: Page) -> dict[str, tuple[float, float, float, float]]:
    """Per element id, the union of its items' bounds: what a designer canvas must match."""
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for item in page.items:
        x, y, w, h = bounds(item)
        if item.element in boxes:
            bx, by, bw, bh = boxes[item.element]
            right, bottom = max(bx + bw, x + w), max(by + bh, y + h)
            x, y = min(bx, x), min(by, y)
            w, h = right - x, bottom - y
        boxes[item.element] = (x, y, w, h)
    return boxes
