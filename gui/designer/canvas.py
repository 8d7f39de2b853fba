"""The design canvas: a QGraphicsScene in millimetres that draws each element from the layout.

Scene units are millimetres, y down, the label's top-left corner at (0, 0): the layout's own
coordinates. Every element's content is what ``domain.labels.layout.layout_elements`` lays out
(the code ``layout_job`` uses for PDF, PNG, ZPL and ESC/POS), rasterised by the PNG backend at the
printer's resolution, so the canvas shows the dots that will print. The item itself is only the
element's outline (its box turned by its rotation) with the selection handles.

Mouse: drag an element to move it (the whole selection moves; one undo step on release), drag a
handle to resize, rubber-band or Ctrl+click for several. Keys: arrows nudge (Shift: ×10; merged
into one undo step; Alt: 0.1 mm), Delete removes, Ctrl+wheel or Ctrl +/− zooms, Ctrl+0 fits
the label.
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Callable

import shiboken6

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (QBrush, QColor, QFont, QImage, QKeyEvent, QPainter, QPen, QPixmap,
                           QWheelEvent, qRgba)
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsObject, QGraphicsPixmapItem,
                               QGraphicsScene, QGraphicsSceneMouseEvent, QGraphicsView,
                               QStyleOptionGraphicsItem, QWidget)

from devices.printers.render import fonts
from devices.printers.render.raster import local_extent, rasterize_region
from domain.errors import DomainError
from domain.labels.checks import PRINTABLE_MARGIN_MM, turned_box
from domain.labels.layout import layout_elements
from domain.labels.model import Element, Line
from domain.labels.primitives import Page, element_bounds
from gui.designer.document import NUDGE_ID, DesignDocument
from gui.errors import domain_message

EDGE_SNAP_PX = 5              # an edge this close (on screen) to another element's snaps to it
HANDLE_PX = 7                 # handle size on screen, whatever the zoom
MIN_SIZE_MM = 1.0
RULER_PX = 22
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
        from PySide6.QtGui import QPainterPath
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


class DesignScene(QGraphicsScene):
    """The label, its grid and printable area, and one ``ElementItem`` per element."""

    selection_ids_changed = Signal(list)

    def __init__(self, document: DesignDocument, parent=None,
                 measure: Callable[[str, float], float] = fonts.measure) -> None:
        super().__init__(parent)
        self.document = document
        self.measure = measure
        self.grid_mm = 1.0
        self.snap = True
        self.show_grid = True
        self.show_guides = True        # grid, outlines, printable area; off: only what prints
        self.guides: tuple[float | None, float | None] = (None, None)   # edges snapped to
        self.ghost: QRectF | None = None      # where a palette entry being dragged would land
        self.items_by_id: dict[str, ElementItem] = {}
        self.laid_out: dict[str, list | Exception] = {}
        self.smooth = False
        document.changed.connect(self.refresh)
        document.reset.connect(self.rebuild)
        self.selectionChanged.connect(self._selection_changed)
        self.rebuild()

    # -- model -> scene -----------------------------------------------------------------------
    def rebuild(self) -> None:
        for item in list(self.items_by_id.values()):
            self.removeItem(item)
        self.items_by_id.clear()
        self.refresh(frozenset())

    def refresh(self, _ids=frozenset()) -> None:
        """Lay the template out again and bring every item in line with its element."""
        template = self.document.template
        page = template.page
        margin = 20.0
        self.setSceneRect(-margin, -margin, page.width_mm + 2 * margin,
                          page.height_mm + 2 * margin)
        self.laid_out = layout_elements(template, self.document.record, measure=self.measure)
        selected = set(self.selected_ids())
        alive = set()
        for element in template.elements:
            item = self.items_by_id.get(element.id)
            if item is None:
                item = ElementItem(self, element.id)
                if self.smooth:
                    item.content.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
                self.items_by_id[element.id] = item
                self.addItem(item)
            item.sync(element, self.laid_out.get(element.id, []), page.dpi)
            alive.add(element.id)
        for element_id in set(self.items_by_id) - alive:
            self.removeItem(self.items_by_id.pop(element_id))
        self.blockSignals(True)
        for element_id, item in self.items_by_id.items():
            item.setSelected(element_id in selected)
        self.blockSignals(False)
        self.update()
        self.selection_ids_changed.emit(self.selected_ids())

    def set_smooth(self, smooth: bool) -> None:
        self.smooth = smooth
        for item in self.items_by_id.values():
            item.content.setTransformationMode(
                Qt.TransformationMode.SmoothTransformation if smooth
                else Qt.TransformationMode.FastTransformation)

    # -- selection ----------------------------------------------------------------------------
    def _selection_changed(self) -> None:
        if shiboken6.isValid(self):      # not while the scene is being destroyed
            self.selection_ids_changed.emit(self.selected_ids())

    def selected_ids(self) -> list[str]:
        order = {e.id: i for i, e in enumerate(self.document.template.elements)}
        ids = [i.element_id for i in self.selectedItems() if isinstance(i, ElementItem)]
        return sorted(ids, key=lambda i: order.get(i, 0))

    def select(self, ids: list[str]) -> None:
        self.clearSelection()
        for element_id in ids:
            if element_id in self.items_by_id:
                self.items_by_id[element_id].setSelected(True)

    # -- edits from the mouse and keys --------------------------------------------------------
    def snap_value(self, value: float) -> float:
        if not self.snap or self.grid_mm <= 0:
            return round(value, 4)
        return round(round(value / self.grid_mm) * self.grid_mm, 4)

    def snap_position(self, item: ElementItem, raw: QPointF, moving: set) -> QPointF:
        """Where a moved item's top-left goes: an edge or centre within a few pixels of another
        element's (or the label's) edge or centre snaps to it, else the grid."""
        view = self.views()[0] if self.views() else None
        threshold = EDGE_SNAP_PX / (view.transform().m11() if view else SCREEN_PX_PER_MM)
        page = self.document.template.page
        xs, ys = [0.0, page.width_mm / 2, page.width_mm], [0.0, page.height_mm / 2,
                                                           page.height_mm]
        for other in self.items_by_id.values():
            if other not in moving:
                rect = other.outline.translated(other.model_pos)
                xs += [rect.left(), rect.center().x(), rect.right()]
                ys += [rect.top(), rect.center().y(), rect.bottom()]
        w, h = item.outline.width(), item.outline.height()
        x, guide_x = _snap_axis(raw.x(), (0, w / 2, w), xs, threshold, self.snap_value)
        y, guide_y = _snap_axis(raw.y(), (0, h / 2, h), ys, threshold, self.snap_value)
        guides = (guide_x, guide_y)
        if guides != self.guides:
            self.guides = guides
            self.update()
        return QPointF(x, y)

    def commit_moves(self) -> None:
        """Items the mouse moved: one step for the whole selection."""
        if self.guides != (None, None):
            self.guides = (None, None)
            self.update()
        after = {}
        for item in self.items_by_id.values():
            delta = item.pos() - item.model_pos
            if abs(delta.x()) > 1e-6 or abs(delta.y()) > 1e-6:
                element = self.document.element(item.element_id)
                after[item.element_id] = _moved(element, delta.x(), delta.y())
        if after:
            self.document.change(after, self.tr("Move"))

    def resize_element(self, element_id: str, rect: QRectF) -> None:
        element = self.document.element(element_id)
        x, y, w, h = box_from_outline(element, rect)
        if (x, y, w, h) == (element.x, element.y, element.width, element.height):
            return
        self.document.change({element_id: replace(element, x=x, y=y, width=w, height=h)},
                             self.tr("Resize"))

    def nudge(self, dx: float, dy: float) -> None:
        after = {}
        for element_id in self.selected_ids():
            element = self.document.element(element_id)
            if element is not None and not element.locked:
                after[element_id] = _moved(element, dx, dy)
        self.document.change(after, self.tr("Nudge"), merge_id=NUDGE_ID)

    def delete_selected(self) -> None:
        ids = [i for i in self.selected_ids() if not self.document.element(i).locked]
        self.document.change({i: None for i in ids}, self.tr("Delete"))

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.commit_moves()

    # -- background: label, grid, printable area ----------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        page = self.document.template.page
        painter.fillRect(rect, QColor(225, 225, 228))
        label = QRectF(0, 0, page.width_mm, page.height_mm)
        painter.fillRect(label.translated(0.6, 0.6), QColor(160, 160, 165))
        painter.fillRect(label, QColor(255, 255, 255))
        if not self.show_guides:
            return
        view = self.views()[0] if self.views() else None
        px_per_mm = view.transform().m11() if view is not None else SCREEN_PX_PER_MM
        if self.show_grid and self.grid_mm > 0:
            step = self.grid_mm
            while step * px_per_mm < 6:       # never denser than every 6 screen pixels
                step *= 5
            painter.setPen(QPen(QColor(232, 236, 244), 0))
            x = 0.0
            while x <= page.width_mm + 1e-6:
                painter.drawLine(QPointF(x, 0), QPointF(x, page.height_mm))
                x += step
            y = 0.0
            while y <= page.height_mm + 1e-6:
                painter.drawLine(QPointF(0, y), QPointF(page.width_mm, y))
                y += step
        m = PRINTABLE_MARGIN_MM
        painter.setPen(QPen(QColor(230, 140, 0), 0, Qt.PenStyle.DashLine))
        painter.drawRect(label.adjusted(m, m, -m, -m))
        painter.setPen(QPen(QColor(80, 80, 80), 0))
        painter.drawRect(label)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        """While moving: a line along each edge the selection snapped to; while dragging from
        the palette: the new element's box."""
        if self.ghost is not None:
            painter.setPen(QPen(QColor(0, 120, 215), 0, Qt.PenStyle.DashLine))
            painter.setBrush(QColor(0, 120, 215, 40))
            painter.drawRect(self.ghost)
        guide_x, guide_y = self.guides
        if guide_x is None and guide_y is None:
            return
        painter.setPen(QPen(QColor(220, 0, 160), 0))
        if guide_x is not None:
            painter.drawLine(QPointF(guide_x, rect.top()), QPointF(guide_x, rect.bottom()))
        if guide_y is not None:
            painter.drawLine(QPointF(rect.left(), guide_y), QPointF(rect.right(), guide_y))


def _snap_axis(value: float, offsets: tuple, targets: list[float], threshold: float,
               grid: Callable[[float], float]) -> tuple[float, float | None]:
    """The snapped value, and the edge it snapped to (None: the grid)."""
    best = min(((abs(value + o - t), t - o, t) for o in offsets for t in targets),
               default=(threshold + 1, value, None))
    return (round(best[1], 4), best[2]) if best[0] <= threshold else (grid(value), None)


def _moved(element: Element, dx: float, dy: float) -> Element:
    return replace(element, x=round(element.x + dx, 4), y=round(element.y + dy, 4))


class DesignView(QGraphicsView):
    """The scene at a zoom, with mm rulers; palette drops land here (``dropped``)."""

    dropped = Signal(str, QPointF)
    zoom_changed = Signal(float)

    def __init__(self, scene: DesignScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.design = scene
        self.zoom = 1.0
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setViewportMargins(RULER_PX, RULER_PX, 0, 0)
        self.top_ruler = Ruler(self, Qt.Orientation.Horizontal)
        self.left_ruler = Ruler(self, Qt.Orientation.Vertical)
        self.set_zoom(1.0)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(0.1, min(zoom, 40.0))
        scale = self.zoom * SCREEN_PX_PER_MM
        self.resetTransform()
        self.scale(scale, scale)
        # 1-bit dots: sharp when a dot covers a screen pixel or more, smoothed to grey below
        dots_per_px = self.design.document.template.page.dpi / 25.4 / scale
        self.design.set_smooth(dots_per_px > 1.0)
        self.zoom_changed.emit(self.zoom)
        self._update_rulers()

    def fit(self) -> None:
        page = self.design.document.template.page
        view = self.viewport().rect()
        if view.width() < 10 or view.height() < 10:
            return
        zoom = min((view.width() - 30) / (page.width_mm * SCREEN_PX_PER_MM),
                   (view.height() - 30) / (page.height_mm * SCREEN_PX_PER_MM))
        self.set_zoom(zoom)
        self.centerOn(page.width_mm / 2, page.height_mm / 2)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_zoom(self.zoom * math.pow(1.0015, event.angleDelta().y()))
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
                 Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if event.key() in steps and self.design.selected_ids():
            step = self.design.grid_mm if self.design.snap and self.design.grid_mm > 0 else 0.5
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                step *= 10
            if event.modifiers() & Qt.KeyboardModifier.AltModifier:
                step = 0.1                       # fine positioning, off the grid
            dx, dy = steps[event.key()]
            self.design.nudge(dx * step, dy * step)
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() in (
                Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus, Qt.Key.Key_0):
            if event.key() == Qt.Key.Key_0:
                self.fit()
            else:
                self.set_zoom(self.zoom * (0.8 if event.key() == Qt.Key.Key_Minus else 1.25))
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.design.delete_selected()
            event.accept()
            return
        super().keyPressEvent(event)

    def show_ghost(self, rect: QRectF | None) -> None:
        if rect != self.design.ghost:
            self.design.ghost = rect
            self.design.update()

    def scene_point_at_global(self, global_point: QPoint) -> QPointF | None:
        """The scene point under a global position, or None when it is not over the canvas."""
        local = self.viewport().mapFromGlobal(global_point)
        return self.mapToScene(local) if self.viewport().rect().contains(local) else None

    def drop_at_global(self, spec: str, global_point: QPoint) -> bool:
        """A palette entry released at ``global_point``: True if it landed on the canvas."""
        self.show_ghost(None)
        local = self.viewport().mapFromGlobal(global_point)
        if not self.viewport().rect().contains(local):
            return False
        self.dropped.emit(spec, self.mapToScene(local))
        return True

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._update_rulers()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        rect = self.viewport().geometry()
        self.top_ruler.setGeometry(rect.left(), rect.top() - RULER_PX, rect.width(), RULER_PX)
        self.left_ruler.setGeometry(rect.left() - RULER_PX, rect.top(), RULER_PX, rect.height())

    def _update_rulers(self) -> None:
        self.top_ruler.update()
        self.left_ruler.update()


class Ruler(QWidget):
    """Millimetre ticks along the view's top or left edge, following scroll and zoom."""

    def __init__(self, view: DesignView, orientation: Qt.Orientation) -> None:
        super().__init__(view)
        self.view = view
        self.orientation = orientation

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(245, 245, 245))
        painter.setPen(QColor(120, 120, 120))
        font = QFont(self.font())
        font.setPixelSize(9)
        painter.setFont(font)
        horizontal = self.orientation == Qt.Orientation.Horizontal
        px_per_mm = self.view.transform().m11()
        origin = self.view.mapFromScene(QPointF(0, 0))
        start = origin.x() if horizontal else origin.y()
        length = self.width() if horizontal else self.height()
        step = 1
        while step * px_per_mm < 4:
            step *= 5 if str(step).startswith("1") else 2
        label_every = step * 10 if step * 10 * px_per_mm < 120 else step * 5
        first = math.floor(-start / px_per_mm / step) * step
        mm = first
        while start + mm * px_per_mm < length:
            pos = round(start + mm * px_per_mm)
            major = mm % label_every == 0
            tick = RULER_PX // 2 if major else (RULER_PX // 3 if mm % (step * 5) == 0 else 4)
            if horizontal:
                painter.drawLine(pos, RULER_PX - tick, pos, RULER_PX)
                if major:
                    painter.drawText(pos + 2, 10, str(mm))
            else:
                painter.drawLine(RULER_PX - tick, pos, RULER_PX, pos)
                if major:
                    painter.save()
                    painter.translate(10, pos + 2)
                    painter.rotate(90)
                    painter.drawText(0, 0, str(mm))
                    painter.restore()
            mm += step
        painter.setPen(QColor(180, 180, 180))
        if horizontal:
            painter.drawLine(0, RULER_PX - 1, self.width(), RULER_PX - 1)
        else:
            painter.drawLine(RULER_PX - 1, 0, RULER_PX - 1, self.height())
        painter.end()
