"""The one font every backend draws with, and its metrics for the layout.

WenQuanYi Micro Hei covers Latin, digits and Chinese in one face (reportlab has no per-glyph
fallback, so a CJK-only font would blank out ``A-01-02``), is TrueType (reportlab cannot embed
CFF-based Noto CJK) and is embedded as a subset in PDFs. The layout measures with the same font,
so alignment computed once holds in PDF and PNG.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from domain.errors import DomainError

FONT_NAME = "WarelinkSans"
ENV = "WARELINK_LABEL_FONT"
_CANDIDATES = (
    Path(__file__).resolve().parents[3] / "resources" / "fonts" / "wqy-microhei.ttc",
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
    Path("C:/Windows/Fonts/msyh.ttc"),
)
PT_PER_MM = 72 / 25.4


class LabelFontMissing(DomainError):
    template = ("No label font found (tried {tried}); install fonts-wqy-microhei or set "
                "WARELINK_LABEL_FONT to a TrueType font that covers Chinese")


@lru_cache(maxsize=1)
def font_path() -> Path:
    configured = os.environ.get(ENV)
    candidates = (Path(configured),) if configured else _CANDIDATES
    for path in candidates:
        if path.is_file():
            return path
    raise LabelFontMissing(tried=", ".join(str(p) for p in candidates))


@lru_cache(maxsize=1)
def reportlab_font() -> str:
    """Register the font with reportlab once; returns its name for ``setFont``."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path()), subfontIndex=0))
    return FONT_NAME


@lru_cache(maxsize=65536)
def measure(text: str, size_mm: float) -> float:
    """Width in mm of ``text`` at an em size of ``size_mm`` (the layout's ``Measure``)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, reportlab_font(), size_mm * PT_PER_MM) / PT_PER_MM


@lru_cache(maxsize=64)
def pillow_font(size_px: int):
    """The font for raster text; basic layout (no shaping), twice as fast and enough for
    Latin and Chinese."""
    from PIL import ImageFont

    return ImageFont.truetype(str(font_path()), max(1, size_px), index=0,
                              layout_engine=ImageFont.Layout.BASIC)
