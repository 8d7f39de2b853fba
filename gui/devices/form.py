"""The settings of one scanner as a form: kind, port or URL and line settings for serial and
network scanners, burst thresholds and the GS substitute for keyboard-wedge scanners."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit,
                               QSpinBox, QVBoxLayout, QWidget)

from devices.scanners import SERIAL, WEDGE, ScannerConfig, available_ports
from devices.scanners.config import BAUDRATES, STOPBITS
from gui.widgets.retranslate import Retranslating

KINDS = ((SERIAL, QT_TRANSLATE_NOOP("ScannerForm",
                                    "Serial or network (COM, USB-serial, socket://)")),
         (WEDGE, QT_TRANSLATE_NOOP("ScannerForm", "Keyboard wedge (USB, types like a keyboard)")))
SUFFIXES = (("EOL", QT_TRANSLATE_NOOP("ScannerForm", "Any line end (CR, LF or CR LF)")),
            ("CR", QT_TRANSLATE_NOOP("ScannerForm", "CR")),
            ("LF", QT_TRANSLATE_NOOP("ScannerForm", "LF")),
            ("CRLF", QT_TRANSLATE_NOOP("ScannerForm", "CR LF")),
            ("TAB", QT_TRANSLATE_NOOP("ScannerForm", "Tab")),
            ("NONE", QT_TRANSLATE_NOOP("ScannerForm", "None: a pause ends the scan")))
PARITY_NAMES = {"N": QT_TRANSLATE_NOOP("ScannerForm", "None"),
                "E": QT_TRANSLATE_NOOP("ScannerForm", "Even"),
                "O": QT_TRANSLATE_NOOP("ScannerForm", "Odd"),
                "M": QT_TRANSLATE_NOOP("ScannerForm", "Mark"),
                "S": QT_TRANSLATE_NOOP("ScannerForm", "Space")}
ENCODINGS = ("utf-8", "gbk", "gb18030", "latin-1")


class ScannerForm(Retranslating, QWidget):
    """``set_config`` fills the form, ``config`` reads it back; ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None,
                 ports: Callable[[], list[str]] = available_ports) -> None:
        super().__init__(parent)
        self._ports = ports
        self._setup_ui()
        self.retranslate()
        self.set_config(ScannerConfig())

    def _setup_ui(self) -> None:
        self.name, self.enabled, self.kind = QLineEdit(self), QCheckBox(self), QComboBox(self)
        self.port, self.baud = _editable_combo(self), _editable_combo(self)
        self.parity, self.stopbits, self.bytesize = (QComboBox(self) for _ in range(3))
        self.suffix, self.prefix = QComboBox(self), QLineEdit(self)
        self.encoding = _editable_combo(self)
        self.idle = _spin(self, 10, 5000)
        self.gap, self.min_length = _spin(self, 1, 500), _spin(self, 1, 100)
        self.gs_substitute = QLineEdit(self)
        self.gs_substitute.setMaxLength(1)
        self.baud.addItems([str(b) for b in BAUDRATES])
        self.stopbits.addItems([str(s) for s in STOPBITS])
        self.bytesize.addItems(["8", "7"])
        self.encoding.addItems(ENCODINGS)
        self.serial_box, self.wedge_box = QGroupBox(self), QGroupBox(self)
        self.common = QFormLayout()
        self.serial_form = QFormLayout(self.serial_box)
        self.wedge_form = QFormLayout(self.wedge_box)
        for form, widgets in ((self.common, (self.name, self.enabled, self.kind)),
                              (self.serial_form, (self.port, self.baud, self.bytesize,
                                                  self.parity, self.stopbits, self.suffix,
                                                  self.idle, self.prefix, self.encoding)),
                              (self.wedge_form, (self.gap, self.min_length, self.gs_substitute))):
            for widget in widgets:
                form.addRow(QLabel(self), widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.common)
        layout.addWidget(self.serial_box)
        layout.addWidget(self.wedge_box)
        layout.addStretch(1)
        for signal in (self.name.textEdited, self.prefix.textEdited, self.gs_substitute.textEdited,
                       self.port.currentTextChanged, self.baud.currentTextChanged,
                       self.encoding.currentTextChanged, self.enabled.toggled):
            signal.connect(self.changed)
        for combo in (self.kind, self.parity, self.stopbits, self.bytesize, self.suffix):
            combo.currentIndexChanged.connect(self._on_changed)
        for spin in (self.idle, self.gap, self.min_length):
            spin.valueChanged.connect(self.changed)

    def retranslate(self) -> None:
        _refill(self.kind, KINDS)
        _refill(self.suffix, SUFFIXES)
        _refill(self.parity, tuple(PARITY_NAMES.items()))
        self.enabled.setText(self.tr("Enabled"))
        self.serial_box.setTitle(self.tr("Serial or network scanner"))
        self.wedge_box.setTitle(self.tr("Keyboard-wedge scanner"))
        self.port.lineEdit().setPlaceholderText(self.tr("/dev/ttyUSB0, COM3 or socket://host:port"))
        self.prefix.setPlaceholderText(self.tr("e.g. \\x02 (empty: none)"))
        self.gs_substitute.setPlaceholderText(self.tr("e.g. ~ (empty: none)"))
        self.idle.setSuffix(self.tr(" ms"))
        self.gap.setSuffix(self.tr(" ms"))
        _labels(self.common, [self.tr("Name:"), "", self.tr("Kind:")])
        _labels(self.serial_form, [self.tr("Port or URL:"), self.tr("Baud rate:"),
                                   self.tr("Data bits:"), self.tr("Parity:"),
                                   self.tr("Stop bits:"), self.tr("Scan ends with:"),
                                   self.tr("Pause that ends a scan:"), self.tr("Prefix:"),
                                   self.tr("Encoding:")])
        _labels(self.wedge_form, [self.tr("Most time between keys:"),
                                  self.tr("Fewest characters in a scan:"),
                                  self.tr("Character typed for GS:")])

    # -- config <-> widgets ---------------------------------------------------------------------
    def set_config(self, c: ScannerConfig) -> None:
        self.blockSignals(True)
        self.port.clear()
        self.port.addItems(self._ports())
        self.name.setText(c.name)
        self.enabled.setChecked(c.enabled)
        _select(self.kind, c.kind)
        self.port.setCurrentText(c.port)
        self.baud.setCurrentText(str(c.baudrate))
        self.bytesize.setCurrentText(str(c.bytesize))
        _select(self.parity, c.parity)
        self.stopbits.setCurrentText(str(c.stopbits).removesuffix(".0"))
        _select(self.suffix, c.suffix)
        self.idle.setValue(c.idle_timeout_ms)
        self.prefix.setText(c.prefix)
        self.encoding.setCurrentText(c.encoding)
        self.gap.setValue(int(c.max_key_gap_ms))
        self.min_length.setValue(c.min_length)
        self.gs_substitute.setText(c.gs_substitute)
        self.blockSignals(False)
        self._show_kind()

    def config(self) -> ScannerConfig:
        return ScannerConfig.from_dict({
            "name": self.name.text().strip() or self.tr("Scanner"),
            "kind": self.kind.currentData(), "enabled": self.enabled.isChecked(),
            "port": self.port.currentText().strip(), "baudrate": self.baud.currentText(),
            "bytesize": self.bytesize.currentText(), "parity": self.parity.currentData(),
            "stopbits": float(self.stopbits.currentText()), "suffix": self.suffix.currentData(),
            "prefix": self.prefix.text(), "idle_timeout_ms": self.idle.value(),
            "encoding": self.encoding.currentText().strip() or "utf-8",
            "max_key_gap_ms": self.gap.value(), "min_length": self.min_length.value(),
            "gs_substitute": self.gs_substitute.text()})

    def _on_changed(self) -> None:
        self._show_kind()
        self.changed.emit()

    def _show_kind(self) -> None:
        serial = self.kind.currentData() == SERIAL
        self.serial_box.setVisible(serial)
        self.wedge_box.setVisible(not serial)
        self.idle.setEnabled(self.suffix.currentData() == "NONE")


def _editable_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(True)
    return combo


def _spin(parent: QWidget, low: int, high: int) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(low, high)
    return spin


def _refill(combo: QComboBox, entries) -> None:
    """Replace the items (texts translated in "ScannerForm") keeping the chosen data."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for data, text in entries:
        combo.addItem(QCoreApplication.translate("ScannerForm", text), data)
    _select(combo, current)
    combo.blockSignals(False)


def _select(combo: QComboBox, data) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(max(index, 0))


def _labels(form: QFormLayout, texts: list[str]) -> None:
    for row, text in enumerate(texts):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        if label is not None and label.widget() is not None:
            label.widget().setText(text)
