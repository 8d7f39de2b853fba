"""The queue runner with in-memory printers on a SQLite queue: events, stop, wake, failures."""
from __future__ import annotations

import threading
import time

import pytest

from devices.printers.adapters import PrinterOffline
from devices.printers.queue_runner import QueueRunner, open_profile, split_png_bundle, _png_bundle
from domain.persistence.database import Database
from domain.printing import PrinterProfile, PrintService, RetryRule
from domain.services.users import UserService, actor_of

FAST = RetryRule(base_delay=0.01, factor=2, max_delay=0.02, jitter=0, max_attempts=5)
BIN = [{"bin": {"code": "A-01", "zone": "A", "warehouse": "WH1"}}]


class FakePrinter:
    def __init__(self, fail_times: int = 0) -> None:
        self.fail_times, self.sent, self.name = fail_times, [], "fake"

    def send(self, data: bytes) -> None:
        if self.fail_times:
            self.fail_times -= 1
            raise PrinterOffline(printer="fake", reason="unplugged")
        self.sent.append(data)

    def is_online(self) -> bool:
        return not self.fail_times


@pytest.fixture
def queue(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/q.db")
    db.migrate()
    admin = actor_of(UserService(db).create_first_admin("admin", "admin-pass"))
    service = PrintService(db)
    service.save_printer(admin, PrinterProfile("Z", "zpl", {"kind": "tcp", "host": "x"}))
    yield service, admin
    db.dispose()


def test_retry_then_print_with_events(queue):
    service, admin = queue
    printer, events = FakePrinter(fail_times=2), []
    job = service.enqueue(admin, "Z", "bin_label.en", BIN)
    runner = QueueRunner(service, worker="t", rule=FAST, adapter_factory=lambda p: printer,
                         on_event=lambda e, j, d: events.append((e, j.id)))
    deadline = time.monotonic() + 5
    while service.job(admin, job).state != "printed":
        assert time.monotonic() < deadline
        runner.run_once()
        time.sleep(0.01)
    assert len(printer.sent) == 1 and b"^XA" in printer.sent[0]
    assert [e for e, _ in events if e != "sending"] == ["retry", "retry", "printed"]


def test_thread_prints_woken_jobs_and_stops(queue):
    service, admin = queue
    printer, printed = FakePrinter(), threading.Event()
    runner = QueueRunner(service, worker="t", rule=FAST, adapter_factory=lambda p: printer,
                         poll_interval=5.0,
                         on_event=lambda e, j, d: e == "printed" and printed.set())
    runner.start()
    try:
        service.enqueue(admin, "Z", "bin_label.en", BIN)
        runner.wake()                                   # no 5 s poll wait
        assert printed.wait(5)
    finally:
        runner.stop(5)
    assert not runner.running and len(printer.sent) == 1


def test_render_failure_fails_at_once(queue):
    service, admin = queue
    job = service.enqueue(admin, "Z", "item_label.en", [{"item": {"sku": "X"}}])
    QueueRunner(service, worker="t", rule=FAST, adapter_factory=lambda p: FakePrinter()).run_once()
    failed = service.job(admin, job)
    assert failed.state == "failed" and failed.attempts == 1


def test_default_factory_refuses_system_printers_and_opens_pdf_folders(tmp_path):
    with pytest.raises(PrinterOffline):
        open_profile(PrinterProfile("Office", "system", {"printer": "HP"}))
    folder = open_profile(PrinterProfile("F", "pdf-folder", {"folder": str(tmp_path)}))
    assert folder.is_online()
    folder.send(b"%PDF-1.4 test")
    assert len(list(tmp_path.glob("*.pdf"))) == 1


def test_png_bundle_round_trip():
    pages = [b"\x89PNG one", b"\x89PNG two two"]
    assert split_png_bundle(_png_bundle(pages)) == pages
