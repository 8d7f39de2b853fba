"""The designer's template row: duplicate a shipped template, export and import it, earlier
versions, and unsaved changes never dropped without asking."""
from __future__ import annotations

import json

from PySide6.QtCore import QPointF

from tests.gui.designer.support import new_label


def test_duplicate_shipped_export_and_import(qtbot, db, admin, screen, tmp_path):
    screen.templates.duplicate("bin_label.en", "my_bin")
    qtbot.waitUntil(lambda: screen.document.template.name == "my_bin", timeout=5000)
    assert screen.templates.state == "draft" and len(screen.document.template.elements) == 5
    screen.scene.select(["caption"])
    screen.document.edit(["caption"], "text", "SHELF", "text")
    done = []
    screen.templates.export_file(tmp_path / "my_bin.json", done=lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    data = json.loads((tmp_path / "my_bin.json").read_text(encoding="utf-8"))
    assert data["name"] == "my_bin" and data["elements"][0]["text"] == "SHELF"
    data["name"] = "imported_bin"
    (tmp_path / "imported.json").write_text(json.dumps(data), encoding="utf-8")
    screen.templates.import_file(tmp_path / "imported.json")
    qtbot.waitUntil(lambda: screen.document.template.name == "imported_bin", timeout=5000)
    qtbot.waitUntil(lambda: screen.templates.template_combo.findData("imported_bin") >= 0,
                    timeout=5000)
    assert screen.document.template.elements[0].text == "SHELF"


def test_unsaved_changes_are_not_dropped_without_asking(qtbot, screen):
    doc = new_label(screen, "draft_one")
    screen.add_element("text", QPointF(5, 5))
    asked = []
    screen.templates.confirm_discard = lambda: asked.append(True) or False
    screen.templates.open_template("bin_label.en")
    screen.templates.new_template("other")
    assert asked == [True, True] and doc.template.name == "draft_one"
    screen.templates.confirm_discard = lambda: True
    screen.templates.open_template("bin_label.en")
    qtbot.waitUntil(lambda: doc.template.name == "bin_label.en", timeout=5000)

def test_earlier_versions_open_from_the_versions_menu(qtbot, screen):
    doc = new_label(screen, "versioned")
    bar = screen.templates
    first = screen.add_element("text", QPointF(5, 5))
    bar.publish()
    qtbot.waitUntil(lambda: bar.state == "published" and len(bar.versions) == 1, timeout=5000)
    doc.edit([first], "text", "Second edition", "text")
    bar.publish()
    qtbot.waitUntil(lambda: bar.version == 2 and len(bar.versions) == 2, timeout=5000)
    actions = bar.versions_menu.actions()
    assert [a.text().split(" · ")[:2] for a in actions] == [["v2", "published"],
                                                            ["v1", "superseded"]]
    actions[1].trigger()
    qtbot.waitUntil(lambda: bar.state == "superseded", timeout=5000)
    assert doc.element(first).text == "Text" and bar.version == 1
    bar.save_draft()                                      # an old version becomes the draft
    qtbot.waitUntil(lambda: bar.state == "draft", timeout=5000)
    assert bar.version == 3
