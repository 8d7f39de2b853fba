"""The design canvas: a QGraphicsScene in millimetres that draws each element from the layout.

Scene units are millimetres, y down, the label's top-left corner at (0, 0): the layout's own
coordinates. Every element's content is what ``domain.labels.layout.layout_elements`` lays out
(the code ``layout_job`` uses for PDF, PNG, ZPL and ESC/POS), so the canvas shows what will print;
each element is an ``element_item.ElementItem``. The scene turns the mouse's and the keys' moves,
resizes, nudges and deletions into undo steps of the document; ``canvas_view.DesignView`` shows
it at a zoom.

Mouse: drag an element to move it (the whole selection moves; one undo step on release), drag a
handle to resize, rubber-band or Ctrl+click for several. Keys: arrows nudge (Shift: ×10; merged
into one undo step; Alt: 0.1 mm), Delete removes, Ctrl+wheel or Ctrl +/− zooms, Ctrl+0 fits
the label.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

import shiboken6

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneMouseEvent

from devices.printers.render import fonts
from domain.labels.checks import PRINTABLE_MARGIN_MM
from domain.labels.layout import layout_elements
from domain.labels.model import Element
from gui.designer.document import NUDGE_ID, DesignDocument
from gui.designer.element_item import SCREEN_PX_PER_MM, ElementItem, box_from_outline

EDGE_SNAP_PX = 5              # an edge this close (on screen) to another element's snaps to it


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

