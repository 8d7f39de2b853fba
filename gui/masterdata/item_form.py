"""The item editor: every field of ``ItemData``, with barcodes and pack units as sub-tables.

The form only collects text and choices; the domain validates (GTIN check digits, FEFO needs
lots, min ≤ max, quantities) and its refusal is shown by the screen. Quantities are handed over
as typed, so "2,5" and "2.5" both work and a bad one is named in the error.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QGroupBox, QLineEdit, QSpinBox,
                               QVBoxLayout, QWidget)

from domain.model import Item
from domain.model.items import BarcodeKind, RemovalStrategy
from domain.services.masterdata import ItemData
from gui.masterdata.widgets import EditableRows, EditorPanel
from gui.widgets.lazy_table import format_quantity

UNITS = ["pcs", "kg", "g", "m", "l", "box", "set"]


class ItemForm(EditorPanel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item: Item | None = None
        self.code = self.row("code", QLineEdit(self))
        self.name = self.row("name", QLineEdit(self))
        self.spec = self.row("spec", QLineEdit(self))
        self.base_uom = self.row("base_uom", QComboBox(self))
        self.base_uom.setEditable(True)
        self.base_uom.addItems(UNITS)
        self.strategy = self.row("strategy", QComboBox(self))
        self.strategy.addItems([s.value for s in RemovalStrategy])
        self.abc = self.row("abc", QComboBox(self))
        self.abc.addItems(["", "A", "B", "C"])
        self.shelf_life = self.row("shelf_life", QSpinBox(self))
        self.shelf_life.setRange(0, 36500)
        self.min_qty = self.row("min", QLineEdit(self))
        self.max_qty = self.row("max", QLineEdit(self))
        self.product_line = self.row("product_line", QLineEdit(self))
        self.unit_cost = self.row("unit_cost", QLineEdit(self))
        for field in (self.min_qty, self.max_qty, self.unit_cost):
            field.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._setup_flags()
        self._setup_children()
        self.finish()
        self.clear()

    def _setup_flags(self) -> None:
        self.lot_tracked, self.serial_tracked = QCheckBox(self), QCheckBox(self)
        self.inspection, self.active = QCheckBox(self), QCheckBox(self)
        grid = QGridLayout()
        for i, box in enumerate((self.lot_tracked, self.serial_tracked, self.inspection,
                                 self.active)):
            grid.addWidget(box, i // 2, i % 2)
        self.body.addLayout(grid)

    def _setup_children(self) -> None:
        kinds = [k.value for k in BarcodeKind]
        self.barcodes = EditableRows(3, {1: kinds}, ["", BarcodeKind.GTIN.value, "1"], self)
        self.pack_units = EditableRows(2, defaults=["", ""], parent=self)
        self.barcodes_box, self.units_box = QGroupBox(self), QGroupBox(self)
        for box, rows in ((self.barcodes_box, self.barcodes), (self.units_box, self.pack_units)):
            QVBoxLayout(box).addWidget(rows)
            self.body.addWidget(box)

    # -- in and out -----------------------------------------------------------------------------
    def clear(self) -> None:
        """An empty form for a new item (the code can be typed)."""
        self.set_item(None)

    def set_item(self, item: Item | None) -> None:
        self.item = item
        self.code.setReadOnly(item is not None)
        self.code.setText(item.code if item else "")
        self.name.setText(item.name if item else "")
        self.spec.setText(item.spec if item else "")
        self.base_uom.setCurrentText(item.base_uom if item else "pcs")
        self.strategy.setCurrentText(item.removal_strategy if item else "FIFO")
        self.abc.setCurrentText((item.abc_class or "") if item else "")
        self.shelf_life.setValue((item.shelf_life_days or 0) if item else 0)
        self.min_qty.setText(format_quantity(item.min_qty) if item else "")
        self.max_qty.setText(format_quantity(item.max_qty) if item else "")
        self.product_line.setText(item.product_line if item else "")
        self.unit_cost.setText(format_quantity(item.unit_cost) if item else "")
        for box, value in ((self.lot_tracked, item and item.lot_tracked),
                           (self.serial_tracked, item and item.serial_tracked),
                           (self.inspection, item and item.requires_inspection),
                           (self.active, item.active if item else True)):
            box.setChecked(bool(value))
        self.barcodes.set_rows([[b.code, b.kind, format_quantity(b.qty)]
                                for b in (item.barcodes if item else [])])
        self.pack_units.set_rows([[u.uom, format_quantity(u.factor)]
                                  for u in (item.pack_units if item else [])])
        self.retranslate()

    def data(self) -> ItemData:
        """What the form says, for ``MasterDataService.save_item`` (read on the UI thread)."""
        return ItemData(
            code=self.code.text().strip(), name=self.name.text().strip(),
            spec=self.spec.text().strip(), base_uom=self.base_uom.currentText().strip(),
            lot_tracked=self.lot_tracked.isChecked(),
            serial_tracked=self.serial_tracked.isChecked(),
            shelf_life_days=self.shelf_life.value() or None,
            removal_strategy=self.strategy.currentText(), abc_class=self.abc.currentText() or None,
            min_qty=self.min_qty.text().strip() or None,
            max_qty=self.max_qty.text().strip() or None,
            product_line=self.product_line.text().strip(),
            unit_cost=self.unit_cost.text().strip() or None,
            requires_inspection=self.inspection.isChecked(), active=self.active.isChecked(),
            barcodes=[(code, kind, qty or "1") for code, kind, qty in self.barcodes.rows()],
            pack_units=[(uom, factor) for uom, factor in self.pack_units.rows()])

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for field in (self.name, self.spec, self.min_qty, self.max_qty, self.product_line,
                      self.unit_cost):
            field.setReadOnly(read_only)
        for field in (self.base_uom, self.strategy, self.abc, self.shelf_life, self.lot_tracked,
                      self.serial_tracked, self.inspection, self.active):
            field.setEnabled(not read_only)
        self.barcodes.set_read_only(read_only)
        self.pack_units.set_read_only(read_only)

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Item {code}").format(code=self.item.code) if self.item
                           else self.tr("New item"))
        for key, text in (("code", self.tr("Code")), ("name", self.tr("Name")),
                          ("spec", self.tr("Specification")), ("base_uom", self.tr("Base unit")),
                          ("strategy", self.tr("Removal strategy")), ("abc", self.tr("ABC class")),
                          ("shelf_life", self.tr("Shelf life")), ("min", self.tr("Minimum stock")),
                          ("max", self.tr("Maximum stock")),
                          ("product_line", self.tr("Product line")),
                          ("unit_cost", self.tr("Standard cost"))):
            self.labels[key].setText(text)
        self.shelf_life.setSpecialValueText(self.tr("none"))
        self.shelf_life.setSuffix(self.tr(" days"))
        self.lot_tracked.setText(self.tr("Lot tracked"))
        self.serial_tracked.setText(self.tr("Serial tracked"))
        self.inspection.setText(self.tr("Requires inspection"))
        self.active.setText(self.tr("Active"))
        self.barcodes_box.setTitle(self.tr("Barcodes"))
        self.barcodes.set_headers([self.tr("Code"), self.tr("Kind"), self.tr("Quantity")])
        self.units_box.setTitle(self.tr("Pack units"))
        self.pack_units.set_headers([self.tr("Unit"), self.tr("Base units")])
