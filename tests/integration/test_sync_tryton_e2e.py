"""Live, end to end against a real Tryton 8.2 on loopback (issue 7, Tests): a purchase order in
Tryton becomes an inbound order here; receiving it here (with lots, partially) shows in Tryton's
stock; a sale becomes a pick here; the short pick here is a backorder there; a count adjustment
here is an inventory there; the reconciliation reports 100 % after the flow and finds an
injected difference.

This module has a Tryton of its own (a fresh copy of the initialised database), so Tryton's
whole book stock is this flow's and the reconciliation can be exact.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from domain.model.documents import InboundOrder, OutboundOrder
from domain.persistence.tables import outbox
from domain.services.operations.count_approval import CountApprovalService
from domain.services.operations.counts import CountPlan, CountService
from domain.services.operations.common import load_outbound, load_task
from domain.services.operations.picking import PickScan
from domain.services.reconciliation import ReconciliationService
from domain.services.operations.receiving import ReceiptScan
from domain.services.stock import StockRef
from integration import inbound
from integration.dispatcher import Dispatcher
from tests.integration.op_support import ops  # noqa: F401  (a fixture)
from tests.integration.tryton_world import connector, erp_world, make_po, make_sale, tryton  # noqa: F401

pytestmark = pytest.mark.slow


@pytest.fixture
def db_url(tmp_path):          # the ERP tests need one backend only
    return f"sqlite:///{tmp_path}/warelink.db"


def deliver(world, erp, expected: int) -> None:
    result = Dispatcher(world.db, erp, clock=world.clock).dispatch()
    assert (result.failed, result.retrying) == (0, 0), result.errors
    assert result.delivered == expected


def test_purchase_to_reconciliation_against_a_real_tryton(ops, tryton):
    w, erp = ops.world, connector(tryton)
    t = erp_world(erp)

    # a PO in Tryton becomes an inbound order here, once
    po = make_po(erp, t, [("LOT", 10), ("PLAIN", 6)])
    assert inbound.pull_parties(w.db, erp).created >= 2
    first = inbound.pull_inbound_orders(w.db, erp, w.admin, clock=w.clock)
    assert (first.created, first.errors) == (1, [])
    again = inbound.pull_inbound_orders(w.db, erp, w.admin, clock=w.clock)
    assert again.created == 0
    with w.db.read() as s:
        (order,) = s.scalars(select(InboundOrder)).all()
        assert order.external_ref == f"purchase.purchase,{po}"
        assert order.supplier == "ACME Supplies"
        assert [(l.qty_expected, l.external_line_ref.split(",")[0]) for l in order.lines] == [
            (10, "purchase.line"), (6, "purchase.line")]
        number = order.number

    # received here with two lots, 7 of 10: Tryton's stock per lot, its PO partially received
    for item, qty, lot in (("LOT", 4, "L1"), ("LOT", 3, "L2"), ("PLAIN", 6, None)):
        ops.receiving.receive(w.clerk, ReceiptScan(item, qty, order=number, lot=lot, bin="RCV",
                                                   expiry=date(2027, 6, 1) if lot else None))
    deliver(w, erp, 3)
    assert erp.book_stock("LOT") == 7
    assert (erp.book_stock("LOT", "L1"), erp.book_stock("LOT", "L2")) == (4, 3)
    assert erp.book_stock("PLAIN") == 6
    (state,) = erp.call("purchase.purchase.read", [po], ["shipment_state"])
    assert state["shipment_state"] == "partially shipped"
    remainder = erp.call("stock.move.search_read", [["purchase", "=", po], ["state", "=", "draft"]],
                         0, None, None, ["quantity"])
    assert [m["quantity"] for m in remainder] == [3.0]                # Tryton's backorder
    assert inbound.pull_inbound_orders(w.db, erp, w.admin, clock=w.clock).created == 0

    # put away (inside the warehouse: acknowledged, nothing posted)
    w.stock.transfer(w.clerk, StockRef("LOT", "RCV", lot="L1"), 4, "A-01")
    w.stock.transfer(w.clerk, StockRef("LOT", "RCV", lot="L2"), 3, "A-02")
    w.stock.transfer(w.clerk, StockRef("PLAIN", "RCV"), 6, "A-01")
    deliver(w, erp, 3)
    assert erp.book_stock("LOT") == 7 and erp.book_stock("PLAIN") == 6

    # a sale becomes an outbound order here, once
    sale = make_sale(erp, t, [("LOT", 5), ("PLAIN", 4)])
    pulled = inbound.pull_outbound_orders(w.db, erp, w.admin, clock=w.clock)
    assert (pulled.created, pulled.errors) == (1, [])
    assert inbound.pull_outbound_orders(w.db, erp, w.admin, clock=w.clock).created == 0
    with w.db.read() as s:
        (out,) = s.scalars(select(OutboundOrder)).all()
        assert out.customer == "Shop Ltd"
        assert [l.external_line_ref.split(",")[0] for l in out.lines] == ["sale.line"] * 2
        out_number = out.number

    # picked here: LOT in full, PLAIN short (2 of 4): the rest is a backorder here
    task_no = ops.allocate(out_number).task
    with w.db.read() as s:
        lines = [(l.line_no, l.item_id, l.from_bin_id, l.qty) for l in load_task(s, task_no, lock=False).lines]
    plain_id = _item_id(w, "PLAIN")
    for line_no, item_id, _bin, _qty in lines:
        if item_id == plain_id:
            short = ops.picking.short(w.clerk, task_no, line_no, 2, "only two on the shelf")
        else:
            ops.picking.confirm(w.clerk, PickScan(task_no, _bin_code(w, _bin), "LOT",
                                                  line_no=line_no, lot=_lot_of(w, task_no, line_no)))
    ops.shipping.confirm(w.clerk, out_number)
    deliver(w, erp, len(lines) + 1)            # picks and the short: acknowledged; the shipment
    assert erp.book_stock("LOT") == 2 and erp.book_stock("PLAIN") == 4
    shipments = erp.call("stock.shipment.out.search_read", [], 0, None, [["id", "ASC"]],
                         ["state", "outgoing_moves"])
    assert [s["state"] for s in shipments] == ["done", "waiting"]     # Tryton's backorder ...
    (rest,) = erp.call("stock.move.read", shipments[1]["outgoing_moves"], ["product.code", "quantity"])
    assert (rest["product."]["code"], rest["quantity"]) == ("PLAIN", 2.0)   # ... of the short
    (so,) = erp.call("sale.sale.read", [sale], ["shipment_state"])
    assert so["shipment_state"] == "partially shipped"
    with w.db.read() as s:
        assert load_outbound(s, f"{out_number}-B1", lock=False).lines[0].qty_ordered == 2
    assert inbound.pull_outbound_orders(w.db, erp, w.admin, clock=w.clock).created == 0  # known

    # a count here finds 3 PLAIN where 4 were booked: an inventory in Tryton
    counts, approval = CountService(w.db, w.clock), CountApprovalService(w.db, w.clock)
    count_no = counts.plan(w.supervisor, CountPlan("WH1", "bin", ("A-01",), threshold_pct=100)).number
    counts.record(w.clerk, count_no, "A-01", "PLAIN", 3)
    counts.finish_bin(w.clerk, count_no, "A-01")
    approval.approve(w.supervisor, count_no, "CYCLE")
    deliver(w, erp, 1)
    assert erp.book_stock("PLAIN") == 3
    (inv,) = erp.call("stock.inventory.search_read", [], 0, None, None, ["state", "lines"])
    assert inv["state"] == "done"

    # the backorder here ships later: it lands on Tryton's backorder shipment, the sale is sent
    backorder = f"{out_number}-B1"
    ops.pick(ops.allocate(backorder).task, "A-01", "PLAIN")
    ops.shipping.confirm(w.clerk, backorder)
    deliver(w, erp, 2)
    assert erp.book_stock("PLAIN") == 1
    states = erp.call("stock.shipment.out.search_read", [], 0, None, [["id", "ASC"]], ["state"])
    assert [s["state"] for s in states] == ["done", "done"]
    (so,) = erp.call("sale.sale.read", [sale], ["shipment_state"])
    assert so["shipment_state"] == "sent"

    # every message delivered; the books agree to the unit and lot
    with w.db.read() as s:
        assert set(s.execute(select(outbox.c.state)).scalars()) == {"delivered"}
    summary = inbound.reconcile(w.db, erp, w.admin, warehouse="WH1", clock=w.clock)
    assert summary.accuracy == Decimal("100.00")
    assert summary.compared == 2        # PLAIN and the LOT lot left; the emptied lot is 0 = 0
    assert summary.unknown == ()

    # a difference injected in Tryton (one unit of the lot left lost there) is found
    left = next(lot for lot in ("L1", "L2") if erp.book_stock("LOT", lot))
    (bad,) = erp.call("stock.inventory.create", [{
        "location": erp.warehouse()["storage_location"], "date": date.today(),
        "empty_quantity": "keep",
        "lines": [["create", [{"product": erp.product("LOT")["id"],
                               "lot": erp.lot(erp.product("LOT")["id"], left),
                               "quantity": float(erp.book_stock("LOT", left) - 1)}]]]}])
    erp.call("stock.inventory.confirm", [bad])
    found = inbound.reconcile(w.db, erp, w.admin, warehouse="WH1", clock=w.clock)
    assert (found.compared, found.matched) == (2, 1)
    (diff,) = ReconciliationService(w.db, w.clock).discrepancies(found.run_id)
    assert (diff.item, diff.lot, diff.difference) == ("LOT", left, 1)


def _item_id(world, code):
    from domain.persistence.tables import items
    with world.db.read() as s:
        return s.execute(select(items.c.id).where(items.c.code == code)).scalar()


def _bin_code(world, bin_id):
    from domain.persistence.tables import bins
    with world.db.read() as s:
        return s.execute(select(bins.c.code).where(bins.c.id == bin_id)).scalar()


def _lot_of(world, task_no, line_no):
    from domain.persistence.tables import lots
    with world.db.read() as s:
        line = next(l for l in load_task(s, task_no, lock=False).lines if l.line_no == line_no)
        return s.execute(select(lots.c.lot_no).where(lots.c.id == line.lot_id)).scalar()
