"""The designer screen as a whole (issue #6): its edit commands on the selection (rotate,
z-order, delete, clipboard, align, one table band), any sequence of them undone and redone,
and the whole path from binding a field to a published template printed to PDF and read
back by zxing-cpp."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from devices.printers.render import render
from domain.labels.store import TemplateStore, published_json
from domain.labels.serialization import loads
from domain.services.masterdata import BinData, MasterDataService
from domain.services.users import UserService, actor_of
from gui.app import build_main_window
from gui.context import AppContext
from gui.designer import DesignerScreen
from tests.labels.decoding import pdf_pages, read_codes
from tests.gui.designer.support import check_wysiwyg, new_label

BIN = {"bin": {"code": "A-01-02", "zone": "A", "warehouse": "WH1"}}


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

def test_one_table_band_per_template(qtbot, screen, shown_errors):
    doc = new_label(screen)
    screen.templates.new_template("sheet", 210, 297, 300)
    band = screen.add_element("table", QPointF(10, 40))
    assert band and screen.add_element("table", QPointF(10, 120)) == ""
    assert len(doc.template.elements) == 1 and "table band" in shown_errors[-1][1]
    screen.scene.select([band])
    (copy_id,) = screen.duplicate_selected()               # a pasted second band is flagged
    assert isinstance(screen.scene.laid_out[copy_id], Exception)
    assert (copy_id, "error") in {(w.element, w.kind) for w in screen.warnings_pane.run_checks()}

def test_any_sequence_of_edits_undoes_to_the_start_and_redoes_to_the_end(qtbot, screen):
    import copy
    import random

    rng = random.Random(6)
    screen.templates.open_template("bin_label.en")
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
    screen.warnings_pane.run_checks()
    warning_list = screen.warnings_pane.warning_list
    assert any(code_id in t and "bin.code" in t for t in
               (warning_list.item(i).text() for i in range(warning_list.count())))

    screen.tabs.setCurrentIndex(1)
    screen.preview.entity_combo.setCurrentIndex(screen.preview.entity_combo.findData("bin"))
    screen.preview.load_records("bin")
    qtbot.waitUntil(lambda: doc.record is not None, timeout=5000)
    assert doc.record["bin"]["code"] == "A-01-02"
    assert not isinstance(screen.scene.laid_out[code_id], Exception)
    qtbot.waitUntil(lambda: screen.preview.png.startswith(b"\x89PNG"), timeout=10000)
    screen.grab().save(str(tmp_path / "designer.png"))

    screen.templates.save_draft()
    qtbot.waitUntil(lambda: screen.templates.state == "draft", timeout=5000)
    assert doc.undo_stack.isClean()
    store = TemplateStore(db)
    assert store.load(actor, "shelf_label").template == doc.template

    other = DesignerScreen(AppContext(db, admin))
    qtbot.addWidget(other)
    other.templates.open_template("shelf_label")
    qtbot.waitUntil(lambda: other.document.template.name == "shelf_label", timeout=5000)
    assert other.document.template == doc.template and other.templates.state == "draft"

    other.warnings_pane.confirm_warnings = lambda warnings: pytest.fail(
        f"unexpected warnings {warnings}")
    other.document.set_record(BIN)
    other.templates.publish()
    qtbot.waitUntil(lambda: other.templates.state == "published", timeout=5000)
    with db.read() as s:
        published = loads(published_json(s, "shelf_label"))
    assert published == doc.template

    (pdf,) = render(published, [BIN], "pdf")
    codes = read_codes(pdf_pages(pdf, tmp_path)[0])
    assert ("Code128", "]C0", b"A-01-02") in codes

def test_designer_in_the_navigation_only_with_design_permission(qtbot, db, admin):
    clerk = UserService(db).add_user(actor_of(admin), "cleo", "pw-cleo-1", "clerk")
    window = build_main_window(db, admin)
    qtbot.addWidget(window)
    assert isinstance(window.show_screen("designer"), DesignerScreen)
    window = build_main_window(db, clerk)
    qtbot.addWidget(window)
    assert "designer" not in window.screen_keys()
