"""Live: ``main.py sync`` SIGKILLed at random points while it posts every kind of document to a
real Tryton 8.2 (issue 7, crash safety): receipts against a PO with lots, a customer shipment
picked short, a count's inventory, a PO closed short. Afterwards every message is delivered,
each Tryton document carries its key once, and Tryton's books equal the warehouse's to the lot.

A Tryton of its own for this module, so its whole book stock is this flow's.
"""
from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from domain.clock import Clock
from domain.model.documents import InboundOrder, OutboundOrder
from domain.numbering import ensure_rules
from domain.persistence.database import Database
from domain.persistence.tables import outbox
from domain.services.masterdata import BinData, ItemData, MasterDataService
from domain.services.operations.common import load_task
from domain.services.operations.count_approval import CountApprovalService
from domain.services.operations.counts import CountPlan, CountService
from domain.services.operations.picking import PickingService, PickScan
from domain.services.operations.receiving import ReceiptScan, ReceivingService
from domain.services.operations.shipping import ShippingService
from domain.services.operations.waves import WaveService
from domain.services.stock import StockRef, StockService
from domain.services.users import UserService, actor_of
from integration import inbound
from tests.integration.tryton_world import (  # noqa: F401  (tryton is a fixture)
    ROOT, cli_env, connector, erp_world, kill_mid_flight, make_po, make_sale, sync_cmd, tryton,
)

pytestmark = pytest.mark.slow


def warehouse(url: str):
    """WH1 with RCV, A-01, STG; items LOT (lot-tracked) and PLAIN; admin, clerk, supervisor."""
    db = Database(url)
    db.migrate()
    db.write(ensure_rules)
    users = UserService(db)
    admin = actor_of(users.create_first_admin("admin", "admin-pass"))
    clerk = actor_of(users.add_user(admin, "clerk", "clerk-pass", "clerk"))
    boss = actor_of(users.add_user(admin, "boss", "boss-pass", "supervisor"))
    master = MasterDataService(db)
    master.save_warehouse(admin, "WH1", "Main")
    for code, kind in (("RCV", "receiving"), ("A-01", "storage"), ("STG", "staging")):
        master.save_bin(admin, BinData("WH1", code, bin_type=kind))
    master.save_item(admin, ItemData("PLAIN", "Plain widget"))
    master.save_item(admin, ItemData("LOT", "Yoghurt 500 g", lot_tracked=True,
                                     shelf_life_days=300))
    return db, admin, clerk, boss


def test_sync_killed_at_random_points_posts_every_document_exactly_once(tmp_path, tryton):
    erp, clock = connector(tryton), Clock()
    url = f"sqlite:///{tmp_path}/crash.db"
    db, admin, clerk, boss = warehouse(url)
    t = erp_world(erp)
    po = make_po(erp, t, [("LOT", 6), ("PLAIN", 6)])
    make_sale(erp, t, [("LOT", 3), ("PLAIN", 4)])
    pulled = inbound.pull_all(db, erp, admin)
    assert [r.errors for r in pulled.values()] == [[], [], [], []]
    with db.read() as s:
        (in_no,) = s.scalars(select(InboundOrder.number)).all()
        (out_no,) = s.scalars(select(OutboundOrder.number)).all()

    receiving, stock = ReceivingService(db, clock), StockService(db, clock)
    for item, qty, lot in (("LOT", 2, "K1"), ("LOT", 2, "K2"), ("PLAIN", 3, None),
                           ("PLAIN", 3, None)):
        receiving.receive(clerk, ReceiptScan(item, qty, order=in_no, lot=lot, bin="RCV",
                                             expiry=date(2027, 9, 1) if lot else None))
        stock.transfer(clerk, StockRef(item, "RCV", lot=lot), qty, "A-01")
    receiving.close(boss, in_no, override=True, reason="the rest is not coming")   # LOT 4 of 6
    task = WaveService(db, clock).allocate(clerk, [out_no], "STG").task
    picking = PickingService(db, clock)
    with db.read() as s:
        lines = [(l.line_no, l.item_id, l.qty) for l in load_task(s, task, lock=False).lines]
    for line_no, item_id, qty in lines:
        code = _code(db, item_id)
        if code == "PLAIN":
            picking.short(clerk, task, line_no, qty - 1, "one is missing")   # PLAIN 3 of 4
        else:
            picking.confirm(clerk, PickScan(task, "A-01", code, line_no=line_no,
                                            lot=_lot(db, task, line_no)))
    ShippingService(db, clock).confirm(clerk, out_no)
    counts = CountService(db, clock)
    count = counts.plan(boss, CountPlan("WH1", "bin", ("A-01",), threshold_pct=100)).number
    for item, lot in (("PLAIN", None), ("LOT", "K1"), ("LOT", "K2")):
        held = _on_hand(db, item, lot)
        if held:
            counts.record(clerk, count, "A-01", item, held - (1 if item == "PLAIN" else 0), lot=lot)
    counts.finish_bin(clerk, count, "A-01")
    CountApprovalService(db, clock).approve(boss, count, "CYCLE")
    db.dispose()

    kills, progress = kill_mid_flight(url, tryton, rounds=12, seed=11)
    for _ in range(3):
        subprocess.run(sync_cmd(url, tryton), cwd=ROOT, env=cli_env(tryton),
                       capture_output=True, timeout=180, check=True)
    assert kills >= 6 and sum(progress) > 0, progress

    with db.read() as s:
        rows = s.execute(select(outbox.c.message_type, outbox.c.idempotency_key,
                                outbox.c.state)).all()
    assert {state for *_, state in rows} == {"delivered"}
    keyed = {"inbound.received": "stock.shipment.in", "outbound.shipped": "stock.shipment.out"}
    for kind, key, _ in rows:
        if kind in keyed:
            found = erp.call(f"{keyed[kind]}.search_read", [["reference", "like", f"%{key}%"]],
                             0, None, None, ["state"])
            assert [f["state"] for f in found] == ["done"], (kind, key)
        if kind in ("count.adjusted", "inbound.closed"):
            assert len(erp.call("ir.note.search", [["message", "=", "warelink:" + key]],
                                0, None, None)) == 1, (kind, key)
    done = erp.call("stock.inventory.search_read", [["state", "=", "done"]], 0, None, None, ["id"])
    assert len(done) == 1                      # a killed attempt may leave an empty draft only
    (state,) = erp.call("purchase.purchase.read", [po], ["shipment_state"])
    assert state["shipment_state"] == "exception"                # closed short: 4 of 6 LOT
    summary = inbound.reconcile(db, erp, admin, warehouse="WH1")
    assert (summary.accuracy, summary.unknown) == (Decimal("100.00"), ())
    assert summary.compared >= 2
    db.dispose()


def _code(db, item_id):
    from domain.persistence.tables import items
    with db.read() as s:
        return s.execute(select(items.c.code).where(items.c.id == item_id)).scalar()


def _lot(db, task, line_no):
    from domain.persistence.tables import lots
    with db.read() as s:
        line = next(l for l in load_task(s, task, lock=False).lines if l.line_no == line_no)
        return s.execute(select(lots.c.lot_no).where(lots.c.id == line.lot_id)).scalar()


def _on_hand(db, item, lot):
    from domain.persistence.tables import bins, items, lots, quants
    q = (select(quants.c.on_hand).join(items, items.c.id == quants.c.item_id)
         .join(bins, bins.c.id == quants.c.bin_id).outerjoin(lots, lots.c.id == quants.c.lot_id)
         .where(items.c.code == item, bins.c.code == "A-01",
                lots.c.lot_no.is_(None) if lot is None else lots.c.lot_no == lot))
    with db.read() as s:
        return sum(s.execute(q).scalars(), Decimal(0))
