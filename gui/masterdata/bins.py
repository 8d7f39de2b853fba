"""Bins (库位): filter by warehouse, zone, code, type and blocked; edit; create rack ranges; block
and unblock with a reason; import and export."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton

from domain.queries.masterdata import BinFilter, bin_count, bin_page, warehouse_list, zone_list
from domain.services import tabular
from domain.services.masterdata import BinRange, MasterDataService
from gui.context import AppContext
from gui.masterdata.bin_form import (BinForm, BlockDialog, Locations, fill_bin_types,
                                     fill_warehouses, fill_zones)
from gui.masterdata.bin_range import BinRangeDialog
from gui.masterdata.files import FileActions
from gui.masterdata.list_screen import ListScreen
from gui.masterdata.terms import bin_type_term
from gui.widgets.lazy_table import Column

COLUMNS = [
    Column("warehouse", QT_TRANSLATE_NOOP("BinsScreen", "Warehouse"), width=7),
    Column("zone", QT_TRANSLATE_NOOP("BinsScreen", "Zone"), width=6),
    Column("code", QT_TRANSLATE_NOOP("BinsScreen", "Code"), width=11),
    Column("barcode", QT_TRANSLATE_NOOP("BinsScreen", "Barcode"), width=15),
    Column("bin_type", QT_TRANSLATE_NOOP("BinsScreen", "Type"), display=bin_type_term, width=10),
    Column("pick_sequence", QT_TRANSLATE_NOOP("BinsScreen", "Sequence"), numeric=True, width=8),
    Column("capacity_qty", QT_TRANSLATE_NOOP("BinsScreen", "Capacity"), numeric=True, width=8),
    Column("active", QT_TRANSLATE_NOOP("BinsScreen", "Active"), width=5),
    Column("blocked", QT_TRANSLATE_NOOP("BinsScreen", "Blocked"), width=6),
    Column("blocked_reason", QT_TRANSLATE_NOOP("BinsScreen", "Reason"), width=20),
]


class BinsScreen(ListScreen):
    CHANGE_KEYS = frozenset({"bins", "warehouses"})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, COLUMNS, context="BinsScreen", sort="code",
                         page_query=bin_page, count_query=bin_count)
        self.service = ctx.service(MasterDataService)
        self.locations: Locations = {}
        self.range_dialog: BinRangeDialog | None = None
        self.block_dialog: BlockDialog | None = None
        self.files = FileActions(self, tabular.import_bins, tabular.export_bins, "bins",
                                 "bins.xlsx")
        self._setup_filters()
        self._setup_actions()
        self.form = BinForm(self)
        self.form.set_read_only(not self.can_edit)
        self.form.save_requested.connect(self.save)
        self.form.revert_requested.connect(lambda: self.form.set_bin(self.selected_row()))
        self.finish_layout(self.form)
        self._load_locations()

    def _setup_filters(self) -> None:
        self.warehouse, self.zone = QComboBox(self), QComboBox(self)
        self.code, self.bin_type, self.blocked = QLineEdit(self), QComboBox(self), QComboBox(self)
        for combo in (self.warehouse, self.zone, self.blocked):
            combo.addItem("", "")
        self.blocked.addItem("", True)
        self.blocked.addItem("", False)
        for field in (self.warehouse, self.zone, self.code, self.bin_type, self.blocked):
            self.filter_bar.addWidget(field, 1 if field is self.code else 0)
        self.warehouse.currentIndexChanged.connect(self._on_warehouse_filter)
        self.watch(self.warehouse, self.zone, self.code, self.bin_type, self.blocked)

    def _setup_actions(self) -> None:
        self.new_button, self.range_button = QPushButton(self), QPushButton(self)
        self.block_button, self.import_button = QPushButton(self), QPushButton(self)
        self.export_button = QPushButton(self)
        for button, slot in ((self.new_button, self._on_new), (self.range_button, self.ask_range),
                             (self.block_button, self._on_block),
                             (self.import_button, self.files.ask_import),
                             (self.export_button, self.files.ask_export)):
            self.actions.addWidget(button)
            button.clicked.connect(slot)
            button.setVisible(self.can_edit or button is self.export_button)
        self.block_button.setEnabled(False)

    def current_filter(self) -> BinFilter:
        blocked = self.blocked.currentData()
        return BinFilter(warehouse=self.warehouse.currentData() or "",
                         zone=self.zone.currentData() or "", code=self.code.text(),
                         bin_type=self.bin_type.currentData() or "",
                         blocked=blocked if isinstance(blocked, bool) else None)

    def retranslate(self) -> None:
        self.warehouse.setItemText(0, self.tr("All warehouses"))
        self.zone.setItemText(0, self.tr("All zones"))
        for index, text in enumerate((self.tr("Blocked or not"), self.tr("Blocked"),
                                      self.tr("Not blocked"))):
            self.blocked.setItemText(index, text)
        fill_bin_types(self.bin_type, self.tr("All types"))
        self.code.setPlaceholderText(self.tr("Code or barcode starts with"))
        self.code.setAccessibleName(self.code.placeholderText())
        self.new_button.setText(self.tr("New bin"))
        self.range_button.setText(self.tr("Create range…"))
        self.import_button.setText(self.tr("Import…"))
        self.export_button.setText(self.tr("Export…"))
        self._update_block_button(self.selected_row())
        super().retranslate()

    # -- warehouses and zones for the combos ----------------------------------------------------
    def _load_locations(self) -> None:
        read = self.read
        self.ctx.op(self, lambda _p: (read(warehouse_list), read(zone_list))) \
            .success(self._set_locations).run()

    def _set_locations(self, lists: tuple[list[dict], list[dict]]) -> None:
        warehouses, zones = lists
        locations: Locations = {w["code"]: [] for w in warehouses}
        for zone in zones:
            locations[zone["warehouse"]].append(zone["code"])
        self.locations = locations
        fill_warehouses(self.warehouse, locations, self.tr("All warehouses"))
        self.form.set_locations(locations)

    def _on_warehouse_filter(self) -> None:
        fill_zones(self.zone, self.locations.get(self.warehouse.currentData() or "", []),
                   self.tr("All zones"))

    def _on_changed(self, changes: frozenset[str]) -> None:
        super()._on_changed(changes)
        if "warehouses" in changes:
            self._load_locations()

    # -- editing --------------------------------------------------------------------------------
    def on_row_selected(self, row: dict | None) -> None:
        if row is not None:
            self.form.set_bin(row)
        self._update_block_button(row)

    def on_current_reloaded(self, row: dict) -> None:
        self._update_block_button(row)
        self.form.blocked.setChecked(row["blocked"])
        self.form.reason.setText(row["blocked_reason"])

    def _update_block_button(self, row: dict | None) -> None:
        self.block_button.setEnabled(row is not None)
        self.block_button.setText(self.tr("Unblock") if row and row["blocked"]
                                  else self.tr("Block…"))

    def _on_new(self) -> None:
        self.view.clearSelection()
        self.form.clear()
        self.form.code.setFocus()

    def save(self) -> None:
        data, actor, service = self.form.data(), self.ctx.actor, self.service
        self.ctx.op(self, lambda _p: service.save_bin(actor, data)).changes({"bins"}) \
            .success(lambda b: self.say(self.tr("Saved bin {code}.").format(code=b.code))).run()

    def _on_block(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if row["blocked"]:
            return self.set_blocked(row["barcode"], False, "")
        self.block_dialog = BlockDialog(row["code"], self)
        self.block_dialog.reason_given.connect(
            lambda reason: self.set_blocked(row["barcode"], True, reason))
        self.block_dialog.open()

    def set_blocked(self, barcode: str, blocked: bool, reason: str) -> None:
        actor, service = self.ctx.actor, self.service
        self.ctx.op(self, lambda _p: service.block_bin(actor, barcode, blocked, reason)) \
            .changes({"bins"}).success(lambda b: self.say(
                (self.tr("Blocked bin {code}.") if blocked else self.tr("Unblocked bin {code}."))
                .format(code=b.code))).run()

    def ask_range(self) -> None:
        self.range_dialog = BinRangeDialog(self.locations, self.warehouse.currentData() or "", self)
        self.range_dialog.create_requested.connect(self.create_range)
        self.range_dialog.open()

    def create_range(self, spec: BinRange) -> None:
        actor, service, total = self.ctx.actor, self.service, len(spec.codes())
        self.ctx.op(self, lambda _p: service.create_bin_range(actor, spec)) \
            .with_progress(self.tr("Creating bins…"), cancellable=False).changes({"bins"}) \
            .success(lambda n: self.say(self.tr("Created {n} bins; {skipped} existed already.")
                                        .format(n=n, skipped=total - n))).run()
