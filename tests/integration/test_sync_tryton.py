"""Live: the outbox delivered to a real Tryton 8.2 on loopback (issue 7).

The server is installed and initialised once into a cache directory (tests/tryton_server.py)
and started for this module (tests/integration/tryton_world.py). Skipped when Tryton cannot be
installed here, failed on CI.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from domain.persistence.tables import outbox
from integration.connectors.base import ConnectorError
from integration.connectors.tryton import TrytonConnector
from integration.dispatcher import Dispatcher
from tests.integration.tryton_world import (  # noqa: F401  (tryton is a fixture)
    ROOT, cli_env, connector, kill_mid_flight, sync_cmd, tryton,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def db_url(tmp_path):          # the ERP test needs one backend only
    return f"sqlite:///{tmp_path}/warelink.db"


def shipments(erp, key):
    return erp.call("stock.shipment.in.search_read", [["reference", "=", key]], 0, None, None,
                    ["state"])


def test_a_receipt_from_the_outbox_appears_as_stock_in_tryton(world, tryton):
    erp = connector(tryton)
    before = erp.book_stock("LOT", "L-100")
    res = world.stock.receive(world.clerk, item="LOT", qty="5", bin="RCV", lot="L-100",
                              document_ref="PO-T1")
    result = Dispatcher(world.db, erp, clock=world.clock).dispatch()
    assert result.delivered == 1, result.errors
    assert erp.book_stock("LOT", "L-100") == before + 5
    assert [s["state"] for s in shipments(erp, res.outbox_key)] == ["done"]
    with world.db.read() as s:
        row = s.execute(select(outbox)).one()
    assert row.state == "delivered"
    assert "Session" not in (row.last_error or "") and tryton.password not in (row.last_error or "")


def test_a_retried_message_is_not_posted_twice(world, tryton):
    erp = connector(tryton)

    class LostReply(TrytonConnector):     # the ERP books it, the reply never arrives
        calls = 0

        def send(self, message):
            LostReply.calls += 1
            ack = super().send(message)
            if LostReply.calls == 1:
                raise ConnectorError("timeout", "read timed out")
            return ack

    flaky = LostReply(tryton.url, tryton.database, tryton.username, tryton.password)
    before = erp.book_stock("PLAIN")
    res = world.stock.receive(world.clerk, item="PLAIN", qty="7", bin="RCV", document_ref="PO-T2")
    d = Dispatcher(world.db, flaky, clock=world.clock)
    assert d.dispatch().retrying == 1
    world.clock._now = world.clock._now.replace(year=2027)      # past any backoff
    result = d.dispatch()
    assert result.already_there == 1 and LostReply.calls == 1
    assert erp.book_stock("PLAIN") == before + 7
    assert len(shipments(erp, res.outbox_key)) == 1


def test_a_half_done_shipment_is_finished_not_duplicated(world, tryton):
    erp = connector(tryton)
    before = erp.book_stock("PLAIN")
    res = world.stock.receive(world.clerk, item="PLAIN", qty="3", bin="RCV", document_ref="PO-T3")
    d = Dispatcher(world.db, erp, clock=world.clock)
    (message,) = d.claim()                   # claimed, then the station crashed mid-way:
    wh = erp.warehouse()
    product = erp.product("PLAIN")
    erp.call("stock.shipment.in.create", [{
        "supplier": erp.supplier(), "warehouse": wh["id"], "warehouse_input": wh["input_location"],
        "warehouse_storage": wh["storage_location"], "reference": res.outbox_key,
        "incoming_moves": [["create", [{
            "product": product["id"], "unit": product["default_uom"], "quantity": 3.0,
            "from_location": erp._location_of_type("supplier"), "to_location": wh["input_location"],
            "unit_price": Decimal("1.5"), "currency": erp._company_currency(),
            "company": erp._context["company"]}]]]}])
    assert d.recover() == 1
    assert d.dispatch().delivered == 1
    assert [s["state"] for s in shipments(erp, res.outbox_key)] == ["done"]
    assert erp.book_stock("PLAIN") == before + 3


def test_an_unknown_item_goes_to_the_inbox(world, tryton):
    world.master.save_item(world.admin, __import__("domain.services.masterdata", fromlist=["ItemData"])
                           .ItemData("NOT-IN-ERP", "Local only"))
    world.stock.receive(world.clerk, item="NOT-IN-ERP", qty="1", bin="RCV", document_ref="PO-T4")
    result = Dispatcher(world.db, connector(tryton), clock=world.clock).dispatch()
    assert result.failed == 1
    with world.db.read() as s:
        row = s.execute(select(outbox)).one()
    assert row.state == "failed" and "NOT-IN-ERP" in row.last_error


def test_an_adjustment_is_booked_against_lost_and_found(world, tryton):
    from domain.services.stock import StockRef
    erp = connector(tryton)
    world.stock.receive(world.clerk, item="PLAIN", qty="10", bin="A-01", document_ref="PO-T5")
    Dispatcher(world.db, erp, clock=world.clock).dispatch()
    before = erp.book_stock("PLAIN")
    world.stock.adjust(world.supervisor, StockRef(item="PLAIN", bin="A-01"), "-2",
                       reason_code="DAMAGED")
    result = Dispatcher(world.db, erp, clock=world.clock).dispatch()
    assert result.delivered == 1, result.errors
    assert erp.book_stock("PLAIN") == before - 2


def test_products_are_pulled_on_a_cursor(tryton):
    erp = connector(tryton)
    products, cursor = erp.pull_products(None)
    assert {"LOT", "PLAIN"} <= {p["code"] for p in products}
    assert {p["code"]: p["cost"] for p in products}["PLAIN"] == Decimal("1.50")
    again, cursor2 = erp.pull_products(cursor)
    assert again == [] and cursor2 == cursor


def cli_world(url):
    """A database of its own on the real clock, for the command-line runs."""
    from domain.persistence.database import Database
    from domain.services.masterdata import BinData, ItemData, MasterDataService
    from domain.services.stock import StockService
    from domain.services.users import UserService, actor_of
    db = Database(url)
    db.migrate()
    admin = actor_of(UserService(db).create_first_admin("admin", "admin-pass"))
    master = MasterDataService(db)
    master.save_warehouse(admin, "WH1", "Main")
    master.save_bin(admin, BinData("WH1", "RCV", bin_type="receiving"))
    master.save_item(admin, ItemData("PLAIN", "Plain widget"))
    return db, admin, StockService(db)


def test_main_sync_once_delivers_to_tryton(tmp_path, tryton):
    import subprocess
    url = f"sqlite:///{tmp_path}/cli.db"
    db, admin, stock = cli_world(url)
    erp = connector(tryton)
    before = erp.book_stock("PLAIN")
    stock.receive(admin, item="PLAIN", qty="4", bin="RCV", document_ref="PO-CLI")
    db.dispose()
    proc = subprocess.run(sync_cmd(url, tryton), cwd=ROOT, env=cli_env(tryton),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "delivered 1" in proc.stdout
    assert tryton.password not in proc.stdout + proc.stderr
    assert erp.book_stock("PLAIN") == before + 4


def test_sync_killed_at_random_points_delivers_everything_exactly_once(tmp_path, tryton):
    """SIGKILL the sync process again and again mid-flight: every receipt ends up in Tryton
    exactly once, and the outbox shows every message delivered."""
    import subprocess
    url = f"sqlite:///{tmp_path}/crash.db"
    db, admin, stock = cli_world(url)
    erp = connector(tryton)
    before = erp.book_stock("PLAIN")
    for i in range(12):
        stock.receive(admin, item="PLAIN", qty=str(i + 1), bin="RCV", document_ref=f"PO-K{i % 4}")
    kills, progress = kill_mid_flight(url, tryton, rounds=8, seed=7)
    for _ in range(3):                                   # then let it finish
        subprocess.run(sync_cmd(url, tryton), cwd=ROOT, env=cli_env(tryton),
                       capture_output=True, timeout=180, check=True)
    with db.read() as s:
        rows_ = s.execute(select(outbox.c.idempotency_key, outbox.c.state)).all()
    db.dispose()
    assert kills >= 4 and sum(progress) > 0, progress
    assert {state for _, state in rows_} == {"delivered"}
    for key, _ in rows_:
        assert [s["state"] for s in shipments(erp, key)] == ["done"], key
    assert erp.book_stock("PLAIN") == before + sum(range(1, 13))
