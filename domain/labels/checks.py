"""What the designer offers to bind, and what it warns about before a template reaches a printer.

``FIELDS`` is the data contract of the print service: the records it hands a template, per bound
entity (``domain.printing.service`` builds them, ``TemplateStore.preview_records`` fetches real
ones). ``check`` lays the template out with the caller's text metrics and reports, per element:
barcode modules narrower than the printer can burn reliably, text that overflows its box, bound
fields no record has, and elements outside the printable area. Warnings do not stop publishing;
the designer shows them and asks.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from domain.labels.layout import layout_elements
from domain.labels.model import Barcode, BoundText, Element, TableBand, Template
from domain.labels.placeholders import fields as placeholder_fields
from domain.labels.primitives import Page, TextRun, element_bounds
from domain.labels.textflow import Measure, approximate

MIN_MODULE_DOTS = 2          # one-dot bars smear on thermal heads; two is the usual minimum
PRINTABLE_MARGIN_MM = 1.0    # label printers cannot burn the last millimetre at each edge
TOLERANCE_MM = 0.05

# entity -> the record paths a template bound to it can use (as the print service fills them)
FIELDS: dict[str, tuple[str, ...]] = {
    "item": ("item.sku", "item.code", "item.name", "item.uom", "item.gtin"),
    "lot": ("item.sku", "item.name", "item.uom", "item.gtin", "lot.no", "lot.expiry"),
    "bin": ("bin.code", "bin.zone", "bin.warehouse"),
    "package": ("package.sscc", "package.kind", "ship_from.name", "ship_from.address",
                "ship_to.name", "ship_to.address", "ship_to.order", "ship_to.reference",
                "content.description", "content.sku", "content.gtin", "content.lot",
                "content.best_before", "content.count", "content.uom", "content.gs1",
                "content.lines", "content.total", "content.list"),
    "order": ("delivery.number", "delivery.order", "delivery.date", "delivery.ship_to.name",
              "delivery.ship_to.address", "delivery.line_count", "pick.number", "pick.order",
              "pick.date", "pick.picker", "pick.line_count", "pick.total_qty",
              "receipt.number", "receipt.order", "receipt.date", "receipt.supplier",
              "receipt.line_count", "receipt.total_qty", "count.number", "count.zone",
              "count.date", "count.line_count"),
    "label": ("label.copy", "label.copies", "label.index", "label.record", "label.records",
              "page.number", "page.count", "now", "sscc"),
}
ROW_FIELDS = ("row.sku", "row.description", "row.lot", "row.qty", "row.uom", "row.bin",
              "row.expiry", "row.expected", "row_number")
_RESERVED = ("label", "counter", "now", "sscc", "page")


@dataclass(frozen=True)
class LabelWarning:
    element: str
    kind: str                 # "module", "overflow", "field", "outside", "error"
    detail: dict


def template_fields(element: Element) -> list[str]:
    """The record paths an element reads (its placeholders; a table band's cells too)."""
    texts: list[str] = []
    if isinstance(element, BoundText):
        texts.append(element.expr)
    elif isinstance(element, Barcode):
        texts.append(element.data)
    elif isinstance(element, TableBand):
        texts += [c.value for c in element.columns] + [element.footer]
    out: list[str] = []
    for text in texts:
        try:
            out += placeholder_fields(text)
        except Exception:  # noqa: BLE001 - a syntax error is reported by the layout
            pass
    return out


def known_field(path: str, template: Template, records: list[Mapping] = ()) -> bool:
    """A reserved name, a field of a bound entity, or present in the sample/preview data."""
    head = path.split(".")[0]
    if head in _RESERVED or path.startswith("row.") or path == "row_number":
        return True
    if any(path in paths for paths in FIELDS.values()):
        return True
    return any(_has(record, path.split(".")) for record in [*template.sample, *records])


def _has(value: Any, segments: list[str]) -> bool:
    for segment in segments:
        if isinstance(value, Mapping) and segment in value:
            value = value[segment]
        elif isinstance(value, (list, tuple)) and segment.isdigit() and int(segment) < len(value):
            value = value[int(segment)]
        else:
            return False
    return True


def check(template: Template, record: Mapping | None = None, *,
          measure: Measure = approximate, laid_out: Mapping[str, Any] | None = None,
          dpi: int | None = None) -> list[LabelWarning]:
    """Everything worth a look before printing, element by element (bottom to top); modules
    are judged at ``dpi`` (a printer's) or else the template's resolution."""
    laid_out = laid_out if laid_out is not None else layout_elements(template, record,
                                                                     measure=measure)
    dpi = dpi or template.page.dpi
    dots_per_mm = dpi / 25.4
    page = template.page
    records = [record] if record is not None else []
    out: list[LabelWarning] = []
    for element in template.ordered():
        items = laid_out.get(element.id, [])
        if isinstance(items, Exception):
            out.append(LabelWarning(element.id, "error", {"reason": str(items)}))
            items = []
        dots = max(1, round(getattr(element, "module_mm", 0) * dots_per_mm))
        if isinstance(element, Barcode) and dots < MIN_MODULE_DOTS:
            # the layout snaps modules to whole dots: judge what will actually burn
            out.append(LabelWarning(element.id, "module", {
                "module_mm": element.module_mm, "dots": dots,
                "dpi": dpi, "minimum_mm": round(MIN_MODULE_DOTS / dots_per_mm, 3)}))
        for path in dict.fromkeys(template_fields(element)):
            if not known_field(path, template, records):
                out.append(LabelWarning(element.id, "field", {"field": path}))
        if not isinstance(element, TableBand) and any(_overflows(i) for i in items
                                                      if isinstance(i, TextRun)):
            out.append(LabelWarning(element.id, "overflow", {}))
        box = element_box(element, items) or turned_box(element)
        if _outside(box, page.width_mm, page.height_mm):
            out.append(LabelWarning(element.id, "outside", {"margin_mm": PRINTABLE_MARGIN_MM}))
    return out


def element_box(element: Element, items: list) -> tuple[float, float, float, float] | None:
    """The page box an element's laid-out items cover (None when it drew nothing)."""
    if not items:
        return None
    return element_bounds(Page(0, 0, 0, tuple(items))).get(element.id)


def turned_box(element: Element) -> tuple[float, float, float, float]:
    """The page box (x, y, w, h) of the element's own box turned about its centre: what the
    designer outlines, and what is checked when nothing could be laid out."""
    w, h = (element.height, element.width) if element.rotation in (90, 270) \
        else (element.width, element.height)
    cx, cy = element.x + element.width / 2, element.y + element.height / 2
    return min(cx - w / 2, cx + w / 2), min(cy - h / 2, cy + h / 2), abs(w), abs(h)


def _overflows(run: TextRun) -> bool:
    if not run.lines:
        return False
    last = run.lines[-1]
    bottom = last.baseline + run.size_mm * (1 - 0.86)
    return (bottom > run.height + TOLERANCE_MM
            or any(line.width > run.width + TOLERANCE_MM for line in run.lines))


def _outside(box: tuple[float, float, float, float], width: float, height: float) -> bool:
    x, y, w, h = box
    m = PRINTABLE_MARGIN_MM - TOLERANCE_MM
    return x < m or y < m or x + w > width - m or y + h > height - m
