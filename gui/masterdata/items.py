"""Items (物料): search, list, edit; import and export as CSV or XLSX with a row-level report."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton

from domain.model import Item
from domain.queries.masterdata import ItemFilter, item_count, item_page
from domain.services import tabular
from domain.services.masterdata import MasterDataService
from gui.context import AppContext
from gui.masterdata.item_form import ItemForm
from gui.masterdata.files import FileActions
from gui.masterdata.list_screen import ListScreen
from gui.widgets.lazy_table import Column

COLUMNS = [
    Column("code", QT_TRANSLATE_NOOP("ItemsScreen", "Code"), width=12),
    Column("name", QT_TRANSLATE_NOOP("ItemsScreen", "Name"), width=26),
    Column("spec", QT_TRANSLATE_NOOP("ItemsScreen", "Specification"), width=14),
    Column("base_uom", QT_TRANSLATE_NOOP("ItemsScreen", "Unit"), width=5),
    Column("lot_tracked", QT_TRANSLATE_NOOP("ItemsScreen", "Lots"), width=5),
    Column("serial_tracked", QT_TRANSLATE_NOOP("ItemsScreen", "Serials"), width=6),
    Column("shelf_life_days", QT_TRANSLATE_NOOP("ItemsScreen", "Shelf life"), numeric=True,
           width=8),
    Column("removal_strategy", QT_TRANSLATE_NOOP("ItemsScreen", "Strategy"), width=7),
    Column("abc_class", QT_TRANSLATE_NOOP("ItemsScreen", "ABC"), width=4),
    Column("product_line", QT_TRANSLATE_NOOP("ItemsScreen", "Product line"), width=12),
    Column("unit_cost", QT_TRANSLATE_NOOP("ItemsScreen", "Standard cost"), numeric=True,
           width=9),
    Column("active", QT_TRANSLATE_NOOP("ItemsScreen", "Active"), width=5),
]


class ItemsScreen(ListScreen):
    CHANGE_KEYS = frozenset({"items"})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, COLUMNS, context="ItemsScreen", sort="code",
                         page_query=item_page, count_query=item_count)
        self.service = ctx.service(MasterDataService)
        self.files = FileActions(self, tabular.import_items, tabular.export_items, "items",
                                 "items.xlsx")
        self.search, self.active_only = QLineEdit(self), QCheckBox(self)
        self.filter_bar.addWidget(self.search, 1)
        self.filter_bar.addWidget(self.active_only)
        self.watch(self.search, self.active_only)
        self.new_button, self.import_button = QPushButton(self), QPushButton(self)
        self.export_button = QPushButton(self)
        for button, slot in ((self.new_button, self._on_new),
                             (self.import_button, self.files.ask_import),
                             (self.export_button, self.files.ask_export)):
            self.actions.addWidget(button)
            button.clicked.connect(slot)
            button.setVisible(self.can_edit or button is self.export_button)
        self.form = ItemForm(self)
        self.form.set_read_only(not self.can_edit)
        self.form.save_requested.connect(self.save)
        self.form.revert_requested.connect(lambda: self._load(self.form.item.code)
                                           if self.form.item else self.form.clear())
        self.finish_layout(self.form)

    def current_filter(self) -> ItemFilter:
        return ItemFilter(text=self.search.text(), active_only=self.active_only.isChecked())

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search code, name or barcode"))
        self.search.setAccessibleName(self.search.placeholderText())
        self.active_only.setText(self.tr("Active only"))
        self.new_button.setText(self.tr("New item"))
        self.import_button.setText(self.tr("Import…"))
        self.export_button.setText(self.tr("Export…"))
        super().retranslate()

    # -- editing --------------------------------------------------------------------------------
    def on_row_selected(self, row: dict | None) -> None:
        if row is not None:
            self._load(row["code"])

    def _load(self, code: str) -> None:
        service = self.service
        self.ctx.op(self, lambda _p: service.get_item(code)).success(self._show).run()

    def _show(self, item: Item) -> None:
        selected = self.selected_row()
        if selected is None or selected["code"] == item.code:   # not an answer to an old click
            self.form.set_item(item)

    def _on_new(self) -> None:
        self.view.clearSelection()
        self.form.clear()
        self.form.code.setFocus()

    def save(self) -> None:
        data, actor, service = self.form.data(), self.ctx.actor, self.service

        def work(_progress) -> Item:
            service.save_item(actor, data)
            return service.get_item(data.code)   # with barcodes and pack units loaded
        self.ctx.op(self, work).changes({"items"}).success(self._on_saved).run()

    def _on_saved(self, item: Item) -> None:
        self.form.set_item(item)
        self.say(self.tr("Saved item {code}.").format(code=item.code))
