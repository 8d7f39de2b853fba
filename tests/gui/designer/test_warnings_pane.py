"""The designer's warnings: what the checks find, judged at a printer's resolution, and
publishing or printing only after a yes."""
from __future__ import annotations

from PySide6.QtCore import QPointF

from domain.labels.store import TemplateStore
from domain.labels.serialization import loads
from domain.services.users import actor_of
from tests.gui.designer.support import new_label


def test_warnings_before_printing_and_publish_needs_a_yes(qtbot, db, admin, screen):
    doc = new_label(screen, "risky")
    narrow = screen.add_element("barcode:code128", QPointF(5, 5))
    doc.edit([narrow], "module_mm", 0.1, "narrow")
    doc.edit([narrow], "data", "ABC", "data")
    long_text = screen.add_element("text", QPointF(5, 25))
    doc.edit([long_text], "text", "A text far too long for its little box " * 3, "text")
    doc.edit([long_text], "style.wrap", False, "no wrap")
    unknown = screen.add_element("field", QPointF(25, 34))
    doc.edit([unknown], "expr", "${item.colour}", "bind")
    outside = screen.add_element("box", QPointF(60, 40))
    kinds = {(w.element, w.kind) for w in screen.warnings_pane.run_checks()}
    assert kinds == {(narrow, "module"), (long_text, "overflow"), (unknown, "field"),
                     (outside, "outside")}
    assert screen.warnings_pane.warning_list.count() == 4
    assert "unknown field item.colour" in screen.warnings_pane.warning_list.item(2).text()

    asked = []
    screen.warnings_pane.confirm_warnings = lambda warnings: asked.append(len(warnings)) or False
    screen.templates.publish()
    assert asked == [4]
    assert screen.templates.state == "new"
    assert all(s.name != "risky" for s in TemplateStore(db).list(actor_of(admin)))

def test_printer_resolution_warnings_and_printing_from_the_designer(qtbot, db, admin, screen):
    from domain.printing import PrinterProfile, PrintService

    PrintService(db).save_printer(actor_of(admin), PrinterProfile(
        "Coarse", "pdf-folder", {"folder": "/tmp"}, dpi=150))
    screen.warnings_pane.refresh_printers()
    qtbot.waitUntil(lambda: screen.warnings_pane.printer_combo.count() == 2, timeout=5000)
    doc = new_label(screen)
    code = screen.add_element("barcode:qr", QPointF(5, 5))
    doc.edit([code], "data", "A-01", "data")
    doc.edit([code], "module_mm", 0.25, "module")     # 2 dots at 203 dpi, 1 at 150
    assert screen.warnings_pane.run_checks() == []
    screen.warnings_pane.printer_combo.setCurrentIndex(1)
    screen.warnings_pane.printer_combo.activated.emit(1)
    assert [(w.element, w.kind, w.detail["dpi"]) for w in screen.warnings_pane.warnings] == [
        (code, "module", 150)]

    # printing from the designer asks about the warnings first; "no" queues nothing
    service = PrintService(db)
    asked, jobs = [], []
    screen.warnings_pane.confirm_warnings = lambda warnings: asked.append(len(warnings)) or False
    screen.warnings_pane.print_test(done=jobs.append)
    assert asked == [1] and service.jobs(actor_of(admin)) == []
    screen.warnings_pane.confirm_warnings = lambda warnings: True
    screen.document.set_record({"bin": {"code": "B-7"}})
    screen.warnings_pane.print_test(done=jobs.append)
    qtbot.waitUntil(lambda: bool(jobs), timeout=5000)
    (job,) = service.jobs(actor_of(admin))
    assert (job.id, job.printer, job.records) == (jobs[0], "Coarse", [{"bin": {"code": "B-7"}}])
    assert loads(job.template_json) == screen.document.template
