"""The live Tryton of the ERP sync tests: a module-scoped server (tests/tryton_server.py) with the
minimal company, the warehouse's items as products (purchasable, salable), a supplier and a
customer, and helpers that create confirmed purchase and sale orders over JSON-RPC.

Skipped when Tryton cannot be installed here, failed on CI (``CI=true``).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from integration.connectors.tryton import TrytonConnector
from tests.tryton_server import TrytonServer, TrytonUnavailable, start_server


@pytest.fixture(scope="module")
def tryton():
    try:
        server: TrytonServer = start_server()
    except TrytonUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Tryton is required on CI: {exc}", pytrace=False)
        pytest.skip(f"Tryton not available: {exc}")
    try:
        setup_company(connector(server))
        yield server
    finally:
        server.stop()


ROOT = Path(__file__).resolve().parents[2]


def sync_cmd(url: str, server: TrytonServer) -> list[str]:
    """``main.py sync --once`` against ``server`` (run with ``cli_env`` in ``ROOT``)."""
    return [sys.executable, "main.py", "--db", url, "sync", "--once", "--tryton", server.url,
            "--erp-db", server.database, "--erp-user", server.username]


def cli_env(server: TrytonServer) -> dict:
    return {**os.environ, "WARELINK_ERP_PASSWORD": server.password,
            "WARELINK_FAST_PASSWORD_HASH": "1"}


def steps(erp: TrytonConnector) -> int:
    """How far Tryton has got: its moves, those of them done, and its notes."""
    return (erp.call("stock.move.search_count", [])
            + erp.call("stock.move.search_count", [["state", "=", "done"]])
            + erp.call("ir.note.search_count", []))


def kill_mid_flight(url: str, server: TrytonServer, rounds: int, seed: int
                    ) -> tuple[int, list[int]]:
    """Start ``main.py sync --once`` ``rounds`` times and SIGKILL it once Tryton has moved on by
    a random 1-3 steps, so every kill lands mid-flight (between two RPCs of one document or
    between documents), not while the process is still starting. Returns the number of kills
    and the steps each run made."""
    import random
    import signal
    import subprocess
    import time
    erp, rng, kills, progress = connector(server), random.Random(seed), 0, []
    for _ in range(rounds):
        start = steps(erp)
        proc = subprocess.Popen(sync_cmd(url, server), cwd=ROOT, env=cli_env(server),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wanted, deadline = rng.randint(1, 3), time.monotonic() + 60
        while proc.poll() is None and steps(erp) - start < wanted and time.monotonic() < deadline:
            time.sleep(0.02)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(30)
        progress.append(steps(erp) - start)
    return kills, progress


def connector(server: TrytonServer) -> TrytonConnector:
    return TrytonConnector(server.url, server.database, server.username, server.password,
                           timeout=30)


def setup_company(erp: TrytonConnector) -> None:
    """The minimal company (doc §4 step 2), the receipts party and the warehouse's items as
    products: LOT needs a lot from suppliers and to customers, PLAIN none."""
    erp.login()
    cur = erp.call("currency.currency.create", [{"name": "Euro", "code": "EUR", "symbol": "€",
                                                 "rounding": Decimal("0.01"), "digits": 2}])[0]
    party = erp.call("party.party.create", [{"name": "Demo Warehouse Co"}])[0]
    company = erp.call("company.company.create", [{"party": party, "currency": cur}])[0]
    erp.call("res.user.write", [1], {"companies": [["add", [company]]], "company": company})
    erp.login()
    erp.call("party.party.create", [{"name": "Warehouse receipts"}])
    (unit,) = erp.call("product.uom.search", [["symbol", "=", "u"]], 0, 1, None)
    for code, name, lots in (("LOT", "Yoghurt 500 g", ["supplier", "customer"]),
                             ("PLAIN", "Plain widget", [])):
        erp.call("product.template.create", [{
            "name": name, "type": "goods", "default_uom": unit, "list_price": Decimal("2"),
            "cost_price_method": "fixed", "lot_required": lots,
            "purchasable": True, "purchase_uom": unit, "salable": True, "sale_uom": unit,
            "products": [["create", [{"suffix_code": code, "cost_price": Decimal("1.50")}]]]}])


@dataclass(frozen=True)
class ErpWorld:
    unit: int
    supplier: int
    supplier_address: int
    customer: int
    customer_address: int


def erp_world(erp: TrytonConnector, supplier: str = "ACME Supplies",
              customer: str = "Shop Ltd") -> ErpWorld:
    """A supplier and a customer with an address each (G3: orders need them)."""
    (unit,) = erp.call("product.uom.search", [["symbol", "=", "u"]], 0, 1, None)
    ids = []
    for name in (supplier, customer):
        found = erp.call("party.party.search", [["name", "=", name]], 0, 1, None)
        party = found[0] if found else erp.call("party.party.create", [{
            "name": name, "addresses": [["create", [{"street": f"1 {name} Road"}]]]}])[0]
        ids += [party, erp.call("party.address.search", [["party", "=", party]], 0, 1, None)[0]]
    return ErpWorld(unit, *ids)


def make_po(erp: TrytonConnector, w: ErpWorld, lines, reference: str = "") -> int:
    """A confirmed purchase order (manual invoicing, G5) with pending incoming moves."""
    po = erp.call("purchase.purchase.create", [{
        "party": w.supplier, "invoice_address": w.supplier_address,
        "warehouse": erp.warehouse()["id"], "invoice_method": "manual", "reference": reference,
        "lines": [["create", [{"product": erp.product(code)["id"], "quantity": float(qty),
                               "unit": w.unit, "unit_price": Decimal("5")}
                              for code, qty in lines]]]}])[0]
    erp.call("purchase.purchase.quote", [po])
    erp.call("purchase.purchase.confirm", [po])
    (row,) = erp.call("purchase.purchase.read", [po], ["state"])
    assert row["state"] == "processing", row             # G5
    return po


def make_sale(erp: TrytonConnector, w: ErpWorld, lines) -> int:
    """A confirmed sale; Tryton creates its customer shipment (waiting) itself."""
    sale = erp.call("sale.sale.create", [{
        "party": w.customer, "invoice_address": w.customer_address,
        "shipment_address": w.customer_address, "warehouse": erp.warehouse()["id"],
        "invoice_method": "manual", "shipment_method": "order",
        "lines": [["create", [{"product": erp.product(code)["id"], "quantity": float(qty),
                               "unit": w.unit, "unit_price": Decimal("9")}
                              for code, qty in lines]]]}])[0]
    erp.call("sale.sale.quote", [sale])
    erp.call("sale.sale.confirm", [sale])
    (row,) = erp.call("sale.sale.read", [sale], ["state"])
    assert row["state"] == "processing", row
    return sale
