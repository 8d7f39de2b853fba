"""The view on the design canvas: zoom, millimetre rulers, keys, and where palette drops land."""
from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from gui.designer.canvas import DesignScene
from gui.designer.element_item import SCREEN_PX_PER_MM

RULER_PX = 22


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
