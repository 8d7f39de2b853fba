"""Printing: the print queue (filter by state; reprint, cancel, move to another printer), the
printers (test page, online check) and station mode (scan an item, lot or bin and its label is
queued with the station's template and printer; all bin labels of a zone or aisle).

The screen owns a ``QueueRunner`` (a worker thread, no Qt) that drains the queue for this PC;
its events come back to the UI thread through a queued signal and refresh the table. All database
work runs in ops; nothing here blocks the UI thread on a printer.
"""
from __future__ import annotations

import socket

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from devices.printers.queue_runner import QueueRunner
from devices.printers.test_page import render_test_page
from domain.printing import STATES, PrinterProfile, PrintJob, PrintService, RetryRule
from gui.context import AppContext
from gui.printing.documents import DocumentPrintBox
from gui.printing.setup import PrinterDialog, StationDialog
from gui.printing.system_printer import open_gui_printer
from gui.widgets.retranslate import Retranslating

STATE_TERMS = {
    "queued": QT_TRANSLATE_NOOP("PrintingScreen", "queued"),
    "sending": QT_TRANSLATE_NOOP("PrintingScreen", "sending"),
    "printed": QT_TRANSLATE_NOOP("PrintingScreen", "printed"),
    "failed": QT_TRANSLATE_NOOP("PrintingScreen", "failed"),
    "cancelled": QT_TRANSLATE_NOOP("PrintingScreen", "cancelled"),
}
HEADERS = [QT_TRANSLATE_NOOP("PrintingScreen", "Job"),
           QT_TRANSLATE_NOOP("PrintingScreen", "State"),
           QT_TRANSLATE_NOOP("PrintingScreen", "Printer"),
           QT_TRANSLATE_NOOP("PrintingScreen", "Template"),
           QT_TRANSLATE_NOOP("PrintingScreen", "Labels"),
           QT_TRANSLATE_NOOP("PrintingScreen", "Copies"),
           QT_TRANSLATE_NOOP("PrintingScreen", "Attempts"),
           QT_TRANSLATE_NOOP("PrintingScreen", "Created"),
           QT_TRANSLATE_NOOP("PrintingScreen", "By"),
           QT_TRANSLATE_NOOP("PrintingScreen", "Last error")]


def state_term(state: str) -> str:
    return QCoreApplication.translate("PrintingScreen", STATE_TERMS.get(state, state))


class _RunnerRelay(QObject):
    """The runner's callback runs on its thread; this queued signal brings it to the UI."""
    event = Signal(str, int, str)


class PrintingScreen(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, *, start_runner: bool = True,
                 worker: str | None = None, rule: RetryRule | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.service = ctx.service(PrintService)
        self.jobs: list[PrintJob] = []
        self.printers: list[PrinterProfile] = []
        self._build()
        self.retranslate()
        self._relay = _RunnerRelay(self)
        self._relay.event.connect(self._on_runner_event)
        relay = self._relay
        self.runner = QueueRunner(
            self.service, worker=worker or socket.gethostname(), rule=rule,
            adapter_factory=open_gui_printer,
            on_event=lambda event, job, detail: relay.event.emit(event, job.id, detail))
        if start_runner:
            runner = self.runner
            runner.start()
            self.destroyed.connect(lambda *_: runner.stop(5))
            app = QCoreApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(lambda: runner.stop(5))
        ctx.changed.connect(self._on_changed)
        hub = getattr(ctx, "scan_hub", None)
        if hub is not None:
            hub.add_consumer(self)
        self.reload()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.queue_box = QGroupBox(self)
        self.state_filter = QComboBox(self)
        self.refresh_button = QPushButton(self)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.reprint_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        self.move_target = QComboBox(self)
        self.move_button = QPushButton(self)
        self.state_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.refresh_button.clicked.connect(self.reload)
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.move_button.clicked.connect(self.move_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        top = QHBoxLayout()
        self.filter_label = QLabel(self)
        top.addWidget(self.filter_label)
        top.addWidget(self.state_filter)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        for widget in (self.reprint_button, self.cancel_button, self.move_target,
                       self.move_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        queue = QVBoxLayout(self.queue_box)
        queue.addLayout(top)
        queue.addWidget(self.table, 1)
        queue.addLayout(actions)

        self.printers_box = QGroupBox(self)
        self.printer_list = QListWidget(self)
        self.test_button = QPushButton(self)
        self.online_button = QPushButton(self)
        self.add_printer_button = QPushButton(self)
        self.edit_printer_button = QPushButton(self)
        self.printer_status = QLabel(self)
        self.printer_status.setWordWrap(True)
        self.test_button.clicked.connect(self.test_page)
        self.online_button.clicked.connect(self.check_online)
        self.add_printer_button.clicked.connect(lambda: self.edit_printer(None))
        self.edit_printer_button.clicked.connect(lambda: self.edit_printer(self.selected_printer()))
        printers = QVBoxLayout(self.printers_box)
        printers.addWidget(self.printer_list, 1)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.add_printer_button)
        edit_row.addWidget(self.edit_printer_button)
        printers.addLayout(edit_row)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addWidget(self.online_button)
        printers.addLayout(row)
        printers.addWidget(self.printer_status)

        self.station_box = QGroupBox(self)
        self.station_combo = QComboBox(self)
        self.station_button = QPushButton(self)
        self.station_button.clicked.connect(self.edit_station)
        self.scan_edit = QLineEdit(self)
        self.scan_button = QPushButton(self)
        self.warehouse_edit = QLineEdit(self)
        self.zone_edit = QLineEdit(self)
        self.aisle_edit = QLineEdit(self)
        self.bins_button = QPushButton(self)
        self.inbound_edit = QLineEdit(self)
        self.inbound_button = QPushButton(self)
        self.per_unit_check = QCheckBox(self)
        self.station_status = QLabel(self)
        self.station_status.setWordWrap(True)
        self.scan_edit.returnPressed.connect(self.print_scanned)
        self.scan_button.clicked.connect(self.print_scanned)
        self.bins_button.clicked.connect(self.print_bins)
        self.inbound_edit.returnPressed.connect(self.print_inbound)
        self.inbound_button.clicked.connect(self.print_inbound)
        station = QVBoxLayout(self.station_box)
        self.station_label = QLabel(self)
        station.addWidget(self.station_label)
        station_row = QHBoxLayout()
        station_row.addWidget(self.station_combo, 1)
        station_row.addWidget(self.station_button)
        station.addLayout(station_row)
        self.scan_label = QLabel(self)
        station.addWidget(self.scan_label)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_edit, 1)
        scan_row.addWidget(self.scan_button)
        station.addLayout(scan_row)
        self.bins_label = QLabel(self)
        station.addWidget(self.bins_label)
        for edit in (self.warehouse_edit, self.zone_edit, self.aisle_edit):
            station.addWidget(edit)
        station.addWidget(self.bins_button)
        self.inbound_label = QLabel(self)
        station.addWidget(self.inbound_label)
        inbound_row = QHBoxLayout()
        inbound_row.addWidget(self.inbound_edit, 1)
        inbound_row.addWidget(self.inbound_button)
        station.addLayout(inbound_row)
        station.addWidget(self.per_unit_check)
        station.addWidget(self.station_status)
        station.addStretch(1)

        self.documents_box = DocumentPrintBox(self.ctx, self)
        self.documents_box.queued.connect(lambda _job: self.runner.wake())
        side = QVBoxLayout()
        side.addWidget(self.printers_box, 1)
        side.addWidget(self.station_box, 1)
        side.addWidget(self.documents_box)
        layout = QHBoxLayout(self)
        layout.addWidget(self.queue_box, 3)
        layout.addLayout(side, 1)

    def retranslate(self) -> None:
        self.queue_box.setTitle(self.tr("Print queue"))
        self.filter_label.setText(self.tr("State:"))
        current = self.state_filter.currentData()
        self.state_filter.blockSignals(True)
        self.state_filter.clear()
        self.state_filter.addItem(self.tr("All"), "")
        for state in STATES:
            self.state_filter.addItem(state_term(state), state)
        self.state_filter.setCurrentIndex(max(0, self.state_filter.findData(current)))
        self.state_filter.blockSignals(False)
        self.refresh_button.setText(self.tr("Refresh"))
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("PrintingScreen", h) for h in HEADERS])
        self.reprint_button.setText(self.tr("Reprint"))
        self.cancel_button.setText(self.tr("Cancel job"))
        self.move_button.setText(self.tr("Move to printer"))
        self.printers_box.setTitle(self.tr("Printers"))
        self.test_button.setText(self.tr("Test page"))
        self.online_button.setText(self.tr("Check online"))
        self.add_printer_button.setText(self.tr("Add printer…"))
        self.edit_printer_button.setText(self.tr("Edit printer…"))
        self.station_button.setText(self.tr("Set up station…"))
        self.station_box.setTitle(self.tr("Station mode"))
        self.station_label.setText(self.tr("Station:"))
        self.scan_label.setText(self.tr("Scan an item, lot or bin to print its label:"))
        self.scan_edit.setPlaceholderText(self.tr("Scan or type a code"))
        self.scan_button.setText(self.tr("Print label"))
        self.bins_label.setText(self.tr("All bin labels of a zone or aisle:"))
        self.warehouse_edit.setPlaceholderText(self.tr("Warehouse"))
        self.zone_edit.setPlaceholderText(self.tr("Zone"))
        self.aisle_edit.setPlaceholderText(self.tr("Aisle (bin code prefix)"))
        self.bins_button.setText(self.tr("Print bin labels"))
        self.inbound_label.setText(self.tr("Labels for everything received on an inbound order:"))
        self.inbound_edit.setPlaceholderText(self.tr("Inbound order number"))
        self.inbound_button.setText(self.tr("Print received labels"))
        self.per_unit_check.setText(self.tr("One label per received unit"))
        self._fill_table()

    # -- data --------------------------------------------------------------------------------
    def reload(self) -> None:
        state = self.state_filter.currentData() or None
        service, actor = self.service, self.ctx.actor

        def work(_progress):
            return (service.jobs(actor, state=state), service.printers(actor),
                    service.stations(actor), service.printable_templates(actor))
        self.ctx.op(self, work).success(self._loaded).run()

    def _loaded(self, result) -> None:
        self.jobs, self.printers, stations, templates = result
        self.documents_box.set_choices([p.name for p in self.printers], templates)
        self._fill_table()
        selected = self.printer_list.currentRow()
        self.printer_list.clear()
        for profile in self.printers:
            QListWidgetItem(f"{profile.name} ({profile.kind})", self.printer_list)
        self.printer_list.setCurrentRow(min(max(selected, 0), len(self.printers) - 1))
        target = self.move_target.currentText()
        self.move_target.clear()
        self.move_target.addItems([p.name for p in self.printers])
        self.move_target.setCurrentIndex(max(0, self.move_target.findText(target)))
        station = self.station_combo.currentText()
        self.station_combo.clear()
        self.station_combo.addItems(stations)
        self.station_combo.setCurrentIndex(max(0, self.station_combo.findText(station)))
        self._update_buttons()

    def _fill_table(self) -> None:
        selected = self.selected_job()
        self.table.setRowCount(len(self.jobs))
        for row, job in enumerate(self.jobs):
            values = [str(job.id), state_term(job.state), job.printer, job.template_name,
                      str(len(job.records)), str(job.copies), str(job.attempts),
                      job.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), job.created_by,
                      job.last_error or job.note]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
            if selected is not None and job.id == selected.id:
                self.table.selectRow(row)

    def selected_job(self) -> PrintJob | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()} \
            if self.table.selectionModel() else set()
        if not rows or not self.jobs:
            return None
        row = min(rows)
        return self.jobs[row] if row < len(self.jobs) else None

    def select_job(self, job_id: int) -> None:
        for row, job in enumerate(self.jobs):
            if job.id == job_id:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        job = self.selected_job()
        self.reprint_button.setEnabled(job is not None)
        editable = job is not None and job.state in ("queued", "failed")
        self.cancel_button.setEnabled(editable)
        self.move_button.setEnabled(editable and self.move_target.count() > 0)

    def _on_changed(self, changes: frozenset[str]) -> None:
        if "print jobs" in changes or "printers" in changes:
            self.reload()

    def _on_runner_event(self, event: str, job_id: int, detail: str) -> None:
        if event != "sending":
            self.reload()

    def _write(self, work, on_done=None) -> None:
        self.ctx.op(self, lambda _p: work()).changes({"print jobs"}) \
            .success(on_done or (lambda _r: None)).run()
        self.runner.wake()

    # -- queue actions -----------------------------------------------------------------------
    def reprint_selected(self) -> None:
        job = self.selected_job()
        if job is not None:
            service, actor = self.service, self.ctx.actor
            self._write(lambda: service.reprint(actor, job.id), self._queued)

    def cancel_selected(self) -> None:
        job = self.selected_job()
        if job is not None:
            service, actor = self.service, self.ctx.actor
            self._write(lambda: service.cancel(actor, job.id))

    def move_selected(self) -> None:
        job, target = self.selected_job(), self.move_target.currentText()
        if job is not None and target:
            service, actor = self.service, self.ctx.actor
            self._write(lambda: service.move(actor, job.id, target))

    def _queued(self, job_id: int | str) -> None:
        self.station_status.setText(self.tr("Job %1 queued.").replace("%1", str(job_id)))
        self.runner.wake()

    # -- printers ----------------------------------------------------------------------------
    def selected_printer(self) -> PrinterProfile | None:
        row = self.printer_list.currentRow()
        return self.printers[row] if 0 <= row < len(self.printers) else None

    def edit_printer(self, profile: PrinterProfile | None) -> None:
        dialog = PrinterDialog(self, profile)
        if self.exec_dialog(dialog):
            entered, service, actor = dialog.profile(), self.service, self.ctx.actor
            self.ctx.op(self, lambda _p: service.save_printer(actor, entered)) \
                .changes({"printers"}).run()

    def edit_station(self) -> None:
        name = self.station_combo.currentText()
        service, actor = self.service, self.ctx.actor

        def work(_progress):
            return (service.station(actor, name) if name else {},
                    service.printable_templates(actor))

        def ask(found) -> None:
            labels, templates = found
            dialog = StationDialog(self, [p.name for p in self.printers], name, labels, templates)
            if self.exec_dialog(dialog):
                station, chosen = dialog.name.text().strip(), dialog.labels()
                if station:
                    self.ctx.op(self, lambda _p: service.save_station(actor, station, chosen)) \
                        .changes({"printers"}).run()
        self.ctx.op(self, work).success(ask).run()

    def exec_dialog(self, dialog) -> bool:
        """Run a modal dialog (tests replace this to fill it in instead)."""
        return dialog.exec() == dialog.DialogCode.Accepted

    def test_page(self) -> None:
        profile = self.selected_printer()
        if profile is None:
            return

        def work(_progress) -> None:
            data = render_test_page(profile.name, profile.format, dpi=profile.dpi,
                                    profile=profile.escpos_profile or "TM-T20II")
            if profile.format == "png":
                data = len(data).to_bytes(8, "big") + data
            open_gui_printer(profile).send(data)
        self.ctx.op(self, work).success(lambda _r: self.printer_status.setText(
            self.tr("Test page sent to %1.").replace("%1", profile.name))).run()

    def check_online(self) -> None:
        profile = self.selected_printer()
        if profile is None:
            return
        self.ctx.op(self, lambda _p: open_gui_printer(profile).is_online()).success(
            lambda online: self.printer_status.setText(
                (self.tr("%1 is online.") if online else self.tr("%1 is offline."))
                .replace("%1", profile.name))).run()

    # -- station mode ------------------------------------------------------------------------
    def print_scanned(self, code: str | None = None) -> None:
        code = (code if isinstance(code, str) else self.scan_edit.text()).strip()
        station = self.station_combo.currentText()
        if not code:
            return
        if not station:
            self.station_status.setText(self.tr("Choose a print station first."))
            return
        self.scan_edit.clear()
        service, actor = self.service, self.ctx.actor
        self._write(lambda: service.print_scan(actor, station, code), self._queued)

    def print_bins(self) -> None:
        station = self.station_combo.currentText()
        warehouse = self.warehouse_edit.text().strip()
        zone, aisle = self.zone_edit.text().strip() or None, self.aisle_edit.text().strip() or None
        if not station or not warehouse:
            self.station_status.setText(self.tr("Choose a station and a warehouse first."))
            return
        service, actor = self.service, self.ctx.actor
        self._write(lambda: service.print_bin_labels(actor, station, warehouse, zone=zone,
                                                     aisle=aisle), self._queued)

    def print_inbound(self) -> None:
        station, order = self.station_combo.currentText(), self.inbound_edit.text().strip()
        if not station or not order:
            self.station_status.setText(self.tr("Choose a station and an inbound order first."))
            return
        service, actor = self.service, self.ctx.actor
        per_unit = self.per_unit_check.isChecked()
        self._write(lambda: service.print_inbound_labels(actor, station, order,
                                                         per_unit=per_unit),
                    lambda ids: self._queued(", ".join(str(i) for i in ids)))

    # -- scans (gui.scanning.hub) ------------------------------------------------------------
    def wants_scan(self, event) -> bool:
        return bool(event.complete and self.station_combo.currentText())

    def handle_scan(self, event) -> None:
        self.print_scanned(event.text)


def printing_screen(ctx: AppContext) -> QWidget:
    return PrintingScreen(ctx)
