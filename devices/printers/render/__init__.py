"""One layout, four outputs: PDF, PNG, ZPL II and ESC/POS from the same pages.

``render`` lays a template out once (measuring text with the label font) and hands the pages to
one backend. Sheets of N×M labels only exist on paper, so only PDF and PNG impose them; ZPL and
ESC/POS get one label per page, as roll printers feed them.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from devices.printers.render import fonts
from domain.labels.counters import SsccGenerator
from domain.labels.layout import layout_job
from domain.labels.media import impose
from domain.labels.model import Template
from domain.labels.primitives import Page

FORMATS = ("pdf", "png", "zpl", "escpos")


def layout(template: Template, records: Iterable[Mapping] | None = None, *,
           now: datetime | None = None, sscc: SsccGenerator | None = None,
           strict: bool = False) -> list[Page]:
    """The pages every backend (and the designer's preview) draws, text measured for real."""
    return layout_job(template, records, now=now, sscc=sscc, measure=fonts.measure,
                      strict=strict)


def render(template: Template, records: Iterable[Mapping] | None = None, fmt: str = "pdf", *,
           now: datetime | None = None, sscc: SsccGenerator | None = None,
           profile: str = "TM-T20II", strict: bool = False) -> list[bytes]:
    """The output files: one PDF, one PNG per page, one ZPL stream or one ESC/POS stream."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    pages = layout(template, records, now=now, sscc=sscc, strict=strict)
    return to_format(template, pages, fmt, profile)


def to_format(template: Template, pages: list[Page], fmt: str,
              profile: str = "TM-T20II") -> list[bytes]:
    if fmt == "pdf":
        from devices.printers.render.pdf import render_pdf
        return [render_pdf(impose(template, pages), title=template.name)]
    if fmt == "png":
        from devices.printers.render.raster import render_png
        return render_png(impose(template, pages))
    if fmt == "zpl":
        from devices.printers.render.zpl import render_zpl
        return [render_zpl(pages)]
    from devices.printers.render.escpos import render_escpos
    return [render_escpos(pages, profile)]
