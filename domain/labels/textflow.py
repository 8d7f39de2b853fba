"""Text in a box: wrapping, shrink-to-fit and alignment, done once for every backend.

Widths come from a ``Measure`` the caller passes: the renderers pass the real metrics of the font
they embed (devices/printers/render/fonts.py), so a centred line is centred the same in PDF, PNG
and ZPL. ``approximate`` is for callers without a font (tests, quick checks): CJK characters one
em wide, others 0.55 em.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable

from domain.labels.model import Align, TextStyle
from domain.labels.primitives import TextLine, TextRun, Turn

PT_MM = 25.4 / 72
ASCENT = 0.86            # of the em: the baseline below a line's top (wqy-microhei)
MIN_SIZE_PT = 4.0

Measure = Callable[[str, float], float]      # (text, size_mm) -> width_mm
_TOKENS = re.compile(r"\s+|[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff"
                     r"\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+")


def approximate(text: str, size_mm: float) -> float:
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
    return (wide + 0.55 * (len(text) - wide)) * size_mm


def flow(text: str, box: tuple[float, float, float, float], style: TextStyle, measure: Measure,
         turn: Turn, element: str = "") -> TextRun:
    """Lay ``text`` out in ``box`` (x, y, w, h) as lines with positions and widths."""
    x, y, width, height = box
    size_pt = style.size_pt
    lines = _break(text, width, size_pt * PT_MM, style, measure)
    while style.shrink_to_fit and size_pt > MIN_SIZE_PT and not _fits(
            lines, width, height, size_pt * PT_MM, style, measure):
        size_pt = max(MIN_SIZE_PT, size_pt * 0.9)
        lines = _break(text, width, size_pt * PT_MM, style, measure)
    size = size_pt * PT_MM
    placed = tuple(_place(line, i, width, size, style, measure) for i, line in enumerate(lines))
    return TextRun(x, y, width, height, size, style.bold, placed, turn, element, style.align)


def _place(line: str, index: int, width: float, size: float, style: TextStyle,
           measure: Measure) -> TextLine:
    line_width = measure(line, size)
    dx = {Align.LEFT: 0.0, Align.CENTER: (width - line_width) / 2,
          Align.RIGHT: width - line_width}[style.align]
    baseline = ASCENT * size + index * size * style.line_spacing
    return TextLine(line, dx, baseline, line_width)


def _fits(lines: list[str], width: float, height: float, size: float, style: TextStyle,
          measure: Measure) -> bool:
    tall = size * (1 + (len(lines) - 1) * style.line_spacing)
    return tall <= height + 1e-6 and all(measure(line, size) <= width + 1e-6 for line in lines)


def _break(text: str, width: float, size: float, style: TextStyle, measure: Measure) -> list[str]:
    paragraphs = text.split("\n")
    if not style.wrap:
        return paragraphs
    return [line for paragraph in paragraphs for line in _wrap(paragraph, width, size, measure)]


def _wrap(paragraph: str, width: float, size: float, measure: Measure) -> list[str]:
    """Greedy wrapping at spaces and between CJK characters; overlong words are cut."""
    lines, current = [], ""
    for token in _TOKENS.findall(paragraph):
        candidate = current + token
        if measure(candidate.rstrip(), size) <= width or not current.strip():
            current = candidate
        else:
            lines.append(current.rstrip())
            current = token.lstrip()
        while measure(current.rstrip(), size) > width and len(current) > 1:
            cut = _longest_prefix(current, width, size, measure)
            lines.append(current[:cut])
            current = current[cut:]
    lines.append(current.rstrip())
    return lines


def _longest_prefix(text: str, width: float, size: float, measure: Measure) -> int:
    cut = len(text) - 1
    while cut > 1 and measure(text[:cut], size) > width:
        cut -= 1
    return max(cut, 1)
