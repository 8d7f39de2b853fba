"""Reading Tryton: the warehouse's master data (cached per connector), and the inbound side of
the sync (``integration.inbound`` turns these into orders here, idempotently): products,
parties, purchase orders' pending incoming moves, open customer shipments, each on a cursor of
Tryton's create/write dates; ``book_stock()`` is the whole book stock of the warehouse per
product and lot (``BookStock`` rows for the reconciliation), ``book_stock(code, lot)`` one
quantity, ``book_moves`` the moves behind it.
"""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from integration.connectors.base import ConnectorError
from integration.connectors.tryton_rpc import TrytonSession


class TrytonReader(TrytonSession):
    def __init__(self, url: str, database: str, username: str, password: str, *,
                 warehouse: str = "WH", supplier: str = "Warehouse receipts",
                 timeout: float = 30.0) -> None:
        super().__init__(url, database, username, password, timeout=timeout)
        self.warehouse_code = warehouse
        self.supplier_name = supplier
        self._cache: dict[str, Any] = {}

    # -- master data lookups --------------------------------------------------------------------
    def _one(self, key: str, model: str, domain: list, fields: list[str], what: str) -> dict:
        if key not in self._cache:
            found = self.call(f"{model}.search_read", domain, 0, 2, None, fields)
            if len(found) != 1:
                raise ConnectorError("mapping", f"{what}: {len(found)} match(es) in Tryton")
            self._cache[key] = found[0]
        return self._cache[key]

    def warehouse(self) -> dict:
        return self._one("wh", "stock.location", [["code", "=", self.warehouse_code],
                                                  ["type", "=", "warehouse"]],
                         ["id", "input_location", "storage_location", "output_location",
                          "lost_found_location"],
                         f"warehouse {self.warehouse_code}")

    def _location_of_type(self, type_: str) -> int:
        return self._one(f"loc:{type_}", "stock.location", [["type", "=", type_]], ["id"],
                         f"the {type_} location")["id"]

    def product(self, code: str) -> dict:
        return self._one(f"product:{code}", "product.product", [["code", "=", code]],
                         ["id", "default_uom", "cost_price"], f"product {code}")

    def supplier(self) -> int:
        return self._one("supplier", "party.party", [["name", "=", self.supplier_name]], ["id"],
                         f"supplier party {self.supplier_name!r}")["id"]

    def lot(self, product_id: int, number: str) -> int:
        found = self.call("stock.lot.search", [["product", "=", product_id], ["number", "=", number]],
                          0, 1, None)
        if found:
            return found[0]
        return self.call("stock.lot.create", [{"product": product_id, "number": number}])[0]

    # -- inbound --------------------------------------------------------------------------------
    def pull_products(self, cursor: datetime | None = None) -> tuple[list[dict], datetime | None]:
        """Products created or changed after ``cursor`` (UTC, naive as Tryton keeps it), and the
        cursor for the next pull. Pulling with the returned cursor again yields nothing new.
        ``cost`` is the variant's cost price (None when Tryton has none above zero: Tryton
        shows 0 for "not set"). A cost change alone does not change the product's write date
        (Tryton keeps costs in a table of their own), so it comes with the next other change."""
        rows = self.call("product.product.search_read",
                         _since(cursor, "template.write_date"),   # the name lives on the template
                         0, None, [["id", "ASC"]],
                         ["code", "name", "create_date", "write_date", "active",
                          "template.write_date", "cost_price"])
        newest = _newest(rows, cursor, "template.write_date")
        return ([{"code": r["code"], "name": r["name"], "active": r.get("active", True),
                  "cost": _dec(r["cost_price"]) if r.get("cost_price") else None}
                 for r in rows if r.get("code")], newest)

    def pull_parties(self, cursor: datetime | None = None) -> tuple[list[dict], datetime | None]:
        """Parties created or changed after ``cursor`` (deactivated ones too), and those with a
        purchase or sale created or changed since (a party becomes a supplier by its first PO),
        each with whether it is a supplier (has purchases) and a customer (has sales)."""
        fields_ = ["code", "name", "active", "create_date", "write_date"]
        rows = self.call("party.party.search_read",
                         [["active", "in", [True, False]], *_since(cursor)], 0, None,
                         [["id", "ASC"]], fields_)
        orders = [o for model in ("purchase.purchase", "sale.sale") for o in self.call(
            f"{model}.search_read", _since(cursor), 0, None, None,
            ["party", "create_date", "write_date"])]
        more = sorted({o["party"] for o in orders} - {r["id"] for r in rows})
        if more:
            rows += self.call("party.party.read", more, fields_)
        ids = [r["id"] for r in rows]
        suppliers = {p["party"] for p in self.call("purchase.purchase.search_read", [
            ["party", "in", ids]], 0, None, None, ["party"])} if ids else set()
        customers = {p["party"] for p in self.call("sale.sale.search_read", [
            ["party", "in", ids]], 0, None, None, ["party"])} if ids else set()
        return ([{"code": r["code"] or str(r["id"]), "name": r["name"],
                  "active": r.get("active", True), "supplier": r["id"] in suppliers,
                  "customer": r["id"] in customers} for r in rows],
                _newest(rows + orders, cursor))

    def pull_purchases(self, cursor: datetime | None = None) -> tuple[list[dict], datetime | None]:
        """Purchase orders with pending (draft, not yet shipped) incoming moves into this
        warehouse, for those whose pending moves were created or changed after ``cursor``.
        Each order lists all of its pending moves, per purchase line (``purchase.line,N``)."""
        wh = self.warehouse()
        pending = [["from_location.type", "=", "supplier"],
                   ["to_location", "=", wh["input_location"]], ["state", "=", "draft"],
                   ["shipment", "=", None], ["origin", "like", "purchase.line,%"]]
        changed = self.call("stock.move.search_read", [*pending, *_since(cursor)], 0, None,
                            None, ["purchase", "create_date", "write_date"])
        newest = _newest(changed, cursor)
        purchase_ids = sorted({m["purchase"] for m in changed if m.get("purchase")})
        if not purchase_ids:
            return [], newest
        moves = self.call("stock.move.search_read", [*pending, ["purchase", "in", purchase_ids]],
                          0, None, [["id", "ASC"]],
                          ["purchase", "product.code", "quantity", "origin", "planned_date"])
        orders = self.call("purchase.purchase.read", purchase_ids,
                           ["number", "reference", "party.name", "state"])
        docs = []
        for po in orders:
            own = [m for m in moves if m["purchase"] == po["id"]]
            dates = [m["planned_date"] for m in own if m.get("planned_date")]
            docs.append({"external_ref": f"purchase.purchase,{po['id']}", "number": po["number"],
                         "reference": po.get("reference") or "",
                         "supplier": (po.get("party.") or {}).get("name", ""),
                         "expected_date": min(dates) if dates else None,
                         "lines": _lines_by_ref(own)})
        return docs, newest

    def pull_customer_shipments(self, cursor: datetime | None = None
                                ) -> tuple[list[dict], datetime | None]:
        """Customer shipments of this warehouse still to pick (waiting or assigned), created or
        changed after ``cursor``; each line is one outgoing move, referenced by its sale line
        (``sale.line,N``) or, without a sale, by the move itself (``stock.move,N``)."""
        wh = self.warehouse()
        rows = self.call("stock.shipment.out.search_read", [
            ["state", "in", ["waiting", "assigned"]], ["warehouse", "=", wh["id"]],
            *_since(cursor)], 0, None, [["id", "ASC"]],
            ["number", "customer.name", "planned_date", "origins", "outgoing_moves",
             "create_date", "write_date"])
        move_ids = [i for r in rows for i in r["outgoing_moves"]]
        moves = self.call("stock.move.read", move_ids,
                          ["id", "product.code", "quantity", "origin", "state"]) if move_ids else []
        for m in moves:
            if not (m["origin"] or "").startswith("sale.line,"):
                m["origin"] = f"stock.move,{m['id']}"
        docs = []
        for r in rows:
            own = [m for m in moves if m["id"] in r["outgoing_moves"] and m["state"] != "cancelled"]
            docs.append({"external_ref": f"stock.shipment.out,{r['id']}", "number": r["number"],
                         "origins": r.get("origins") or "",
                         "customer": (r.get("customer.") or {}).get("name", ""),
                         "requested_date": r.get("planned_date"), "lines": _lines_by_ref(own)})
        return docs, _newest(rows, cursor)

    def book_stock(self, code: str | None = None, lot: str | None = None):
        """Without ``code``: the warehouse's whole book stock as ``BookStock`` rows, per lot for
        the products Tryton holds by lot (stock without a lot as a row with ``lot=None``).
        With ``code`` (and ``lot``): that one quantity."""
        ctx = {"locations": [self.warehouse()["id"]]}
        if code is None:
            return self._book(ctx)
        product = self.product(code)
        if lot:
            lot_ids = self.call("stock.lot.search", [["product", "=", product["id"]],
                                                     ["number", "=", lot]], 0, 1, None)
            if not lot_ids:
                return Decimal(0)
            rows = self.call_in(ctx, "stock.lot.read", lot_ids, ["quantity"])
        else:
            rows = self.call_in(ctx, "product.product.read", [product["id"]], ["quantity"])
        return Decimal(str(rows[0]["quantity"]))

    def book_moves(self, code: str, lot: str | None = None, limit: int = 100) -> list[dict]:
        """The ERP's side of a reconciliation drill-down: Tryton's done moves of product
        ``code`` (and ``lot``) into or out of the warehouse (moves between its own locations
        left out), newest first, as plain rows (``at``, ``qty`` signed for the warehouse,
        ``from``, ``to``, ``document``)."""
        product = self.product(code)
        wh = self.warehouse()
        inside = ["OR", ["from_location", "child_of", [wh["id"]], "parent"],
                  ["to_location", "child_of", [wh["id"]], "parent"]]
        domain = [["product", "=", product["id"]], ["state", "=", "done"], inside]
        if lot:
            domain.append(["lot.number", "=", lot])
        rows = self.call("stock.move.search_read", domain, 0, limit,
                         [["effective_date", "DESC"], ["id", "DESC"]],
                         ["effective_date", "quantity", "from_location.rec_name",
                          "to_location.rec_name", "from_location", "to_location", "shipment",
                          "origin"])
        located = set(self.call("stock.location.search",
                                [["parent", "child_of", [wh["id"]]]], 0, None, None))
        out = []
        for r in rows:
            if (r["from_location"] in located) == (r["to_location"] in located):
                continue                     # inside the warehouse (input -> storage): no change
            qty = _dec(r["quantity"])
            out.append({"at": r.get("effective_date"),
                        "qty": qty if r["to_location"] in located else -qty,
                        "from": (r.get("from_location.") or {}).get("rec_name", ""),
                        "to": (r.get("to_location.") or {}).get("rec_name", ""),
                        "document": str(r.get("shipment") or r.get("origin") or "")})
        return out

    def _book(self, ctx: dict) -> list:
        from domain.services.reconciliation import BookStock
        nonzero = ["OR", ["quantity", ">", 0], ["quantity", "<", 0]]
        products = self.call_in(ctx, "product.product.search_read", [nonzero], 0, None,
                                [["id", "ASC"]], ["code", "quantity"])
        lots = self.call_in(ctx, "stock.lot.search_read", [nonzero], 0, None, [["id", "ASC"]],
                            ["number", "product", "quantity"])
        missing = sorted({l["product"] for l in lots} - {p["id"] for p in products})
        if missing:       # lots of a product whose total is 0 (+1 in one lot, -1 in another)
            products += self.call_in(ctx, "product.product.read", missing, ["code", "quantity"])
        out = []
        for p in sorted(products, key=lambda p: p["id"]):
            if not p.get("code"):
                continue
            own = [l for l in lots if l["product"] == p["id"]]
            total = _dec(p["quantity"])
            for l in own:
                out.append(BookStock(p["code"], _dec(l["quantity"]), l["number"]))
                total -= _dec(l["quantity"])
            if total or not own:
                out.append(BookStock(p["code"], total, None))
        return out



# -- helpers ------------------------------------------------------------------------------------
def _dec(value: Any) -> Decimal:
    """A Tryton float quantity as an exact decimal (7.0 -> 7, 2.5 -> 2.5)."""
    d = Decimal(str(value or 0))
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def _since(cursor: datetime | None, *more: str) -> list:
    """Domain: created or written after ``cursor`` (also on the dotted ``more`` stamps)."""
    if cursor is None:
        return []
    c = cursor.astimezone(timezone.utc).replace(tzinfo=None) if cursor.tzinfo else cursor
    return [["OR", ["create_date", ">", c], ["write_date", ">", c],
             *([path, ">", c] for path in more)]]


def _newest(rows: list[dict], cursor: datetime | None, *more: str) -> datetime | None:
    newest = cursor.replace(tzinfo=None) if cursor is not None else None
    for r in rows:
        stamps = [r.get("create_date"), r.get("write_date")]
        for path in more:
            head, _, tail = path.partition(".")
            stamps.append((r.get(head + ".") or {}).get(tail))
        for stamp in stamps:
            if stamp is not None and (newest is None or stamp > newest):
                newest = stamp
    return newest


def _lines_by_ref(moves: list[dict]) -> list[dict]:
    """Moves summed per origin (purchase or sale line), in first-seen order."""
    lines: dict[str, dict] = {}
    for m in moves:
        ref = m["origin"]
        line = lines.setdefault(ref, {"item": (m.get("product.") or {}).get("code"),
                                      "qty": Decimal(0), "external_line_ref": ref})
        line["qty"] += _dec(m["quantity"])
    return list(lines.values())
