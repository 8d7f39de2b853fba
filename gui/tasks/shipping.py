"""Packing and shipping: scan an outbound order; Enter packs everything picked and not yet packed
into a new package or pallet with its own SSCC; scanning a package's SSCC (or "Ship") confirms
the shipment of all that was picked for the order. "Unpack" (or F8) makes the next SSCC scanned
(or typed) unpack that package instead: its contents are picked and unpacked again."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from domain.barcodes.resolution import ITEM, PACKAGE
from domain.queries.tasks import TaskReads
from domain.services.operations.packing import KINDS, PackingService, PackLine
from domain.services.operations.scanning import ORDER
from domain.services.operations.shipping import ShippingService
from gui.tasks.base import ScanScreen
from gui.widgets.lazy_table import Column

KIND_WORDS = {"package": QT_TRANSLATE_NOOP("ShippingScreen", "package"),
              "pallet": QT_TRANSLATE_NOOP("ShippingScreen", "pallet")}


class ShippingScreen(ScanScreen):
    COLUMNS = [Column("line_no", QT_TRANSLATE_NOOP("TaskScreens", "Line"), numeric=True,
                      width=5),
               Column("item", QT_TRANSLATE_NOOP("TaskScreens", "Item"), width=12),
               Column("qty_ordered", QT_TRANSLATE_NOOP("TaskScreens", "Ordered"), numeric=True,
                      width=8),
               Column("qty_picked", QT_TRANSLATE_NOOP("TaskScreens", "Picked"), numeric=True,
                      width=8),
               Column("qty_shipped", QT_TRANSLATE_NOOP("TaskScreens", "Shipped"), numeric=True,
                      width=8)]

    def build_form(self) -> None:
        self.order: str | None = None
        self.packages: list[str] = []             # SSCCs packed in this session
        self.contents: list[PackLine] = []        # scanned into the package being filled
        self.packed_label = QLabel(self)
        self.kind, self.weight = QComboBox(self), QLineEdit(self)
        for kind in KINDS:
            self.kind.addItem("", kind)
        self.weight.returnPressed.connect(self.pack)
        self.pack_button, self.ship_button = QPushButton(self), QPushButton(self)
        self.pack_button.clicked.connect(self.pack)
        self.ship_button.clicked.connect(self.ship)
        self.unpack_button = QPushButton(self)
        self.unpack_button.setCheckable(True)             # armed: the next SSCC is unpacked
        self.unpack_button.setShortcut(QKeySequence("F8"))
        self.unpack_button.toggled.connect(self._unpack_armed)
        self.labels = [QLabel(self), QLabel(self)]
        self.form.addRow(self.labels[0], self.kind)
        self.form.addRow(self.labels[1], self.weight)
        self.form.addRow(self.packed_label)
        self.form.addRow(self.pack_button)
        self.form.addRow(self.ship_button)
        self.form.addRow(self.unpack_button)
        self.prompt(lambda: self.tr("Scan an outbound order to pack and ship"))

    def texts(self) -> None:
        self.title.setText(self.tr("Packing and shipping"))
        self.labels[0].setText(self.tr("Pack into"))
        self.labels[1].setText(self.tr("Weight (kg)"))
        for index, kind in enumerate(KINDS):
            self.kind.setItemText(index, self.tr(KIND_WORDS[kind]))
        self.pack_button.setText(self.tr("Pack the scanned units, or all picked ones (Enter)"))
        self._show_packed()
        self.ship_button.setText(self.tr("Confirm shipment"))
        self.unpack_button.setText(self.tr("Unpack a package: scan its SSCC next (F8)"))

    def reload(self) -> None:
        if not self.order:
            return super().reload()
        reads, actor, order = self.ctx.service(TaskReads), self.ctx.actor, self.order
        self.run(lambda: reads.order_lines(actor, order), self._set_lines)

    def _add_item(self, match, meaning) -> None:
        line = next((r for r in self.rows if r["item"] == match.key
                     and r["qty_picked"] > r["qty_shipped"]), None)
        if line is None:
            self.refuse(lambda: self.tr("{item} is not picked for {order}").format(
                item=match.key, order=self.order))
            return
        qty = (match.detail.get("qty_per_scan") or 1) * (meaning.count or 1)
        self.contents.append(PackLine(line["line_no"], qty, lot=meaning.lot,
                                      serial=meaning.serial))
        self._show_packed()
        self.accept(lambda: self.tr("{qty} × {item} into the package").format(
            qty=qty, item=match.key))

    def _show_packed(self) -> None:
        scanned = ", ".join(f"{c.qty} × {self._item_of(c.line_no)}" for c in self.contents)
        self.packed_label.setText(self.tr("In the package: {scanned}. Packed: {ssccs}").format(
            scanned=scanned or "-", ssccs=", ".join(self.packages) or "-"))

    def _item_of(self, line_no: int) -> str:
        return next((r["item"] for r in self.rows if r["line_no"] == line_no), "?")

    def enter_pressed(self) -> None:
        if self.order:
            self.pack()

    def on_scan(self, res, text: str) -> None:
        match = res.match
        kind = match.kind if match else res.kind
        if kind == ORDER and match.detail.get("direction") == "outbound":
            self.order = match.key
            self.packages, self.contents = [], []
            self._show_packed()
            self.task = None
            self.reload()
            self.accept(lambda: self.tr("Order {order} for {customer}").format(
                order=match.key, customer=match.detail.get("partner", "")))
            self.prompt(lambda: self.tr("Press Enter to pack {order}").format(order=match.key))
        elif kind == PACKAGE and self.unpack_button.isChecked():
            self.unpack(match.key)
        elif kind == ITEM and self.order:
            self._add_item(match, res.meaning)
        elif kind == PACKAGE and match.detail.get("order") == self.order:
            self.ship()
        elif kind == PACKAGE:
            self.refuse(lambda: self.tr("Package {sscc} belongs to {other}, not {order}").format(
                sscc=match.key, other=match.detail.get("order"), order=self.order or "-"))
        else:
            self.refuse(lambda: self.tr("{code} is not an outbound order or a package").format(
                code=text))

    def pack(self) -> None:
        if not self.order:
            self.refuse(lambda: self.tr("Scan an outbound order first"))
            return
        service, actor, order = self.ctx.service(PackingService), self.ctx.actor, self.order
        kind, weight = self.kind.currentData(), self.weight.text().strip() or None
        contents = list(self.contents) or None

        def packed(sscc: str) -> None:
            self.packages.append(sscc)
            self.contents = []
            self._show_packed()
            self.weight.clear()
            self.accept(lambda: self.tr("Packed into {sscc}").format(sscc=sscc))
            self.prompt(lambda: self.tr("Scan SSCC {sscc} to ship {order}, or pack more")
                        .format(sscc=sscc, order=order))
        self.run(lambda: service.pack(actor, order, kind=kind, contents=contents,
                                         weight_kg=weight), packed,
                 {"stock"})

    def ship(self) -> None:
        if not self.order:
            self.refuse(lambda: self.tr("Scan an outbound order first"))
            return
        service, actor, order = self.ctx.service(ShippingService), self.ctx.actor, self.order

        def shipped(_key) -> None:
            self.packages, self.contents = [], []
            self._show_packed()
            self.reload()
            self.accept(lambda: self.tr("{order} shipped").format(order=order))
            self.order = None
            self.prompt(lambda: self.tr("Scan the next outbound order"))
        self.run(lambda: service.confirm(actor, order), shipped, {"stock", "tasks"})

    def _unpack_armed(self, armed: bool) -> None:
        if armed:
            self.prompt(lambda: self.tr("Scan the SSCC of the package to unpack"))
            self.code_edit.setFocus()
        elif self.order:
            order = self.order
            self.prompt(lambda: self.tr("Press Enter to pack {order}").format(order=order))
        else:
            self.prompt(lambda: self.tr("Scan an outbound order to pack and ship"))

    def unpack(self, sscc: str) -> None:
        """Undo the packing of package ``sscc`` (not shipped): its contents are picked and
        unpacked again, ready to be packed anew."""
        service, actor = self.ctx.service(PackingService), self.ctx.actor

        def unpacked(_key) -> None:
            if sscc in self.packages:
                self.packages.remove(sscc)
            self.unpack_button.setChecked(False)
            self._show_packed()
            self.reload()
            self.accept(lambda: self.tr("Package {sscc} unpacked; its contents are back to "
                                        "picked").format(sscc=sscc))
        self.run(lambda: service.unpack(actor, sscc), unpacked, {"stock"},
                 refused=lambda: self.unpack_button.setChecked(False))
