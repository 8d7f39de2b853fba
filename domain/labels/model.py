"""The label and document template model: plain dataclasses, all lengths in millimetres.

The designer edits these objects, the layout reads them, the JSON module stores them. Nothing here
knows how a template is drawn or stored, so each of those can change without touching the model.
Text that is bound to data uses the placeholder language of PLACEHOLDERS.md.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import ClassVar, Union

ROTATIONS = (0, 90, 180, 270)


class Symbology(str, enum.Enum):
    CODE128 = "code128"
    GS1_128 = "gs1_128"            # data in GS1 bracket form: (01)09501101530003(10)LOT7
    EAN13 = "ean13"
    UPCA = "upca"
    CODE39 = "code39"
    ITF14 = "itf14"                # 13 or 14 digits; the check digit is added or verified
    SSCC = "sscc"                  # 17 or 18 digits, printed as GS1-128 with AI (00)
    QR = "qr"
    DATAMATRIX = "datamatrix"
    GS1_DATAMATRIX = "gs1_datamatrix"

    @property
    def is_matrix(self) -> bool:
        return self in (Symbology.QR, Symbology.DATAMATRIX, Symbology.GS1_DATAMATRIX)

    @property
    def is_gs1(self) -> bool:
        return self in (Symbology.GS1_128, Symbology.SSCC, Symbology.GS1_DATAMATRIX)


class Align(str, enum.Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass
class TextStyle:
    """How text sits in its box: size in points, wrapping or shrinking when it does not fit."""
    size_pt: float = 10.0
    bold: bool = False
    align: Align = Align.LEFT
    wrap: bool = True
    shrink_to_fit: bool = False
    line_spacing: float = 1.15


@dataclass
class Element:
    """Common geometry: the unrotated box; rotation turns the content clockwise about its centre."""
    id: str
    x: float
    y: float
    width: float
    height: float
    rotation: int = 0
    z: int = 0
    locked: bool = False
    kind: ClassVar[str] = "element"


@dataclass
class StaticText(Element):
    text: str = ""
    style: TextStyle = field(default_factory=TextStyle)
    kind: ClassVar[str] = "text"


@dataclass
class BoundText(Element):
    """Text with placeholders (``${lot.expiry:%Y-%m-%d:=n/a}``), filled from the record."""
    expr: str = ""
    style: TextStyle = field(default_factory=TextStyle)
    kind: ClassVar[str] = "field"


@dataclass
class Barcode(Element):
    """A symbol whose data is a placeholder expression; height is the bar height of 1-D codes.

    ``module_mm`` is the narrow bar (or matrix cell); the layout snaps it to whole printer dots.
    """
    symbology: Symbology = Symbology.CODE128
    data: str = ""
    module_mm: float = 0.33
    human_readable: bool = True
    hr_size_pt: float = 8.0
    kind: ClassVar[str] = "barcode"


@dataclass
class Image(Element):
    """A picture given as a ``data:image/png;base64,…`` URI, scaled into the box."""
    source: str = ""
    keep_aspect: bool = True
    kind: ClassVar[str] = "image"


@dataclass
class Line(Element):
    """A line from (x, y) to (x + width, y + height)."""
    thickness_mm: float = 0.3
    kind: ClassVar[str] = "line"


@dataclass
class Box(Element):
    thickness_mm: float = 0.3
    filled: bool = False
    kind: ClassVar[str] = "box"


@dataclass
class Column:
    title: str
    width_mm: float
    value: str                      # placeholder expression; ``row`` is the current row
    align: Align = Align.LEFT


@dataclass
class TableBand(Element):
    """A repeating band for documents: a header row, one row per list item, a footer.

    Rows that do not fit in the band's height continue on the next page; the other elements of
    the template repeat on every page.
    """
    rows: str = "lines"             # path of the list in the record
    columns: list[Column] = field(default_factory=list)
    header_height_mm: float = 7.0
    row_height_mm: float = 6.0
    footer: str = ""
    footer_height_mm: float = 7.0
    style: TextStyle = field(default_factory=lambda: TextStyle(size_pt=9.0, wrap=False,
                                                               shrink_to_fit=True))
    kind: ClassVar[str] = "table"


AnyElement = Union[StaticText, BoundText, Barcode, Image, Line, Box, TableBand]
ELEMENT_TYPES: dict[str, type] = {cls.kind: cls for cls in
                                  (StaticText, BoundText, Barcode, Image, Line, Box, TableBand)}


@dataclass
class Sheet:
    """N×M labels on one sheet of paper (office printers); absent for roll labels."""
    paper_width_mm: float = 210.0
    paper_height_mm: float = 297.0
    columns: int = 1
    rows: int = 1
    margin_left_mm: float = 0.0
    margin_top_mm: float = 0.0
    gap_x_mm: float = 0.0
    gap_y_mm: float = 0.0


@dataclass
class PageSetup:
    """The label (or document page) as designed; landscape feeds it turned by 90°."""
    width_mm: float
    height_mm: float
    dpi: int = 203
    orientation: str = "portrait"
    sheet: Sheet | None = None


@dataclass
class Counter:
    """A per-label number: ``${counter.NAME}`` is start + step × label index, zero-padded."""
    name: str
    start: int = 1
    step: int = 1
    width: int = 0


@dataclass
class Template:
    """A label or document: page, elements, counters, copies, and sample data for previews."""
    name: str
    page: PageSetup
    elements: list[AnyElement] = field(default_factory=list)
    kind: str = "label"             # "label" (one per record) or "document" (pages per record)
    language: str = "en"
    description: str = ""
    copies: int = 1
    copies_from: str = ""           # a record path giving the copies per record (box 1 of N)
    counters: list[Counter] = field(default_factory=list)
    sample: list[dict] = field(default_factory=list)

    def ordered(self) -> list[AnyElement]:
        """Elements bottom to top (stable for equal z), the order every backend draws them."""
        return sorted(self.elements, key=lambda e: e.z)
