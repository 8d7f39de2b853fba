"""Side by side with Tryton (issue 9): the same products, lots, locations and moves in a real
Tryton 8.2 server (tests/tryton_server.py) and in Warelink, and the stock of one product per
location and lot asked of both, at growing move histories.

Loading Tryton through its ORM runs at ~150–280 moves/s (../shared/docs/tryton.md), far too slow
for tens of thousands of moves, so one move is created and done through RPC and the rest are
copies of its row, written straight into Tryton's SQLite database with only product, lot,
locations, quantity and date changed — the rows Tryton's own ``do`` writes, which its quantity
computation reads. Warelink gets the same moves through its ledger (``ledger.post``, the path
every service takes) in a scratch database; the benchmark data set itself is not touched.

Tryton is asked over JSON-RPC, as the sync connector does; an RPC that reads a plain field of the
same product is timed too, so the table shows the quantity computation without the transport.
Set ``WARELINK_PERF_TRYTON=0`` to skip (the Tryton part takes about a minute with the server
already installed; installing it the first time takes ~40 s more).
"""
from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from tests.perf.metrics import Metric, at_least, at_most

HISTORY = (1_000, 10_000, 30_000)       # done moves of the product at each measured size
LOCATIONS = ("B1", "B2", "B3")
LOTS = ("L1", "L2")
REPEATS = 15


def benchmarks(db, actor, rng, size: str) -> list[Metric]:
    if os.environ.get("WARELINK_PERF_TRYTON", "1") == "0":
        return [Metric("availability vs Tryton (same data, same run)", None, "", ">= 50x faster",
                       None, "not measured yet: skipped (WARELINK_PERF_TRYTON=0)",
                       measured=False)]
    from tests.tryton_server import TrytonUnavailable, start_server
    try:
        server = start_server()
    except TrytonUnavailable as exc:
        return [Metric("availability vs Tryton (same data, same run)", None, "", ">= 50x faster",
                       None, f"not measured yet: Tryton unavailable here: {exc}",
                       measured=False)]
    try:
        with tempfile.TemporaryDirectory(prefix="warelink-vs-tryton-") as tmp:
            return _compare(server, tmp)
    finally:
        server.stop()


def _moves(n: int) -> list[tuple[str | None, str | None, str, int]]:
    """(from location, to location, lot, qty): receipts into each location and lot, then
    transfers round the locations, ``n`` moves in all. Same list for both systems."""
    out = [(None, loc, lot, 1000) for loc in LOCATIONS for lot in LOTS]
    i = 0
    while len(out) < n:
        src, dst = LOCATIONS[i % 3], LOCATIONS[(i + 1) % 3]
        out.append((src, dst, LOTS[(i // 3) % 2], 1 + i % 5))
        i += 1
    return out[:n]


def _expected(moves) -> dict[tuple[str, str], int]:
    stock: dict[tuple[str, str], int] = {}
    for src, dst, lot, qty in moves:
        if src:
            stock[(src, lot)] = stock.get((src, lot), 0) - qty
        stock[(dst, lot)] = stock.get((dst, lot), 0) + qty
    return stock


def _compare(server, tmp: str) -> list[Metric]:
    erp, ids = _tryton_setup(server)
    wl = _warelink_setup(tmp)
    out, ratios = [], []
    for n in HISTORY:
        code = f"P{n}"
        moves = _moves(n)
        t0 = time.perf_counter()
        _tryton_load(server, ids, ids["products"][code], moves)
        tryton_load = time.perf_counter() - t0
        t0 = time.perf_counter()
        _warelink_load(wl, code, moves)
        warelink_load = time.perf_counter() - t0
        want = _expected(moves)
        tq, tbase, tgot = _tryton_query(erp, ids, ids["products"][code])
        wq, wgot = _warelink_query(wl, code)
        if tgot != want or wgot != want:
            raise AssertionError(f"{code}: the two systems disagree with the moves: "
                                 f"Tryton {tgot}, Warelink {wgot}, expected {want}")
        ratio = tq / wq
        ratios.append((n, ratio, tq, wq, tbase))
        note = (f"{n:,} done moves of one lot-tracked product, {len(LOCATIONS)} locations x "
                f"{len(LOTS)} lots; Tryton stock.lots_by_locations over JSON-RPC per location "
                f"(median {tq:.1f} ms for all {len(LOCATIONS)}, a plain-field RPC {tbase:.1f} ms "
                f"each); Warelink quants per bin and lot {wq:.3f} ms; both return the same "
                f"figures; loaded in {tryton_load:.1f} s (Tryton, SQL copies of a done move) and "
                f"{warelink_load:.1f} s (Warelink ledger)")
        out.append(at_least(f"vs Tryton at {n:,} moves: Warelink faster by", ratio, "x", None,
                            note))
    n, ratio, tq, wq, tbase = ratios[-1]
    net = max(tq - len(LOCATIONS) * tbase, 0.0) / wq
    growth = ", ".join(f"{r:,.0f}x at {k:,}" for k, r, *_ in ratios)
    out.append(at_least("availability vs Tryton (same data, same run)", ratio, "x", 50.0,
                        f"stock per product/location/lot, {n:,} moves: Tryton {tq:.1f} ms, "
                        f"Warelink {wq:.3f} ms; without Tryton's RPC transport still {net:,.0f}x; "
                        f"the ratio grows with history ({growth}): Tryton sums the moves, "
                        f"Warelink reads quants"))
    wl.dispose()
    return out


# -- Tryton ----------------------------------------------------------------------------------------
def _tryton_setup(server):
    from integration.connectors.tryton import TrytonConnector
    erp = TrytonConnector(server.url, server.database, server.username, server.password,
                          timeout=120)
    erp.login()
    cur = erp.call("currency.currency.create", [{"name": "Euro", "code": "EUR", "symbol": "€",
                                                 "rounding": Decimal("0.01"), "digits": 2}])[0]
    party = erp.call("party.party.create", [{"name": "Benchmark Co"}])[0]
    company = erp.call("company.company.create", [{"party": party, "currency": cur}])[0]
    erp.call("res.user.write", [1], {"companies": [["add", [company]]], "company": company})
    erp.login()
    (unit,) = erp.call("product.uom.search", [["symbol", "=", "u"]], 0, 1, None)
    (warehouse,) = erp.call("stock.location.search", [["code", "=", "WH"]], 0, 1, None)
    (storage,) = erp.call("stock.location.search", [["code", "=", "STO"]], 0, 1, None)
    (supplier,) = erp.call("stock.location.search", [["code", "=", "SUP"]], 0, 1, None)
    locations = {code: erp.call("stock.location.create", [{
        "name": code, "code": code, "type": "storage", "parent": storage}])[0]
        for code in LOCATIONS}
    products, lots = {}, {}
    for n in HISTORY:
        code = f"P{n}"
        template = erp.call("product.template.create", [{
            "name": f"Product {code}", "type": "goods", "default_uom": unit,
            "list_price": Decimal("2"), "cost_price_method": "fixed",
            "products": [["create", [{"suffix_code": code, "cost_price": Decimal("1")}]]]}])[0]
        (product,) = erp.call("product.product.search", [["template", "=", template]], 0, 1,
                              None)
        products[code] = product
        for lot in LOTS:
            lots[(product, lot)] = erp.call("stock.lot.create",
                                            [{"number": lot, "product": product}])[0]
    # one move created and done by Tryton itself: the row the copies are made from
    first = products[f"P{HISTORY[0]}"]
    (seed,) = erp.call("stock.move.create", [{
        "product": first, "unit": unit, "quantity": 1.0, "from_location": supplier,
        "to_location": locations[LOCATIONS[0]], "lot": lots[(first, LOTS[0])],
        "company": company, "unit_price": Decimal("1"), "currency": cur,
        "effective_date": {"__class__": "date", "year": 2026, "month": 1, "day": 1}}])
    erp.button("stock.move.do", seed)     # accepts the "no origin" warning, as a user would
    ids = {"warehouse": warehouse, "supplier": supplier, "locations": locations,
           "products": products, "lots": lots, "seed": seed}
    # the seed counts as a move of nothing: take it back out of the history (qty 0)
    with _tryton_db(server) as conn:
        conn.execute("UPDATE stock_move SET quantity = 0, internal_quantity = 0 WHERE id = ?",
                     (seed,))
    return erp, ids


class _tryton_db:
    def __init__(self, server):
        self.path = server.root / "db" / f"{server.database}.sqlite"

    def __enter__(self):
        self.conn = sqlite3.connect(self.path, timeout=30)
        return self.conn

    def __exit__(self, *exc):
        if exc[0] is None:
            self.conn.commit()
        self.conn.close()


def _tryton_load(server, ids, product: int, moves) -> None:
    with _tryton_db(server) as conn:
        conn.row_factory = sqlite3.Row
        seed = dict(conn.execute("SELECT * FROM stock_move WHERE id = ?",
                                 (ids["seed"],)).fetchone())
        seed.pop("id")
        cols = list(seed)
        start = date(2025, 1, 1)
        rows = []
        for i, (src, dst, lot, qty) in enumerate(moves):
            row = dict(seed, product=product, lot=ids["lots"][(product, lot)],
                       from_location=ids["locations"][src] if src else ids["supplier"],
                       to_location=ids["locations"][dst], quantity=float(qty),
                       internal_quantity=float(qty),
                       effective_date=(start + timedelta(days=i // 100)).isoformat(),
                       planned_date=(start + timedelta(days=i // 100)).isoformat())
            rows.append([row[c] for c in cols])
        conn.executemany(f"INSERT INTO stock_move ({', '.join(cols)}) VALUES "
                         f"({', '.join('?' * len(cols))})", rows)


def _rpc(erp, method: str, *args, context: dict):
    """A model call with extra context (the connector adds only the user's own), the way the
    connector's ``book_stock`` asks for quantities at a location."""
    return erp._post("/" + erp.database + "/rpc/", "model." + method,
                     [*args, {**erp._context, **context}], auth=True)


def _tryton_query(erp, ids, product: int) -> tuple[float, float, dict]:
    """Median ms of the stock per location and lot (one RPC per location, as Tryton offers it);
    median ms of a plain-field RPC on the same product; and the figures."""
    def ask() -> dict:
        got = {}
        for code, loc in ids["locations"].items():
            rows = _rpc(erp, "stock.lots_by_locations.search_read",
                        [["product", "=", product]], 0, None, None, ["lot", "quantity"],
                        context={"locations": [loc]})
            for r in rows:
                lot = next(k[1] for k, v in ids["lots"].items() if v == r["lot"])
                if r["quantity"]:
                    got[(code, lot)] = int(r["quantity"])
        return got
    got = ask()
    samples = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        ask()
        samples.append((time.perf_counter() - t0) * 1000)
    base = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        erp.call("product.product.read", [product], ["code"])
        base.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), statistics.median(base), got


# -- Warelink --------------------------------------------------------------------------------------
class _Warelink:
    def __init__(self, db, actor, bins, items, lots):
        self.db, self.actor, self.bins, self.items, self.lots = db, actor, bins, items, lots

    def dispose(self):
        self.db.dispose()


def _warelink_setup(tmp: str) -> _Warelink:
    from sqlalchemy import select

    from domain.numbering import ensure_rules
    from domain.persistence import tables as t
    from domain.persistence.database import Database
    from domain.services.masterdata import BinData, ItemData, MasterDataService
    from domain.services.users import UserService, actor_of
    os.environ.setdefault("WARELINK_FAST_PASSWORD_HASH", "1")
    db = Database(f"sqlite:///{tmp}/warelink.db")
    db.migrate()
    admin = actor_of(UserService(db).create_first_admin("admin", "benchmark-pw"))
    db.write(ensure_rules)
    master = MasterDataService(db)
    master.save_warehouse(admin, "WH", "Warehouse")
    for code in LOCATIONS:
        master.save_bin(admin, BinData("WH", code))
    for n in HISTORY:
        master.save_item(admin, ItemData(f"P{n}", f"Product P{n}", lot_tracked=True))
    with db.read() as s:
        bins = dict(s.execute(select(t.bins.c.code, t.bins.c.id)).all())
        items = dict(s.execute(select(t.items.c.code, t.items.c.id)).all())
    return _Warelink(db, admin, bins, items, {})


def _warelink_load(wl: _Warelink, code: str, moves) -> None:
    from domain.model.stock import MoveReason
    from domain.services.ledger import MoveLine, Posting, post
    from domain.services.stock import StockService
    item = wl.items[code]
    service = StockService(wl.db)
    for src, dst, lot, qty in moves:                 # the receipts create the lots
        if src is None:
            service.receive(wl.actor, item=code, qty=qty, bin=dst, lot=lot,
                            expiry=date(2030, 1, 1))
    from sqlalchemy import select

    from domain.persistence import tables as t
    with wl.db.read() as s:
        lots = dict(s.execute(select(t.lots.c.lot_no, t.lots.c.id)
                              .where(t.lots.c.item_id == item)).all())
    transfers = [m for m in moves if m[0] is not None]
    now = datetime.now(timezone.utc)
    for start in range(0, len(transfers), 200):     # a posting checks its outflows against
        chunk = transfers[start:start + 200]        # the stock before it: keep them small
        lines = [MoveLine(item, Decimal(qty), from_bin_id=wl.bins[src], to_bin_id=wl.bins[dst],
                          lot_id=lots[lot], from_status="available", to_status="available")
                 for src, dst, lot, qty in chunk]
        wl.db.write(lambda s: post(s, wl.actor, Posting(MoveReason.TRANSFER, lines,
                                                         document_ref=f"{code}-{start}"),
                                   now=now, today=now.date()))


def _warelink_query(wl: _Warelink, code: str) -> tuple[float, dict]:
    from domain.queries.stock import StockFilter, stock_page
    got: dict = {}
    with wl.db.read() as s:
        for r in stock_page(s, StockFilter(item=code), limit=200):
            if r["on_hand"]:
                got[(r["bin"], r["lot_no"])] = int(r["on_hand"])
        samples = []
        for _ in range(REPEATS * 10):
            t0 = time.perf_counter()
            stock_page(s, StockFilter(item=code), limit=200)
            samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), got
