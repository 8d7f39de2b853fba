"""The Devices screen: this station's scanners, their live status, a live log of scans with
what they mean, and a box to send a test scan through the same path as a real one.

Settings are per PC (``gui.scanning.station``): "Apply" saves them and restarts the scanners
through the hub the main window runs (``ctx.scan_hub``, set by ``install_scanning``).
"""
from __future__ import annotations

from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton,
                               QVBoxLayout, QWidget)

from devices.scanners import SERIAL, WEDGE, ScannerConfig, Status, available_ports
from domain.barcodes.escapes import unescape
from gui.devices.form import ScannerForm
from gui.devices.log import ScanLog
from gui.scanning.hub import ScanHub, status_word
from gui.scanning.station import load_configs, save_configs
from gui.widgets.forms import ErrorLabel
from gui.widgets.retranslate import Retranslating


class DevicesScreen(Retranslating, QWidget):

    def __init__(self, ctx, hub: ScanHub | None = None, *, ports=available_ports) -> None:
        super().__init__()
        self.ctx = ctx
        self.hub = hub or getattr(ctx, "scan_hub", None) or ScanHub(self)
        self.configs = list(self.hub.configs) or load_configs()
        self._ports = ports
        self._setup_ui()
        self.retranslate()
        self.hub.scanned.connect(self.log.add)
        self.hub.status_changed.connect(self._show_status)
        self._refresh_list(0)
        self._set_dirty(False)
        self._show_status()

    def _setup_ui(self) -> None:
        self.scanners = QListWidget(self)
        self.scanners.currentRowChanged.connect(self._on_select)
        self.add_serial, self.add_wedge, self.remove = (QPushButton(self) for _ in range(3))
        self.add_serial.clicked.connect(lambda: self._on_add(SERIAL))
        self.add_wedge.clicked.connect(lambda: self._on_add(WEDGE))
        self.remove.clicked.connect(self._on_remove)
        self.form = ScannerForm(self, self._ports)
        self.form.changed.connect(self._on_form_changed)
        self.error = ErrorLabel(self)
        self.apply_button, self.revert_button = QPushButton(self), QPushButton(self)
        self.apply_button.clicked.connect(self._on_apply)
        self.revert_button.clicked.connect(self._on_revert)
        self.status, self.log_title = QLabel(self), QLabel(self)
        self.test_input, self.test_send = QLineEdit(self), QPushButton(self)
        self.test_input.returnPressed.connect(self._on_test)
        self.test_send.clicked.connect(self._on_test)
        self.log = ScanLog(self)
        self.setLayout(self._layout())

    def _layout(self) -> QVBoxLayout:
        left = QVBoxLayout()
        left.addWidget(self.scanners, 1)
        for button in (self.add_serial, self.add_wedge, self.remove):
            left.addWidget(button)
        right = QVBoxLayout()
        right.addWidget(self.form, 1)
        right.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)
        right.addLayout(buttons)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addLayout(right, 2)
        test = QHBoxLayout()
        test.addWidget(self.test_input, 1)
        test.addWidget(self.test_send)
        layout = QVBoxLayout()
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(test)
        layout.addWidget(self.log_title)
        layout.addWidget(self.log, 1)
        return layout

    def retranslate(self) -> None:
        self.add_serial.setText(self.tr("Add serial or network scanner"))
        self.add_wedge.setText(self.tr("Add keyboard scanner"))
        self.remove.setText(self.tr("Remove"))
        self.apply_button.setText(self.tr("Apply"))
        self.revert_button.setText(self.tr("Revert"))
        self.test_input.setPlaceholderText(self.tr("Test scan: type data, e.g. ]C10109506000134352"
                                                   "10AB<GS>17261231"))
        self.test_send.setText(self.tr("Send test scan"))
        self.log_title.setText(self.tr("Scans on this station (newest first)"))
        self._show_status()

    # -- the list of scanners -------------------------------------------------------------------
    def _refresh_list(self, row: int) -> None:
        self.scanners.blockSignals(True)
        self.scanners.clear()
        self.scanners.addItems([self._list_text(c) for c in self.configs])
        self.scanners.blockSignals(False)
        self.scanners.setCurrentRow(min(row, len(self.configs) - 1))
        self._on_select(self.scanners.currentRow())

    def _list_text(self, config: ScannerConfig) -> str:
        kind = self.tr("keyboard") if config.kind == WEDGE else config.port or self.tr("no port")
        off = "" if config.enabled else " " + self.tr("(off)")
        return f"{config.name} — {kind}{off}"

    def _on_select(self, row: int) -> None:
        self.form.setEnabled(row >= 0)
        self.remove.setEnabled(row >= 0)
        if row >= 0:
            self.form.set_config(self.configs[row])

    def _on_add(self, kind: str) -> None:
        name = self.tr("Keyboard scanner") if kind == WEDGE else self.tr("Serial scanner")
        self.configs.append(ScannerConfig(name=f"{name} {len(self.configs) + 1}", kind=kind))
        self._refresh_list(len(self.configs) - 1)
        self._set_dirty(True)

    def _on_remove(self) -> None:
        row = self.scanners.currentRow()
        if row >= 0:
            del self.configs[row]
            self._refresh_list(row)
            self._set_dirty(True)

    def _on_form_changed(self) -> None:
        row = self.scanners.currentRow()
        if row < 0:
            return
        self.configs[row] = self.form.config()
        self.scanners.item(row).setText(self._list_text(self.configs[row]))
        self._set_dirty(True)

    # -- apply, revert, problems ----------------------------------------------------------------
    def problem(self) -> str:
        for config in self.configs:
            if config.kind == SERIAL and config.enabled and not config.port.strip():
                return self.tr("Enter the port or URL of {name}.").format(name=config.name)
        return ""

    def _set_dirty(self, dirty: bool) -> None:
        problem = self.problem()
        self.error.setText(problem)
        self.apply_button.setEnabled(dirty and not problem)
        self.revert_button.setEnabled(dirty)

    def _on_apply(self) -> None:
        if self.problem():
            return
        save_configs(self.configs)
        self.hub.apply(self.configs)
        self._set_dirty(False)

    def _on_revert(self) -> None:
        self.configs = load_configs()
        self._refresh_list(0)
        self._set_dirty(False)

    # -- live status and the test box -----------------------------------------------------------
    def _show_status(self, _status=None) -> None:
        lines = [f"{s.source}: {status_word(s.status)}" + (f" — {s.reason}" if s.reason and
                 s.status != Status.CONNECTED else "") for s in self.hub.statuses()]
        if self.hub.wedge.enabled:
            lines.append(self.tr("Keyboard scanners: listening"))
        self.status.setText("\n".join(lines) or self.tr("No scanner is running."))

    def _on_test(self) -> None:
        text = unescape(self.test_input.text())
        if text.strip():
            self.hub.inject(text, source=self.tr("test box"))
            self.test_input.clear()
