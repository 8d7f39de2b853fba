"""The bin editor, the block dialog, and the warehouse → zones choices both use."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit,
                               QSpinBox, QVBoxLayout, QWidget)

from domain.model import BinType
from domain.services.masterdata import BinData
from gui.masterdata.terms import bin_type_term
from gui.masterdata.widgets import EditorPanel
from gui.widgets.lazy_table import format_quantity
from gui.widgets.retranslate import Retranslating

Locations = dict[str, list[str]]   # warehouse code -> its zone codes


def fill_warehouses(combo: QComboBox, locations: Locations, first: str | None = None) -> None:
    """Warehouse codes (after an optional first entry with empty data, e.g. "All")."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if first is not None:
        combo.addItem(first, "")
    for code in sorted(locations):
        combo.addItem(code, code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


def fill_zones(combo: QComboBox, zones: list[str], first: str) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(first, "")
    for code in zones:
        combo.addItem(code, code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


def fill_bin_types(combo: QComboBox, first: str | None = None) -> None:
    current = combo.currentData()
    combo.clear()
    if first is not None:
        combo.addItem(first, "")
    for kind in BinType:
        combo.addItem(bin_type_term(kind.value), kind.value)
    combo.setCurrentIndex(max(0, combo.findData(current)))


class BinForm(EditorPanel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bin: dict | None = None
        self.locations: Locations = {}
        self.warehouse = self.row("warehouse", QComboBox(self))
        self.zone = self.row("zone", QComboBox(self))
        self.code = self.row("code", QLineEdit(self))
        self.barcode = self.row("barcode", QLineEdit(self))
        self.bin_type = self.row("type", QComboBox(self))
        self.sequence = self.row("sequence", QSpinBox(self))
        self.sequence.setRange(0, 10_000_000)
        self.capacity = self.row("capacity", QLineEdit(self))
        self.capacity.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.active, self.blocked = QCheckBox(self), QCheckBox(self)
        self.form.addRow(self.active)
        self.form.addRow(self.blocked)
        self.reason = self.row("reason", QLineEdit(self))
        self.blocked.toggled.connect(self.reason.setEnabled)
        self.warehouse.currentIndexChanged.connect(self._on_warehouse)
        self.finish()
        self.clear()

    def set_locations(self, locations: Locations) -> None:
        self.locations = locations
        fill_warehouses(self.warehouse, locations)
        self._on_warehouse()

    def clear(self) -> None:
        self.set_bin(None)

    def set_bin(self, row: dict | None) -> None:
        """Show a row of the bin list (None: a new bin)."""
        self.bin = row
        for field in (self.code, self.warehouse):
            field.setEnabled(row is None)
        if row is not None:
            self.warehouse.setCurrentIndex(self.warehouse.findData(row["warehouse"]))
            self._on_warehouse()
        self.zone.setCurrentIndex(max(0, self.zone.findData(row["zone"] if row else "")))
        self.code.setText(row["code"] if row else "")
        self.barcode.setText(row["barcode"] if row else "")
        self.bin_type.setCurrentIndex(max(0, self.bin_type.findData(
            row["bin_type"] if row else BinType.STORAGE.value)))
        self.sequence.setValue(row["pick_sequence"] if row else 0)
        self.capacity.setText(format_quantity(row["capacity_qty"]) if row else "")
        self.active.setChecked(row["active"] if row else True)
        self.blocked.setChecked(bool(row and row["blocked"]))
        self.reason.setText(row["blocked_reason"] if row else "")
        self.reason.setEnabled(self.blocked.isChecked())
        self.retranslate()

    def data(self) -> BinData:
        return BinData(
            warehouse=self.warehouse.currentData() or "", code=self.code.text().strip(),
            zone=self.zone.currentData() or None, bin_type=self.bin_type.currentData(),
            pick_sequence=self.sequence.value(), capacity_qty=self.capacity.text().strip() or None,
            blocked=self.blocked.isChecked(), blocked_reason=self.reason.text(),
            barcode=self.barcode.text().strip() or None, active=self.active.isChecked())

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for field in (self.zone, self.barcode, self.bin_type, self.sequence, self.capacity,
                      self.active, self.blocked, self.reason):
            field.setEnabled(not read_only)

    def _on_warehouse(self) -> None:
        fill_zones(self.zone, self.locations.get(self.warehouse.currentData() or "", []), "—")

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Bin {code}").format(code=self.bin["code"]) if self.bin
                           else self.tr("New bin"))
        for key, text in (("warehouse", self.tr("Warehouse")), ("zone", self.tr("Zone")),
                          ("code", self.tr("Code")), ("barcode", self.tr("Barcode")),
                          ("type", self.tr("Type")), ("sequence", self.tr("Pick sequence")),
                          ("capacity", self.tr("Capacity")),
                          ("reason", self.tr("Blocked because"))):
            self.labels[key].setText(text)
        self.barcode.setPlaceholderText(self.tr("Default: warehouse-code"))
        self.capacity.setPlaceholderText(self.tr("No limit"))
        self.active.setText(self.tr("Active"))
        self.blocked.setText(self.tr("Blocked"))
        fill_bin_types(self.bin_type)


class BlockDialog(Retranslating, QDialog):
    """Asks why a bin is blocked; ``reason_given`` fires on OK with a non-empty reason."""

    reason_given = Signal(str)

    def __init__(self, bin_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bin_code = bin_code
        self.label, self.reason = QLabel(self), QLineEdit(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        for widget in (self.label, self.reason, self.buttons):
            layout.addWidget(widget)
        self.resize(420, 0)
        self.retranslate()
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason.text().strip()))

    def _on_ok(self) -> None:
        self.reason_given.emit(self.reason.text().strip())
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Block bin"))
        self.label.setText(self.tr("Why is bin {code} blocked? Nothing can be put into or taken "
                                   "out of it until it is unblocked.").format(code=self.bin_code))
        self.label.setWordWrap(True)
        self.reason.setPlaceholderText(self.tr("e.g. rack damaged"))
