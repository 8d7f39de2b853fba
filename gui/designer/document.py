"""The template being designed and its undo stack: every change is one ``QUndoCommand``.

The document owns a ``domain.labels.model.Template``; nothing else changes it. A command stores
the affected elements before and after (copies), so undo and redo are exact whatever the change
was: adding, deleting, moving, resizing, a property, the z-order. Consecutive keyboard nudges of
the same selection merge into one step; a mouse drag is one command pushed on release.
"""
from __future__ import annotations

import copy
import dataclasses
from typing import Any, Mapping

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from domain.labels.model import Element, PageSetup, Template

NUDGE_ID = 1001
Change = dict[str, Element | None]       # element id -> its new state (None: removed)


class DesignDocument(QObject):
    """``changed(ids)``: elements changed (an empty set: the page or the whole template)."""

    changed = Signal(object)
    reset = Signal()

    def __init__(self, template: Template | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.template = template or Template("new_label", PageSetup(70.0, 45.0))
        self.record: Mapping | None = None        # the preview record (None: sample data)
        self.undo_stack = QUndoStack(self)

    # -- reading ------------------------------------------------------------------------------
    def element(self, element_id: str) -> Element | None:
        return next((e for e in self.template.elements if e.id == element_id), None)

    def index_of(self, element_id: str) -> int:
        return next((i for i, e in enumerate(self.template.elements) if e.id == element_id), -1)

    def new_id(self, kind: str, also_taken: set[str] | frozenset[str] = frozenset()) -> str:
        taken = {e.id for e in self.template.elements} | set(also_taken)
        n = 1
        while f"{kind}{n}" in taken:
            n += 1
        return f"{kind}{n}"

    def snapshot(self) -> Template:
        """A copy to hand to a worker thread (the document keeps changing on the UI thread)."""
        return copy.deepcopy(self.template)

    # -- changing -----------------------------------------------------------------------------
    def load(self, template: Template) -> None:
        """A different template: the undo history starts over."""
        self.template = template
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.reset.emit()

    def set_record(self, record: Mapping | None) -> None:
        self.record = record
        self.changed.emit(frozenset())

    def change(self, after: Change, text: str, *, merge_id: int = -1) -> None:
        """Push one undoable step that gives the elements in ``after`` their new state."""
        if not after:
            return
        self.undo_stack.push(ElementsCommand(self, after, text, merge_id))

    def edit(self, ids: list[str], path: str, value: Any, text: str) -> None:
        """Set ``path`` (``x``, ``style.size_pt``) on each element that has it: one step."""
        after: Change = {}
        for element_id in ids:
            element = self.element(element_id)
            if element is not None and has_path(element, path) \
                    and get_path(element, path) != value:
                after[element_id] = set_path(element, path, value)
        self.change(after, text)

    def edit_template(self, path: str, value: Any, text: str) -> None:
        if get_path(self.template, path) != value:
            self.undo_stack.push(TemplateCommand(self, path, value, text))

    def _apply(self, states: Mapping[str, tuple[int, Element | None]]) -> None:
        elements = self.template.elements
        for element_id, (_index, state) in states.items():
            if state is None:
                elements[:] = [e for e in elements if e.id != element_id]
        for element_id, (index, state) in sorted(states.items(), key=lambda kv: kv[1][0]):
            if state is None:
                continue
            at = self.index_of(element_id)
            if at >= 0:
                elements[at] = copy.deepcopy(state)
            else:
                elements.insert(min(index, len(elements)) if index >= 0 else len(elements),
                                copy.deepcopy(state))
        self.changed.emit(frozenset(states))


class ElementsCommand(QUndoCommand):
    def __init__(self, doc: DesignDocument, after: Change, text: str, merge_id: int) -> None:
        super().__init__(text)
        self.doc = doc
        self.merge_id = merge_id
        self.before = {i: (doc.index_of(i), copy.deepcopy(doc.element(i))) for i in after}
        self.after = {i: (self.before[i][0], copy.deepcopy(e)) for i, e in after.items()}

    def id(self) -> int:
        return self.merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ElementsCommand) or other.merge_id != self.merge_id \
                or set(other.after) != set(self.after):
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.doc._apply(self.after)

    def undo(self) -> None:
        self.doc._apply(self.before)


class TemplateCommand(QUndoCommand):
    """A template-level setting: page size, DPI, orientation, kind, description."""

    def __init__(self, doc: DesignDocument, path: str, value: Any, text: str) -> None:
        super().__init__(text)
        self.doc, self.path = doc, path
        self.before, self.after = get_path(doc.template, path), value

    def _set(self, value: Any) -> None:
        self.doc.template = set_path(self.doc.template, self.path, value)
        self.doc.changed.emit(frozenset())

    def redo(self) -> None:
        self._set(self.after)

    def undo(self) -> None:
        self._set(self.before)


# -- dotted attribute paths on the model's dataclasses ----------------------------------------
def has_path(obj: Any, path: str) -> bool:
    for name in path.split("."):
        if not dataclasses.is_dataclass(obj) or name not in {f.name for f in
                                                                dataclasses.fields(obj)}:
            return False
        obj = getattr(obj, name)
    return True


def get_path(obj: Any, path: str) -> Any:
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj


def set_path(obj: Any, path: str, value: Any) -> Any:
    """A copy of ``obj`` with ``path`` set (nested dataclasses copied on the way)."""
    head, _, rest = path.partition(".")
    value = set_path(getattr(obj, head), rest, value) if rest else value
    return dataclasses.replace(copy.deepcopy(obj), **{head: value})
