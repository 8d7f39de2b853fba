"""The label designer screen: template list and store actions on top, palette on the left, the
canvas in the middle, properties / preview / warnings on the right.

Every database call (list, load, save draft, publish, duplicate, import, export, preview records)
runs in an op (``gui.ops``), as does the preview render; the UI thread only edits the document
and draws. Publishing first saves the document as the draft, then publishes it; when the warnings
list is not empty the user is asked first (``confirm_warnings``, replaceable in tests).
"""
from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Callable

import shiboken6
from PySide6.QtCore import (QT_TRANSLATE_NOOP, QCoreApplication, QPoint, QPointF, Qt,
                            QTimer)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPixmap
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QHBoxLayout,
                               QInputDialog, QLabel, QListWidget, QListWidgetItem, QMenu,
                               QMessageBox, QPushButton, QScrollArea, QSpinBox, QSplitter,
                               QTabWidget, QToolButton, QUndoView, QVBoxLayout, QWidget)

from devices.printers.render import fonts
from domain.errors import DomainError, InvalidInput
from domain.labels.checks import LabelWarning, check
from domain.labels.model import PageSetup, TableBand, Template
from domain.labels.serialization import from_dict, to_dict
from domain.labels.store import ENTITIES, TemplateStore, TemplateVersion
from domain.permissions import Permission
from domain.printing import PrintService
from gui import errors
from gui.context import AppContext
from gui.errors import domain_message
from gui.designer.canvas import DesignScene, DesignView, outline_of
from gui.designer.document import DesignDocument
from gui.designer.palette import Palette, create_element
from gui.designer.properties import ENTITY_TITLES, PropertyPanel, tr_designer
from gui.widgets.retranslate import Retranslating

CLIPBOARD_KEY = "warelink-label-elements"     # the clipboard text is {KEY: template JSON}
ALIGNMENTS = (
    ("left", QT_TRANSLATE_NOOP("Designer", "Align left edges")),
    ("hcenter", QT_TRANSLATE_NOOP("Designer", "Align centres horizontally")),
    ("right", QT_TRANSLATE_NOOP("Designer", "Align right edges")),
    ("top", QT_TRANSLATE_NOOP("Designer", "Align top edges")),
    ("vcenter", QT_TRANSLATE_NOOP("Designer", "Align centres vertically")),
    ("bottom", QT_TRANSLATE_NOOP("Designer", "Align bottom edges")),
    ("distribute_h", QT_TRANSLATE_NOOP("Designer", "Distribute horizontally")),
    ("distribute_v", QT_TRANSLATE_NOOP("Designer", "Distribute vertically")),
)
STATE_TERMS = {
    "draft": QT_TRANSLATE_NOOP("Designer", "draft"),
    "published": QT_TRANSLATE_NOOP("Designer", "published"),
    "superseded": QT_TRANSLATE_NOOP("Designer", "superseded"),
    "shipped": QT_TRANSLATE_NOOP("Designer", "shipped"),
    "new": QT_TRANSLATE_NOOP("Designer", "new, not saved"),
}


def error_text(error: Exception) -> str:
    """An element's layout error as the user reads it (translated when it is a DomainError)."""
    return domain_message(error) if isinstance(error, DomainError) else str(error)


def warning_text(warning: LabelWarning, error: Exception | None = None) -> str:
    d = warning.detail
    if warning.kind == "module":
        text = QCoreApplication.translate(
            "Designer", "barcode modules of %1 mm are %2 dot(s) at %3 dpi; use at least %4 mm") \
            .replace("%1", f"{d['module_mm']:g}").replace("%2", str(d["dots"])) \
            .replace("%3", str(d["dpi"])).replace("%4", f"{d['minimum_mm']:g}")
    elif warning.kind == "overflow":
        text = QCoreApplication.translate("Designer", "the text does not fit its box")
    elif warning.kind == "field":
        text = QCoreApplication.translate("Designer", "unknown field %1").replace("%1", d["field"])
    elif warning.kind == "outside":
        text = QCoreApplication.translate(
            "Designer", "outside the printable area (%1 mm from each edge)").replace(
            "%1", f"{d['margin_mm']:g}")
    else:
        text = QCoreApplication.translate("Designer", "cannot be laid out: %1").replace(
            "%1", error_text(error) if error is not None else d.get("reason", ""))
    return f"{warning.element}: {text}"


class DesignerScreen(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, *, measure: Callable = fonts.measure) -> None:
        super().__init__()
        self.ctx = ctx
        self.store = ctx.service(TemplateStore)
        self.document = DesignDocument(parent=self)
        self.state = "new"
        self.version: int | None = None
        self.summaries: list = []
        self.printer_dpi: dict[str, int] = {}
        self.versions: list[TemplateVersion] = []
        self.records: list[tuple[str, dict]] = []
        self.warnings: list[LabelWarning] = []
        self.preview_png: bytes = b""
        self.confirm_warnings: Callable[[list[LabelWarning]], bool] = self._ask_warnings
        self.confirm_discard: Callable[[], bool] = self._ask_discard
        self._preview_serial = 0
        self._build(measure)
        self.retranslate()
        self.document.changed.connect(self._document_changed)
        self.document.reset.connect(self._document_changed)
        self.document.undo_stack.cleanChanged.connect(self._document_changed)
        ctx.changed.connect(self._on_changed)
        self.refresh_list()
        self.refresh_printers()
        self._check_timer.start()

    # -- construction -------------------------------------------------------------------------
    def _build(self, measure: Callable) -> None:
        self.template_combo = QComboBox(self)
        self.template_combo.setMinimumWidth(180)
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(lambda: self.open_template(
            self.template_combo.currentData()))
        self.new_button = QPushButton(self)
        self.new_button.clicked.connect(self._ask_new)
        self.duplicate_button = QPushButton(self)
        self.duplicate_button.clicked.connect(self._ask_duplicate)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(lambda: self.save_draft())
        self.publish_button = QPushButton(self)
        self.publish_button.clicked.connect(lambda: self.publish())
        self.import_button = QPushButton(self)
        self.import_button.clicked.connect(self._ask_import)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self._ask_export)
        self.versions_button = QToolButton(self)
        self.versions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.versions_menu = QMenu(self.versions_button)
        self.versions_button.setMenu(self.versions_menu)
        self.state_label = QLabel(self)
        top = QHBoxLayout()
        for widget in (self.template_combo, self.open_button, self.new_button,
                       self.duplicate_button, self.save_button, self.publish_button,
                       self.import_button, self.export_button, self.versions_button):
            top.addWidget(widget)
        top.addWidget(self.state_label, 1)

        stack = self.document.undo_stack
        self.undo_action = stack.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, self.tr("Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([self.undo_action, self.redo_action])
        self.undo_button, self.redo_button = QToolButton(self), QToolButton(self)
        self.undo_button.setDefaultAction(self.undo_action)
        self.redo_button.setDefaultAction(self.redo_action)
        self.front_button, self.back_button = QPushButton(self), QPushButton(self)
        self.front_button.clicked.connect(lambda: self.restack(front=True))
        self.back_button.clicked.connect(lambda: self.restack(front=False))
        self.rotate_button, self.lock_button = QPushButton(self), QPushButton(self)
        self.rotate_button.clicked.connect(self.rotate_selected)
        self.lock_button.clicked.connect(self.toggle_lock)
        self.delete_button = QPushButton(self)
        self.delete_button.clicked.connect(lambda: self.scene.delete_selected())
        self.align_button = QToolButton(self)
        self.align_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.align_menu = QMenu(self.align_button)
        self.align_actions = {}
        for how, _title in ALIGNMENTS:
            action = self.align_menu.addAction("")
            action.triggered.connect(lambda _=False, h=how: self.align(h))
            self.align_actions[how] = action
        self.align_button.setMenu(self.align_menu)
        self.snap_check = QCheckBox(self)
        self.snap_check.setChecked(True)
        self.guides_check = QCheckBox(self)
        self.guides_check.setChecked(True)
        self.grid_spin = QDoubleSpinBox(self)
        self.grid_spin.setRange(0.1, 10.0)
        self.grid_spin.setSingleStep(0.5)
        self.grid_spin.setValue(1.0)
        self.grid_spin.setSuffix(" mm")
        self.zoom_in, self.zoom_out, self.zoom_fit = (QToolButton(self) for _ in range(3))
        self.zoom_label = QLabel(self)
        tools = QHBoxLayout()
        for widget in (self.undo_button, self.redo_button, self.front_button, self.back_button,
                       self.rotate_button, self.lock_button, self.delete_button,
                       self.align_button, self.snap_check, self.grid_spin, self.guides_check,
                       self.zoom_out, self.zoom_in, self.zoom_fit, self.zoom_label):
            tools.addWidget(widget)
        tools.addStretch(1)

        self.scene = DesignScene(self.document, self, measure=measure)
        self.view = DesignView(self.scene, self)
        self.view.setObjectName("designer_canvas")
        self.view.dropped.connect(self.add_element)
        self.clip_actions = {}
        for key, shortcut, slot in (("copy", QKeySequence.StandardKey.Copy, self.copy_selected),
                                    ("cut", QKeySequence.StandardKey.Cut, self.cut_selected),
                                    ("paste", QKeySequence.StandardKey.Paste, self.paste),
                                    ("duplicate", QKeySequence("Ctrl+D"), self.duplicate_selected)):
            action = QAction(self.view)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)
            self.clip_actions[key] = action
        self.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{z * 100:.0f} %"))
        self.zoom_in.clicked.connect(lambda: self.view.set_zoom(self.view.zoom * 1.25))
        self.zoom_out.clicked.connect(lambda: self.view.set_zoom(self.view.zoom / 1.25))
        self.zoom_fit.clicked.connect(self.view.fit)
        self.snap_check.toggled.connect(self._grid_changed)
        self.guides_check.toggled.connect(self._grid_changed)
        self.grid_spin.valueChanged.connect(self._grid_changed)
        self.palette = Palette(self)
        self.palette.dropped.connect(self._palette_dropped)
        self.palette.hovering.connect(self._palette_hovering)
        self.palette.clicked_spec.connect(lambda spec: self.add_element(spec, QPointF(2, 2)))

        self.properties = PropertyPanel(self.document, self)
        self.scene.selection_ids_changed.connect(self.properties.set_selection)
        properties_scroll = QScrollArea(self)
        properties_scroll.setWidgetResizable(True)
        properties_scroll.setWidget(self.properties)

        self.entity_combo = QComboBox(self)
        self.entity_combo.addItem("", None)
        for entity in ENTITIES:
            self.entity_combo.addItem("", entity)
        self.entity_combo.activated.connect(lambda _i: self.load_records(
            self.entity_combo.currentData()))
        self.record_combo = QComboBox(self)
        self.record_combo.activated.connect(lambda i: self.use_record(i - 1))
        self.record_combo.setVisible(False)
        self.preview_label = QLabel(self)
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setMinimumHeight(160)
        preview = QWidget(self)
        preview_layout = QVBoxLayout(preview)
        self.preview_hint = QLabel(preview)
        self.preview_hint.setWordWrap(True)
        preview_layout.addWidget(self.preview_hint)
        preview_layout.addWidget(self.entity_combo)
        preview_layout.addWidget(self.record_combo)
        self.page_spin = QSpinBox(preview)
        self.page_spin.setRange(1, 1)
        self.page_spin.setVisible(False)
        self.page_spin.valueChanged.connect(lambda _v: self.render_preview())
        preview_layout.addWidget(self.page_spin)
        preview_scroll = QScrollArea(preview)
        preview_scroll.setWidgetResizable(True)
        preview_scroll.setWidget(self.preview_label)
        preview_layout.addWidget(preview_scroll, 1)

        self.printer_combo = QComboBox(self)       # which printer the modules are judged for
        self.printer_combo.addItem("", None)
        self.printer_combo.activated.connect(lambda _i: self.run_checks())
        self.warning_list = QListWidget(self)
        self.warning_list.setWordWrap(True)
        self.warning_list.itemClicked.connect(
            lambda item: self.scene.select([item.data(Qt.ItemDataRole.UserRole)]))
        self.tabs = QTabWidget(self)
        self.tabs.addTab(properties_scroll, "")
        self.tabs.addTab(preview, "")
        warnings_page = QWidget(self)
        warnings_layout = QVBoxLayout(warnings_page)
        self.print_button = QPushButton(self)
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(lambda: self.print_test())
        printer_row = QHBoxLayout()
        printer_row.addWidget(self.printer_combo, 1)
        printer_row.addWidget(self.print_button)
        warnings_layout.addLayout(printer_row)
        warnings_layout.addWidget(self.warning_list, 1)
        self.tabs.addTab(warnings_page, "")
        self.history = QUndoView(self.document.undo_stack, self)
        self.tabs.addTab(self.history, "")
        self.tabs.currentChanged.connect(lambda _i: self._schedule_preview())

        splitter = QSplitter(self)
        splitter.addWidget(self.palette)
        splitter.addWidget(self.view)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([130, 600, 360])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(250)
        self._check_timer.timeout.connect(self.run_checks)

    def retranslate(self) -> None:
        self.open_button.setText(self.tr("Open"))
        self.new_button.setText(self.tr("New…"))
        self.duplicate_button.setText(self.tr("Duplicate…"))
        self.save_button.setText(self.tr("Save draft"))
        self.publish_button.setText(self.tr("Publish"))
        self.import_button.setText(self.tr("Import…"))
        self.export_button.setText(self.tr("Export…"))
        self.versions_button.setText(self.tr("Versions"))
        self.versions_button.setToolTip(self.tr("Open an earlier version; saving it makes it "
                                                "the draft again"))
        self.front_button.setText(self.tr("Bring to front"))
        self.back_button.setText(self.tr("Send to back"))
        self.rotate_button.setText(self.tr("Rotate 90°"))
        self.lock_button.setText(self.tr("Lock / unlock"))
        self.delete_button.setText(self.tr("Delete"))
        self.align_button.setText(self.tr("Align"))
        for how, title in ALIGNMENTS:
            self.align_actions[how].setText(tr_designer(title))
        for key, text in (("copy", self.tr("Copy")), ("cut", self.tr("Cut")),
                          ("paste", self.tr("Paste")), ("duplicate", self.tr("Duplicate"))):
            self.clip_actions[key].setText(text)
        self.snap_check.setText(self.tr("Snap to grid"))
        self.guides_check.setText(self.tr("Guides"))
        self.guides_check.setToolTip(self.tr("Grid, element outlines and the printable area; "
                                             "off: only what prints"))
        self.zoom_in.setText("+")
        self.zoom_out.setText("−")
        self.zoom_fit.setText(self.tr("Fit"))
        self.tabs.setTabText(0, self.tr("Properties"))
        self.tabs.setTabText(1, self.tr("Preview"))
        self._update_warning_tab()
        self.tabs.setTabText(3, self.tr("History"))
        self.history.setEmptyLabel(self.tr("<opened>"))
        self.entity_combo.setItemText(0, self.tr("Sample data of the template"))
        self.printer_combo.setItemText(0, self.tr("At the template's resolution"))
        self.print_button.setText(self.tr("Print"))
        self.print_button.setToolTip(self.tr("Print the canvas as it is (with the preview record) "
                                             "on the chosen printer, after the warnings"))
        for index in range(1, self.entity_combo.count()):
            entity = self.entity_combo.itemData(index)
            self.entity_combo.setItemText(index, self.tr("A real %1").replace(
                "%1", tr_designer(ENTITY_TITLES[entity]).lower()))
        self.preview_hint.setText(self.tr("The preview is rendered by the PNG printer backend "
                                          "at the printer's resolution: what will print."))
        self.palette.retranslate()
        self.properties.retranslate()
        self._update_state()

    # -- canvas edits -------------------------------------------------------------------------
    def _grid_changed(self, *_args) -> None:
        self.scene.snap = self.snap_check.isChecked()
        self.scene.grid_mm = self.grid_spin.value()
        self.scene.show_guides = self.guides_check.isChecked()
        for item in self.scene.items_by_id.values():
            item.update()
        self.scene.update()

    def _palette_hovering(self, spec: str, global_point: QPoint) -> None:
        """Show where the dragged entry would land (its default box, snapped)."""
        at = self.view.scene_point_at_global(global_point)
        if at is None:
            self.view.show_ghost(None)
            return
        element = create_element(spec, "ghost", self.scene.snap_value(at.x()),
                                 self.scene.snap_value(at.y()),
                                 self.document.template.page.width_mm)
        self.view.show_ghost(outline_of(element))

    def _palette_dropped(self, spec: str, global_point: QPoint) -> None:
        self.view.drop_at_global(spec, global_point)

    def add_element(self, spec: str, at: QPointF) -> str:
        """A palette entry placed with its top-left corner at ``at`` (scene mm, snapped); its id
        ("" when refused: a second table band)."""
        template = self.document.template
        if spec == "table" and any(isinstance(e, TableBand) for e in template.elements):
            errors.present(self, InvalidInput(field=self.tr("table band"), reason=self.tr(
                "a template has at most one table band")))
            return ""
        element_id = self.document.new_id(spec.partition(":")[0])
        element = create_element(spec, element_id, self.scene.snap_value(at.x()),
                                  self.scene.snap_value(at.y()), template.page.width_mm)
        element.z = max((e.z for e in template.elements), default=0)
        self.document.change({element_id: element}, self.tr("Add %1").replace("%1", element_id))
        self.scene.select([element_id])
        self.view.setFocus()
        return element_id

    def copy_selected(self) -> bool:
        """The selection to the clipboard, as the template JSON's elements."""
        elements = [self.document.element(i) for i in self.scene.selected_ids()]
        if not elements:
            return False
        data = to_dict(Template("clipboard", self.document.template.page,
                                copy.deepcopy(elements)))
        # Plain text, not a QMimeData made here: the clipboard would own a Python-made object
        # and delete it in Qt's exit handlers, after Python is gone (a crash at exit).
        QGuiApplication.clipboard().setText(json.dumps({CLIPBOARD_KEY: data},
                                                       ensure_ascii=False, indent=1))
        return True

    def cut_selected(self) -> None:
        if self.copy_selected():
            self.scene.delete_selected()

    def paste(self) -> list[str]:
        """Elements from the clipboard, a grid step down and right, with new ids: one step."""
        try:
            pasted = from_dict(json.loads(QGuiApplication.clipboard().text())[CLIPBOARD_KEY])
        except Exception:  # noqa: BLE001 - whatever else sits on the clipboard is ignored
            return []
        offset = max(self.scene.grid_mm, 1.0)
        after: dict = {}
        for element in pasted.elements:
            element_id = self.document.new_id(element.kind, set(after))
            after[element_id] = replace(element, id=element_id, x=element.x + offset,
                                        y=element.y + offset, locked=False)
        self.document.change(after, self.tr("Paste"))
        self.scene.select(list(after))
        return list(after)

    def duplicate_selected(self) -> list[str]:
        return self.paste() if self.copy_selected() else []

    def align(self, how: str) -> None:
        """Line the selection up on the edges/centres of its bounding box, or space it evenly
        (one undo step); locked elements stay where they are."""
        elements = [e for e in (self.document.element(i) for i in self.scene.selected_ids())
                    if e is not None and not e.locked]
        if len(elements) < (3 if how.startswith("distribute") else 2):
            return
        rects = {e.id: outline_of(e) for e in elements}
        left = min(r.left() for r in rects.values())
        right = max(r.right() for r in rects.values())
        top = min(r.top() for r in rects.values())
        bottom = max(r.bottom() for r in rects.values())
        shifts: dict[str, tuple[float, float]] = {}
        if how.startswith("distribute"):
            horizontal = how == "distribute_h"
            order = sorted(elements, key=lambda e: rects[e.id].left() if horizontal
                           else rects[e.id].top())
            sizes = sum(rects[e.id].width() if horizontal else rects[e.id].height()
                        for e in order)
            gap = ((right - left if horizontal else bottom - top) - sizes) / (len(order) - 1)
            at = left if horizontal else top
            for e in order:
                r = rects[e.id]
                shifts[e.id] = (at - r.left(), 0.0) if horizontal else (0.0, at - r.top())
                at += (r.width() if horizontal else r.height()) + gap
        else:
            for e in elements:
                r = rects[e.id]
                shifts[e.id] = {
                    "left": (left - r.left(), 0.0), "right": (right - r.right(), 0.0),
                    "hcenter": ((left + right) / 2 - r.center().x(), 0.0),
                    "top": (0.0, top - r.top()), "bottom": (0.0, bottom - r.bottom()),
                    "vcenter": (0.0, (top + bottom) / 2 - r.center().y())}[how]
        after = {e.id: replace(e, x=round(e.x + shifts[e.id][0], 4),
                               y=round(e.y + shifts[e.id][1], 4))
                 for e in elements if shifts[e.id] != (0.0, 0.0)}
        title = next(t for h, t in ALIGNMENTS if h == how)
        self.document.change(after, tr_designer(title))

    def restack(self, front: bool) -> None:
        ids = self.scene.selected_ids()
        others = [e.z for e in self.document.template.elements if e.id not in ids]
        z = (max(others, default=0) + 1) if front else (min(others, default=0) - 1)
        self.document.change({i: replace(self.document.element(i), z=z) for i in ids},
                             self.tr("Bring to front") if front else self.tr("Send to back"))

    def rotate_selected(self) -> None:
        self.document.change({i: replace(e, rotation=(e.rotation + 90) % 360)
                              for i in self.scene.selected_ids()
                              if not (e := self.document.element(i)).locked},
                             self.tr("Rotate"))

    def toggle_lock(self) -> None:
        elements = [self.document.element(i) for i in self.scene.selected_ids()]
        lock = not all(e.locked for e in elements)
        self.document.change({e.id: replace(e, locked=lock) for e in elements},
                             self.tr("Lock") if lock else self.tr("Unlock"))

    # -- checks and preview -------------------------------------------------------------------
    def _document_changed(self, *_args) -> None:
        if not (shiboken6.isValid(self) and shiboken6.isValid(self._check_timer)
                and shiboken6.isValid(self.document.undo_stack)):
            return       # signals sent while the screen is being destroyed
        self._check_timer.start()
        self._update_state()

    def run_checks(self) -> list[LabelWarning]:
        """The warnings for the document as laid out on the canvas (no second layout)."""
        self.warnings = check(self.document.template, self.document.record,
                              laid_out=self.scene.laid_out, dpi=self.printer_dpi.get(
                                  self.printer_combo.currentData()))
        self.warning_list.clear()
        for warning in self.warnings:
            error = self.scene.laid_out.get(warning.element)
            item = QListWidgetItem(warning_text(
                warning, error if isinstance(error, Exception) else None))
            item.setData(Qt.ItemDataRole.UserRole, warning.element)
            self.warning_list.addItem(item)
        self._update_warning_tab()
        self._schedule_preview()
        return self.warnings

    def _update_warning_tab(self) -> None:
        self.tabs.setTabText(2, self.tr("Warnings (%1)").replace("%1", str(len(self.warnings))))

    def _schedule_preview(self) -> None:
        if self.tabs.currentIndex() == 1:
            self.render_preview()

    def render_preview(self) -> None:
        """The chosen page (documents have several) through the PNG renderer, in an op, as
        it will print (landscape turned, sheets imposed); the newest request wins."""
        from devices.printers.render import layout
        from devices.printers.render.raster import render_png
        from domain.labels.media import impose
        template = self.document.snapshot()
        record = copy.deepcopy(self.document.record)
        wanted = self.page_spin.value() - 1
        self._preview_serial += 1
        serial = self._preview_serial

        def work(_progress) -> tuple[bytes, int]:
            pages = impose(template, layout(template, [record] if record is not None else None))
            if not pages:
                return b"", 0
            return render_png([pages[min(wanted, len(pages) - 1)]])[0], len(pages)

        def done(result: tuple[bytes, int]) -> None:
            if serial != self._preview_serial:
                return
            png, count = result
            self.page_spin.blockSignals(True)
            self.page_spin.setMaximum(max(count, 1))
            self.page_spin.blockSignals(False)
            self.page_spin.setSuffix(" / %d" % count)
            self.page_spin.setVisible(count > 1)
            self.preview_png = png
            pixmap = QPixmap()
            pixmap.loadFromData(png)
            width = self.preview_label.parentWidget().width() - 8
            if pixmap.width() > width > 50:
                pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            self.preview_label.setPixmap(pixmap)
            self.preview_label.setToolTip("")

        def failed(error: Exception) -> None:
            if serial == self._preview_serial:
                self.preview_png = b""
                self.preview_label.setPixmap(QPixmap())
                self.preview_label.setText(error_text(error))
        self.ctx.op(self, work).success(done).failure(failed).run()

    def load_records(self, entity: str | None) -> None:
        """Real records of ``entity`` from the database (None: the template's sample data)."""
        self.record_combo.clear()
        self.record_combo.setVisible(entity is not None)
        if entity is None:
            self.records = []
            self.document.set_record(None)
            return
        actor = self.ctx.actor
        store = self.store

        def loaded(records: list[tuple[str, dict]]) -> None:
            self.records = records
            self.record_combo.clear()
            self.record_combo.addItem(self.tr("— choose a record —") if records
                                      else self.tr("none in the database"))
            for label, _record in records:
                self.record_combo.addItem(label)
            if records:
                self.record_combo.setCurrentIndex(1)
                self.use_record(0)
        self.ctx.op(self, lambda _p: store.preview_records(actor, entity)).success(loaded).run()

    def use_record(self, index: int) -> None:
        self.document.set_record(self.records[index][1] if 0 <= index < len(self.records)
                                 else None)

    # -- store --------------------------------------------------------------------------------
    def refresh_list(self, select: str | None = None) -> None:
        actor, store = self.ctx.actor, self.store

        def listed(summaries) -> None:
            self.summaries = summaries
            current = select or self.template_combo.currentData()
            self.template_combo.clear()
            for s in summaries:
                marks = []
                if s.draft is not None:
                    marks.append(QCoreApplication.translate("Designer", "draft"))
                if s.published is not None:
                    marks.append(QCoreApplication.translate("Designer", "published"))
                elif s.shipped:
                    marks.append(QCoreApplication.translate("Designer", "shipped"))
                self.template_combo.addItem(f"{s.name} ({', '.join(marks)})", s.name)
            index = self.template_combo.findData(current)
            if index >= 0:
                self.template_combo.setCurrentIndex(index)
        self.ctx.op(self, lambda _p: store.list(actor)).success(listed).run()

    def _may_discard(self) -> bool:
        """True when there is nothing unsaved, or the user agrees to drop it."""
        dirty = not self.document.undo_stack.isClean() or (
            self.state == "new" and bool(self.document.template.elements))
        return not dirty or self.confirm_discard()

    def _on_changed(self, changes: frozenset[str]) -> None:
        if "templates" in changes:
            self.refresh_list()
        if "printers" in changes:
            self.refresh_printers()

    def refresh_printers(self) -> None:
        """The station's printers, to judge barcode modules at their resolution."""
        if not self.ctx.can(Permission.PRINT):
            return
        actor, service = self.ctx.actor, self.ctx.service(PrintService)

        def listed(printers) -> None:
            while self.printer_combo.count() > 1:
                self.printer_combo.removeItem(1)
            self.printer_dpi = {p.name: p.dpi for p in printers}
            for printer in printers:
                self.printer_combo.addItem(self.tr("For %1 (%2 dpi)").replace(
                    "%1", printer.name).replace("%2", str(printer.dpi)), printer.name)
            self.print_button.setEnabled(bool(printers))
        self.ctx.op(self, lambda _p: service.printers(actor)).success(listed).run()

    def refresh_versions(self) -> None:
        """The stored versions of the template on the canvas, for the Versions menu."""
        name = self.document.template.name
        actor, store = self.ctx.actor, self.store

        def listed(versions) -> None:
            if name != self.document.template.name:
                return
            self.versions = versions
            self.versions_menu.clear()
            for v in reversed(versions):
                when = v.published_at or v.saved_at
                action = self.versions_menu.addAction(self.tr("v%1 · %2 · %3 %4").replace(
                    "%1", str(v.version)).replace("%2", tr_designer(STATE_TERMS[v.state]))
                    .replace("%3", v.saved_by).replace(
                        "%4", when.strftime("%Y-%m-%d %H:%M") if when else ""))
                action.triggered.connect(lambda _=False, n=v.version: self.open_template(
                    name, n))
            self.versions_button.setEnabled(bool(versions))
        self.ctx.op(self, lambda _p: store.versions(actor, name)).success(listed).run()

    def open_template(self, name: str | None, version: int | None = None, *,
                      ask: bool = True) -> None:
        if not name or (ask and not self._may_discard()):
            return
        actor, store = self.ctx.actor, self.store
        self.ctx.op(self, lambda _p: store.load(actor, name, version=version)) \
            .success(self._opened).run()

    def _opened(self, loaded: TemplateVersion) -> None:
        self.state, self.version = loaded.state, loaded.version or None
        self.document.load(loaded.template)
        index = self.template_combo.findData(loaded.name)
        if index >= 0:
            self.template_combo.setCurrentIndex(index)
        self.scene.clearSelection()
        self.view.fit()
        self._update_state()
        self.refresh_versions()

    def new_template(self, name: str, width_mm: float = 70.0, height_mm: float = 45.0,
                     dpi: int = 203) -> None:
        if not self._may_discard():
            return
        self.state, self.version = "new", None
        self.document.load(Template(name, PageSetup(width_mm, height_mm, dpi)))
        self.template_combo.setCurrentIndex(-1)         # not one of the stored templates yet
        self.view.fit()
        self._update_state()
        self.versions = []
        self.versions_menu.clear()
        self.versions_button.setEnabled(False)

    def save_draft(self, then: Callable[[int], None] | None = None) -> None:
        template = self.document.snapshot()
        actor, store = self.ctx.actor, self.store

        def saved(version: int) -> None:
            self.state, self.version = "draft", version
            self.document.undo_stack.setClean()
            self._update_state()
            self.refresh_list(select=template.name)
            self.refresh_versions()
            if then is not None:
                then(version)
        self.ctx.op(self, lambda _p: store.save_draft(actor, template)) \
            .changes({"templates"}).success(saved).run()

    def publish(self) -> None:
        """Save the document as the draft and publish it (after the warnings, if any)."""
        warnings = self.run_checks()
        if warnings and not self.confirm_warnings(warnings):
            return
        template = self.document.snapshot()
        actor, store = self.ctx.actor, self.store

        def work(_progress) -> int:
            store.save_draft(actor, template)
            return store.publish(actor, template.name)

        def published(version: int) -> None:
            self.state, self.version = "published", version
            self.document.undo_stack.setClean()
            self._update_state()
            self.refresh_list(select=template.name)
            self.refresh_versions()
        self.ctx.op(self, work).changes({"templates"}).success(published).run()

    def print_test(self, done: Callable[[int], None] | None = None) -> None:
        """The template as on the canvas, with the preview record (else its sample data), queued
        on the chosen printer; the warnings for that printer come first."""
        printer = self.printer_combo.currentData()
        if not printer:
            return
        warnings = self.run_checks()
        if warnings and not self.confirm_warnings(warnings):
            return
        template = self.document.snapshot()
        records = [copy.deepcopy(self.document.record)] if self.document.record is not None \
            else copy.deepcopy(template.sample[:1])
        actor, service = self.ctx.actor, self.ctx.service(PrintService)

        def queued(job: int) -> None:
            self.state_label.setText(self.state_label.text() + " — " + self.tr(
                "print job %1 queued on %2").replace("%1", str(job)).replace("%2", printer))
            if done is not None:
                done(job)
        self.ctx.op(self, lambda _p: service.enqueue(actor, printer, template, records)) \
            .changes({"print jobs"}).success(queued).run()

    def duplicate(self, source: str, new_name: str) -> None:
        if not self._may_discard():
            return
        actor, store = self.ctx.actor, self.store
        self.ctx.op(self, lambda _p: store.duplicate(actor, source, new_name)) \
            .changes({"templates"}).success(lambda _v: (self.refresh_list(select=new_name),
                                                        self.open_template(new_name,
                                                                           ask=False))).run()

    def import_file(self, path: str | Path) -> None:
        if not self._may_discard():
            return
        actor, store = self.ctx.actor, self.store

        def work(_progress) -> str:
            return store.import_json(actor, Path(path).read_text(encoding="utf-8")).name
        self.ctx.op(self, work).changes({"templates"}).success(
            lambda name: (self.refresh_list(select=name), self.open_template(name, ask=False))
        ).run()

    def export_file(self, path: str | Path, done: Callable[[], None] | None = None) -> None:
        """The stored template (saved first when the canvas has unsaved changes) as a file."""
        template = self.document.snapshot()
        dirty = not self.document.undo_stack.isClean() or self.state == "new"
        actor, store = self.ctx.actor, self.store

        def work(_progress) -> None:
            if dirty:
                store.save_draft(actor, template)
            Path(path).write_text(store.export_json(actor, template.name), encoding="utf-8")

        def exported(_result) -> None:
            if dirty:
                self.state = "draft"
                self.document.undo_stack.setClean()
                self._update_state()
            if done is not None:
                done()
        op = self.ctx.op(self, work).success(exported)
        (op.changes({"templates"}) if dirty else op).run()

    def _update_state(self) -> None:
        name = self.document.template.name
        state = tr_designer(STATE_TERMS.get(self.state, self.state))
        text = f"<b>{name}</b> — {state}" + (f" v{self.version}" if self.version else "")
        if not self.document.undo_stack.isClean():
            text += " — " + self.tr("unsaved changes")
        self.state_label.setText(text)

    # -- dialogs (thin: the methods above do the work) ----------------------------------------
    def _ask_warnings(self, warnings: list[LabelWarning]) -> bool:
        text = "\n".join(warning_text(w) for w in warnings[:12])
        answer = QMessageBox.question(
            self, self.tr("Publish with warnings?"),
            self.tr("Check these before printing:") + "\n\n" + text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_discard(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("The template on the canvas has changes that are not saved. Drop them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def _ask_new(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New template"), self.tr("Name:"))
        if ok and name.strip():
            self.new_template(name.strip())

    def _ask_duplicate(self) -> None:
        source = self.template_combo.currentData()
        if not source:
            return
        name, ok = QInputDialog.getText(self, self.tr("Duplicate template"),
                                        self.tr("Name of the copy:"), text=f"my_{source}")
        if ok and name.strip():
            self.duplicate(source, name.strip())

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import template"), "",
                                              self.tr("Templates (*.json)"))
        if path:
            self.import_file(path)

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export template"), f"{self.document.template.name}.json",
            self.tr("Templates (*.json)"))
        if path:
            self.export_file(path)
