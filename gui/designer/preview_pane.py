"""The designer's Preview tab: the template as it will print, with sample or real data.

The page goes through the PNG printer backend at the printer's resolution, in an op (the render
can take a moment, and the newest request wins), so the preview is what prints rather than a
second drawing of the canvas. A real record from the database replaces the template's sample
data on the canvas too (``DesignDocument.set_record``).
"""
from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QComboBox, QLabel, QScrollArea, QSpinBox, QVBoxLayout, QWidget

from domain.labels.store import ENTITIES, TemplateStore
from gui.context import AppContext
from gui.designer.document import DesignDocument
from gui.designer.properties import ENTITY_TITLES, tr_designer
from gui.designer.warnings_pane import error_text


class PreviewPane(QWidget):
    def __init__(self, ctx: AppContext, document: DesignDocument,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.service(TemplateStore)
        self.document = document
        self.records: list[tuple[str, dict]] = []
        self.png: bytes = b""
        self._serial = 0
        self.entity_combo = QComboBox(self)
        self.entity_combo.addItem("", None)
        for entity in ENTITIES:
            self.entity_combo.addItem("", entity)
        self.entity_combo.activated.connect(lambda _i: self.load_records(
            self.entity_combo.currentData()))
        self.record_combo = QComboBox(self)
        self.record_combo.activated.connect(lambda i: self.use_record(i - 1))
        self.record_combo.setVisible(False)
        self.image_label = QLabel(self)
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setMinimumHeight(160)
        layout = QVBoxLayout(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addWidget(self.entity_combo)
        layout.addWidget(self.record_combo)
        self.page_spin = QSpinBox(self)
        self.page_spin.setRange(1, 1)
        self.page_spin.setVisible(False)
        self.page_spin.valueChanged.connect(lambda _v: self.render_preview())
        layout.addWidget(self.page_spin)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.image_label)
        layout.addWidget(scroll, 1)

    def retranslate(self) -> None:
        self.entity_combo.setItemText(0, self.tr("Sample data of the template"))
        for index in range(1, self.entity_combo.count()):
            entity = self.entity_combo.itemData(index)
            self.entity_combo.setItemText(index, self.tr("A real %1").replace(
                "%1", tr_designer(ENTITY_TITLES[entity]).lower()))
        self.hint.setText(self.tr("The preview is rendered by the PNG printer backend "
                                  "at the printer's resolution: what will print."))

    def render_preview(self) -> None:
        """The chosen page (documents have several) through the PNG renderer, in an op, as
        it will print (landscape turned, sheets imposed); the newest request wins."""
        from devices.printers.render import layout
        from devices.printers.render.raster import render_png
        from domain.labels.media import impose
        template = self.document.snapshot()
        record = copy.deepcopy(self.document.record)
        wanted = self.page_spin.value() - 1
        self._serial += 1
        serial = self._serial

        def work(_progress) -> tuple[bytes, int]:
            pages = impose(template, layout(template, [record] if record is not None else None))
            if not pages:
                return b"", 0
            return render_png([pages[min(wanted, len(pages) - 1)]])[0], len(pages)

        def done(result: tuple[bytes, int]) -> None:
            if serial != self._serial:
                return
            png, count = result
            self.page_spin.blockSignals(True)
            self.page_spin.setMaximum(max(count, 1))
            self.page_spin.blockSignals(False)
            self.page_spin.setSuffix(" / %d" % count)
            self.page_spin.setVisible(count > 1)
            self.png = png
            pixmap = QPixmap()
            pixmap.loadFromData(png)
            width = self.image_label.parentWidget().width() - 8
            if pixmap.width() > width > 50:
                pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            self.image_label.setPixmap(pixmap)
            self.image_label.setToolTip("")

        def failed(error: Exception) -> None:
            if serial == self._serial:
                self.png = b""
                self.image_label.setPixmap(QPixmap())
                self.image_label.setText(error_text(error))
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
