"""The property panel: the selected elements' settings (or the page's when nothing is selected).

Every edit becomes one undoable step through ``DesignDocument.edit``, applied to each selected
element that has the setting (font size on three texts at once is one step). Fields commit when
editing finishes (Enter or leaving the field), check boxes and lists at once. The field tree
offers the record paths of the bound entities; "Bind" puts the chosen one into the selection's
expression or barcode data.
"""
from __future__ import annotations

from dataclasses import replace
from enum import Enum
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QSpinBox,
                               QTableWidget, QTableWidgetItem, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from domain.errors import InvalidInput
from domain.labels.checks import FIELDS, ROW_FIELDS
from domain.labels.model import Align, Barcode, BoundText, Column, Image, Symbology, TableBand
from gui import errors
from gui.designer.document import DesignDocument, get_path, has_path

ENTITY_TITLES = {
    "item": QT_TRANSLATE_NOOP("Designer", "Item"),
    "lot": QT_TRANSLATE_NOOP("Designer", "Lot"),
    "bin": QT_TRANSLATE_NOOP("Designer", "Bin"),
    "package": QT_TRANSLATE_NOOP("Designer", "Package"),
    "order": QT_TRANSLATE_NOOP("Designer", "Order"),
    "label": QT_TRANSLATE_NOOP("Designer", "Label and page"),
    "row": QT_TRANSLATE_NOOP("Designer", "Table row"),
    "pick_list": QT_TRANSLATE_NOOP("Designer", "Pick list"),
    "count_sheet": QT_TRANSLATE_NOOP("Designer", "Count sheet"),
    "receiving_note": QT_TRANSLATE_NOOP("Designer", "Receiving note"),
    "delivery_note": QT_TRANSLATE_NOOP("Designer", "Delivery note"),
}
# (path, source label, kind); kinds: float, int, bool, text, align, symbology, rotation
ROWS = (
    ("x", QT_TRANSLATE_NOOP("Designer", "X (mm)"), "float"),
    ("y", QT_TRANSLATE_NOOP("Designer", "Y (mm)"), "float"),
    ("width", QT_TRANSLATE_NOOP("Designer", "Width (mm)"), "float"),
    ("height", QT_TRANSLATE_NOOP("Designer", "Height (mm)"), "float"),
    ("rotation", QT_TRANSLATE_NOOP("Designer", "Rotation"), "rotation"),
    ("locked", QT_TRANSLATE_NOOP("Designer", "Locked"), "bool"),
    ("text", QT_TRANSLATE_NOOP("Designer", "Text"), "lines"),
    ("expr", QT_TRANSLATE_NOOP("Designer", "Binding"), "lines"),
    ("style.size_pt", QT_TRANSLATE_NOOP("Designer", "Font size (pt)"), "float"),
    ("style.bold", QT_TRANSLATE_NOOP("Designer", "Bold"), "bool"),
    ("style.align", QT_TRANSLATE_NOOP("Designer", "Alignment"), "align"),
    ("style.wrap", QT_TRANSLATE_NOOP("Designer", "Wrap lines"), "bool"),
    ("style.shrink_to_fit", QT_TRANSLATE_NOOP("Designer", "Shrink to fit"), "bool"),
    ("symbology", QT_TRANSLATE_NOOP("Designer", "Symbology"), "symbology"),
    ("data", QT_TRANSLATE_NOOP("Designer", "Barcode data"), "text"),
    ("module_mm", QT_TRANSLATE_NOOP("Designer", "Module width (mm)"), "module"),
    ("human_readable", QT_TRANSLATE_NOOP("Designer", "Human-readable text"), "bool"),
    ("hr_size_pt", QT_TRANSLATE_NOOP("Designer", "Text size (pt)"), "float"),
    ("thickness_mm", QT_TRANSLATE_NOOP("Designer", "Line width (mm)"), "module"),
    ("filled", QT_TRANSLATE_NOOP("Designer", "Filled"), "bool"),
    ("keep_aspect", QT_TRANSLATE_NOOP("Designer", "Keep aspect ratio"), "bool"),
    ("rows", QT_TRANSLATE_NOOP("Designer", "Rows from"), "text"),
    ("row_height_mm", QT_TRANSLATE_NOOP("Designer", "Row height (mm)"), "float"),
    ("footer", QT_TRANSLATE_NOOP("Designer", "Footer"), "text"),
)
PAGE_ROWS = (
    ("page.width_mm", QT_TRANSLATE_NOOP("Designer", "Label width (mm)"), "float"),
    ("page.height_mm", QT_TRANSLATE_NOOP("Designer", "Label height (mm)"), "float"),
    ("page.dpi", QT_TRANSLATE_NOOP("Designer", "Printer resolution (dpi)"), "dpi"),
    ("page.orientation", QT_TRANSLATE_NOOP("Designer", "Feed"), "orientation"),
    ("kind", QT_TRANSLATE_NOOP("Designer", "Kind"), "kind"),
    ("copies", QT_TRANSLATE_NOOP("Designer", "Copies per record"), "copies"),
    ("description", QT_TRANSLATE_NOOP("Designer", "Description"), "text"),
)
CHOICE_TERMS = {
    "portrait": QT_TRANSLATE_NOOP("Designer", "as designed"),
    "landscape": QT_TRANSLATE_NOOP("Designer", "turned 90° (landscape)"),
    "label": QT_TRANSLATE_NOOP("Designer", "label (one per record)"),
    "document": QT_TRANSLATE_NOOP("Designer", "document (pages per record)"),
}
COLUMN_HEADERS = (QT_TRANSLATE_NOOP("Designer", "Title"),
                  QT_TRANSLATE_NOOP("Designer", "Width (mm)"),
                  QT_TRANSLATE_NOOP("Designer", "Value"),
                  QT_TRANSLATE_NOOP("Designer", "Alignment"))
ALIGN_TERMS = {Align.LEFT: QT_TRANSLATE_NOOP("Designer", "left"),
               Align.CENTER: QT_TRANSLATE_NOOP("Designer", "centre"),
               Align.RIGHT: QT_TRANSLATE_NOOP("Designer", "right")}


def tr_designer(text: str) -> str:
    """Translated in the designer's context (module-level texts)."""
    return QCoreApplication.translate("Designer", text)


class LinesEdit(QPlainTextEdit):
    """Text of several lines (addresses, captions): Enter starts a new line; leaving the field
    or Ctrl+Enter finishes the edit (``editingFinished``, like QLineEdit)."""

    editingFinished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self._started_with = ""

    def text(self) -> str:
        return self.toPlainText()

    def focusInEvent(self, event) -> None:
        self._started_with = self.toPlainText()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.editingFinished.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.setPlainText(self._started_with)
            return
        super().keyPressEvent(event)


class PropertyPanel(QWidget):
    """Edits go to the document; ``ids`` is the current selection (set by the screen)."""

    bound = Signal(str)

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.ids: list[str] = []
        self._loading = False
        self.heading = QLabel(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        for path, _title, kind in ROWS:
            self._add_row(path, kind, lambda p, v: self._edit_elements(p, v))
        for path, _title, kind in PAGE_ROWS:
            self._add_row(path, kind, lambda p, v: self.document.edit_template(
                p, v, self.tr("Change label setup")))
        self.picture_button = QPushButton(self)
        self.picture_button.setObjectName("picture_button")
        self.picture_button.clicked.connect(self._ask_picture)
        self.columns = QTableWidget(0, 4, self)
        self.columns.setObjectName("table_columns")
        self.columns.verticalHeader().setVisible(False)
        self.columns.setWordWrap(False)
        self.columns.horizontalHeader().setStretchLastSection(True)
        self.columns.itemChanged.connect(lambda _item: self._commit_columns())
        self.add_column_button, self.remove_column_button = QPushButton(self), QPushButton(self)
        self.add_column_button.clicked.connect(lambda: self.change_columns(add=True))
        self.remove_column_button.clicked.connect(lambda: self.change_columns(add=False))
        column_buttons = QHBoxLayout()
        column_buttons.addWidget(self.add_column_button)
        column_buttons.addWidget(self.remove_column_button)
        self.column_box = QWidget(self)
        column_layout = QVBoxLayout(self.column_box)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.addWidget(self.columns)
        column_layout.addLayout(column_buttons)
        self.fields_title = QLabel(self)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.itemDoubleClicked.connect(lambda *_: self.bind_selected_field())
        self.bind_button = QPushButton(self)
        self.bind_button.setObjectName("bind_button")
        self.bind_button.clicked.connect(self.bind_selected_field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.picture_button)
        layout.addWidget(self.column_box)
        layout.addWidget(self.fields_title)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.bind_button)
        self.retranslate()
        document.changed.connect(self._document_changed)
        document.reset.connect(self._document_changed)

    # -- construction -------------------------------------------------------------------------
    def _add_row(self, path: str, kind: str, apply: Callable[[str, Any], None]) -> None:
        editor: QWidget
        if kind in ("float", "module", "dpi", "copies"):
            if kind in ("dpi", "copies"):
                editor = QSpinBox(self)
                editor.setRange(*((72, 1200) if kind == "dpi" else (1, 999)))
            else:
                editor = QDoubleSpinBox(self)
                editor.setDecimals(3 if kind == "module" else 2)
                editor.setRange(-1000.0, 2000.0)
                editor.setSingleStep(0.025 if kind == "module" else 0.5)
                if kind == "module":
                    editor.setRange(0.05, 5.0)
            editor.setKeyboardTracking(False)
            editor.editingFinished.connect(lambda: self._commit(path, editor.value(), apply))
        elif kind == "bool":
            editor = QCheckBox(self)
            editor.toggled.connect(lambda on: self._commit(path, on, apply))
        elif kind in ("align", "symbology", "rotation", "orientation", "kind"):
            editor = QComboBox(self)
            values = {"align": list(Align), "symbology": list(Symbology),
                      "rotation": [0, 90, 180, 270], "orientation": ["portrait", "landscape"],
                      "kind": ["label", "document"]}[kind]
            convert = {"align": Align, "symbology": Symbology, "rotation": int}.get(kind, str)
            for value in values:
                editor.addItem("", value.value if isinstance(value, Enum) else value)
            editor.activated.connect(lambda index: self._commit(
                path, convert(editor.itemData(index)), apply))
        elif kind == "lines":
            editor = LinesEdit(self)
            editor.editingFinished.connect(lambda: self._commit(path, editor.text(), apply))
        else:
            editor = QLineEdit(self)
            editor.editingFinished.connect(lambda: self._commit(path, editor.text(), apply))
        editor.setObjectName("prop_" + path.replace(".", "_"))
        label = QLabel(self)
        self.form.addRow(label, editor)
        self.editors[path] = editor
        self.labels[path] = label

    def _commit(self, path: str, value: Any, apply: Callable[[str, Any], None]) -> None:
        if not self._loading:
            apply(path, value)

    def _edit_elements(self, path: str, value: Any) -> None:
        title = next(t for p, t, _k in ROWS if p == path)
        self.document.edit(self.ids, path, value,
                           self.tr("Change %1").replace("%1", tr_designer(title).lower()))

    def retranslate(self) -> None:
        for path, title, _kind in (*ROWS, *PAGE_ROWS):
            self.labels[path].setText(tr_designer(title))
        for path in ("style.align", "symbology", "rotation", "page.orientation", "kind"):
            combo = self.editors[path]
            for index in range(combo.count()):
                value = combo.itemData(index)
                combo.setItemText(index, tr_designer(ALIGN_TERMS[Align(value)])
                                  if path == "style.align" else f"{value}°"
                                  if path == "rotation" else tr_designer(CHOICE_TERMS[value])
                                  if value in CHOICE_TERMS else str(value))
        self.columns.setHorizontalHeaderLabels([tr_designer(t) for t in COLUMN_HEADERS])
        self.add_column_button.setText(self.tr("Add column"))
        self.remove_column_button.setText(self.tr("Remove column"))
        self.picture_button.setText(self.tr("Choose picture…"))
        self.fields_title.setText("<b>" + self.tr("Data fields") + "</b>")
        self.bind_button.setText(QCoreApplication.translate("Designer", "Bind the selected field"))
        self.bind_button.setToolTip(self.tr("Puts the field into the selected element's binding or "
                                        "barcode data (double-click does the same)"))
        self._fill_tree()
        self.load()

    def _fill_tree(self) -> None:
        self.tree.clear()
        groups = [*FIELDS.items(), ("row", ROW_FIELDS)]
        for entity, paths in groups:
            top = QTreeWidgetItem(self.tree, [tr_designer(ENTITY_TITLES[entity])])
            top.setData(0, Qt.ItemDataRole.UserRole, None)
            for path in paths:
                child = QTreeWidgetItem(top, [path])
                child.setData(0, Qt.ItemDataRole.UserRole, path)

    def field_item(self, path: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).data(0, Qt.ItemDataRole.UserRole) == path:
                    return top.child(j)
        return None

    # -- selection ----------------------------------------------------------------------------
    def _document_changed(self, *_args) -> None:
        if shiboken6.isValid(self) and shiboken6.isValid(self.heading):
            self.load()

    def set_selection(self, ids: list[str]) -> None:
        self.ids = list(ids)
        self.load()

    def load(self) -> None:
        """Show the settings of the first selected element (rows it lacks are hidden)."""
        self._loading = True
        try:
            elements = [e for e in (self.document.element(i) for i in self.ids) if e]
            first = elements[0] if elements else None
            if first is None:
                self.heading.setText("<b>" + self.tr("Label %1").replace(
                    "%1", self.document.template.name) + "</b>")
            elif len(elements) == 1:
                self.heading.setText("<b>" + self.tr("Element %1").replace("%1", first.id)
                                     + "</b>")
            else:
                self.heading.setText("<b>" + self.tr("%1 elements selected").replace(
                    "%1", str(len(elements))) + "</b>")
            for path, _title, _kind in ROWS:
                shown = first is not None and any(has_path(e, path) for e in elements)
                self.form.setRowVisible(self.editors[path], shown)
                if shown:
                    source = next(e for e in elements if has_path(e, path))
                    self._set_value(self.editors[path], get_path(source, path))
            for path, _title, _kind in PAGE_ROWS:
                self.form.setRowVisible(self.editors[path], first is None)
                if first is None:
                    self._set_value(self.editors[path], get_path(self.document.template, path))
            self.bind_button.setEnabled(any(isinstance(e, (BoundText, Barcode, TableBand))
                                            for e in elements))
            self.picture_button.setVisible(any(isinstance(e, Image) for e in elements))
            table = first if isinstance(first, TableBand) else None
            self.column_box.setVisible(table is not None)
            if table is not None:
                self._load_columns(table)
        finally:
            self._loading = False

    @staticmethod
    def _set_value(editor: QWidget, value: Any) -> None:
        editor.blockSignals(True)
        if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            editor.setValue(value)
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(
                value.value if isinstance(value, Enum) else value)))
        elif isinstance(editor, LinesEdit):
            if editor.text() != str(value):
                editor.setPlainText(str(value))
        else:
            editor.setText(str(value))
            editor.setCursorPosition(0)
        editor.blockSignals(False)

    # -- pictures and table columns ----------------------------------------------------------
    def _ask_picture(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose picture"), "",
                                              self.tr("Pictures (*.png *.jpg *.jpeg *.bmp *.gif)"))
        if path:
            self.set_picture(path)

    def set_picture(self, path: str) -> None:
        """The picture file, as a PNG inside the template (templates carry their images)."""
        try:
            source = png_data_uri(path)
        except (OSError, ValueError) as error:
            errors.present(self, InvalidInput(field=self.tr("picture"), reason=str(error)))
            return
        self.document.edit([i for i in self.ids if isinstance(self.document.element(i), Image)],
                           "source", source, self.tr("Change picture"))

    def _load_columns(self, table: TableBand) -> None:
        self.columns.blockSignals(True)
        self.columns.setRowCount(len(table.columns))
        for row, column in enumerate(table.columns):
            for col, value in enumerate((column.title, f"{column.width_mm:g}", column.value,
                                         column.align.value)):
                self.columns.setItem(row, col, QTableWidgetItem(value))
        self.columns.blockSignals(False)

    def _table(self) -> TableBand | None:
        element = self.document.element(self.ids[0]) if self.ids else None
        return element if isinstance(element, TableBand) else None

    def _commit_columns(self) -> None:
        table = self._table()
        if table is None or self._loading:
            return
        columns = []
        for row in range(self.columns.rowCount()):
            cells = [self.columns.item(row, c).text() if self.columns.item(row, c) else ""
                     for c in range(4)]
            try:
                width = float(cells[1].replace(",", "."))
                align = Align(cells[3].strip().lower() or "left")
            except ValueError:
                self._load_columns(table)          # back to what the band has
                return
            columns.append(Column(cells[0], max(width, 1.0), cells[2], align))
        self.document.edit([table.id], "columns", columns, self.tr("Change columns"))

    def change_columns(self, add: bool) -> None:
        table = self._table()
        if table is None:
            return
        columns = list(table.columns)
        if add:
            columns.append(Column("Column", 20.0, "${row.sku}"))
        elif columns:
            row = self.columns.currentRow()
            columns.pop(row if 0 <= row < len(columns) else -1)
        self.document.edit([table.id], "columns", columns,
                           self.tr("Add column") if add else self.tr("Remove column"))

    # -- binding ------------------------------------------------------------------------------
    def bind_selected_field(self) -> None:
        item = self.tree.currentItem()
        path = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if path:
            self.bind(path)

    def bind(self, path: str) -> None:
        """Bound text shows the field; a barcode encodes it; a table band lists it."""
        after = {}
        for element_id in self.ids:
            element = self.document.element(element_id)
            if isinstance(element, BoundText):
                after[element_id] = _with(element, expr="${%s}" % path)
            elif isinstance(element, Barcode):
                after[element_id] = _with(element, data="${%s}" % path)
            elif isinstance(element, TableBand) and not path.startswith("row"):
                after[element_id] = _with(element, rows=path)
        self.document.change(after, self.tr("Bind %1").replace("%1", path))
        if after:
            self.bound.emit(path)


def _with(element, **values):
    return replace(element, **values)


def png_data_uri(path: str) -> str:
    """A picture file as a ``data:image/png;base64,…`` URI (other formats converted to PNG)."""
    import base64
    import io

    from PIL import Image as PILImage, UnidentifiedImageError
    try:
        with PILImage.open(path) as picture:
            out = io.BytesIO()
            picture.convert("RGBA" if "A" in picture.getbands() else "L").save(out, "PNG")
    except UnidentifiedImageError:
        raise ValueError(f"{path} is not a picture") from None
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
