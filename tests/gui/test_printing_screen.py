"""The Printing screen: queue table with filter, reprint/cancel/move, printers (test page, online
check), station mode by scan and by zone, and the system printer through QPrinter (to PDF)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from devices.scanners.events import ScanEvent
from domain.persistence.tables import bins
from domain.printing import PrinterProfile, PrintService, RetryRule, StationLabel
from domain.services.masterdata import BinData, MasterDataService
from domain.services.users import actor_of
from gui.context import AppContext
from gui.printing import PrintingScreen
from gui.printing.system_printer import QtSystemPrinter

FAST = RetryRule(base_delay=0.01, factor=2, max_delay=0.02, jitter=0, max_attempts=3)
BIN = [{"bin": {"code": "A-01", "zone": "A", "warehouse": "WH1"}}]


@pytest.fixture
def setup(db, admin, tmp_path):
    actor = actor_of(admin)
    master = MasterDataService(db)
    master.save_warehouse(actor, "WH1", "Main")
    master.save_zone(actor, "WH1", "A", "Storage A")
    for code in ("A-01", "A-02"):
        master.save_bin(actor, BinData("WH1", code, zone="A", bin_type="storage"))
    service = PrintService(db)
    (tmp_path / "out").mkdir()
    service.save_printer(actor, PrinterProfile("Folder", "pdf-folder",
                                               {"folder": str(tmp_path / "out")}))
    service.save_printer(actor, PrinterProfile("Office", "system",
                                               {"output_file": str(tmp_path / "office.pdf")},
                                               dpi=150))
    service.save_station(actor, "Desk", [StationLabel("bin", "Folder", "bin_label.en")])
    return service, actor


@pytest.fixture
def screen(qtbot, db, admin, setup, shown_errors):
    widget = PrintingScreen(AppContext(db, admin), start_runner=False, worker="gui-test",
                            rule=FAST)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.printer_list.count() == 2 and
                    widget.station_combo.currentText() == "Desk", timeout=5000)
    return widget


def rows(screen) -> dict[int, str]:
    return {int(screen.table.item(r, 0).text()): screen.table.item(r, 1).text()
            for r in range(screen.table.rowCount())}


def test_queue_reprint_cancel_move_and_filter(qtbot, screen, setup, tmp_path, shown_errors):
    service, actor = setup
    first = service.enqueue(actor, "Folder", "bin_label.en", BIN)
    second = service.enqueue(actor, "Folder", "bin_label.en", BIN)
    screen.reload()
    qtbot.waitUntil(lambda: len(rows(screen)) == 2, timeout=5000)
    screen.select_job(second)
    assert screen.cancel_button.isEnabled()
    screen.cancel_selected()
    qtbot.waitUntil(lambda: rows(screen).get(second) == "cancelled", timeout=5000)
    screen.runner.run_once()
    qtbot.waitUntil(lambda: rows(screen).get(first) == "printed", timeout=5000)
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1
    screen.select_job(first)
    assert not screen.cancel_button.isEnabled()     # printed jobs neither cancel nor move
    screen.reprint_selected()
    qtbot.waitUntil(lambda: len(rows(screen)) == 3, timeout=5000)
    third = max(rows(screen))
    assert service.job(actor, third).reprint_of_id == first
    screen.select_job(third)
    screen.move_target.setCurrentText("Office")
    screen.move_selected()
    qtbot.waitUntil(lambda: screen.jobs and service.job(actor, third).printer == "Office",
                    timeout=5000)
    screen.state_filter.setCurrentIndex(screen.state_filter.findData("cancelled"))
    qtbot.waitUntil(lambda: list(rows(screen)) == [second], timeout=5000)
    assert shown_errors == []


def test_system_printer_prints_through_qprinter(qtbot, screen, setup, tmp_path):
    service, actor = setup
    job = service.enqueue(actor, "Office", "bin_label.en", BIN * 2)
    screen.runner.run_once()
    assert service.job(actor, job).state == "printed"
    pdf = (tmp_path / "office.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") \
        + pdf.count(b"/Type/Page\n") >= 1


def test_system_printer_without_such_printer_is_offline(qapp):
    from devices.printers.adapters import PrinterOffline
    printer = QtSystemPrinter("Nowhere", "no-such-printer-xyz")
    assert not printer.is_online()
    with pytest.raises(PrinterOffline):
        printer.send(len(b"x").to_bytes(8, "big") + b"x")


def test_station_scan_and_zone_labels(qtbot, screen, setup, db):
    service, actor = setup
    with db.read() as s:
        barcode = s.execute(select(bins.c.barcode).where(bins.c.code == "A-02")).scalar()
    screen.handle_scan(ScanEvent(data=barcode.encode(), text=barcode, source="test"))
    qtbot.waitUntil(lambda: len(service.jobs(actor)) == 1, timeout=5000)
    assert service.jobs(actor)[0].records[0]["bin"]["code"] == "A-02"
    screen.warehouse_edit.setText("WH1")
    screen.zone_edit.setText("A")
    screen.print_bins()
    qtbot.waitUntil(lambda: len(service.jobs(actor)) == 2, timeout=5000)
    assert [r["bin"]["code"] for r in service.jobs(actor)[0].records] == ["A-01", "A-02"]
    qtbot.waitUntil(lambda: "queued" in screen.station_status.text(), timeout=5000)


def test_printers_test_page_and_online_check(qtbot, screen, tmp_path, shown_errors):
    screen.printer_list.setCurrentRow([p.name for p in screen.printers].index("Folder"))
    screen.check_online()
    qtbot.waitUntil(lambda: "online" in screen.printer_status.text(), timeout=5000)
    screen.test_page()
    qtbot.waitUntil(lambda: "Test page" in screen.printer_status.text(), timeout=10000)
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1
    assert shown_errors == []


def test_printing_screen_in_the_main_window(qtbot, main_window):
    page = main_window.show_screen("printing")
    assert isinstance(page, PrintingScreen) and page.runner.running


def test_add_printer_and_set_up_a_station(qtbot, screen, setup, tmp_path):
    service, actor = setup

    def fill_printer(dialog) -> bool:
        dialog.name.setText("Dock Zebra")
        dialog.kind.setCurrentText("zpl")
        dialog.connection.setText('{"kind": "tcp", "host": "127.0.0.1", "port": 9}')
        dialog._accept()
        return dialog.result() == dialog.DialogCode.Accepted

    screen.exec_dialog = fill_printer
    screen.edit_printer(None)
    qtbot.waitUntil(lambda: screen.printer_list.count() == 3, timeout=5000)
    assert service.printer("Dock Zebra").connection["port"] == 9

    def fill_station(dialog) -> bool:
        dialog.name.setText("Dock")
        _caption, printer, template = dialog.rows["item"]
        printer.setCurrentIndex(printer.findData("Dock Zebra"))
        template.setCurrentText("item_label.zh")
        return True

    screen.exec_dialog = fill_station
    screen.edit_station()
    qtbot.waitUntil(lambda: screen.station_combo.count() == 2, timeout=5000)
    labels = service.station(actor, "Dock")
    assert labels["item"].template_name == "item_label.zh"
    assert labels["bin"].printer == "Folder"        # the dialog started from station Desk


def test_printer_dialog_refuses_a_bad_connection(qtbot):
    from gui.printing.setup import PrinterDialog
    dialog = PrinterDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("X")
    dialog.connection.setText("[1, 2]")
    dialog._accept()
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.error.text()


def test_inbound_order_without_order_number_asks_for_one(qtbot, screen):
    screen.print_inbound()
    assert "inbound order" in screen.station_status.text()


def test_printer_dialog_offers_this_pcs_system_printers(qtbot):
    from gui.printing.setup import PrinterDialog
    dialog = PrinterDialog(system_printers=["Office_Laser", "Dock_PDF"])
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentText("zpl")
    assert not dialog.form.isRowVisible(dialog.system_printer)
    dialog.kind.setCurrentText("system")
    assert dialog.form.isRowVisible(dialog.system_printer)
    assert [dialog.system_printer.itemData(i) for i in range(dialog.system_printer.count())] \
        == ["", "Office_Laser", "Dock_PDF"]
    dialog.system_printer.setCurrentIndex(2)
    dialog.system_printer.activated.emit(2)
    dialog.name.setText("Dock")
    assert dialog.profile().connection == {"printer": "Dock_PDF"}
    reopened = PrinterDialog(profile=dialog.profile(), system_printers=["Office_Laser", "Dock_PDF"])
    qtbot.addWidget(reopened)
    assert reopened.system_printer.currentData() == "Dock_PDF"


def test_station_dialog_offers_published_designed_templates(qtbot, screen, setup, db, admin):
    from domain.labels.store import TemplateStore
    service, actor = setup
    store = TemplateStore(db)
    store.duplicate(actor, "bin_label.en", "bin_dock")
    store.publish(actor, "bin_dock")
    offered = []

    def look(dialog) -> bool:
        _caption, _printer, template = dialog.rows["bin"]
        offered.extend(template.itemText(i) for i in range(template.count()))
        return False

    screen.exec_dialog = look
    screen.edit_station()
    qtbot.waitUntil(lambda: bool(offered), timeout=5000)
    assert "bin_dock" in offered and "bin_label.en" in offered


def test_print_a_count_sheet_from_the_documents_box(qtbot, screen, setup, db, admin):
    from domain.numbering import ensure_rules
    from domain.services.operations.counts import CountPlan, CountService
    service, actor = setup
    db.write(ensure_rules)          # as the app's start does
    count = CountService(db).plan(actor, CountPlan("WH1", "bin", ("A-01", "A-02"))).number
    box = screen.documents_box
    qtbot.waitUntil(lambda: box.printer.count() == 2, timeout=5000)
    box.document.setCurrentIndex(box.document.findData("count_sheet"))
    assert box.template.currentText() == "count_sheet.en"
    assert [box.template.itemText(i) for i in range(box.template.count())] == [
        "count_sheet.en", "count_sheet.zh"]
    box.printer.setCurrentText("Folder")
    box.number.setText("CNT-404")
    box.print_document()                                   # an unknown task: refused, shown
    box.number.setText(count)
    qtbot.keyClick(box.number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: box.status.text().startswith("Job"), timeout=5000)
    (job,) = [j for j in service.jobs(actor) if j.template_name == "count_sheet.en"]
    assert [line["bin"] for line in job.records[0]["count"]["lines"]] == ["A-01", "A-02"]
    assert box.number.text() == ""
