"""The designer's top row: which stored template is on the canvas, and its lifecycle.

Open, new, duplicate, save draft, publish, import, export and the earlier versions. Every store
call runs in an op (``gui.ops``); the UI thread only loads the result into the document, so a slow
database never freezes the canvas. Publishing first saves the document as the draft, then
publishes it, and only after the screen's warnings are approved (``approve_warnings``). Whatever
would replace unsaved changes asks first (``confirm_discard``, replaceable in tests).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QInputDialog, QLabel, QMenu,
                               QMessageBox, QPushButton, QToolButton, QWidget)

from domain.labels.model import PageSetup, Template
from domain.labels.store import TemplateStore, TemplateVersion
from gui.context import AppContext
from gui.designer.document import DesignDocument
from gui.designer.properties import tr_designer

STATE_TERMS = {
    "draft": QT_TRANSLATE_NOOP("Designer", "draft"),
    "published": QT_TRANSLATE_NOOP("Designer", "published"),
    "superseded": QT_TRANSLATE_NOOP("Designer", "superseded"),
    "shipped": QT_TRANSLATE_NOOP("Designer", "shipped"),
    "new": QT_TRANSLATE_NOOP("Designer", "new, not saved"),
}


class TemplateBar(QWidget):
    # A template (stored or new) replaced the document: the canvas shows all of it.
    loaded = Signal()

    def __init__(self, ctx: AppContext, document: DesignDocument,
                 approve_warnings: Callable[[], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.service(TemplateStore)
        self.document = document
        self.approve_warnings = approve_warnings
        self.state = "new"
        self.version: int | None = None
        self.summaries: list = []
        self.versions: list[TemplateVersion] = []
        self.confirm_discard: Callable[[], bool] = self._ask_discard
        self._build()
        ctx.changed.connect(self._on_changed)

    def _build(self) -> None:
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
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.template_combo, self.open_button, self.new_button,
                       self.duplicate_button, self.save_button, self.publish_button,
                       self.import_button, self.export_button, self.versions_button):
            row.addWidget(widget)
        row.addWidget(self.state_label, 1)

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
        self.update_state()

    # -- the stored templates -----------------------------------------------------------------
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

    # -- open, new, save, publish -------------------------------------------------------------
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
        self.loaded.emit()
        self.update_state()
        self.refresh_versions()

    def new_template(self, name: str, width_mm: float = 70.0, height_mm: float = 45.0,
                     dpi: int = 203) -> None:
        if not self._may_discard():
            return
        self.state, self.version = "new", None
        self.document.load(Template(name, PageSetup(width_mm, height_mm, dpi)))
        self.template_combo.setCurrentIndex(-1)         # not one of the stored templates yet
        self.loaded.emit()
        self.update_state()
        self.versions = []
        self.versions_menu.clear()
        self.versions_button.setEnabled(False)

    def save_draft(self, then: Callable[[int], None] | None = None) -> None:
        template = self.document.snapshot()
        actor, store = self.ctx.actor, self.store

        def saved(version: int) -> None:
            self._stored("draft", version, template.name)
            if then is not None:
                then(version)
        self.ctx.op(self, lambda _p: store.save_draft(actor, template)) \
            .changes({"templates"}).success(saved).run()

    def publish(self) -> None:
        """Save the document as the draft and publish it (after the warnings, if any)."""
        if not self.approve_warnings():
            return
        template = self.document.snapshot()
        actor, store = self.ctx.actor, self.store

        def work(_progress) -> int:
            store.save_draft(actor, template)
            return store.publish(actor, template.name)
        self.ctx.op(self, work).changes({"templates"}).success(
            lambda version: self._stored("published", version, template.name)).run()

    def _stored(self, state: str, version: int, name: str) -> None:
        """The canvas now matches that stored version: clean, selected in the list, and the
        newest entry of the Versions menu."""
        self.state, self.version = state, version
        self.document.undo_stack.setClean()
        self.update_state()
        self.refresh_list(select=name)
        self.refresh_versions()

    # -- copies and files ---------------------------------------------------------------------
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
                self.update_state()
            if done is not None:
                done()
        op = self.ctx.op(self, work).success(exported)
        (op.changes({"templates"}) if dirty else op).run()

    # -- the state label ----------------------------------------------------------------------
    def update_state(self) -> None:
        name = self.document.template.name
        state = tr_designer(STATE_TERMS.get(self.state, self.state))
        text = f"<b>{name}</b> — {state}" + (f" v{self.version}" if self.version else "")
        if not self.document.undo_stack.isClean():
            text += " — " + self.tr("unsaved changes")
        self.state_label.setText(text)

    def add_note(self, note: str) -> None:
        """Something that happened to the template (a print job queued), until the next edit."""
        self.state_label.setText(self.state_label.text() + " — " + note)

    # -- dialogs (thin: the methods above do the work) ----------------------------------------
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
