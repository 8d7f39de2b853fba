"""The designer's property panel: pictures, table columns, page setup and text of several
lines, each change one undo step (the history tab lists them), and a document's pages in
the preview."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from tests.gui.designer.support import new_label


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

    screen.templates.open_template("pick_list.en")
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
    qtbot.waitUntil(lambda: screen.preview.page_spin.maximum() == 2, timeout=10000)
    first = screen.preview.png
    screen.preview.page_spin.setValue(2)
    qtbot.waitUntil(lambda: screen.preview.png != first, timeout=10000)

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
