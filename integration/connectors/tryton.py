"""Tryton 8.2 over JSON-RPC with nothing but urllib (see ../shared/docs/tryton.md).

Outbound: a warehouse receipt (``stock.receipt``) becomes a ``stock.shipment.in`` whose
``reference`` is the message's idempotency key, with one incoming move per line (lots created on
the fly), then ``receive`` and ``do``: the stock is in the warehouse's storage location. Because
the key is on the shipment, ``already_delivered`` is one search, and ``send`` resumes a shipment a
crashed attempt left half-way instead of creating a second one. An adjustment
(``stock.adjustment_gain``/``_loss``) becomes a ``stock.shipment.internal`` between storage and Lost and Found,
also carrying the key.

Inbound: ``pull_products(cursor)`` returns products (code, name) created or changed after the
cursor, and the next cursor.

The session token and password never appear in logs, errors or the inbox detail.
"""
from __future__ import annotations

import base64
import gzip
import json
import logging
import urllib.error
import urllib.request
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

from integration.connectors.base import Ack, ConnectorError, Message, classify

log = logging.getLogger(__name__)

SUPPORTED = ("stock.receipt", "stock.adjustment_gain", "stock.adjustment_loss")


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"__class__": "Decimal", "decimal": str(value)}
    if isinstance(value, datetime):
        return {"__class__": "datetime", "year": value.year, "month": value.month,
                "day": value.day, "hour": value.hour, "minute": value.minute,
                "second": value.second, "microsecond": value.microsecond}
    if isinstance(value, date):
        return {"__class__": "date", "year": value.year, "month": value.month, "day": value.day}
    raise TypeError(f"cannot encode {type(value).__name__}")


def _decode(obj: dict) -> Any:
    cls = obj.get("__class__")
    if cls == "Decimal":
        return Decimal(obj["decimal"])
    if cls == "datetime":
        return datetime(obj["year"], obj["month"], obj["day"], obj.get("hour", 0),
                        obj.get("minute", 0), obj.get("second", 0), obj.get("microsecond", 0))
    if cls == "date":
        return date(obj["year"], obj["month"], obj["day"])
    if cls == "bytes":
        return base64.b64decode(obj["base64"])
    return obj


class TrytonError(ConnectorError):
    pass


class TrytonConnector:
    name = "tryton"

    def __init__(self, url: str, database: str, username: str, password: str, *,
                 warehouse: str = "WH", supplier: str = "Warehouse receipts",
                 timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.database = database
        self.username = username
        self._password = password
        self.warehouse_code = warehouse
        self.supplier_name = supplier
        self.timeout = timeout
        self._auth: str | None = None
        self._context: dict = {}
        self._cache: dict[str, Any] = {}
        self._id = 0

    def __repr__(self) -> str:   # never the password or the session
        return f"<TrytonConnector {self.username}@{self.url}/{self.database}>"

    # -- transport ----------------------------------------------------------------------------
    def _post(self, path: str, method: str, params: list, auth: bool) -> Any:
        self._id += 1
        body = json.dumps({"id": self._id, "method": method, "params": params},
                          default=_encode).encode()
        headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip"}   # G8
        if auth and self._auth:
            headers["Authorization"] = self._auth
        req = urllib.request.Request(self.url + path, data=body, headers=headers)
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:
            raw = resp.read()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        reply = json.loads(raw, object_hook=_decode)
        if reply.get("error"):
            raise self._error(method, reply["error"])
        return reply.get("result")

    @staticmethod
    def _error(method: str, error: Any) -> TrytonError:
        kind = error[0] if isinstance(error, list) and error else str(error)
        detail = error[1] if isinstance(error, list) and len(error) > 1 else ""
        text = detail[0] if isinstance(detail, list) and detail else str(detail or kind)
        if kind in ("UserError", "UserWarning", "AccessError", "RequiredValidationError",
                    "DomainValidationError", "SelectionValidationError") or "ValidationError" in kind:
            cls = "validation"
        elif kind in ("ConcurrencyException",) or "locked" in str(text).lower():
            cls = "locked"
        elif kind in ("LoginException", "NotLogged"):
            cls = "auth"
        else:
            cls = "mapping"
        return TrytonError(cls, f"{method}: {kind}: {str(text)[:500]}",
                           request={"method": method}, response={"error": kind, "message": str(text)[:500]})

    def login(self) -> None:
        result = self._post("/" + self.database + "/rpc/", "common.db.login",
                            [self.username, {"password": self._password}, "en"], auth=False)
        if not result:
            raise ConnectorError("auth", "Tryton refused the login")
        user_id, session = result[0], result[1]
        token = base64.b64encode(f"{self.username}:{user_id}:{session}".encode()).decode()
        self._auth = "Session " + token
        self._context = self._post("/" + self.database + "/rpc/", "model.res.user.get_preferences",
                                   [True, {}], auth=True)   # G9: send the preferences every call

    def call(self, model_method: str, *args: Any) -> Any:
        """``call("stock.move.search_read", domain, 0, None, None, fields)``: the context is added."""
        if self._auth is None:
            self.login()
        path = "/" + self.database + "/rpc/"
        try:
            return self._post(path, "model." + model_method, [*args, self._context], auth=True)
        except urllib.error.HTTPError as exc:
            if exc.code != 401:
                raise
            self.login()                                       # the session expired
            return self._post(path, "model." + model_method, [*args, self._context], auth=True)

    def version(self) -> str:
        return self._post("/rpc/", "common.server.version", [], auth=False)

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
                         ["id", "input_location", "storage_location", "lost_found_location"],
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

    # -- the Connector protocol -----------------------------------------------------------------
    def _find(self, message: Message) -> tuple[str, dict] | None:
        for model in ("stock.shipment.in", "stock.shipment.internal"):
            found = self.call(f"{model}.search_read", [["reference", "=", message.idempotency_key]],
                              0, 1, None, ["id", "state"])
            if found:
                return model, found[0]
        return None

    def already_delivered(self, message: Message) -> bool:
        try:
            found = self._find(message)
        except Exception as exc:
            raise classify(exc) from None
        return found is not None and found[1]["state"] == "done"

    def send(self, message: Message) -> Ack:
        if message.message_type not in SUPPORTED:
            raise ConnectorError("mapping", f"no Tryton mapping for {message.message_type}")
        try:
            existing = self._find(message) if message.attempts > 1 else None
            if message.message_type == "stock.receipt":
                return self._receipt(message, existing)
            return self._adjustment(message, existing)
        except ConnectorError:
            raise
        except Exception as exc:
            raise classify(exc) from None

    def _move(self, line: dict, from_loc: int, to_loc: int, *, priced: bool) -> dict:
        product = self.product(line["item"])
        move = {"product": product["id"], "unit": product["default_uom"],
                "quantity": float(Decimal(line["qty"])), "from_location": from_loc,
                "to_location": to_loc, "company": self._context.get("company")}
        if priced:
            move["unit_price"] = Decimal(str(product.get("cost_price") or 0))
            move["currency"] = self._company_currency()
        if line.get("lot"):
            move["lot"] = self.lot(product["id"], line["lot"])
        return move

    def _company_currency(self) -> int:
        return self._one("company", "company.company", [["id", "=", self._context.get("company")]],
                         ["currency"], "the user's company")["currency"]

    def _receipt(self, message: Message, existing) -> Ack:
        wh = self.warehouse()
        if existing is None:
            moves = [self._move(l, self._location_of_type("supplier"), wh["input_location"],
                                priced=True) for l in message.payload["lines"]]
            shipment_id = self.call("stock.shipment.in.create", [{
                "supplier": self.supplier(), "warehouse": wh["id"],
                "warehouse_input": wh["input_location"], "warehouse_storage": wh["storage_location"],
                "reference": message.idempotency_key, "incoming_moves": [["create", moves]]}])[0]
            state = "draft"
        else:
            shipment_id, state = existing[1]["id"], existing[1]["state"]
        if state == "draft":
            self.call("stock.shipment.in.receive", [shipment_id])
            state = "received"
        if state == "received":
            self.call("stock.shipment.in.do", [shipment_id])
        return self._ack("stock.shipment.in", shipment_id)

    def _adjustment(self, message: Message, existing) -> Ack:
        wh = self.warehouse()
        lines = message.payload["lines"]
        if existing is None:
            moves = []
            for l in lines:
                gain = l.get("from_bin") is None
                ends = (wh["lost_found_location"], wh["storage_location"])
                moves.append(self._move(l, *(ends if gain else ends[::-1]), priced=False))
            shipment_id = self.call("stock.shipment.internal.create", [{
                "from_location": moves[0]["from_location"], "to_location": moves[0]["to_location"],
                "reference": message.idempotency_key, "moves": [["create", moves]]}])[0]
            state = "draft"
        else:
            shipment_id, state = existing[1]["id"], existing[1]["state"]
        if state == "draft":
            self.call("stock.shipment.internal.wait", [shipment_id])
            state = "waiting"
        if state == "waiting":
            self.call("stock.shipment.internal.assign_force", [shipment_id])
            state = "assigned"
        if state == "assigned":
            self.call("stock.shipment.internal.do", [shipment_id])
        return self._ack("stock.shipment.internal", shipment_id)

    def _ack(self, model: str, shipment_id: int) -> Ack:
        (row,) = self.call(f"{model}.read", [shipment_id], ["number", "state"])
        if row["state"] != "done":
            raise ConnectorError("validation", f"{model} {row['number']} stayed {row['state']}")
        return Ack(reference=row["number"] or str(shipment_id), detail={"model": model, "id": shipment_id})

    # -- inbound --------------------------------------------------------------------------------
    def pull_products(self, cursor: datetime | None = None) -> tuple[list[dict], datetime | None]:
        """Products created or changed after ``cursor`` (UTC, naive as Tryton keeps it), and the
        cursor for the next pull. Pulling with the returned cursor again yields nothing new."""
        domain: list = []
        if cursor is not None:
            c = cursor.astimezone(timezone.utc).replace(tzinfo=None) if cursor.tzinfo else cursor
            domain = ["OR", ["create_date", ">", c], ["write_date", ">", c],
                      ["template.write_date", ">", c]]    # the name lives on the template
        rows = self.call("product.product.search_read", domain, 0, None, [["id", "ASC"]],
                         ["code", "name", "create_date", "write_date", "active",
                          "template.write_date"])
        newest = cursor
        for r in rows:
            for stamp in (r.get("create_date"), r.get("write_date"),
                          (r.get("template.") or {}).get("write_date")):
                if stamp is not None and (newest is None or stamp > newest.replace(tzinfo=None)):
                    newest = stamp
        return ([{"code": r["code"], "name": r["name"], "active": r.get("active", True)}
                 for r in rows if r.get("code")], newest)

    def book_stock(self, code: str, lot: str | None = None) -> Decimal:
        """The ERP's quantity of one product (optionally one lot) in the warehouse."""
        product = self.product(code)
        ctx = {**self._context, "locations": [self.warehouse()["id"]]}
        if self._auth is None:
            self.login()
        if lot:
            lot_ids = self.call("stock.lot.search", [["product", "=", product["id"]],
                                                     ["number", "=", lot]], 0, 1, None)
            if not lot_ids:
                return Decimal(0)
            rows = self._post("/" + self.database + "/rpc/", "model.stock.lot.read",
                              [lot_ids, ["quantity"], ctx], auth=True)
        else:
            rows = self._post("/" + self.database + "/rpc/", "model.product.product.read",
                              [[product["id"]], ["quantity"], ctx], auth=True)
        return Decimal(str(rows[0]["quantity"]))
