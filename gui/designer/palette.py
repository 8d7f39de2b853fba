"""The palette: element kinds the user drags onto the label (or clicks to add at the corner).

A drag is done with the mouse grab every press gives a widget: the button follows the mouse and
on release asks the canvas whether the point is over the label. No QDrag: the same code path
serves real mice and pytest-qt's ``QTest`` events, and nothing leaves the window.
"""
from __future__ import annotations

import base64
import io

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPoint, Qt, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from domain.labels.model import (Align, Barcode, BoundText, Box, Column, Element, Image, Line,
                                 StaticText, Symbology, TableBand)

# (spec, source title); spec is "kind" or "barcode:symbology"
ENTRIES = (
    ("text", QT_TRANSLATE_NOOP("Designer", "Text")),
    ("field", QT_TRANSLATE_NOOP("Designer", "Bound field")),
    ("barcode:code128", QT_TRANSLATE_NOOP("Designer", "Code 128")),
    ("barcode:gs1_128", QT_TRANSLATE_NOOP("Designer", "GS1-128")),
    ("barcode:ean13", QT_TRANSLATE_NOOP("Designer", "EAN-13")),
    ("barcode:sscc", QT_TRANSLATE_NOOP("Designer", "SSCC")),
    ("barcode:qr", QT_TRANSLATE_NOOP("Designer", "QR code")),
    ("barcode:datamatrix", QT_TRANSLATE_NOOP("Designer", "DataMatrix")),
    ("barcode:gs1_datamatrix", QT_TRANSLATE_NOOP("Designer", "GS1 DataMatrix")),
    ("image", QT_TRANSLATE_NOOP("Designer", "Image")),
    ("line", QT_TRANSLATE_NOOP("Designer", "Line")),
    ("box", QT_TRANSLATE_NOOP("Designer", "Box")),
    ("table", QT_TRANSLATE_NOOP("Designer", "Table band")),
)
BARCODE_DATA = {
    Symbology.CODE128: "${item.sku}", Symbology.CODE39: "${item.sku:upper}",
    Symbology.GS1_128: "(01)${item.gtin}(10)${lot.no}", Symbology.EAN13: "${item.gtin}",
    Symbology.UPCA: "${item.gtin}", Symbology.ITF14: "${item.gtin}",
    Symbology.SSCC: "${package.sscc}", Symbology.QR: "${item.sku}",
    Symbology.DATAMATRIX: "${item.sku}", Symbology.GS1_DATAMATRIX: "(01)${item.gtin}(10)${lot.no}",
}


def _placeholder_png() -> str:
    from PIL import Image as PILImage, ImageDraw
    image = PILImage.new("L", (16, 16), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 15, 15), outline=0)
    draw.line((0, 0, 15, 15), fill=0)
    draw.line((0, 15, 15, 0), fill=0)
    out = io.BytesIO()
    image.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def create_element(spec: str, element_id: str, x: float, y: float,
                   page_width: float) -> Element:
    """A new element of a palette entry with sensible defaults, its top-left at (x, y)."""
    kind, _, variant = spec.partition(":")
    if kind == "text":
        return StaticText(element_id, x, y, 30.0, 6.0, text="Text")
    if kind == "field":
        return BoundText(element_id, x, y, 40.0, 6.0, expr="${item.name}")
    if kind == "barcode":
        symbology = Symbology(variant or "code128")
        if symbology.is_matrix:
            return Barcode(element_id, x, y, 15.0, 15.0, symbology=symbology,
                           data=BARCODE_DATA[symbology], module_mm=0.5, human_readable=False)
        return Barcode(element_id, x, y, 45.0, 15.0, symbology=symbology,
                       data=BARCODE_DATA[symbology], module_mm=0.375)
    if kind == "image":
        return Image(element_id, x, y, 15.0, 15.0, source=_placeholder_png())
    if kind == "line":
        return Line(element_id, x, y, 30.0, 0.0)
    if kind == "box":
        return Box(element_id, x, y, 30.0, 15.0)
    if kind == "table":
        width = max(40.0, min(180.0, page_width - x - 5))
        return TableBand(element_id, x, y, width, 60.0, columns=[
            Column("Item", width * 0.25, "${row.sku}"),
            Column("Description", width * 0.55, "${row.description}"),
            Column("Qty", width * 0.2, "${row.qty}", Align.RIGHT)])
    raise ValueError(f"unknown palette entry {spec!r}")


class PaletteButton(QPushButton):
    """Press, move and release over the canvas: ``dropped(spec, global point)``; a click
    without moving: ``clicked_spec(spec)``."""

    dropped = Signal(str, QPoint)
    clicked_spec = Signal(str)
    hovering = Signal(str, QPoint)          # while dragging: where the mouse is (global)

    def __init__(self, spec: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._pressed_at: QPoint | None = None
        self.dragging = False
        self.setObjectName(f"palette_{spec.replace(':', '_')}")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressed_at = event.position().toPoint()
            self.dragging = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pressed_at is not None and not self.dragging and (
                event.position().toPoint() - self._pressed_at).manhattanLength() \
                >= QApplication.startDragDistance():
            self.dragging = True
            self.setDown(False)
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.DragCopyCursor))
        if self.dragging:
            self.hovering.emit(self.spec, self.mapToGlobal(event.position().toPoint()))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        was_dragging, self._pressed_at = self.dragging, None
        if was_dragging:
            self.dragging = False
            QGuiApplication.restoreOverrideCursor()
            self.setDown(False)
            self.dropped.emit(self.spec, self.mapToGlobal(event.position().toPoint()))
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.clicked_spec.emit(self.spec)


class Palette(QWidget):
    dropped = Signal(str, QPoint)
    clicked_spec = Signal(str)
    hovering = Signal(str, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        self.title = QLabel(self)
        layout.addWidget(self.title)
        self.buttons: dict[str, PaletteButton] = {}
        for spec, _title in ENTRIES:
            button = PaletteButton(spec, self)
            button.dropped.connect(self.dropped)
            button.clicked_spec.connect(self.clicked_spec)
            button.hovering.connect(self.hovering)
            layout.addWidget(button)
            self.buttons[spec] = button
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText("<b>" + QCoreApplication.translate("Designer", "Elements") + "</b>")
        for spec, title in ENTRIES:
            button = self.buttons[spec]
            button.setText(QCoreApplication.translate("Designer", title))
            button.setToolTip(QCoreApplication.translate(
                "Designer", "Drag onto the label, or click to add it at the top left"))
