"""The repeating table band of documents: paging its rows and drawing header, rows and footer.

Paging depends only on row counts and fixed heights, so the page count (``${page.count}``) is
known before anything is drawn. The footer goes under the last row; when it would not fit, one
more page carries it.
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from domain.labels.errors import TemplateError
from domain.labels.model import TableBand
from domain.labels.placeholders import resolve
from domain.labels.primitives import Rect, Segment, Turn
from domain.labels.textflow import PT_MM, flow

PAD = 1.0        # mm between a cell's edge and its text
RULE = 0.2       # mm, the thickness of the table's lines

Chunk = list[tuple[int, Any]]


def paginate(table: TableBand, scope: Any) -> list[Chunk]:
    rows = resolve(scope, tuple(table.rows.split("."))) or []
    if not isinstance(rows, (list, tuple)):
        raise TemplateError(template=table.id, reason=f"{table.rows!r} is not a list of rows")
    numbered = list(enumerate(rows, 1))
    capacity = math.floor((table.height - table.header_height_mm + 1e-6) / table.row_height_mm)
    if capacity < 1:
        raise TemplateError(template=table.id, reason="the band is too small for one row")
    chunks = [numbered[i:i + capacity] for i in range(0, len(numbered), capacity)] or [[]]
    footer = table.footer_height_mm if table.footer else 0.0
    used = table.header_height_mm + len(chunks[-1]) * table.row_height_mm
    if used + footer > table.height + 1e-6:
        chunks.append([])
    return chunks


def draw_table(table: TableBand, scope: Any, chunk: Chunk, last: bool, context: Any,
               turn: Turn) -> list:
    items = _header(table, context, turn)
    top = table.y + table.header_height_mm
    for number, row in chunk:
        row_scope = scope.with_values(row=row, row_number=number)
        items += _row(table, row_scope, top, context, turn)
        top += table.row_height_mm
    if last and table.footer:
        text = context.text(table.footer, scope)
        items.append(_cell(text, table.x, top, table.width, table.footer_height_mm,
                           table.style, context, turn, table.id))
    return items


def _header(table: TableBand, context: Any, turn: Turn) -> list:
    items, x = [], table.x
    bold = replace(table.style, bold=True)
    for column in table.columns:
        items.append(Rect(x, table.y, column.width_mm, table.header_height_mm, RULE, False,
                          turn, table.id))
        items.append(_cell(column.title, x, table.y, column.width_mm, table.header_height_mm,
                           replace(bold, align=column.align), context, turn, table.id))
        x += column.width_mm
    return items


def _row(table: TableBand, scope: Any, top: float, context: Any, turn: Turn) -> list:
    items, x = [], table.x
    for column in table.columns:
        text = context.text(column.value, scope)
        items.append(_cell(text, x, top, column.width_mm, table.row_height_mm,
                           replace(table.style, align=column.align), context, turn, table.id))
        x += column.width_mm
    bottom = top + table.row_height_mm
    items.append(Segment(table.x, bottom, x, bottom, RULE, turn, table.id))
    return items


def _cell(text, x, y, width, height, style, context, turn, element):
    """Text vertically centred in a cell, inset by the padding."""
    size = style.size_pt * PT_MM
    box = (x + PAD, y + max(0.0, (height - size) / 2), max(0.1, width - 2 * PAD), size * 1.2)
    return flow(text, box, style, context.measure, turn, element)
