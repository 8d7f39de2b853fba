"""Receiving against inbound orders and blind, with tolerances, quarantine and inspection."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from domain import errors
from domain.model.documents import OverReceipt, UnderReceipt
from domain.model.states import AlreadyFinished
from domain.persistence.tables import audit_log, inspection_attachments, inspection_results
from domain.services.operations.common import load_inbound
from domain.services.operations.inspection import Verdict
from domain.services.operations.receiving import NotOnOrder
from tests.integration.op_support import (  # noqa: F401  (ops is a fixture)
    add_bin, add_item, assert_books_balance, messages, move_count, ops, set_tolerance, stock,
    task,
)


def inbound(ops, number):
    with ops.world.db.read() as s:
        return load_inbound(s, number, lock=False)


def test_receiving_against_an_order_books_stock_task_line_and_one_message(ops):
    number = ops.inbound(("PLAIN", 10), external_ref="PO-77")
    result = ops.receive("PLAIN", 4, order=number)
    assert stock(ops.world, "PLAIN", "RCV") == (4, 0)
    order = inbound(ops, number)
    assert order.state == "in_progress" and order.lines[0].qty_received == 4
    t = task(ops.world, result.task)
    assert (t.task_type, t.state) == ("receive", "in_progress")
    assert t.started_by_id == ops.world.clerk.user_id
    assert [(l.qty, l.qty_done, l.state) for l in t.lines] == [(4, 4, "done")]
    [msg] = messages(ops.world)
    assert msg["message_type"] == "inbound.received" and msg["document_key"] == number
    ref = msg["payload"]["inbound_order"]
    assert (ref["external_ref"], ref["line_no"], ref["qty_received_total"]) == ("PO-77", 1, "4")
    assert msg["payload"]["lines"][0]["to_bin"] == "WH1-RCV"
    assert_books_balance(ops.world)


def test_a_second_receipt_on_the_order_joins_the_same_receive_task(ops):
    number = ops.inbound(("PLAIN", 10))
    first = ops.receive("PLAIN", 4, order=number)
    second = ops.receive("PLAIN", 6, order=number)
    assert first.task == second.task
    assert [l.line_no for l in task(ops.world, first.task).lines] == [1, 2]


def test_blind_receipt_creates_its_own_task_and_keys_the_message_by_it(ops):
    result = ops.receive("LOT", 5, bin="RCV", lot="L1", expiry=date(2027, 1, 31))
    assert result.document_ref == result.task and result.task.startswith("RCV-")
    assert stock(ops.world, "LOT", "RCV", lot="L1") == (5, 0)
    [msg] = messages(ops.world)
    assert msg["payload"]["inbound_order"] is None
    assert msg["payload"]["lines"][0]["expiry"] == "2027-01-31"


def test_over_receipt_beyond_tolerance_is_refused_and_nothing_is_written(ops):
    set_tolerance(ops.world, "PLAIN", 10)
    number = ops.inbound(("PLAIN", 10))
    ops.receive("PLAIN", 11, order=number)            # within 10 %
    with pytest.raises(OverReceipt, match="tolerance"):
        ops.receive("PLAIN", 1, order=number)
    assert inbound(ops, number).lines[0].qty_received == 11
    assert move_count(ops.world) == 1


def test_a_clerk_cannot_override_and_the_refusal_is_audited(ops):
    number = ops.inbound(("PLAIN", 10))
    with pytest.raises(errors.PermissionDenied):
        ops.receive("PLAIN", 12, order=number, override=True)
    with ops.world.db.read() as s:
        refused = s.execute(select(audit_log.c.action)
                            .where(audit_log.c.outcome == "refused")).all()
    assert [r.action for r in refused] == ["inbound.tolerance_override"]


def test_a_supervisor_overrides_an_over_receipt_and_it_is_audited(ops):
    number = ops.inbound(("PLAIN", 10))
    result = ops.receive("PLAIN", 12, order=number, override=True, actor=ops.world.supervisor)
    assert result.overridden
    assert messages(ops.world)[0]["payload"]["tolerance_override"] is True
    with ops.world.db.read() as s:
        entry = s.execute(select(audit_log).where(
            audit_log.c.action == "inbound.tolerance_override", audit_log.c.outcome == "ok")).one()
    assert entry.username == "supervisor" and entry.entity_key == number


def test_an_item_or_lot_not_on_the_order_is_refused(ops):
    number = ops.inbound(("LOT", 10, "L1"))
    with pytest.raises(NotOnOrder, match="PLAIN is not expected"):
        ops.receive("PLAIN", 1, order=number)
    with pytest.raises(NotOnOrder, match="lot L2"):
        ops.receive("LOT", 1, order=number, lot="L2")
    ops.receive("LOT", 1, order=number, lot="L1")


def test_an_expired_lot_cannot_be_received_as_available(ops):
    with pytest.raises(errors.LotExpired):
        ops.receive("LOT", 1, bin="RCV", lot="OLD", expiry=date(2026, 1, 1))
    assert move_count(ops.world) == 0


def test_received_stock_only_goes_to_receiving_or_quarantine_bins(ops):
    with pytest.raises(errors.InvalidInput, match="storage bin"):
        ops.receive("PLAIN", 1, bin="A-01")


def test_closing_short_needs_an_override_beyond_tolerance(ops):
    set_tolerance(ops.world, "PLAIN", 10)
    number = ops.inbound(("PLAIN", 10))
    ops.receive("PLAIN", 8, order=number)
    with pytest.raises(UnderReceipt):
        ops.receiving.close(ops.world.clerk, number)
    ops.receiving.close(ops.world.supervisor, number, override=True, reason="supplier out")
    order = inbound(ops, number)
    assert order.state == "done" and order.closed_by_id == ops.world.supervisor.user_id
    closed = messages(ops.world)[-1]
    assert closed["message_type"] == "inbound.closed"
    assert closed["payload"]["lines"][0]["qty_received"] == "8"


def test_closing_within_tolerance_finishes_the_receive_task(ops):
    set_tolerance(ops.world, "PLAIN", 10)
    number = ops.inbound(("PLAIN", 10))
    result = ops.receive("PLAIN", 9, order=number)
    ops.receiving.close(ops.world.clerk, number)
    assert task(ops.world, result.task).state == "done"
    with pytest.raises(AlreadyFinished):
        ops.receive("PLAIN", 1, order=number)


def test_serial_tracked_receipt_makes_one_task_line_per_serial(ops):
    result = ops.receive("SER", 2, bin="RCV", serials=("S1", "S2"))
    assert [l.qty for l in task(ops.world, result.task).lines] == [1, 1]
    assert len(messages(ops.world)) == 1


# -- quarantine and inspection ------------------------------------------------------------------
@pytest.fixture
def inspected(ops):
    add_item(ops.world, "QC", lot_tracked=True, requires_inspection=True)
    add_bin(ops.world, "RTS", "quarantine")
    return ops


def test_items_requiring_inspection_arrive_in_quarantine_with_one_task_per_lot(inspected):
    ops = inspected
    first = ops.receive("QC", 6, bin="RCV", lot="Q1")
    again = ops.receive("QC", 4, bin="RCV", lot="Q1")
    other = ops.receive("QC", 2, bin="RCV", lot="Q2")
    assert first.status == "quarantine"
    assert stock(ops.world, "QC", "RCV", "Q1", "quarantine") == (10, 0)
    assert first.inspection_task == again.inspection_task != other.inspection_task
    qc = task(ops.world, first.inspection_task)
    assert (qc.task_type, [l.qty for l in qc.lines]) == ("inspect", [10])
    assert messages(ops.world)[0]["payload"]["inspection_task"] == qc.number


def test_passing_an_inspection_releases_the_lot_to_available(inspected):
    ops = inspected
    qc = ops.receive("QC", 6, bin="RCV", lot="Q1").inspection_task
    ops.inspection.record(ops.world.supervisor, Verdict(qc, "pass", notes="all fine"))
    assert stock(ops.world, "QC", "RCV", "Q1") == (6, 0)
    assert stock(ops.world, "QC", "RCV", "Q1", "quarantine") == (0, 0)
    assert task(ops.world, qc).state == "done"
    msg = messages(ops.world)[-1]
    assert msg["message_type"] == "inspection.recorded" and msg["document_key"] == qc
    assert msg["payload"]["inspection"]["result"] == "pass"
    assert_books_balance(ops.world)


def test_a_partial_result_releases_some_and_sends_the_rest_to_the_supplier_bin(inspected):
    ops = inspected
    qc = ops.receive("QC", 6, bin="RCV", lot="Q1").inspection_task
    ops.inspection.record(ops.world.supervisor, Verdict(
        qc, "partial", line_no=1, qty_failed=2, disposition="return", return_bin="RTS"))
    assert stock(ops.world, "QC", "RCV", "Q1") == (4, 0)
    assert stock(ops.world, "QC", "RTS", "Q1", "blocked") == (2, 0)
    with ops.world.db.read() as s:
        row = s.execute(select(inspection_results)).one()
    assert (row.result, row.qty_passed, row.qty_failed) == ("partial", 4, 2)
    assert row.disposition == "return"
    assert len(messages(ops.world)) == 2


def test_a_failed_inspection_marks_the_stock_damaged_and_a_clerk_may_do_it(inspected):
    ops = inspected
    qc = ops.receive("QC", 3, bin="RCV", lot="Q1").inspection_task
    with pytest.raises(errors.PermissionDenied):
        ops.inspection.record(ops.world.clerk, Verdict(qc, "pass"))
    ops.inspection.record(ops.world.clerk, Verdict(qc, "fail", notes="crushed"))
    assert stock(ops.world, "QC", "RCV", "Q1", "damaged") == (3, 0)


def test_an_inspection_cannot_be_recorded_twice(inspected):
    ops = inspected
    qc = ops.receive("QC", 3, bin="RCV", lot="Q1").inspection_task
    ops.inspection.record(ops.world.supervisor, Verdict(qc, "pass"))
    with pytest.raises(AlreadyFinished):
        ops.inspection.record(ops.world.supervisor, Verdict(qc, "fail"))
    assert len(messages(ops.world)) == 2


def test_photos_are_kept_with_the_inspection_as_paths_or_bytes(inspected):
    ops = inspected
    qc = ops.receive("QC", 3, bin="RCV", lot="Q1").inspection_task
    ops.inspection.attach(ops.world.clerk, qc, "box.jpg", file_path="/photos/box.jpg")
    ops.inspection.attach(ops.world.clerk, qc, "label.png", content=b"\x89PNG",
                          mime_type="image/png")
    with ops.world.db.read() as s:
        rows = s.execute(select(inspection_attachments).order_by(inspection_attachments.c.id)).all()
    assert [(r.file_path, r.content) for r in rows] == [("/photos/box.jpg", None),
                                                        (None, b"\x89PNG")]
    assert Decimal(0) == stock(ops.world, "QC", "RCV", "Q1")[0]
