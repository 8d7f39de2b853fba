"""Lots (批次): find by item, lot number, status and expiry; correct expiry, production date and
status. Lots are created by receipts, not here."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLabel, QLineEdit, QWidget

from domain.model import LotStatus
from domain.queries.masterdata import LotFilter, lot_count, lot_page
from domain.services.masterdata import MasterDataService
from gui.context import AppContext
from gui.masterdata.list_screen import ListScreen
from gui.masterdata.terms import lot_status_term
from gui.masterdata.widgets import EditorPanel
from gui.widgets.lazy_table import Column

COLUMNS = [
    Column("item_code", QT_TRANSLATE_NOOP("LotsScreen", "Item"), width=12),
    Column("item_name", QT_TRANSLATE_NOOP("LotsScreen", "Name"), width=22),
    Column("lot_no", QT_TRANSLATE_NOOP("LotsScreen", "Lot"), width=12),
    Column("expiry_date", QT_TRANSLATE_NOOP("LotsScreen", "Expiry"), width=10),
    Column("production_date", QT_TRANSLATE_NOOP("LotsScreen", "Produced"), width=10),
    Column("status", QT_TRANSLATE_NOOP("LotsScreen", "Status"), display=lot_status_term, width=10),
    Column("on_hand", QT_TRANSLATE_NOOP("LotsScreen", "On hand"), numeric=True, width=8),
]
NO_DATE = QDate(2000, 1, 1)   # the date edits' "none" (shown as —)


def date_edit(parent: QWidget, value: date | None = None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("—")
    edit.setDate(QDate(value) if value else NO_DATE)
    return edit


def date_of(edit: QDateEdit) -> date | None:
    return None if edit.date() == NO_DATE else edit.date().toPython()


def fill_statuses(combo: QComboBox, first: str | None = None) -> None:
    current = combo.currentData()
    combo.clear()
    if first is not None:
        combo.addItem(first, "")
    for status in LotStatus:
        combo.addItem(lot_status_term(status.value), status.value)
    combo.setCurrentIndex(max(0, combo.findData(current)))


class LotForm(EditorPanel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lot: dict | None = None
        self.lot_label = self.row("lot", QLabel(self))
        self.expiry = self.row("expiry", date_edit(self))
        self.produced = self.row("produced", date_edit(self))
        self.status = self.row("status", QComboBox(self))
        self.finish()
        self.set_lot(None)

    def set_lot(self, row: dict | None) -> None:
        self.lot = row
        self.lot_label.setText(f"{row['item_code']} / {row['lot_no']}" if row else "—")
        self.expiry.setDate(QDate(row["expiry_date"]) if row and row["expiry_date"] else NO_DATE)
        self.produced.setDate(QDate(row["production_date"]) if row and row["production_date"]
                              else NO_DATE)
        self.status.setCurrentIndex(max(0, self.status.findData(row["status"] if row else "")))
        self.save_button.setEnabled(row is not None)

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Lot"))
        for key, text in (("lot", self.tr("Item / lot")), ("expiry", self.tr("Expiry date")),
                          ("produced", self.tr("Production date")), ("status", self.tr("Status"))):
            self.labels[key].setText(text)
        fill_statuses(self.status)


class LotsScreen(ListScreen):
    CHANGE_KEYS = frozenset({"lots", "stock"})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, COLUMNS, context="LotsScreen", sort="expiry_date",
                         page_query=lot_page, count_query=lot_count)
        self.service = ctx.service(MasterDataService)
        self.item, self.lot, self.status = QLineEdit(self), QLineEdit(self), QComboBox(self)
        self.expiry_on, self.expired = QCheckBox(self), QCheckBox(self)
        self.expiry = date_edit(self, QDate.currentDate().addDays(30).toPython())
        self.expiry.setEnabled(False)
        self.expiry_on.toggled.connect(self.expiry.setEnabled)
        for field in (self.item, self.lot, self.status, self.expiry_on, self.expiry, self.expired):
            self.filter_bar.addWidget(field)
        self.watch(self.item, self.lot, self.status, self.expiry_on, self.expiry, self.expired)
        self.form = LotForm(self)
        self.form.set_read_only(not self.can_edit)
        self.form.save_requested.connect(self.save)
        self.form.revert_requested.connect(lambda: self.form.set_lot(self.selected_row()))
        self.finish_layout(self.form)

    def current_filter(self) -> LotFilter:
        return LotFilter(item=self.item.text(), lot_no=self.lot.text(),
                         status=self.status.currentData() or "",
                         expiry_before=date_of(self.expiry) if self.expiry_on.isChecked() else None,
                         expired_on=self.read.today() if self.expired.isChecked() else None)

    def retranslate(self) -> None:
        for field, text in ((self.item, self.tr("Item code")), (self.lot, self.tr("Lot number"))):
            field.setPlaceholderText(text)
            field.setAccessibleName(text)
        fill_statuses(self.status, self.tr("All statuses"))
        self.expiry_on.setText(self.tr("Expires before"))
        self.expired.setText(self.tr("Expired only"))
        super().retranslate()

    def on_row_selected(self, row: dict | None) -> None:
        self.form.set_lot(row)

    def save(self) -> None:
        lot, actor, service = self.form.lot, self.ctx.actor, self.service
        if lot is None:
            return
        expiry, produced = date_of(self.form.expiry), date_of(self.form.produced)
        status = self.form.status.currentData()
        self.ctx.op(self, lambda _p: service.update_lot(
            actor, lot["item_code"], lot["lot_no"], expiry=expiry, production_date=produced,
            status=status)).changes({"lots"}).success(lambda _lot: self.say(
                self.tr("Saved lot {lot}.").format(lot=lot["lot_no"]))).run()
