"""Setting up printing: a printer profile dialog and a print station dialog (which printer and
template each label type uses). Both only collect values; the screen saves them in an op."""
from __future__ import annotations

import json

from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget,
)

from domain.labels.shipped import shipped_names
from domain.printing import LABEL_TYPES, PRINTER_KINDS, PrinterProfile, StationLabel
from gui.widgets.retranslate import Retranslating

CONNECTION_HINTS = {
    "escpos": '{"kind": "tcp", "host": "192.168.1.50", "port": 9100}',
    "zpl": '{"kind": "tcp", "host": "192.168.1.51", "port": 9100}',
    "pdf-folder": '{"folder": "/srv/labels"}',
    "system": '{"printer": ""}',
}


class PrinterDialog(Retranslating, QDialog):
    def __init__(self, parent: QWidget | None = None,
                 profile: PrinterProfile | None = None,
                 system_printers: list[str] | None = None) -> None:
        """``system_printers``: the names offered for a ``system`` printer (default: the ones
        Qt's print support knows on this PC, i.e. CUPS queues on Linux)."""
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.system_printer = QComboBox(self)
        self.system_printer.addItem("", "")          # the default printer (text set in retranslate)
        names = (QPrinterInfo.availablePrinterNames() if system_printers is None
                 else system_printers)
        for printer_name in names:
            self.system_printer.addItem(printer_name, printer_name)
        self.system_printer.activated.connect(self._system_printer_chosen)
        self.kind = QComboBox(self)
        self.kind.addItems(list(PRINTER_KINDS))
        self.connection = QLineEdit(self)
        self.escpos_profile = QLineEdit(self)
        self.dpi = QSpinBox(self)
        self.dpi.setRange(72, 1200)
        self.dpi.setValue(203)
        self.error = QLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.kind.currentTextChanged.connect(
            lambda kind: self.connection.setPlaceholderText(CONNECTION_HINTS.get(kind, "")))
        self.form = QFormLayout(self)
        self.labels = [QLabel(self) for _ in range(6)]
        for label, field in zip(self.labels, (self.name, self.kind, self.system_printer,
                                              self.connection, self.escpos_profile, self.dpi)):
            self.form.addRow(label, field)
        self.kind.currentTextChanged.connect(self._show_system_printers)
        self.form.addRow(self.error)
        self.form.addRow(self.buttons)
        if profile is not None:
            self.name.setText(profile.name)
            self.kind.setCurrentText(profile.kind)
            self.connection.setText(json.dumps(profile.connection))
            self.escpos_profile.setText(profile.escpos_profile)
            self.dpi.setValue(profile.dpi)
            chosen = profile.connection.get("printer", "") if profile.kind == "system" else ""
            self.system_printer.setCurrentIndex(max(0, self.system_printer.findData(chosen)))
        self.connection.setPlaceholderText(CONNECTION_HINTS[self.kind.currentText()])
        self._show_system_printers(self.kind.currentText())
        self.retranslate()

    def _show_system_printers(self, kind: str) -> None:
        """The system printer list only means something for a ``system`` printer."""
        self.form.setRowVisible(self.system_printer, kind == "system")

    def _system_printer_chosen(self, _index: int) -> None:
        self.connection.setText(json.dumps({"printer": self.system_printer.currentData()}))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Printer"))
        self.system_printer.setItemText(0, self.tr("(default printer)"))
        for label, text in zip(self.labels, (self.tr("Name"), self.tr("Kind"),
                                             self.tr("System printer"),
                                             self.tr("Connection (JSON)"),
                                             self.tr("ESC/POS profile"), self.tr("DPI"))):
            label.setText(text)

    def profile(self) -> PrinterProfile:
        """The entered profile; raises ValueError when the connection is not a JSON object."""
        text = self.connection.text().strip() or "{}"
        connection = json.loads(text)
        if not isinstance(connection, dict):
            raise ValueError("not an object")
        return PrinterProfile(self.name.text().strip(), self.kind.currentText(), connection,
                              self.escpos_profile.text().strip(), self.dpi.value())

    def _accept(self) -> None:
        try:
            profile = self.profile()
        except ValueError:
            self.error.setText(self.tr("The connection must be a JSON object."))
            return
        if not profile.name:
            self.error.setText(self.tr("A printer needs a name."))
            return
        self.accept()


class StationDialog(Retranslating, QDialog):
    """A station's name and, per label type, its printer and template (or none)."""

    def __init__(self, parent: QWidget | None, printers: list[str], name: str = "",
                 labels: dict[str, StationLabel] | None = None,
                 templates: list[str] | None = None) -> None:
        """``templates``: the names a station may print with (shipped and published designed
        ones; default: the shipped files)."""
        super().__init__(parent)
        labels = labels or {}
        self.name = QLineEdit(name, self)
        self.form = QFormLayout(self)
        self.name_label = QLabel(self)
        self.form.addRow(self.name_label, self.name)
        self.rows: dict[str, tuple[QLabel, QComboBox, QComboBox]] = {}
        templates = templates or shipped_names()
        for label_type in LABEL_TYPES:
            printer, template = QComboBox(self), QComboBox(self)
            printer.addItem("—", "")
            for p in printers:
                printer.addItem(p, p)
            # the templates named for this label type first, then every other one (a designed
            # template may have any name)
            template.addItems(sorted(templates, key=lambda t: not t.startswith(f"{label_type}_")))
            if label_type in labels:
                printer.setCurrentIndex(max(0, printer.findData(labels[label_type].printer)))
                template.setCurrentText(labels[label_type].template_name)
            caption = QLabel(self)
            self.form.addRow(caption, printer)
            self.form.addRow("", template)
            self.rows[label_type] = (caption, printer, template)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form.addRow(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Print station"))
        self.name_label.setText(self.tr("Station"))
        captions = {"bin": self.tr("Bin label"), "item": self.tr("Item label"),
                    "lot": self.tr("Lot label"), "pallet": self.tr("Pallet label")}
        for label_type, (caption, _printer, _template) in self.rows.items():
            caption.setText(captions[label_type])

    def labels(self) -> list[StationLabel]:
        return [StationLabel(label_type, printer.currentData(), template.currentText())
                for label_type, (_c, printer, template) in self.rows.items()
                if printer.currentData()]
