"""Live against a real Tryton 8.2: the pulls are idempotent, every posted message type lands once
and resumes after a crash mid-way, internal types are acknowledged without posting (issue 7).

One Tryton for the module (tests/integration/tryton_world.py); every test has a fresh warehouse
here, so Tryton's figures are compared before and after, and documents are picked by reference.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import delete, select

from domain.model import MoveReason
from domain.model.documents import InboundOrder, OutboundOrder
from domain.persistence.tables import items, outbox, settings, sync_attempts
from domain.services import ledger
from domain.services.ledger import MoveLine, Posting
from domain.services.masterdata import ItemData
from domain.services.operations.common import load_task
from domain.services.operations.messages import write_message
from domain.services.operations.picking import PickScan
from domain.services.operations.receiving import ReceiptScan
from domain.services.operations.returns import ReturnScan
from domain.services.reconciliation import BookStock, ReconciliationService
from domain.services.stock import StockRef, find_bin, find_item
from integration import inbound
from integration.connectors.tryton import ACKNOWLEDGED, TrytonConnector
from integration.dispatcher import Dispatcher
from tests.integration.op_support import ops  # noqa: F401  (a fixture)
from tests.integration.tryton_world import (  # noqa: F401  (tryton is a fixture)
    connector, erp_world, make_po, make_sale, tryton,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def db_url(tmp_path):          # the ERP tests need one backend only
    return f"sqlite:///{tmp_path}/warelink.db"


def dispatch(world, erp):
    result = Dispatcher(world.db, erp, clock=world.clock).dispatch()
    assert (result.failed, result.retrying) == (0, 0), result.errors
    return result


def order_of(world, cls, external_ref):
    with world.db.read() as s:
        return s.scalars(select(cls).where(cls.external_ref == external_ref)).first()


def stocked(ops, erp, lines):
    """A PO in Tryton for ``lines`` (item, qty, lot), pulled, received here in full and put
    away to A-01; everything delivered. Returns the PO id."""
    w = ops.world
    po = make_po(erp, erp_world(erp), [(item, qty) for item, qty, _ in lines])
    inbound.pull_inbound_orders(w.db, erp, w.admin, clock=w.clock)
    number = order_of(w, InboundOrder, f"purchase.purchase,{po}").number
    for item, qty, lot in lines:
        ops.receiving.receive(w.clerk, ReceiptScan(item, qty, order=number, lot=lot, bin="RCV",
                                                   expiry=date(2027, 6, 1) if lot else None))
        w.stock.transfer(w.clerk, StockRef(item, "RCV", lot=lot), qty, "A-01")
    dispatch(w, erp)
    return po


def claimed(world, message_type) -> tuple:
    """Claim every due message and return the one of ``message_type`` (the dispatcher 'died'
    holding them: their state stays 'sending'), and how many were claimed."""
    messages = Dispatcher(world.db, TrytonConnector("http://127.0.0.1:9", "x", "x", "x"),
                          clock=world.clock).claim()
    return next(m for m in messages if m.message_type == message_type), len(messages)


def keyed(erp, model, key):
    return erp.call(f"{model}.search_read", [["reference", "like", f"%{key}%"]], 0, None, None,
                    ["state"])


# -- inbound ------------------------------------------------------------------------------------
def test_pulls_are_idempotent_even_without_their_cursors(ops, tryton):
    w, erp = ops.world, connector(tryton)
    po = make_po(erp, erp_world(erp), [("PLAIN", 3)], reference="SUP-77")
    sale = make_sale(erp, erp_world(erp), [("PLAIN", 2)])
    first = inbound.pull_all(w.db, erp, w.admin, clock=w.clock)
    assert set(first) == {"items", "parties", "inbound orders", "outbound orders"}
    assert all(r.errors == [] for r in first.values())
    second = inbound.pull_all(w.db, erp, w.admin, clock=w.clock)
    assert [r.created for r in second.values()] == [0, 0, 0, 0]
    with w.db.read() as s:
        counts = (len(s.scalars(select(InboundOrder)).all()),
                  len(s.scalars(select(OutboundOrder)).all()))
    w.db.write(lambda s: s.execute(delete(settings).where(settings.c.key.like("sync.cursor.%"))))
    again = (inbound.pull_inbound_orders(w.db, erp, w.admin, clock=w.clock),
             inbound.pull_outbound_orders(w.db, erp, w.admin, clock=w.clock),
             inbound.pull_parties(w.db, erp))
    assert [r.created for r in again] == [0, 0, 0] and again[2].updated == 0
    assert again[0].unchanged >= 1 and again[1].unchanged >= 1
    with w.db.read() as s:
        assert (len(s.scalars(select(InboundOrder)).all()),
                len(s.scalars(select(OutboundOrder)).all())) == counts
    order = order_of(w, InboundOrder, f"purchase.purchase,{po}")
    assert (order.supplier, order.lines[0].qty_expected) == ("ACME Supplies", 3)
    assert "SUP-77" in order.note
    (shipment,) = erp.call("sale.sale.read", [sale], ["shipments"])
    out = order_of(w, OutboundOrder, f"stock.shipment.out,{shipment['shipments'][0]}")
    assert (out.customer, out.lines[0].qty_ordered) == ("Shop Ltd", 2)
    directory = inbound.parties(w.db)
    by_name = {p["name"]: p for p in directory.values()}
    assert by_name["ACME Supplies"]["supplier"] and not by_name["ACME Supplies"]["customer"]
    assert by_name["Shop Ltd"]["customer"] and not by_name["Shop Ltd"]["supplier"]


def test_the_nightly_master_data_job_also_takes_over_erp_orders(ops, tryton):
    from integration.scheduler import pull_items_job
    w, erp = ops.world, connector(tryton)
    po = make_po(erp, erp_world(erp), [("PLAIN", 1)])
    text = pull_items_job(w.db, erp)
    assert text.startswith("items: ") and "inbound orders: " in text, text
    assert "outbound orders: " in text and "parties: " in text
    assert order_of(w, InboundOrder, f"purchase.purchase,{po}").created_by_id is None  # system


def test_a_party_becomes_a_supplier_with_its_first_purchase_order(ops, tryton):
    w, erp = ops.world, connector(tryton)
    party = erp.call("party.party.create", [{
        "name": "Late Supplier", "addresses": [["create", [{"street": "9 Road"}]]]}])[0]
    inbound.pull_parties(w.db, erp)
    by_name = {p["name"]: p for p in inbound.parties(w.db).values()}
    assert by_name["Late Supplier"]["supplier"] is False
    address = erp.call("party.address.search", [["party", "=", party]], 0, 1, None)[0]
    make_po(erp, replace(erp_world(erp), supplier=party, supplier_address=address), [("PLAIN", 1)])
    assert inbound.pull_parties(w.db, erp).updated == 1        # the party row itself unchanged
    by_name = {p["name"]: p for p in inbound.parties(w.db).values()}
    assert by_name["Late Supplier"]["supplier"] is True


def test_a_po_with_an_item_unknown_here_is_retried_once_the_item_exists(ops, tryton):
    w, erp = ops.world, connector(tryton)
    (unit,) = erp.call("product.uom.search", [["symbol", "=", "u"]], 0, 1, None)
    erp.call("product.template.create", [{
        "name": "Only in the ERP", "type": "goods", "default_uom": unit, "purchasable": True,
        "purchase_uom": unit, "list_price": Decimal(1), "cost_price_method": "fixed",
        "products": [["create", [{"suffix_code": "ERP-ONLY"}]]]}])
    po = make_po(erp, erp_world(erp), [("ERP-ONLY", 2)])
    first = inbound.pull_inbound_orders(w.db, erp, w.admin, clock=w.clock)
    assert any(e.startswith(f"purchase.purchase,{po}") for e in first.errors)
    assert order_of(w, InboundOrder, f"purchase.purchase,{po}") is None
    assert inbound.pull_items(w.db, erp, w.admin, clock=w.clock).created >= 1   # the item comes
    with w.db.read() as s:                      # with no cost: Tryton's 0 means "not set"
        assert s.scalar(select(items.c.unit_cost).where(items.c.code == "ERP-ONLY")) is None
        # an item known here takes the ERP's cost as its standard cost
        assert s.scalar(select(items.c.unit_cost).where(items.c.code == "PLAIN")) == Decimal("1.5")
    second = inbound.pull_inbound_orders(w.db, erp, w.admin, clock=w.clock)
    assert second.errors == [] and order_of(w, InboundOrder, f"purchase.purchase,{po}")


def test_a_po_closed_short_here_cancels_what_tryton_still_expects(ops, tryton):
    w, erp = ops.world, connector(tryton)
    po = make_po(erp, erp_world(erp), [("PLAIN", 5), ("LOT", 2)])
    inbound.pull_inbound_orders(w.db, erp, w.admin, clock=w.clock)
    number = order_of(w, InboundOrder, f"purchase.purchase,{po}").number
    ops.receiving.receive(w.clerk, ReceiptScan("PLAIN", 3, order=number, bin="RCV"))
    ops.receiving.close(w.supervisor, number, override=True, reason="supplier is out of stock")
    dispatch(w, erp)
    moves = erp.call("stock.move.search_read", [["purchase", "=", po]], 0, None, [["id", "ASC"]],
                     ["product.code", "quantity", "state"])
    assert sorted((m["product."]["code"], m["quantity"], m["state"]) for m in moves) == [
        ("LOT", 2.0, "cancelled"), ("PLAIN", 2.0, "cancelled"), ("PLAIN", 3.0, "done")]
    (row,) = erp.call("purchase.purchase.read", [po], ["shipment_state"])
    assert row["shipment_state"] == "exception"          # for the buyer to settle in Tryton
    with w.db.read() as s:
        closed = s.execute(select(outbox).where(outbox.c.message_type == "inbound.closed")).one()
    from integration.connectors.base import Message
    message = Message(closed.id, closed.message_type, closed.document_key,
                      closed.idempotency_key, json.loads(closed.payload), 2)
    assert erp.already_delivered(message)
    assert inbound.pull_inbound_orders(w.db, erp, w.admin, clock=w.clock).created == 0


def test_the_whole_book_stock_comes_per_product_and_lot(ops, tryton):
    w, erp = ops.world, connector(tryton)
    stocked(ops, erp, [("LOT", 2, "BK-1"), ("LOT", 1, "BK-2"), ("PLAIN", 1, None)])
    book = {(b.item, b.lot): b.qty for b in erp.book_stock()}
    assert (book[("LOT", "BK-1")], book[("LOT", "BK-2")]) == (2, 1)
    assert book[("PLAIN", None)] == erp.book_stock("PLAIN")
    assert sum(q for (item, _), q in book.items() if item == "LOT") == erp.book_stock("LOT")
    assert all(isinstance(b, BookStock) for b in erp.book_stock())


# -- outbound: every posting resumes after a crash mid-way ----------------------------------------
def test_a_po_receipt_interrupted_after_the_shipment_was_created_is_finished_once(ops, tryton):
    w, erp = ops.world, connector(tryton)
    po = make_po(erp, erp_world(erp), [("LOT", 5)])
    inbound.pull_inbound_orders(w.db, erp, w.admin, clock=w.clock)
    number = order_of(w, InboundOrder, f"purchase.purchase,{po}").number
    before = erp.book_stock("LOT", "RS-1")
    ops.receiving.receive(w.clerk, ReceiptScan("LOT", 2, order=number, lot="RS-1", bin="RCV",
                                               expiry=date(2027, 6, 1)))
    message, held = claimed(w, "inbound.received")
    erp._create_receipt(message)                        # the shipment exists, then the crash
    assert [s["state"] for s in keyed(erp, "stock.shipment.in", message.idempotency_key)] == ["draft"]
    d = Dispatcher(w.db, erp, clock=w.clock)
    assert d.recover() == held
    assert d.dispatch().delivered == 1
    assert [s["state"] for s in keyed(erp, "stock.shipment.in", message.idempotency_key)] == ["done"]
    assert erp.book_stock("LOT", "RS-1") == before + 2
    left = erp.call("stock.move.search_read", [["purchase", "=", po], ["state", "=", "draft"]],
                    0, None, None, ["quantity"])
    assert [m["quantity"] for m in left] == [3.0]      # the PO still expects the rest


def test_a_shipment_interrupted_after_picking_in_tryton_is_finished_once(ops, tryton):
    w, erp = ops.world, connector(tryton)
    stocked(ops, erp, [("PLAIN", 4, None)])
    before = erp.book_stock("PLAIN")
    sale = make_sale(erp, erp_world(erp), [("PLAIN", 3)])
    inbound.pull_outbound_orders(w.db, erp, w.admin, clock=w.clock)
    (row,) = erp.call("sale.sale.read", [sale], ["shipments"])
    number = order_of(w, OutboundOrder, f"stock.shipment.out,{row['shipments'][0]}").number
    task = ops.allocate(number).task
    ops.picking.confirm(w.clerk, PickScan(task, "A-01", "PLAIN"))
    ops.shipping.confirm(w.clerk, number)
    message, held = claimed(w, "outbound.shipped")
    shipment = erp._prepare_shipment(message)           # written, assigned, picked ... crash
    erp.button("stock.shipment.out.assign_try", shipment)
    erp.button("stock.shipment.out.pick", shipment)
    d = Dispatcher(w.db, erp, clock=w.clock)
    assert d.recover() == held
    result = d.dispatch()
    assert result.failed == 0, result.errors
    assert [s["state"] for s in keyed(erp, "stock.shipment.out", message.idempotency_key)] == ["done"]
    assert erp.book_stock("PLAIN") == before - 3
    (so,) = erp.call("sale.sale.read", [sale], ["shipment_state", "shipments"])
    assert (so["shipment_state"], len(so["shipments"])) == ("sent", 1)   # complete: no backorder


def test_an_order_made_here_ships_as_a_new_customer_shipment(ops, tryton):
    w, erp = ops.world, connector(tryton)
    erp_world(erp)                                              # "Shop Ltd" exists in Tryton
    stocked(ops, erp, [("LOT", 3, "HERE-1")])
    before = erp.book_stock("LOT", "HERE-1")
    numbers = [ops.outbound(("LOT", 2), customer="Shop Ltd"),
               ops.outbound(("LOT", 1), customer="Nobody Known")]
    for number in numbers:
        ops.pick(ops.allocate(number).task, "A-01", "LOT", lot="HERE-1")
        ops.shipping.confirm(w.clerk, number)
    result = Dispatcher(w.db, erp, clock=w.clock).dispatch()
    assert result.failed == 1 and "'Nobody Known' is not a party in Tryton" in result.errors[0]
    with w.db.read() as s:
        key = s.execute(select(outbox.c.idempotency_key).where(
            outbox.c.message_type == "outbound.shipped", outbox.c.state == "delivered")).scalar()
    (shipment,) = erp.call("stock.shipment.out.search_read", [["reference", "=", key]], 0, None,
                           None, ["state", "customer.name"])
    assert (shipment["state"], shipment["customer."]["name"]) == ("done", "Shop Ltd")
    assert erp.book_stock("LOT", "HERE-1") == before - 2


def test_a_count_interrupted_before_its_inventory_was_confirmed_is_finished_once(ops, tryton):
    from domain.services.operations.count_approval import CountApprovalService
    from domain.services.operations.counts import CountPlan, CountService
    w, erp = ops.world, connector(tryton)
    stocked(ops, erp, [("LOT", 3, "CNT-1")])
    before = erp.book_stock("LOT", "CNT-1")
    counts = CountService(w.db, w.clock)
    number = counts.plan(w.supervisor, CountPlan("WH1", "bin", ("A-01",), threshold_pct=100)).number
    counts.record(w.clerk, number, "A-01", "LOT", 5, lot="CNT-1")       # 2 more than booked
    counts.finish_bin(w.clerk, number, "A-01")
    CountApprovalService(w.db, w.clock).approve(w.supervisor, number, "CYCLE")
    message, held = claimed(w, "count.adjusted")
    inventory = erp.call("stock.inventory.create", [{
        "location": erp.warehouse()["storage_location"], "date": date.today(),
        "empty_quantity": "keep"}])[0]                  # what _inventory does before the crash
    erp.call("ir.note.create", [{"resource": f"stock.inventory,{inventory}",
                                 "message": "warelink:" + message.idempotency_key}])
    erp._fill_inventory(inventory, message.payload["lines"])
    d = Dispatcher(w.db, erp, clock=w.clock)
    assert d.recover() == held
    assert d.dispatch().delivered == 1
    assert erp.call("stock.inventory.read", [inventory], ["state"])[0]["state"] == "done"
    assert erp.book_stock("LOT", "CNT-1") == before + 2
    notes = erp.call("ir.note.search", [["message", "=", "warelink:" + message.idempotency_key]],
                     0, None, None)
    assert len(notes) == 1 and erp.already_delivered(message)


# -- outbound: losses, gains, returns, corrections; internal types ---------------------------------
def test_an_issue_and_a_scrap_are_losses_a_return_comes_back_in(ops, tryton):
    w, erp = ops.world, connector(tryton)
    stocked(ops, erp, [("PLAIN", 5, None)])
    before = erp.book_stock("PLAIN")
    issued = w.stock.issue(w.clerk, StockRef("PLAIN", "A-01"), 1, document_ref="ISSUE-1")

    def scrap(s):
        item, b = find_item(s, "PLAIN"), find_bin(s, "A-01")
        return ledger.post(s, w.supervisor, Posting(MoveReason.SCRAP, [MoveLine(
            item.id, Decimal(1), from_bin_id=b.id, from_status="available")], "SCRAP-1"),
            now=w.clock.now(), today=w.clock.today())
    scrapped = w.db.write(scrap)
    returned = ops.returns.receive(w.clerk, ReturnScan("PLAIN", 2, "wrong size", bin="RCV"))
    dispatch(w, erp)
    assert erp.book_stock("PLAIN") == before - 1 - 1 + 2
    for key, model in ((issued.outbox_key, "stock.shipment.internal"),
                       (scrapped.outbox_key, "stock.shipment.internal"),
                       (returned.outbox_key, "stock.shipment.out.return")):
        assert [s["state"] for s in keyed(erp, model, key)] == ["done"], model


def test_a_pushed_reconciliation_correction_sets_tryton_to_the_floor(ops, tryton):
    w, erp = ops.world, connector(tryton)
    stocked(ops, erp, [("LOT", 4, "RC-1")])
    book = [b for b in erp.book_stock() if (b.item, b.lot) == ("LOT", "RC-1")]
    service = ReconciliationService(w.db, w.clock)
    run = service.run(w.admin, [BookStock("LOT", Decimal(1), "RC-1")])   # the ERP 'lost' 3
    (line,) = [d for d in service.discrepancies(run.run_id) if d.lot == "RC-1"]
    service.push(w.admin, line.line_id, "the floor has 4")
    erp_lost = erp.call("stock.shipment.internal.search", [], 0, None, None)
    dispatch(w, erp)                                   # the ERP takes the floor's figure: +3
    assert erp.book_stock("LOT", "RC-1") == book[0].qty + 3
    assert len(erp.call("stock.shipment.internal.search", [], 0, None, None)) == len(erp_lost) + 1


def test_internal_messages_are_acknowledged_without_posting_and_unknown_ones_go_to_the_inbox(
        ops, tryton):
    w, erp = ops.world, connector(tryton)
    assert {"stock.transfer", "stock.status_change", "pick.confirmed", "pick.short",
            "putaway.confirmed", "move.confirmed", "inspection.recorded", "stock.reconciled",
            "count.approved", "lot.blocked", "lot.released", "package.unpacked",
            "pick.unpicked"} == ACKNOWLEDGED
    w.stock.receive(w.clerk, item="PLAIN", qty=2, bin="A-01", document_ref="SETUP")
    dispatch(w, erp)
    models = ("stock.shipment.in", "stock.shipment.internal", "stock.shipment.out",
              "stock.inventory")
    before = [erp.call(f"{m}.search_count", []) for m in models]
    w.stock.transfer(w.clerk, StockRef("PLAIN", "A-01"), 1, "A-02")
    w.stock.change_status(w.clerk, StockRef("PLAIN", "A-02"), 1, "quarantine")
    w.db.write(lambda s: write_message(s, w.clerk, "weird.thing", "DOC-X", {}, w.clock.now()))
    result = Dispatcher(w.db, erp, clock=w.clock).dispatch()
    assert (result.delivered, result.failed) == (2, 1)
    assert [erp.call(f"{m}.search_count", []) for m in models] == before
    with w.db.read() as s:
        row = s.execute(select(outbox).where(outbox.c.message_type == "weird.thing")).one()
        texts = " ".join(str(v) for a in s.execute(select(sync_attempts)).all() for v in a)
    assert row.state == "failed" and "no Tryton mapping" in row.last_error
    assert tryton.password not in texts and "Session " not in texts


def test_a_receipt_over_the_po_quantity_is_booked_on_the_po_line(ops, tryton):
    """The PO line has nothing left pending in Tryton (all 2 received); 1 more arrives here
    (approved over-receipt): it is booked as a move of the same PO line, Tryton's warning about
    it accepted as the Tryton client would after asking."""
    from tests.integration.op_support import set_tolerance
    w, erp = ops.world, connector(tryton)
    set_tolerance(w, "PLAIN", 100)
    po = make_po(erp, erp_world(erp), [("PLAIN", 2)])
    inbound.pull_inbound_orders(w.db, erp, w.admin, clock=w.clock)
    number = order_of(w, InboundOrder, f"purchase.purchase,{po}").number
    before = erp.book_stock("PLAIN")
    ops.receiving.receive(w.clerk, ReceiptScan("PLAIN", 2, order=number, bin="RCV"))
    dispatch(w, erp)
    ops.receiving.receive(w.clerk, ReceiptScan("PLAIN", 1, order=number, bin="RCV"))
    dispatch(w, erp)
    assert erp.book_stock("PLAIN") == before + 3
    moves = erp.call("stock.move.search_read", [["purchase", "=", po]], 0, None, None,
                     ["quantity", "state"])
    assert sorted((m["quantity"], m["state"]) for m in moves) == [(1.0, "done"), (2.0, "done")]
    with w.db.read() as s:
        responses = [json.loads(r) for r in s.execute(
            select(sync_attempts.c.response).where(sync_attempts.c.response != "")).scalars()]
    over = [r for r in responses if r.get("accepted_warnings")]
    assert len(over) == 1 and over[0]["model"] == "stock.shipment.in"    # kept in the history


def test_a_wrong_password_is_an_auth_error_that_never_shows_the_password(ops, tryton):
    w = ops.world
    secret = "not-the-password-4711"
    bad = TrytonConnector(tryton.url, tryton.database, tryton.username, secret)
    w.stock.receive(w.clerk, item="PLAIN", qty=1, bin="RCV", document_ref="PO-AUTH")
    result = Dispatcher(w.db, bad, clock=w.clock).dispatch()
    assert result.delivered == 0 and result.errors
    with w.db.read() as s:
        row = s.execute(select(outbox)).one()
        attempts = s.execute(select(sync_attempts)).all()
    texts = " ".join([row.last_error or "", *(str(v) for a in attempts for v in a), repr(bad)])
    assert "auth" in {a.error_class for a in attempts}
    assert secret not in texts and "Session " not in texts


def test_the_erp_side_of_a_reconciliation_drill_down_lists_trytons_moves(ops, tryton):
    w, erp = ops.world, connector(tryton)
    stocked(ops, erp, [("LOT", 4, "DD-1")])
    w.stock.issue(w.clerk, StockRef("LOT", "A-01", lot="DD-1"), 1, document_ref="ISS-DD")
    dispatch(w, erp)                                   # Tryton: in 4, out 1 (Lost and Found)
    moves = erp.book_moves("LOT", "DD-1")
    assert sorted(m["qty"] for m in moves) == [-1, 4]
    assert sum(m["qty"] for m in moves) == erp.book_stock("LOT", "DD-1")
    assert all(set(m) == {"at", "qty", "from", "to", "document"} for m in moves)
    assert erp.book_moves("LOT", "NO-SUCH-LOT") == []


def test_a_po_cancelled_here_cancels_its_pending_moves_in_tryton(ops, tryton):
    from domain.services.operations.cancel import OrderCancelService
    w, erp = ops.world, connector(tryton)
    po = make_po(erp, erp_world(erp), [("PLAIN", 4)])
    inbound.pull_inbound_orders(w.db, erp, w.admin, clock=w.clock)
    number = order_of(w, InboundOrder, f"purchase.purchase,{po}").number
    OrderCancelService(w.db, w.clock).cancel(w.supervisor, "inbound", number, "supplier gone")
    dispatch(w, erp)
    moves = erp.call("stock.move.search_read", [["purchase", "=", po]], 0, None, None,
                     ["state"])
    assert [m["state"] for m in moves] == ["cancelled"]
    with w.db.read() as s:
        sent = s.execute(select(outbox).where(outbox.c.message_type == "inbound.cancelled")).one()
    assert sent.state == "delivered"


def test_a_sale_cancelled_here_cancels_its_customer_shipment_in_tryton(ops, tryton):
    from domain.services.operations.cancel import OrderCancelService
    w, erp = ops.world, connector(tryton)
    sale = make_sale(erp, erp_world(erp), [("PLAIN", 2)])
    inbound.pull_outbound_orders(w.db, erp, w.admin, clock=w.clock)
    (row,) = erp.call("sale.sale.read", [sale], ["shipments"])
    order = order_of(w, OutboundOrder, f"stock.shipment.out,{row['shipments'][0]}")
    OrderCancelService(w.db, w.clock).cancel(w.supervisor, "outbound", order.number,
                                             "customer withdrew")
    dispatch(w, erp)
    states = [r["state"] for r in erp.call("stock.shipment.out.read", row["shipments"], ["state"])]
    assert states == ["cancelled"]
    with w.db.read() as s:
        sent = s.execute(select(outbox).where(outbox.c.message_type == "outbound.cancelled")
                         ).one()
    assert sent.state == "delivered"
    from integration.connectors.base import Message
    again = Message(sent.id, sent.message_type, sent.document_key, sent.idempotency_key,
                    json.loads(sent.payload), 2)
    assert erp.already_delivered(again)          # a retry after a crash posts nothing twice
