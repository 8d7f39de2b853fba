"""Helpers of the designer tests: a new label at a known zoom, mouse drags in scene
millimetres, and the WYSIWYG check of every canvas box against the PDF path's layout."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from devices.printers.render import layout
from domain.labels.primitives import element_bounds

WYSIWYG_MM = 0.25


def new_label(screen, name="test_label"):
    screen.templates.new_template(name, 70.0, 45.0, 203)
    screen.view.set_zoom(2.0)
    screen.view.centerOn(35, 22)
    return screen.document

def viewport_point(screen, x: float, y: float) -> QPoint:
    return screen.view.mapFromScene(QPointF(x, y))

def drag_from_palette(qtbot, screen, spec: str, x: float, y: float):
    """Press on the palette entry, move past the drag distance, release over the label;
    returns the landing box the canvas showed just before the release."""
    button = screen.palette.buttons[spec]
    target = screen.view.viewport().mapToGlobal(viewport_point(screen, x, y))
    start = button.rect().center()
    QTest.mousePress(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(button, start + QPoint(25, 5))
    QTest.mouseMove(button, button.mapFromGlobal(target))
    ghost = screen.scene.ghost                     # the box it would land in, under the mouse
    QTest.mouseRelease(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       button.mapFromGlobal(target))
    return ghost

def mouse_drag(screen, start: QPointF, end: QPointF) -> None:
    """A press, a few moves and a release on the canvas (scene mm to viewport pixels)."""
    viewport = screen.view.viewport()
    a, b = viewport_point(screen, start.x(), start.y()), viewport_point(screen, end.x(), end.y())
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for step in range(1, 6):
        QTest.mouseMove(viewport, a + (b - a) * step / 5)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)

def box(element):
    return (element.x, element.y, element.width, element.height)

def box_on_canvas(screen, element_id):
    """The element's box as the canvas item has it (its outline, unrotated elements)."""
    item = screen.scene.items_by_id[element_id]
    rect = item.mapRectToScene(item.outline)
    return (round(rect.x(), 4), round(rect.y(), 4), round(rect.width(), 4),
            round(rect.height(), 4))

def check_wysiwyg(screen) -> None:
    template = screen.document.template
    (page,) = layout(template, template.sample[:1])[:1]
    expected = element_bounds(page)
    assert set(expected) == set(screen.scene.items_by_id)
    for element_id, (x, y, w, h) in expected.items():
        item = screen.scene.items_by_id[element_id]
        frame = item.scene_frame()
        got = (frame.x(), frame.y(), frame.width(), frame.height())
        assert got == pytest.approx((x, y, w, h), abs=WYSIWYG_MM), element_id
        drawn = item.content.sceneBoundingRect()     # the rasterised content covers the box
        assert drawn.left() - WYSIWYG_MM <= frame.left() <= frame.right() \
            <= drawn.right() + WYSIWYG_MM, element_id
        assert drawn.top() - WYSIWYG_MM <= frame.top() <= frame.bottom() \
            <= drawn.bottom() + WYSIWYG_MM, element_id
