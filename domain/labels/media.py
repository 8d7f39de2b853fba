"""From the designed label to the media: landscape feeding and N×M labels on a sheet.

Both are a ``Turn`` applied to a whole page, so no backend has to know about them.
"""
from __future__ import annotations

from domain.labels.model import Template
from domain.labels.primitives import Page, Turn


def orient(template: Template, page: Page) -> Page:
    """A landscape template is fed turned by 90° clockwise: the media is height × width."""
    if template.page.orientation != "landscape":
        return page
    return page.placed(Turn(90, page.height_mm, 0.0), page.height_mm, page.width_mm)


def impose(template: Template, pages: list[Page]) -> list[Page]:
    """Labels placed row by row on sheets of paper; roll templates come back unchanged."""
    sheet = template.page.sheet
    if sheet is None:
        return pages
    per_sheet = sheet.columns * sheet.rows
    sheets = []
    for start in range(0, len(pages), per_sheet):
        items = []
        for slot, page in enumerate(pages[start:start + per_sheet]):
            row, column = divmod(slot, sheet.columns)
            dx = sheet.margin_left_mm + column * (page.width_mm + sheet.gap_x_mm)
            dy = sheet.margin_top_mm + row * (page.height_mm + sheet.gap_y_mm)
            items += page.placed(Turn(0, dx, dy), 0, 0).items
        sheets.append(Page(sheet.paper_width_mm, sheet.paper_height_mm, pages[0].dpi,
                           tuple(items)))
    return sheets
