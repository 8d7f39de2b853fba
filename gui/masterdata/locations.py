"""Warehouses (仓库) and their zones (库区): two short lists, each with its editor."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLineEdit, QWidget

from domain.permissions import Permission
from domain.queries.masterdata import Reader, warehouse_list, zone_list
from domain.services.masterdata import MasterDataService
from gui.context import AppContext
from gui.masterdata.small_lists import ShortList
from gui.masterdata.widgets import EditorPanel
from gui.widgets.lazy_table import Column
from gui.widgets.retranslate import Retranslating

C = "LocationsScreen"
WAREHOUSES = [
    Column("code", QT_TRANSLATE_NOOP("LocationsScreen", "Warehouse"), width=9),
    Column("name", QT_TRANSLATE_NOOP("LocationsScreen", "Name"), width=20),
    Column("address", QT_TRANSLATE_NOOP("LocationsScreen", "Address"), width=22),
    Column("zones", QT_TRANSLATE_NOOP("LocationsScreen", "Zones"), numeric=True, width=6),
    Column("bins", QT_TRANSLATE_NOOP("LocationsScreen", "Bins"), numeric=True, width=7),
    Column("active", QT_TRANSLATE_NOOP("LocationsScreen", "Active"), width=5),
]
ZONES = [
    Column("code", QT_TRANSLATE_NOOP("LocationsScreen", "Zone"), width=9),
    Column("name", QT_TRANSLATE_NOOP("LocationsScreen", "Name"), width=20),
    Column("bins", QT_TRANSLATE_NOOP("LocationsScreen", "Bins"), numeric=True, width=7),
]


class LocationsScreen(Retranslating, QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx, self.read = ctx, ctx.service(Reader)
        self.service = ctx.service(MasterDataService)
        self._all_zones: list[dict] = []
        self.warehouses = ShortList(WAREHOUSES, C, "code", self._on_warehouse, self)
        self.zones = ShortList(ZONES, C, "code", self._on_zone, self)
        self.wh_form, self.zone_form = EditorPanel(self), EditorPanel(self)
        self.wh_code = self.wh_form.row("code", QLineEdit(self))
        self.wh_name = self.wh_form.row("name", QLineEdit(self))
        self.wh_address = self.wh_form.row("address", QLineEdit(self))
        self.wh_active = self.wh_form.row("active", QCheckBox(self))
        self.zone_code = self.zone_form.row("code", QLineEdit(self))
        self.zone_name = self.zone_form.row("name", QLineEdit(self))
        self._setup_layout()
        self._connect()
        self.retranslate()
        self.reload()

    def _setup_layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(16, 14, 16, 10)
        grid.addWidget(self.warehouses, 0, 0)
        grid.addWidget(self.wh_form, 1, 0)
        grid.addWidget(self.zones, 0, 1)
        grid.addWidget(self.zone_form, 1, 1)
        grid.setRowStretch(0, 1)
        editable = self.ctx.can(Permission.EDIT_MASTER_DATA)
        for form in (self.wh_form, self.zone_form):
            form.finish()
            form.set_read_only(not editable)
        for short in (self.warehouses, self.zones):
            short.new_button.setVisible(editable)

    def _connect(self) -> None:
        self.wh_form.save_requested.connect(self.save_warehouse)
        self.zone_form.save_requested.connect(self.save_zone)
        self.wh_form.revert_requested.connect(lambda: self._on_warehouse(self.warehouses.current()))
        self.zone_form.revert_requested.connect(lambda: self._on_zone(self.zones.current()))
        self.warehouses.new_button.clicked.connect(self.warehouses.clear_selection)
        self.zones.new_button.clicked.connect(self.zones.clear_selection)
        self.ctx.changed.connect(self._on_changed)   # a bound method: dropped with the screen

    def reload(self) -> None:
        read = self.read
        self.ctx.op(self, lambda _p: (read(warehouse_list), read(zone_list))) \
            .success(self._show).run()

    def _on_changed(self, changes: frozenset[str]) -> None:
        if changes & {"warehouses", "bins"}:
            self.reload()

    def _show(self, lists: tuple[list[dict], list[dict]]) -> None:
        self._all_zones = lists[1]
        self.warehouses.load(lists[0])

    # -- selection → forms ----------------------------------------------------------------------
    def _on_warehouse(self, row: dict | None) -> None:
        self.wh_code.setText(row["code"] if row else "")
        self.wh_code.setReadOnly(row is not None)
        self.wh_name.setText(row["name"] if row else "")
        self.wh_address.setText(row["address"] if row else "")
        self.wh_active.setChecked(row["active"] if row else True)
        zones = [z for z in self._all_zones if row and z["warehouse"] == row["code"]]
        self.zones.load(zones)
        self.zones.setEnabled(row is not None)
        self.zone_form.setEnabled(row is not None)
        self.retranslate()

    def _on_zone(self, row: dict | None) -> None:
        self.zone_code.setText(row["code"] if row else "")
        self.zone_code.setReadOnly(row is not None)
        self.zone_name.setText(row["name"] if row else "")
        self.retranslate()

    # -- saving ---------------------------------------------------------------------------------
    def save_warehouse(self) -> None:
        code, name, address = self.wh_code.text(), self.wh_name.text(), self.wh_address.text()
        active, actor, service = self.wh_active.isChecked(), self.ctx.actor, self.service
        self.ctx.op(self, lambda _p: service.save_warehouse(actor, code, name, address, active)) \
            .changes({"warehouses"}).success(lambda w: self.warehouses.select(w.code)).run()

    def save_zone(self) -> None:
        warehouse = (self.warehouses.current() or {}).get("code", "")
        code, name, actor, service = self.zone_code.text(), self.zone_name.text(), \
            self.ctx.actor, self.service
        self.ctx.op(self, lambda _p: service.save_zone(actor, warehouse, code, name)) \
            .changes({"warehouses"}).success(lambda z: self.zones.select(z.code)).run()

    def retranslate(self) -> None:
        wh, zone = self.warehouses.current(), self.zones.current()
        self.wh_form.title.setText(self.tr("Warehouse {code}").format(code=wh["code"]) if wh
                                   else self.tr("New warehouse"))
        self.zone_form.title.setText(self.tr("Zone {code}").format(code=zone["code"]) if zone
                                     else self.tr("New zone"))
        for form, key, text in ((self.wh_form, "code", self.tr("Code")),
                                (self.wh_form, "name", self.tr("Name")),
                                (self.wh_form, "address", self.tr("Address")),
                                (self.wh_form, "active", self.tr("Active")),
                                (self.zone_form, "code", self.tr("Code")),
                                (self.zone_form, "name", self.tr("Name"))):
            form.labels[key].setText(text)
        self.warehouses.title.setText(self.tr("Warehouses"))
        self.zones.title.setText(self.tr("Zones of {code}").format(code=wh["code"]) if wh
                                 else self.tr("Zones"))
        self.warehouses.new_button.setText(self.tr("New warehouse"))
        self.zones.new_button.setText(self.tr("New zone"))
        for short in (self.warehouses, self.zones):
            short.model.retranslate()
