"""A test page per printer: proves the connection, the language, the resolution and the font.

Built from the same model and renderers as every label, so a test page that scans proves the
whole path: a Code 128 and a QR code, an English and a Chinese line, the printer's name and time.
"""
from __future__ import annotations

from datetime import datetime

from devices.printers.render import render
from domain.labels import model as m

TEST_CODE = "WL-TEST"


def build_test_page(width_mm: float = 60, height_mm: float = 40, dpi: int = 203) -> m.Template:
    style = m.TextStyle(size_pt=9, wrap=False, shrink_to_fit=True)
    return m.Template(
        name="printer test page", page=m.PageSetup(width_mm, height_mm, dpi=dpi),
        sample=[{"printer": "?"}],
        elements=[
            m.BoundText("title", 3, 2, width_mm - 6, 5,
                        expr="Warelink test · 测试页 · ${printer}", style=style),
            m.BoundText("time", 3, 7, width_mm - 6, 4, expr="${now:%Y-%m-%d %H:%M}",
                        style=m.TextStyle(size_pt=7)),
            m.Barcode("code", 3, 12, width_mm - 22, height_mm - 14, data=TEST_CODE,
                      module_mm=0.25),
            m.Barcode("qr", width_mm - 15, 12, 12, 12, symbology=m.Symbology.QR, data=TEST_CODE,
                      module_mm=0.5, human_readable=False),
        ])


def render_test_page(printer_name: str, fmt: str, *, width_mm: float = 60, height_mm: float = 40,
              dpi: int = 203, profile: str = "TM-T20II", now: datetime | None = None) -> bytes:
    """The bytes of one test page in the printer's language (pdf, png, zpl, escpos)."""
    template = build_test_page(width_mm, height_mm, dpi)
    return render(template, [{"printer": printer_name}], fmt, now=now, profile=profile)[0]
