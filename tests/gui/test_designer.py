"""The label designer (issue #6): palette drag with the mouse, move and resize with handles,
properties, undo/redo of each step, binding, preview with a real record, save/reload/publish,
the published template printed to PDF and read back by zxing-cpp, and WYSIWYG: every element's
box on the canvas agrees with the PDF path's layout within 0.25 mm."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from devices.printers.render import layout, render
from domain.labels.model import Barcode, BoundText, Symbology
from domain.labels.primitives import element_bounds
from domain.labels.store import TemplateStore, published_json
from domain.labels.serialization import loads
from domain.services.masterdata import BinData, MasterDataService
from domain.services.users import UserService, actor_of
from gui.app import build_main_window
from gui.context import AppContext
from gui.designer import DesignerScreen
from tests.labels.decoding import pdf_pages, read_codes

WYSIWYG_MM = 0.25
BIN = {"bin": {"code": "A-01-02", "zone": "A", "warehouse": "WH1"}}


@pytest.fixture
def screen(qtbot, db, admin, shown_errors):
    widget = DesignerScreen(AppContext(db, admin))
    qtbot.addWidget(widget)
    widget.confirm_discard = lambda: True           # no modal questions in tests
    widget.confirm_warnings = lambda warnings: pytest.fail(f"unexpected warnings {warnings}")
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.template_combo.count() > 0, timeout=5000)
    return widget


def new_label(screen, name="test_label"):
    screen.new_template(name, 70.0, 45.0, 203)
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


def test_multi_select_rotation_z_order_and_delete(qtbot, screen):
    doc = new_label(screen)
    first = screen.add_element("box", QPointF(5, 5))
    second = screen.add_element("text", QPointF(10, 25))
    screen.scene.select([first, second])
    assert screen.scene.selected_ids() == [first, second]
    screen.rotate_selected()
    assert [doc.element(i).rotation for i in (first, second)] == [90, 90]
    screen.scene.select([first])
    screen.restack(front=True)
    assert doc.element(first).z > doc.element(second).z
    assert screen.scene.items_by_id[first].zValue() > screen.scene.items_by_id[second].zValue()
    screen.scene.select([first, second])
    QTest.keyClick(screen.view, Qt.Key.Key_Delete)
    assert doc.template.elements == []
    doc.undo_stack.undo()
    assert [e.id for e in doc.template.elements] == [first, second]
    assert doc.element(first).rotation == 90


def test_bind_preview_with_a_real_record_save_reload_publish_and_print(qtbot, db, admin,
                                                                       screen, tmp_path):
    actor = actor_of(admin)
    master = MasterDataService(db)
    master.save_warehouse(actor, "WH1", "Main")
    master.save_zone(actor, "WH1", "A", "Storage A")
    master.save_bin(actor, BinData("WH1", "A-01-02", zone="A", bin_type="storage"))
    doc = new_label(screen, "shelf_label")
    text_id = screen.add_element("field", QPointF(4, 4))
    code_id = screen.add_element("barcode:code128", QPointF(4, 14))
    screen.scene.select([text_id, code_id])
    screen.properties.tree.setCurrentItem(screen.properties.field_item("bin.code"))
    QTest.mouseClick(screen.properties.bind_button, Qt.MouseButton.LeftButton)
    assert doc.element(text_id).expr == "${bin.code}"
    assert doc.element(code_id).data == "${bin.code}"
    screen.scene.select([text_id])
    size = screen.properties.editors["style.size_pt"]
    size.setValue(16)
    size.editingFinished.emit()
    screen.properties.editors["style.bold"].setChecked(True)
    assert doc.element(text_id).style.size_pt == 16 and doc.element(text_id).style.bold
    # without a record the bound barcode has no data: the canvas says so, the warnings list too
    assert isinstance(screen.scene.laid_out[code_id], Exception)
    assert "bin.code" in screen.scene.items_by_id[code_id].toolTip()
    screen.run_checks()
    assert any(code_id in t and "bin.code" in t for t in
               (screen.warning_list.item(i).text() for i in range(screen.warning_list.count())))

    screen.tabs.setCurrentIndex(1)
    screen.entity_combo.setCurrentIndex(screen.entity_combo.findData("bin"))
    screen.load_records("bin")
    qtbot.waitUntil(lambda: doc.record is not None, timeout=5000)
    assert doc.record["bin"]["code"] == "A-01-02"
    assert not isinstance(screen.scene.laid_out[code_id], Exception)
    qtbot.waitUntil(lambda: screen.preview_png.startswith(b"\x89PNG"), timeout=10000)
    screen.grab().save(str(tmp_path / "designer.png"))

    screen.save_draft()
    qtbot.waitUntil(lambda: screen.state == "draft", timeout=5000)
    assert doc.undo_stack.isClean()
    store = TemplateStore(db)
    assert store.load(actor, "shelf_label").template == doc.template

    other = DesignerScreen(AppContext(db, admin))
    qtbot.addWidget(other)
    other.open_template("shelf_label")
    qtbot.waitUntil(lambda: other.document.template.name == "shelf_label", timeout=5000)
    assert other.document.template == doc.template and other.state == "draft"

    other.confirm_warnings = lambda warnings: pytest.fail(f"unexpected warnings {warnings}")
    other.document.set_record(BIN)
    other.publish()
    qtbot.waitUntil(lambda: other.state == "published", timeout=5000)
    with db.read() as s:
        published = loads(published_json(s, "shelf_label"))
    assert published == doc.template

    (pdf,) = render(published, [BIN], "pdf")
    codes = read_codes(pdf_pages(pdf, tmp_path)[0])
    assert ("Code128", "]C0", b"A-01-02") in codes


def test_warnings_before_printing_and_publish_needs_a_yes(qtbot, db, admin, screen):
    doc = new_label(screen, "risky")
    narrow = screen.add_element("barcode:code128", QPointF(5, 5))
    doc.edit([narrow], "module_mm", 0.1, "narrow")
    doc.edit([narrow], "data", "ABC", "data")
    long_text = screen.add_element("text", QPointF(5, 25))
    doc.edit([long_text], "text", "A text far too long for its little box " * 3, "text")
    doc.edit([long_text], "style.wrap", False, "no wrap")
    unknown = screen.add_element("field", QPointF(25, 34))
    doc.edit([unknown], "expr", "${item.colour}", "bind")
    outside = screen.add_element("box", QPointF(60, 40))
    kinds = {(w.element, w.kind) for w in screen.run_checks()}
    assert kinds == {(narrow, "module"), (long_text, "overflow"), (unknown, "field"),
                     (outside, "outside")}
    assert screen.warning_list.count() == 4
    assert "unknown field item.colour" in screen.warning_list.item(2).text()

    asked = []
    screen.confirm_warnings = lambda warnings: asked.append(len(warnings)) or False
    screen.publish()
    assert asked == [4]
    assert screen.state == "new"
    assert all(s.name != "risky" for s in TemplateStore(db).list(actor_of(admin)))


def test_duplicate_shipped_export_and_import(qtbot, db, admin, screen, tmp_path):
    screen.duplicate("bin_label.en", "my_bin")
    qtbot.waitUntil(lambda: screen.document.template.name == "my_bin", timeout=5000)
    assert screen.state == "draft" and len(screen.document.template.elements) == 5
    screen.scene.select(["caption"])
    screen.document.edit(["caption"], "text", "SHELF", "text")
    done = []
    screen.export_file(tmp_path / "my_bin.json", done=lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    data = json.loads((tmp_path / "my_bin.json").read_text(encoding="utf-8"))
    assert data["name"] == "my_bin" and data["elements"][0]["text"] == "SHELF"
    data["name"] = "imported_bin"
    (tmp_path / "imported.json").write_text(json.dumps(data), encoding="utf-8")
    screen.import_file(tmp_path / "imported.json")
    qtbot.waitUntil(lambda: screen.document.template.name == "imported_bin", timeout=5000)
    qtbot.waitUntil(lambda: screen.template_combo.findData("imported_bin") >= 0, timeout=5000)
    assert screen.document.template.elements[0].text == "SHELF"


@pytest.mark.parametrize("name", ["bin_label.en", "lot_label.en", "pallet_label.en",
                                  "item_label.zh", "pick_list.en"])
def test_wysiwyg_canvas_boxes_agree_with_the_pdf_layout(qtbot, screen, name):
    screen.open_template(name)
    qtbot.waitUntil(lambda: screen.document.template.name == name, timeout=5000)
    check_wysiwyg(screen)


def test_wysiwyg_after_rotating_and_moving(qtbot, screen):
    screen.open_template("bin_label.en")
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


def test_designer_in_the_navigation_only_with_design_permission(qtbot, db, admin):
    clerk = UserService(db).add_user(actor_of(admin), "cleo", "pw-cleo-1", "clerk")
    window = build_main_window(db, admin)
    qtbot.addWidget(window)
    assert isinstance(window.show_screen("designer"), DesignerScreen)
    window = build_main_window(db, clerk)
    qtbot.addWidget(window)
    assert "designer" not in window.screen_keys()


def test_bound_text_keeps_its_box_when_data_changes(qtbot, screen):
    doc = new_label(screen)
    element_id = screen.add_element("field", QPointF(3, 3))
    assert isinstance(doc.element(element_id), BoundText)
    before = screen.scene.items_by_id[element_id].scene_frame()
    doc.set_record({"item": {"name": "A much longer item name than the sample"}})
    after = screen.scene.items_by_id[element_id].scene_frame()
    assert before == after


def test_copy_paste_align_and_distribute(qtbot, screen):
    doc = new_label(screen)
    ids = [screen.add_element("box", QPointF(x, y)) for x, y in ((5, 5), (12, 20), (40, 11))]
    screen.scene.select(ids)
    screen.align("top")
    assert [doc.element(i).y for i in ids] == [5.0, 5.0, 5.0]
    assert doc.undo_stack.count() == 4                       # three adds, one alignment
    screen.align("distribute_h")                             # boxes 30 wide: gaps equal
    lefts = sorted(doc.element(i).x for i in ids)
    assert lefts == pytest.approx([5.0, 22.5, 40.0])
    doc.undo_stack.undo()
    assert sorted(doc.element(i).x for i in ids) == [5.0, 12.0, 40.0]

    screen.scene.select(ids[:2])
    screen.view.setFocus()
    QTest.keyClick(screen.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(screen.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    pasted = screen.scene.selected_ids()
    assert len(pasted) == 2 and not set(pasted) & set(ids)
    assert [(doc.element(i).x, doc.element(i).y) for i in pasted] == [(6.0, 6.0), (13.0, 6.0)]
    doc.undo_stack.undo()                                    # the paste is one step
    assert len(doc.template.elements) == 3


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


def test_unsaved_changes_are_not_dropped_without_asking(qtbot, screen):
    doc = new_label(screen, "draft_one")
    screen.add_element("text", QPointF(5, 5))
    asked = []
    screen.confirm_discard = lambda: asked.append(True) or False
    screen.open_template("bin_label.en")
    screen.new_template("other")
    assert asked == [True, True] and doc.template.name == "draft_one"
    screen.confirm_discard = lambda: True
    screen.open_template("bin_label.en")
    qtbot.waitUntil(lambda: doc.template.name == "bin_label.en", timeout=5000)


def test_picture_table_columns_page_setup_and_document_pages(qtbot, screen, tmp_path):
    from PIL import Image as PILImage

    doc = new_label(screen)
    image_id = screen.add_element("image", QPointF(5, 5))
    picture = tmp_path / "logo.jpg"
    PILImage.new("RGB", (40, 20), (0, 0, 0)).save(picture)
    assert screen.properties.picture_button.isVisibleTo(screen.properties)
    screen.properties.set_picture(str(picture))
    source = doc.element(image_id).source
    assert source.startswith("data:image/png;base64,")
    assert not isinstance(screen.scene.laid_out[image_id], Exception)

    screen.scene.clearSelection()
    orientation = screen.properties.editors["page.orientation"]
    orientation.setCurrentIndex(orientation.findData("landscape"))
    orientation.activated.emit(orientation.currentIndex())
    assert doc.template.page.orientation == "landscape"
    doc.undo_stack.undo()
    assert doc.template.page.orientation == "portrait"

    screen.open_template("pick_list.en")
    qtbot.waitUntil(lambda: doc.template.name == "pick_list.en", timeout=5000)
    screen.scene.select(["lines"])
    table = screen.properties.columns
    assert table.rowCount() == len(doc.element("lines").columns)
    table.item(0, 0).setText("No.")
    assert doc.element("lines").columns[0].title == "No."
    screen.properties.change_columns(add=True)
    assert doc.element("lines").columns[-1].value == "${row.sku}"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.element("lines").columns[0].title != "No."

    screen.tabs.setCurrentIndex(1)                  # the sample pick list has two pages
    qtbot.waitUntil(lambda: screen.page_spin.maximum() == 2, timeout=10000)
    first = screen.preview_png
    screen.page_spin.setValue(2)
    qtbot.waitUntil(lambda: screen.preview_png != first, timeout=10000)


def test_printer_resolution_warnings_and_printing_from_the_designer(qtbot, db, admin, screen):
    from domain.printing import PrinterProfile, PrintService

    PrintService(db).save_printer(actor_of(admin), PrinterProfile(
        "Coarse", "pdf-folder", {"folder": "/tmp"}, dpi=150))
    screen.refresh_printers()
    qtbot.waitUntil(lambda: screen.printer_combo.count() == 2, timeout=5000)
    doc = new_label(screen)
    code = screen.add_element("barcode:qr", QPointF(5, 5))
    doc.edit([code], "data", "A-01", "data")
    doc.edit([code], "module_mm", 0.25, "module")     # 2 dots at 203 dpi, 1 at 150
    assert screen.run_checks() == []
    screen.printer_combo.setCurrentIndex(1)
    screen.printer_combo.activated.emit(1)
    assert [(w.element, w.kind, w.detail["dpi"]) for w in screen.warnings] == [
        (code, "module", 150)]

    # printing from the designer asks about the warnings first; "no" queues nothing
    service = PrintService(db)
    asked, jobs = [], []
    screen.confirm_warnings = lambda warnings: asked.append(len(warnings)) or False
    screen.print_test(done=jobs.append)
    assert asked == [1] and service.jobs(actor_of(admin)) == []
    screen.confirm_warnings = lambda warnings: True
    screen.document.set_record({"bin": {"code": "B-7"}})
    screen.print_test(done=jobs.append)
    qtbot.waitUntil(lambda: bool(jobs), timeout=5000)
    (job,) = service.jobs(actor_of(admin))
    assert (job.id, job.printer, job.records) == (jobs[0], "Coarse", [{"bin": {"code": "B-7"}}])
    assert loads(job.template_json) == screen.document.template


def test_text_of_several_lines_and_the_history(qtbot, screen):
    doc = new_label(screen)
    text_id = screen.add_element("text", QPointF(5, 5))
    editor = screen.properties.editors["text"]
    editor.setFocus()
    editor.setPlainText("")
    QTest.keyClicks(editor, "Fragile")
    QTest.keyClick(editor, Qt.Key.Key_Return)              # a new line, not the end of the edit
    QTest.keyClicks(editor, "This side up")
    assert doc.element(text_id).text == "Text"
    QTest.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert doc.element(text_id).text == "Fragile\nThis side up"
    (run,) = screen.scene.laid_out[text_id]
    assert [line.text for line in run.lines] == ["Fragile", "This side up"]
    assert screen.history.model().rowCount() == 3          # <opened>, add, change text
    screen.history.setCurrentIndex(screen.history.model().index(1, 0))
    assert doc.element(text_id).text == "Text"             # clicking history undoes to there


def test_earlier_versions_open_from_the_versions_menu(qtbot, screen):
    doc = new_label(screen, "versioned")
    first = screen.add_element("text", QPointF(5, 5))
    screen.publish()
    qtbot.waitUntil(lambda: screen.state == "published" and len(screen.versions) == 1,
                    timeout=5000)
    doc.edit([first], "text", "Second edition", "text")
    screen.publish()
    qtbot.waitUntil(lambda: screen.version == 2 and len(screen.versions) == 2, timeout=5000)
    actions = screen.versions_menu.actions()
    assert [a.text().split(" · ")[:2] for a in actions] == [["v2", "published"],
                                                            ["v1", "superseded"]]
    actions[1].trigger()
    qtbot.waitUntil(lambda: screen.state == "superseded", timeout=5000)
    assert doc.element(first).text == "Text" and screen.version == 1
    screen.save_draft()                                   # an old version becomes the draft
    qtbot.waitUntil(lambda: screen.state == "draft", timeout=5000)
    assert screen.version == 3


@pytest.mark.parametrize("name", ["bin_label.en", "lot_label.en"])
def test_the_canvas_draws_the_dots_the_png_printer_backend_prints(qtbot, screen, name):
    """Render the scene without guides at the printer's resolution and compare it dot by dot
    with the PNG backend's page: every dark dot of one lies within a dot of a dark dot of the
    other (element rasters sit at whole-mm-free offsets, so a one-dot shift is allowed)."""
    from PIL import Image as PILImage, ImageChops, ImageFilter
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from devices.printers.render.raster import rasterize

    screen.open_template(name)
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


def test_any_sequence_of_edits_undoes_to_the_start_and_redoes_to_the_end(qtbot, screen):
    import copy
    import random

    rng = random.Random(6)
    screen.open_template("bin_label.en")
    qtbot.waitUntil(lambda: screen.document.template.name == "bin_label.en", timeout=5000)
    doc, scene = screen.document, screen.scene
    start = copy.deepcopy(doc.template)
    specs = ["text", "field", "box", "line", "image"]
    for _ in range(60):
        ids = [e.id for e in doc.template.elements]
        scene.select(rng.sample(ids, k=min(len(ids), rng.randint(1, 2))) if ids else [])
        action = rng.choice(["add", "nudge", "edit", "rotate", "delete", "paste", "align",
                             "front", "lock"])
        if action == "add":
            screen.add_element(rng.choice(specs), QPointF(rng.uniform(0, 50),
                                                          rng.uniform(0, 30)))
        elif action == "nudge":
            scene.nudge(rng.choice([-1, 1]) * 0.5, rng.choice([-1, 1]) * 0.5)
        elif action == "edit":
            doc.edit(scene.selected_ids(), rng.choice(["width", "height"]),
                     round(rng.uniform(3, 30), 1), "edit")
        elif action == "rotate":
            screen.rotate_selected()
        elif action == "delete":
            scene.delete_selected()
        elif action == "paste":
            screen.duplicate_selected()
        elif action == "align":
            screen.align(rng.choice(["left", "top", "hcenter"]))
        elif action == "front":
            screen.restack(front=rng.random() < 0.5)
        else:
            screen.toggle_lock()
        assert set(scene.items_by_id) == {e.id for e in doc.template.elements}
    end = copy.deepcopy(doc.template)
    steps = doc.undo_stack.count()
    assert steps > 30
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert doc.template == start
    assert set(scene.items_by_id) == {e.id for e in start.elements}
    while doc.undo_stack.canRedo():
        doc.undo_stack.redo()
    assert doc.template == end
    check_wysiwyg(screen)


def test_one_table_band_per_template(qtbot, screen, shown_errors):
    doc = new_label(screen)
    screen.new_template("sheet", 210, 297, 300)
    band = screen.add_element("table", QPointF(10, 40))
    assert band and screen.add_element("table", QPointF(10, 120)) == ""
    assert len(doc.template.elements) == 1 and "table band" in shown_errors[-1][1]
    screen.scene.select([band])
    (copy_id,) = screen.duplicate_selected()               # a pasted second band is flagged
    assert isinstance(screen.scene.laid_out[copy_id], Exception)
    assert (copy_id, "error") in {(w.element, w.kind) for w in screen.run_checks()}


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
