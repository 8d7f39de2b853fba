"""A report as a printable document: a template of the label/document model (title, subtitle, a
table band with one column per report column) and its record, so a report prints and exports to
PDF through the same layout and backends as every shipped document template.

The texts arrive already shown the way the screen shows them (translated, formatted): the
template only places them. Column widths follow the longest text of each column, within the
page width; a report wider than the page shrinks its texts to fit.
"""
from __future__ import annotations

from collections.abc import Sequence

from domain.labels.model import (
    Align, BoundText, Column, PageSetup, StaticText, TableBand, Template, TextStyle,
)

PAGE_W, PAGE_H, MARGIN = 297.0, 210.0, 10.0           # A4 landscape, mm
MM_PER_CHAR, MIN_COLUMN = 1.9, 10.0                     # at 8 pt, roughly


def report_template(title: str, headers: Sequence[str], numeric: Sequence[bool],
                    rows: Sequence[Sequence[str]], footer: str = "") -> Template:
    """A document template for ``rows`` under ``headers`` (``numeric`` columns right-aligned)."""
    usable = PAGE_W - 2 * MARGIN
    wants = [max([len(h)] + [len(r[i]) for r in rows[:500]]) * MM_PER_CHAR + 2
             for i, h in enumerate(headers)]
    wants = [max(MIN_COLUMN, w) for w in wants]
    scale = min(1.0, usable / sum(wants)) if wants else 1.0
    columns = [Column(title=h, width_mm=round(w * scale, 2), value=f"${{row.c{i}}}",
                      align=Align.RIGHT if numeric[i] else Align.LEFT)
               for i, (h, w) in enumerate(zip(headers, wants))]
    table = TableBand(id="rows", x=MARGIN, y=MARGIN + 16, width=usable,
                      height=PAGE_H - 2 * MARGIN - 16, rows="report.rows", columns=columns,
                      header_height_mm=6.0, row_height_mm=5.0, footer=footer,
                      footer_height_mm=6.0,
                      style=TextStyle(size_pt=8.0, wrap=False, shrink_to_fit=True))
    heading = StaticText(id="title", x=MARGIN, y=MARGIN, width=usable, height=8, text=title,
                         style=TextStyle(size_pt=14.0, bold=True))
    subtitle = BoundText(id="subtitle", x=MARGIN, y=MARGIN + 9, width=usable, height=5,
                         expr="${report.subtitle}", style=TextStyle(size_pt=9.0))
    return Template(name="kpi_report", kind="document",
                    page=PageSetup(width_mm=PAGE_W, height_mm=PAGE_H, dpi=300),
                    elements=[heading, subtitle, table])


def report_record(subtitle: str, rows: Sequence[Sequence[str]]) -> dict:
    """The record ``report_template`` prints: ``report.subtitle`` and ``report.rows``."""
    return {"report": {"subtitle": subtitle, "count": len(rows),
                       "rows": [{f"c{i}": text for i, text in enumerate(r)} for r in rows]}}
