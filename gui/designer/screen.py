"""The label designer screen: the template row on top (``template_bar``), the edit tools below
it, the palette on the left, the canvas in the middle, and properties / preview / warnings /
history tabs on the right.

The screen owns the edit tools and the commands they run on the selection (add, clipboard, align,
z-order, rotate, lock), and wires the parts together: every edit restarts a short timer, and when
it fires the warnings are checked again and, if it is showing, the preview is rendered again.
Database calls and renders run in ops inside the parts; the UI thread only edits the document
and draws.
"""
from __future__ import annotations

import copy
import json
from dataclasses import replace
from typing import Callable

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QCheckBox, QDoubleSpinBox, QHBoxLayout, QLabel, QMenu,
                               QPushButton, QScrollArea, QSplitter, QTabWidget, QToolButton,
                               QUndoView, QVBoxLayout, QWidget)

from devices.printers.render import fonts
from domain.errors import InvalidInput
from domain.labels.model import TableBand, Template
from domain.labels.serialization import from_dict, to_dict
from gui import errors
from gui.context import AppContext
from gui.designer.canvas import DesignScene
from gui.designer.canvas_view import DesignView
from gui.designer.document import DesignDocument
from gui.designer.element_item import outline_of
from gui.designer.palette import Palette, create_element
from gui.designer.preview_pane import PreviewPane
from gui.designer.properties import PropertyPanel, tr_designer
from gui.designer.template_bar import TemplateBar
from gui.designer.warnings_pane import WarningsPane
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
PREVIEW_TAB, WARNINGS_TAB = 1, 2


class DesignerScreen(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, *, measure: Callable = fonts.measure) -> None:
        super().__init__()
        self.ctx = ctx
        self.document = DesignDocument(parent=self)
        self._build(measure)
        self.retranslate()
        self.document.changed.connect(self._document_changed)
        self.document.reset.connect(self._document_changed)
        self.document.undo_stack.cleanChanged.connect(self._document_changed)
        self.templates.refresh_list()
        self.warnings_pane.refresh_printers()
        self._check_timer.start()

    # -- construction -------------------------------------------------------------------------
    def _build(self, measure: Callable) -> None:
        # publishing asks the warnings pane, built further down (widgets are made in tab order)
        self.templates = TemplateBar(self.ctx, self.document,
                                     lambda: self.warnings_pane.approved(), self)
        self.templates.loaded.connect(self._template_loaded)

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
        self.preview = PreviewPane(self.ctx, self.document, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(properties_scroll, "")
        self.tabs.addTab(self.preview, "")
        self.warnings_pane = WarningsPane(self.ctx, self.document, self.scene, self)
        self.warnings_pane.checked.connect(self._checked)
        self.warnings_pane.note.connect(self.templates.add_note)
        self.tabs.addTab(self.warnings_pane, "")
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
        layout.addWidget(self.templates)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(250)
        self._check_timer.timeout.connect(self.warnings_pane.run_checks)

    def retranslate(self) -> None:
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
        self.tabs.setTabText(PREVIEW_TAB, self.tr("Preview"))
        self._update_warning_tab()
        self.tabs.setTabText(3, self.tr("History"))
        self.history.setEmptyLabel(self.tr("<opened>"))
        self.palette.retranslate()
        self.properties.retranslate()
        self.preview.retranslate()
        self.warnings_pane.retranslate()
        self.templates.retranslate()

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

    # -- checks and preview, after edits ------------------------------------------------------
    def _document_changed(self, *_args) -> None:
        if not (shiboken6.isValid(self) and shiboken6.isValid(self._check_timer)
                and shiboken6.isValid(self.document.undo_stack)):
            return       # signals sent while the screen is being destroyed
        self._check_timer.start()
        self.templates.update_state()

    def _template_loaded(self) -> None:
        self.scene.clearSelection()
        self.view.fit()

    def _checked(self) -> None:
        self._update_warning_tab()
        self._schedule_preview()

    def _update_warning_tab(self) -> None:
        self.tabs.setTabText(WARNINGS_TAB, self.tr("Warnings (%1)").replace(
            "%1", str(len(self.warnings_pane.warnings))))

    def _schedule_preview(self) -> None:
        if self.tabs.currentIndex() == PREVIEW_TAB:
            self.preview.render_preview()
