"""The print queue in the database, on SQLite and PostgreSQL: retries, crash recovery, cancel,
reprint, move, restart, permissions and print stations. Small backoffs, bounded loops."""
from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import select

from devices.printers.queue_runner import QueueRunner
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.permissions import Actor
from domain.persistence.database import Database
from domain.persistence.tables import audit_log
from domain.printing import PrinterProfile, PrintService, RetryRule, StationLabel
from tests.devices.loopback import LoopbackPrinter

FAST = RetryRule(base_delay=0.01, factor=2, max_delay=0.05, jitter=0.2, max_attempts=50)
BIN = [{"bin": {"code": "A-01", "zone": "A", "warehouse": "WH1"}}]


@pytest.fixture
def printing(world):
    return PrintService(world.db)          # a real clock: backoff delays really pass


@pytest.fixture
def zebra(world, printing):
    printer = LoopbackPrinter()
    printing.save_printer(world.admin, PrinterProfile("Zebra", "zpl", printer.connection))
    yield printer
    printer.stop()


def drain(runner: QueueRunner, until, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not until():
        assert time.monotonic() < deadline, "queue did not drain in time"
        runner.run_once()
        time.sleep(0.01)


def test_offline_then_online_prints_exactly_once(world, printing, zebra):
    job = printing.enqueue(world.clerk, "Zebra", "bin_label.en", BIN)
    runner = QueueRunner(printing, worker="w1", rule=FAST)
    runner.run_once()                                    # nobody listens: PrinterOffline
    failed = printing.job(world.clerk, job)
    assert failed.state == "queued" and failed.attempts == 1
    assert "Zebra" in failed.last_error
    runner.run_once()
    zebra.start()
    drain(runner, lambda: printing.job(world.clerk, job).state == "printed")
    done = printing.job(world.clerk, job)
    assert done.attempts >= 2 and done.printed_at is not None
    assert len(zebra.wait_jobs(1)) == 1 and b"^XA" in zebra.jobs[0]
    runner.run_once()
    time.sleep(0.1)
    assert len(zebra.jobs) == 1                          # printed once, never again


def test_retries_give_up_as_the_rule_says(world, printing, zebra):
    job = printing.enqueue(world.clerk, "Zebra", "bin_label.en", BIN)
    runner = QueueRunner(printing, worker="w1", rule=RetryRule(0.001, 1, 0.001, 0, 3))
    drain(runner, lambda: printing.job(world.clerk, job).state == "failed")
    assert printing.job(world.clerk, job).attempts == 3
    assert printing.jobs(world.clerk, state="failed")[0].id == job


def test_killed_mid_job_is_recovered_and_printed_once(world, printing, zebra):
    zebra.start()
    job = printing.enqueue(world.clerk, "Zebra", "bin_label.en", BIN)
    claimed = printing.claim_next("station-1")           # the app dies right after the claim
    assert claimed.id == job and printing.job(world.clerk, job).state == "sending"
    assert printing.claim_next("station-1") is None      # in flight: nobody else takes it
    runner = QueueRunner(printing, worker="station-1", rule=FAST, poll_interval=0.02)
    runner.start()                                       # the restarted app recovers it
    try:
        deadline = time.monotonic() + 10
        while printing.job(world.clerk, job).state != "printed":
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        runner.stop()
    assert len(zebra.wait_jobs(1)) == 1
    recovered = printing.job(world.clerk, job)
    assert "may already have printed" in recovered.note and recovered.attempts == 2


def test_another_stations_job_in_flight_is_not_recovered(world, printing, zebra):
    job = printing.enqueue(world.clerk, "Zebra", "bin_label.en", BIN)
    printing.claim_next("station-2")
    assert printing.recover("station-1") == []
    assert printing.job(world.clerk, job).state == "sending"


def test_cancel_and_reprint(world, printing, zebra):
    zebra.start()
    first = printing.enqueue(world.clerk, "Zebra", "bin_label.en", BIN, copies=2)
    second = printing.enqueue(world.clerk, "Zebra", "bin_label.en", BIN)
    printing.cancel(world.clerk, second)
    runner = QueueRunner(printing, worker="w1", rule=FAST)
    assert runner.run_once() == 1
    assert printing.job(world.clerk, second).state == "cancelled"
    assert printing.job(world.clerk, first).state == "printed"
    assert zebra.wait_jobs(1)[0].count(b"^XA") == 2      # two copies, one send
    with pytest.raises(InvalidInput):
        printing.cancel(world.clerk, first)              # printed jobs do not cancel
    again = printing.reprint(world.clerk, first)
    copy = printing.job(world.clerk, again)
    assert copy.reprint_of_id == first and copy.state == "queued" and copy.copies == 2
    assert copy.template_json == printing.job(world.clerk, first).template_json
    runner.run_once()
    assert len(zebra.wait_jobs(2)) == 2 and zebra.jobs[1] == zebra.jobs[0]


def test_move_to_another_printer(world, printing, zebra, tmp_path):
    printing.save_printer(world.admin, PrinterProfile("Folder", "pdf-folder",
                                                      {"folder": str(tmp_path)}))
    job = printing.enqueue(world.clerk, "Zebra", "bin_label.en", BIN)
    QueueRunner(printing, worker="w1", rule=FAST).run_once()   # Zebra is offline
    printing.move(world.clerk, job, "Folder")
    moved = printing.job(world.clerk, job)
    assert moved.printer == "Folder" and moved.attempts == 0
    QueueRunner(printing, worker="w1", rule=FAST).run_once()
    assert printing.job(world.clerk, job).state == "printed"
    pdfs = list(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
    with pytest.raises(NotFound):
        printing.move(world.clerk, job, "No such printer")


def test_jobs_survive_a_restart(world, printing, zebra):
    job = printing.enqueue(world.clerk, "Zebra", "bin_label.en", BIN)
    reopened = Database(world.db.url)
    try:
        again = PrintService(reopened).job(world.clerk, job)
        assert again.state == "queued" and again.records == BIN and again.printer == "Zebra"
    finally:
        reopened.dispose()


def test_without_print_permission_nothing_is_queued_and_the_refusal_is_audited(
        world, printing, zebra):
    nobody = Actor(user_id=None, username="visitor", role="guest")
    with pytest.raises(PermissionDenied):
        printing.enqueue(nobody, "Zebra", "bin_label.en", BIN)
    assert printing.jobs(world.clerk) == []
    with world.db.read() as s:
        refused = s.execute(select(audit_log.c.action).where(
            audit_log.c.outcome == "refused")).scalars().all()
    assert "print.enqueue" in refused


def test_every_print_is_audited(world, printing, zebra):
    zebra.start()
    job = printing.enqueue(world.clerk, "Zebra", "bin_label.en", BIN)
    QueueRunner(printing, worker="w1", rule=FAST).run_once()
    with world.db.read() as s:
        rows = s.execute(select(audit_log.c.action, audit_log.c.username, audit_log.c.detail)
                         .where(audit_log.c.entity == "print job",
                                audit_log.c.entity_key == str(job))).all()
    actions = [r.action for r in rows]
    assert actions == ["print.enqueue", "print.printed"]
    assert json.loads(rows[1].detail)["printer"] == "Zebra"


def test_claims_never_hand_out_a_job_twice(world, printing, zebra):
    ids = {printing.enqueue(world.clerk, "Zebra", "bin_label.en", BIN) for _ in range(5)}
    claimed = [printing.claim_next(f"w{i}") for i in range(7)]
    got = [c.id for c in claimed if c is not None]
    assert sorted(got) == sorted(ids)


def test_station_prints_the_scanned_bin_item_and_all_bins_of_a_zone(world, printing, zebra):
    printing.save_station(world.admin, "Dock", [
        StationLabel("bin", "Zebra", "bin_label.en"),
        StationLabel("item", "Zebra", "item_label.en")])
    assert set(printing.station(world.clerk, "Dock")) == {"bin", "item"}
    with world.db.read() as s:
        from domain.persistence.tables import bins
        barcode = s.execute(select(bins.c.barcode).where(bins.c.code == "A-01")).scalar()
    job = printing.job(world.clerk, printing.print_scan(world.station, "Dock", barcode))
    assert job.records == [{"bin": {"code": "A-01", "zone": "A", "warehouse": "WH1"}}]
    assert job.template_name and job.printer == "Zebra"
    item_job = printing.job(world.clerk, printing.print_scan(world.station, "Dock", "PLAIN"))
    assert item_job.records[0]["item"]["sku"] == "PLAIN"
    zone = printing.job(world.clerk, printing.print_bin_labels(world.clerk, "Dock", "WH1",
                                                               zone="A"))
    assert [r["bin"]["code"] for r in zone.records] == ["A-01", "A-02", "Q-01", "RCV"]
    aisle = printing.job(world.clerk, printing.print_bin_labels(world.clerk, "Dock", "WH1",
                                                                aisle="A-0"))
    assert [r["bin"]["code"] for r in aisle.records] == ["A-01", "A-02"]
    with pytest.raises(NotFound):
        printing.print_bin_labels(world.clerk, "Dock", "WH1", zone="ZZ")
    zebra.start()
    QueueRunner(printing, worker="w1", rule=FAST).run_once()
    states = {j.id: j.state for j in printing.jobs(world.clerk)}
    assert states.pop(item_job.id) == "failed"      # PLAIN has no GTIN: cannot render,
    assert set(states.values()) == {"printed"}       # so it fails at once, not retried
    failed = printing.job(world.clerk, item_job.id)
    assert failed.attempts == 1 and "item.gtin" in failed.last_error
    assert len(zebra.wait_jobs(3)) == 3


def test_concurrent_runners_claim_each_job_once(world, printing, zebra):
    """Four claimers on four threads (SKIP LOCKED on PostgreSQL, BEGIN IMMEDIATE on SQLite)."""
    import threading
    ids = {printing.enqueue(world.clerk, "Zebra", "bin_label.en", BIN) for _ in range(12)}
    got: list[int] = []
    lock = threading.Lock()

    def claimer(name: str) -> None:
        for _ in range(40):
            job = printing.claim_next(name)
            if job is None:
                return
            with lock:
                got.append(job.id)

    threads = [threading.Thread(target=claimer, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(got) == sorted(ids)


def test_station_prints_what_an_inbound_order_received(world, printing, zebra):
    from datetime import date

    from sqlalchemy import insert

    from domain.persistence import tables as t
    printing.save_station(world.admin, "Dock", [
        StationLabel("item", "Zebra", "item_label.en"),
        StationLabel("lot", "Zebra", "lot_label.en")])

    def setup(s):
        ids = dict(s.execute(select(t.items.c.code, t.items.c.id)).all())
        wh = s.execute(select(t.warehouses.c.id)).scalar()
        s.execute(insert(t.lots).values(item_id=ids["LOT"], lot_no="L1",
                                        expiry_date=date(2026, 12, 24)))
        order = s.execute(insert(t.inbound_orders).values(
            number="IN-1", warehouse_id=wh, supplier="Acme", created_at=world.clock.now())
            .returning(t.inbound_orders.c.id)).scalar_one()
        for no, (item, lot, received) in enumerate(
                (("PLAIN", None, 5), ("LOT", "L1", 3), ("SER", None, 0)), 1):
            s.execute(insert(t.inbound_order_lines).values(
                order_id=order, line_no=no, item_id=ids[item], lot_no=lot, qty_expected=5,
                qty_received=received))
    world.db.write(setup)
    jobs = [printing.job(world.clerk, j)
            for j in printing.print_inbound_labels(world.clerk, "Dock", "IN-1")]
    assert [(j.template_name, j.records) for j in jobs] == [
        (jobs[0].template_name, [{"item": {"sku": "PLAIN", "code": "PLAIN",
                                           "name": "Plain widget", "uom": "pcs", "gtin": ""}}]),
        (jobs[1].template_name, [{"item": {"sku": "LOT", "code": "LOT", "name": "Yoghurt 500 g",
                                           "uom": "pcs", "gtin": ""},
                                  "lot": {"no": "L1", "expiry": "2026-12-24"}}])]
    with pytest.raises(NotFound):
        printing.print_inbound_labels(world.clerk, "Dock", "IN-404")
    per_unit = [printing.job(world.clerk, j) for j in
                printing.print_inbound_labels(world.clerk, "Dock", "IN-1", per_unit=True)]
    assert [len(j.records) for j in per_unit] == [5, 3]        # 5 PLAIN, 3 of lot L1
    assert all(r == jobs[1].records[0] for r in per_unit[1].records)

    def flood(s):       # a mistyped quantity must not queue 100,000 labels
        s.execute(t.inbound_order_lines.update()
                  .where(t.inbound_order_lines.c.line_no == 1)
                  .values(qty_received=100_000))
    world.db.write(flood)
    with pytest.raises(InvalidInput, match="at most"):
        printing.print_inbound_labels(world.clerk, "Dock", "IN-1", per_unit=True)
    assert len(printing.print_inbound_labels(world.clerk, "Dock", "IN-1")) == 2
