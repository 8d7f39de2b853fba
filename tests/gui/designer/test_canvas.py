"""The canvas (scene, element items, view): palette drag with the mouse, move and resize
with handles, keyboard nudges, edge snapping, each one an undo step; and WYSIWYG: every
element's box on the canvas agrees with the PDF path's layout within 0.25 mm, and the
canvas draws the dots the PNG printer backend prints."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from devices.printers.render import layout
from domain.labels.model import Barcode, BoundText, Symbology
from tests.gui.designer.support import (WYSIWYG_MM, box, box_on_canvas, check_wysiwyg,
                                        drag_from_palette, mouse_drag, new_label, viewport_point)


def test_drag_move_resize_property_each_one_undoable_step(qtbot, screen):
    doc = new_label(screen)
    stack = doc.undo_stack
    ghost = drag_from_palette(qtbot, screen, "barcode:code128", 10.2, 5.9)
    assert (ghost.x(), ghost.y()) == (10.0, 6.0)
    (element,) = doc.template.elements
    assert isinstance(element, Barcode) and element.symbology is Symbology.CODE128
    assert screen.scene.ghost is None
    assert (element.x, element.y) == (10.0, 6.0)            # snapped to the 1 mm grid
    assert stack.count() == 1 and screen.scene.selected_ids() == [element.id]
    added, added_module = box(element), element.module_mm
    assert drag_from_palette(qtbot, screen, "text", -200, 10) is None   # beside the canvas
    assert len(doc.template.elements) == 1 and stack.count() == 1

    # move: drag the element's middle 7 mm right, 3 mm down
    mouse_drag(screen, QPointF(20, 10), QPointF(27, 13))
    moved = doc.element(element.id)
    assert box(moved) == (17.0, 9.0, added[2], added[3]) and stack.count() == 2

    # resize: drag the bottom-right handle 5 mm left and 4 mm down
    corner = screen.scene.items_by_id[element.id].handle_scene_point("br")
    mouse_drag(screen, corner, corner + QPointF(-5, 4))
    resized = doc.element(element.id)
    assert box(resized) == (17.0, 9.0, added[2] - 5, added[3] + 4) and stack.count() == 3

    # a property: module width through the panel's spin box
    spin = screen.properties.editors["module_mm"]
    spin.setValue(0.5)
    spin.editingFinished.emit()
    assert doc.element(element.id).module_mm == 0.5 and stack.count() == 4
    check = screen.properties.editors["human_readable"]
    check.setChecked(False)
    assert doc.element(element.id).human_readable is False and stack.count() == 5

    # undo each step, back to the empty label, then redo all of them
    stack.undo()
    assert doc.element(element.id).human_readable and doc.element(element.id).module_mm == 0.5
    stack.undo()
    assert doc.element(element.id).module_mm == added_module
    for expected in (box(moved), added):
        stack.undo()
        assert box(doc.element(element.id)) == expected
        assert box(doc.element(element.id)) == box_on_canvas(screen, element.id)
    stack.undo()
    assert doc.template.elements == [] and not screen.scene.items_by_id
    for _ in range(6):
        stack.redo()
    final = doc.element(element.id)
    assert box(final) == box(resized) and final.module_mm == 0.5 and not final.human_readable
    assert set(screen.scene.items_by_id) == {element.id}

def test_keyboard_nudges_merge_into_one_step_and_locked_elements_stay(qtbot, screen):
    doc = new_label(screen)
    element_id = screen.add_element("text", QPointF(5, 5))
    screen.view.setFocus()
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down):
        QTest.keyClick(screen.view, key)
    assert (doc.element(element_id).x, doc.element(element_id).y) == (7.0, 6.0)
    assert doc.undo_stack.count() == 2                        # add + one merged nudge
    doc.undo_stack.undo()
    assert (doc.element(element_id).x, doc.element(element_id).y) == (5.0, 5.0)

    screen.toggle_lock()
    assert doc.element(element_id).locked
    QTest.keyClick(screen.view, Qt.Key.Key_Left)
    mouse_drag(screen, QPointF(8, 7), QPointF(20, 20))
    assert (doc.element(element_id).x, doc.element(element_id).y) == (5.0, 5.0)
    QTest.keyClick(screen.view, Qt.Key.Key_Delete)
    assert doc.element(element_id) is not None

def test_moving_snaps_to_another_elements_edge(qtbot, screen):
    doc = new_label(screen)
    screen.snap_check.setChecked(False)
    anchor = screen.add_element("box", QPointF(5, 5))
    doc.edit([anchor], "x", 5.3, "x")
    doc.edit([anchor], "width", 20.0, "width")
    moved = screen.add_element("box", QPointF(10, 25))
    doc.edit([moved], "width", 10.0, "width")
    screen.scene.select([moved])
    # drag so that its left edge lands 0.2 mm from the box's left edge (5.3): it snaps there
    viewport = screen.view.viewport()
    start, end = viewport_point(screen, 12, 27), viewport_point(screen, 12 - 4.9, 27)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, (start + end) / 2)
    QTest.mouseMove(viewport, end)
    assert screen.scene.guides == (pytest.approx(5.3), None)      # the guide while dragging
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert doc.element(moved).x == pytest.approx(5.3)
    assert screen.scene.guides == (None, None)
    mouse_drag(screen, QPointF(8, 27), QPointF(8 + 2.4, 27))     # nothing near: stays free
    assert doc.element(moved).x == pytest.approx(7.7, abs=0.15)
    before = doc.element(moved).x
    QTest.keyClick(screen.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert doc.element(moved).x == pytest.approx(before + 0.1)

def test_resizing_a_turned_element_changes_its_own_height(qtbot, screen):
    doc = new_label(screen)
    box_id = screen.add_element("box", QPointF(10, 5))          # 30 × 15
    screen.rotate_selected()                                    # shows 15 wide, 30 tall
    item = screen.scene.items_by_id[box_id]
    outline = item.mapRectToScene(item.outline)
    assert (outline.width(), outline.height()) == (15, 30)
    handle = item.handle_scene_point("r")
    mouse_drag(screen, handle, handle + QPointF(5.5, 0))        # right edge 32.5 → 38 (grid)
    element = doc.element(box_id)
    assert (element.width, element.height, element.rotation) == (30, 20.5, 90)
    outline = item.mapRectToScene(item.outline)
    assert (outline.left(), outline.right(), outline.height()) == (17.5, 38, 30)

def test_bound_text_keeps_its_box_when_data_changes(qtbot, screen):
    doc = new_label(screen)
    element_id = screen.add_element("field", QPointF(3, 3))
    assert isinstance(doc.element(element_id), BoundText)
    before = screen.scene.items_by_id[element_id].scene_frame()
    doc.set_record({"item": {"name": "A much longer item name than the sample"}})
    after = screen.scene.items_by_id[element_id].scene_frame()
    assert before == after

@pytest.mark.parametrize("name", ["bin_label.en", "lot_label.en", "pallet_label.en",
                                  "item_label.zh", "pick_list.en"])
def test_wysiwyg_canvas_boxes_agree_with_the_pdf_layout(qtbot, screen, name):
    screen.templates.open_template(name)
    qtbot.waitUntil(lambda: screen.document.template.name == name, timeout=5000)
    check_wysiwyg(screen)

def test_wysiwyg_after_rotating_and_moving(qtbot, screen):
    screen.templates.open_template("bin_label.en")
    qtbot.waitUntil(lambda: screen.document.template.name == "bin_label.en", timeout=5000)
    screen.scene.select(["qr", "where"])
    screen.rotate_selected()
    screen.scene.select(["code"])
    screen.rotate_selected()
    screen.rotate_selected()
    screen.scene.nudge(0.5, -1.5)
    line = screen.add_element("line", QPointF(5, 40))
    screen.rotate_selected()                                   # a vertical line now
    check_wysiwyg(screen)
    item = screen.scene.items_by_id[line]
    outline = item.mapRectToScene(item.outline)
    assert (outline.width(), outline.height()) == pytest.approx((0, 30))
    frame = item.scene_frame()                                 # the turn's pivot is dot-snapped
    assert (outline.center().x(), outline.center().y()) == pytest.approx(
        (frame.center().x(), frame.center().y()), abs=WYSIWYG_MM)

@pytest.mark.parametrize("name", ["bin_label.en", "lot_label.en"])
def test_the_canvas_draws_the_dots_the_png_printer_backend_prints(qtbot, screen, name):
    """Render the scene without guides at the printer's resolution and compare it dot by dot
    with the PNG backend's page: every dark dot of one lies within a dot of a dark dot of the
    other (element rasters sit at whole-mm-free offsets, so a one-dot shift is allowed)."""
    from PIL import Image as PILImage, ImageChops, ImageFilter
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from devices.printers.render.raster import rasterize

    screen.templates.open_template(name)
    qtbot.waitUntil(lambda: screen.document.template.name == name, timeout=5000)
    screen.guides_check.setChecked(False)
    screen.scene.clearSelection()
    template = screen.document.template
    page = layout(template, template.sample[:1])[0]
    printed = rasterize(page).convert("L")
    image = QImage(printed.width, printed.height, QImage.Format.Format_Grayscale8)
    image.fill(255)
    painter = QPainter(image)
    screen.scene.render(painter, QRectF(0, 0, image.width(), image.height()),
                        QRectF(0, 0, template.page.width_mm, template.page.height_mm))
    painter.end()
    line, bits = image.bytesPerLine(), bytes(image.constBits())
    drawn = PILImage.frombytes("L", (image.width(), image.height()), b"".join(
        bits[row * line:row * line + image.width()] for row in range(image.height())))

    def dark(img):
        return img.point(lambda v: 255 if v < 128 else 0)       # dark dots as white

    def count(img):
        return img.width * img.height - img.histogram()[0]

    for one, other in ((dark(drawn), dark(printed)), (dark(printed), dark(drawn))):
        stray = ImageChops.subtract(one, other.filter(ImageFilter.MaxFilter(3)))
        assert count(one) > 1000
        assert count(stray) / count(one) < 0.005
