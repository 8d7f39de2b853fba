"""One element on the design canvas: its outline, its selection handles and its printed dots.

The item draws only the element's outline (its box turned by its rotation) and the handles; the
content is a pixmap child rasterised from the element's laid-out primitives by the PNG backend at
the printer's resolution, so what the canvas shows is the dots that will print. A drag on a handle
resizes (one undo step on release, through the scene); a drag elsewhere moves the whole selection.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPixmap, qRgba
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsObject, QGraphicsPixmapItem,
                               QGraphicsSceneMouseEvent, QStyleOptionGraphicsItem, QWidget)

from devices.printers.render.raster import local_extent, rasterize_region
from domain.errors import DomainError
from domain.labels.checks import turned_box
from domain.labels.model import Element, Line
from domain.labels.primitives import Page, element_bounds
from gui.errors import domain_message

if TYPE_CHECKING:
    from gui.designer.canvas import DesignScene

HANDLE_PX = 7                 # handle size on screen, whatever the zoom
MIN_SIZE_MM = 1.0
SCREEN_PX_PER_MM = 96 / 25.4
HANDLES = ("tl", "t", "tr", "r", "br", "b", "bl", "l")


def outline_of(element: Element) -> QRectF:
    """The page rectangle an element's box covers once turned about its centre."""
    return QRectF(*turned_box(element))


def box_from_outline(element: Element, rect: QRectF) -> tuple[float, float, float, float]:
    """The element's (x, y, width, height) whose turned box is ``rect`` (a line keeps its
    direction: its width and height keep their signs)."""
    w, h = rect.width(), rect.height()
    if element.rotation in (90, 270):
        w, h = h, w
    if isinstance(element, Line):
        w, h = math.copysign(w, element.width), math.copysign(h, element.height)
    cx, cy = rect.center().x(), rect.center().y()
    return round(cx - w / 2, 4), round(cy - h / 2, 4), round(w, 4), round(h, 4)


def _to_qimage(image) -> QImage:
    """A mode "1" PIL image as black dots on a transparent background (no copy per pixel:
    PIL packs the bits MSB first, as QImage's Mono format does)."""
    bits = image.convert("1").tobytes("raw", "1")
    line = (image.width + 7) // 8
    mono = QImage(bits, image.width, image.height, line, QImage.Format.Format_Mono)
    mono.setColorTable([qRgba(0, 0, 0, 255), qRgba(255, 255, 255, 0)])   # 0 = black in PIL
    return mono.copy()          # detached from ``bits``


class ElementItem(QGraphicsObject):
    """One element: its outline (local rect at (0, 0)), its laid-out content as a pixmap child."""

    def __init__(self, canvas: "DesignScene", element_id: str) -> None:
        super().__init__()
        self.canvas = canvas
        self.element_id = element_id
        self.outline = QRectF()
        self.frame = QRectF()          # the laid-out box (local), what the WYSIWYG test checks
        self.error = ""
        self.locked = False
        self.model_pos = QPointF()
        self._items: object = None
        self._resize: tuple[str, QRectF, QPointF] | None = None
        self._move: tuple[QPointF, dict] | None = None
        self.live_rect: QRectF | None = None
        self.content = QGraphicsPixmapItem(self)
        self.content.setTransformationMode(Qt.TransformationMode.FastTransformation)
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)

    # -- from the model -----------------------------------------------------------------------
    def sync(self, element: Element, laid_out: list | Exception, dpi: int) -> None:
        self.prepareGeometryChange()
        rect = outline_of(element)
        self.outline = QRectF(0, 0, rect.width(), rect.height())
        self.model_pos = rect.topLeft()
        self.setPos(self.model_pos)
        self.setZValue(element.z + self.canvas.document.index_of(element.id) / 10_000)
        self.locked = element.locked
        if isinstance(laid_out, Exception):
            self.error = domain_message(laid_out) if isinstance(laid_out, DomainError) \
                else str(laid_out)
            self.frame = QRectF(self.outline)
            self.content.setPixmap(QPixmap())
            self._items = None
        else:
            self.error = ""
            self._draw_content(laid_out, dpi)
        self.setToolTip(f"{element.id}: {self.error}" if self.error else element.id)
        self.update()

    def _draw_content(self, items: list, dpi: int) -> None:
        key = (tuple(items), dpi)
        if items:
            x, y, w, h = element_bounds(Page(0, 0, dpi, tuple(items)))[self.element_id]
            self.frame = QRectF(x, y, w, h).translated(-self.model_pos)
        else:
            self.frame = QRectF(self.outline)
        if key == self._items:
            return
        self._items = key
        if not items:
            self.content.setPixmap(QPixmap())
            return
        region = QRectF()
        for item in items:
            left, top, width, height = item.turn.rect(*local_extent(item))
            region = region.united(QRectF(left, top, max(width, 0.01), max(height, 0.01)))
        scale = dpi / 25.4
        image = rasterize_region(items, (region.x(), region.y(), region.width(),
                                         region.height()), dpi)
        self.content.setPixmap(QPixmap.fromImage(_to_qimage(image)))
        self.content.setScale(1 / scale)
        self.content.setPos(region.topLeft() - self.model_pos)

    def scene_frame(self) -> QRectF:
        return self.mapRectToScene(self.frame)

    # -- drawing ------------------------------------------------------------------------------
    def _handle_mm(self) -> float:
        view = self.canvas.views()[0] if self.canvas.views() else None
        scale = view.transform().m11() if view is not None else SCREEN_PX_PER_MM
        return HANDLE_PX / max(scale, 1e-6)

    def boundingRect(self) -> QRectF:
        pad = self._handle_mm()
        rect = self.outline.united(self.frame)
        if self.live_rect is not None:
            rect = rect.united(self.live_rect)
        return rect.adjusted(-pad, -pad, pad, pad)

    def shape(self):
        path = QPainterPath()
        pad = self._handle_mm() / 2
        path.addRect(self.outline.adjusted(-pad, -pad, pad, pad))
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if self.error:
            painter.setPen(QPen(QColor(200, 0, 0), 0))
            painter.setBrush(QBrush(QColor(200, 0, 0, 60), Qt.BrushStyle.BDiagPattern))
            painter.drawRect(self.outline)
        selected = self.isSelected()
        if not selected and not self.canvas.show_guides:
            return
        color = QColor(0, 120, 215) if selected else QColor(150, 150, 150)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(color, 0, Qt.PenStyle.DashLine))
        painter.drawRect(self.live_rect if self.live_rect is not None else self.outline)
        if not selected:
            return
        size = self._handle_mm()
        painter.setPen(QPen(color, 0))
        painter.setBrush(QColor(255, 255, 255) if not self.locked else QColor(180, 180, 180))
        for name in HANDLES:
            painter.drawRect(self._handle_rect(name, size))

    def _handle_point(self, name: str, rect: QRectF | None = None) -> QPointF:
        r = rect or self.outline
        x = {"l": r.left(), "r": r.right()}.get(name[-1], r.center().x())
        y = {"t": r.top(), "b": r.bottom()}.get(name[0], r.center().y())
        if name in ("l", "r"):
            y = r.center().y()
        if name in ("t", "b"):
            x = r.center().x()
        return QPointF(x, y)

    def _handle_rect(self, name: str, size: float) -> QRectF:
        point = self._handle_point(name)
        return QRectF(point.x() - size / 2, point.y() - size / 2, size, size)

    def handle_at(self, local: QPointF) -> str | None:
        if not self.isSelected() or self.locked:
            return None
        size = self._handle_mm() * 1.4
        return next((n for n in HANDLES if self._handle_rect(n, size).contains(local)), None)

    def handle_scene_point(self, name: str) -> QPointF:
        return self.mapToScene(self._handle_point(name))

    # -- mouse --------------------------------------------------------------------------------
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        left = event.button() == Qt.MouseButton.LeftButton
        handle = self.handle_at(event.pos()) if left else None
        if handle is not None:
            self._resize = (handle, QRectF(self.outline), event.scenePos())
            self.live_rect = QRectF(self.outline)
            event.accept()
            return
        super().mousePressEvent(event)      # selection (Ctrl toggles)
        self._move = None
        if left and self.isSelected() and not self.locked:
            starts = {i: i.pos() for i in self.canvas.selectedItems()
                      if isinstance(i, ElementItem) and not i.locked}
            self._move = (event.scenePos(), starts)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._resize is None:
            if self._move is not None:
                # the whole selection moves by the grabbed item's snapped offset
                origin, starts = self._move
                target = self.canvas.snap_position(
                    self, starts[self] + (event.scenePos() - origin), set(starts))
                shift = target - starts[self]
                for item, start in starts.items():
                    item.setPos(start + shift)
            event.accept()
            return
        handle, start, origin = self._resize
        delta = event.scenePos() - origin
        rect = QRectF(start)
        snap = self.canvas.snap_value
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        base = self.model_pos
        if "l" in handle:
            left = snap(base.x() + left + delta.x()) - base.x()
        if "r" in handle:
            right = snap(base.x() + right + delta.x()) - base.x()
        if "t" in handle:
            top = snap(base.y() + top + delta.y()) - base.y()
        if "b" in handle:
            bottom = snap(base.y() + bottom + delta.y()) - base.y()
        minimum = 0.0 if isinstance(self.canvas.document.element(self.element_id), Line) \
            else MIN_SIZE_MM
        if right - left < minimum:
            if "l" in handle:
                left = right - minimum
            else:
                right = left + minimum
        if bottom - top < minimum:
            if "t" in handle:
                top = bottom - minimum
            else:
                bottom = top + minimum
        self.prepareGeometryChange()
        self.live_rect = QRectF(QPointF(left, top), QPointF(right, bottom))
        self.update()
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._resize is None:
            self._move = None
            super().mouseReleaseEvent(event)
            return
        rect = self.live_rect.translated(self.model_pos) if self.live_rect is not None else None
        self._resize, self.live_rect = None, None
        self.prepareGeometryChange()
        if rect is not None:
            self.canvas.resize_element(self.element_id, rect)
        event.accept()

