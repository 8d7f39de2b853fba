""""Create range…": a rack block (aisles × racks × levels × positions) created in one go.

The preview counts the codes as the user types (``BinRange.codes()`` is pure and instant), names
the first and the last, and says what is wrong before anything is sent; the domain still checks
everything again and skips codes that already exist.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget)

from domain.errors import DomainError
from domain.model import BinType
from domain.services.masterdata import MAX_BULK_BINS, BinRange
from gui.errors import domain_message
from gui.masterdata.bin_form import Locations, fill_bin_types, fill_warehouses, fill_zones
from gui.widgets.forms import ERROR_COLOR
from gui.widgets.retranslate import Retranslating


def _span(parent: QWidget, low: int, high: int) -> tuple[QSpinBox, QSpinBox, QHBoxLayout]:
    first, last = QSpinBox(parent), QSpinBox(parent)
    for box, value in ((first, low), (last, high)):
        box.setRange(0, 99)
        box.setValue(value)
    row = QHBoxLayout()
    row.addWidget(first)
    row.addWidget(QLabel("–", parent))
    row.addWidget(last)
    return first, last, row


class BinRangeDialog(Retranslating, QDialog):
    """``create_requested(BinRange)`` fires when the user confirms a valid range."""

    create_requested = Signal(object)

    def __init__(self, locations: Locations, warehouse: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.locations = locations
        self.warehouse, self.zone = QComboBox(self), QComboBox(self)
        fill_warehouses(self.warehouse, locations)
        self.warehouse.setCurrentIndex(max(0, self.warehouse.findData(warehouse)))
        self.aisles = QLineEdit("A", self)
        self.rack_from, self.rack_to, racks = _span(self, 1, 10)
        self.level_from, self.level_to, levels = _span(self, 1, 4)
        self.pos_from, self.pos_to, positions = _span(self, 1, 2)
        self.bin_type, self.capacity = QComboBox(self), QLineEdit(self)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.form = QFormLayout()
        self._labels = [QLabel(self) for _ in range(8)]
        for label, field in zip(self._labels, (self.warehouse, self.zone, self.aisles, racks,
                                               levels, positions, self.bin_type, self.capacity)):
            self.form.addRow(label, field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self._connect()
        self.retranslate()
        self.bin_type.setCurrentIndex(self.bin_type.findData(BinType.STORAGE.value))
        self._on_warehouse()

    def _connect(self) -> None:
        self.warehouse.currentIndexChanged.connect(self._on_warehouse)
        self.aisles.textChanged.connect(self._update_preview)
        for box in (self.rack_from, self.rack_to, self.level_from, self.level_to,
                    self.pos_from, self.pos_to):
            box.valueChanged.connect(self._update_preview)

    def spec(self) -> BinRange:
        return BinRange(
            warehouse=self.warehouse.currentData() or "", zone=self.zone.currentData() or None,
            aisles=self.aisles.text(), racks=(self.rack_from.value(), self.rack_to.value()),
            levels=(self.level_from.value(), self.level_to.value()),
            positions=(self.pos_from.value(), self.pos_to.value()),
            bin_type=self.bin_type.currentData(), capacity_qty=self.capacity.text().strip() or None)

    def _problem(self) -> tuple[str, list[str]]:
        """("", codes) when the range can be created, else (what is wrong, [])."""
        spec = self.spec()
        for name, (low, high) in ((self.tr("racks"), spec.racks), (self.tr("levels"), spec.levels),
                                  (self.tr("positions"), spec.positions)):
            if low > high:
                return self.tr("The {part} run from high to low.").format(part=name), []
        try:
            codes = spec.codes()
        except DomainError as error:
            return domain_message(error), []
        if len(codes) > MAX_BULK_BINS:
            return self.tr("{n} bins; at most {max} at once.").format(n=len(codes),
                                                                    max=MAX_BULK_BINS), []
        return "", codes

    def _update_preview(self) -> None:
        problem, codes = self._problem()
        ok = not problem and bool(codes) and bool(self.warehouse.currentData())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.preview.setStyleSheet(f"color: {ERROR_COLOR};" if problem else "")
        self.preview.setText(problem or self.tr("Bins: {n}, from {first} to {last}. Codes that "
                                                "already exist are skipped.")
                             .format(n=len(codes), first=codes[0], last=codes[-1]))

    def _on_warehouse(self) -> None:
        fill_zones(self.zone, self.locations.get(self.warehouse.currentData() or "", []), "—")
        self._update_preview()

    def _on_ok(self) -> None:
        self.create_requested.emit(self.spec())
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Create a range of bins"))
        for label, text in zip(self._labels, (
                self.tr("Warehouse"), self.tr("Zone"), self.tr("Aisles"), self.tr("Racks"),
                self.tr("Levels"), self.tr("Positions"), self.tr("Type"), self.tr("Capacity"))):
            label.setText(text)
        self.aisles.setToolTip(self.tr("Letters: a run like A-D or a list like A,B,D"))
        self.capacity.setPlaceholderText(self.tr("No limit"))
        fill_bin_types(self.bin_type)
        self._update_preview()
