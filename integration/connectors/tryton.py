"""Tryton 8.2 over JSON-RPC with nothing but urllib (see ../shared/docs/tryton.md).

Outbound, one Tryton document per message, each carrying the message's idempotency key so that
``already_delivered`` is one search and ``send`` resumes a document a crashed attempt left
half-way instead of creating a second one:

* ``inbound.received`` against a pulled purchase order (its line reference is
  ``purchase.line,N``): the PO line's draft incoming moves go into a ``stock.shipment.in`` whose
  ``reference`` is the key, in one ``create`` that also writes the received quantity and lot on
  the first move and copies it for further lots; then ``receive`` and ``do``. Receiving less
  leaves Tryton's own remainder move on the PO (its backorder); receiving more than is pending
  (an over-receipt approved here) adds a move to the PO line. Without a PO reference (blind
  receipts, ``stock.receipt``, orders made here) the moves come from the configured supplier
  party.
* ``outbound.shipped`` against a pulled customer shipment (line references ``sale.line,N``):
  the open ``stock.shipment.out`` holding those sale lines gets the key in its ``reference`` and
  the shipped quantities and lots on its inventory moves (lines not shipped: 0) in one
  ``write``; an order made here gets a new ``stock.shipment.out`` to the Tryton party of its
  customer's name (none: a mapping error, the inbox). Then ``assign_try`` (``assign_force``
  when Tryton's books lack the stock: the floor is the truth), ``pick``, ``pack``, ``do``.
  What was not shipped (a short pick here) stays in Tryton as the sale's backorder shipment.
* ``count.adjusted`` becomes a ``stock.inventory`` of the storage location with, per item and
  lot, Tryton's expected quantity plus the counted difference; ``stock.inventory`` has no free
  field, so the key is an ``ir.note`` on it, created right after the (empty) inventory. A crash
  between the two leaves an empty draft inventory, which moves nothing.
* ``inbound.closed`` of a pulled purchase order (closed short here), and ``inbound.cancelled``
  (the order cancelled here before anything arrived), cancel the PO lines' pending moves, so
  Tryton shows the PO's shipment exception for the buyer; the key is then noted on the PO
  (``ir.note``). Cancelling twice is a no-op, so a retry is harmless. ``outbound.cancelled`` of
  a pulled sale cancels its open customer shipments (the sale shows a shipment exception) and
  notes the key on the sale.
* ``return.received`` becomes a ``stock.shipment.out.return`` (customer → warehouse), received
  and done.
* ``stock.issue``, ``stock.scrap``, ``stock.adjustment_gain``/``_loss`` and
  ``reconciliation.correction`` become a ``stock.shipment.internal`` between storage and the
  warehouse's Lost and Found (losses out, gains in), also carrying the key.
* ``ACKNOWLEDGED`` types move stock only inside the warehouse (or nothing at all) and are
  acknowledged without calling Tryton; any other type is a mapping error (the inbox).

Workflow buttons go through ``button``: a Tryton *warning* about what the warehouse has already
done (moves without a purchase or sale origin, more received than ordered) is accepted the way
the Tryton client does after asking (a one-time ``res.user.warning``) and listed in the attempt's
response; errors are never accepted.

The connector reads through ``tryton_reads.TrytonReader`` (master data, the inbound pulls, the
book stock) over ``tryton_rpc.TrytonSession`` (the JSON-RPC session).

The session token and password never appear in logs, errors or the inbox detail.
"""
from __future__ import annotations

import json
import logging
from datetime import date
from decimal import Decimal

from integration.connectors.base import Ack, ConnectorError, Message, classify
from integration.connectors.tryton_reads import TrytonReader

log = logging.getLogger(__name__)

# Stock that stays inside the warehouse (bins, statuses, staging) or no stock at all: nothing
# for Tryton, which keeps one storage location per warehouse. A short pick's remainder reaches
# Tryton with the shipment (``outbound.shipped``); ``stock.reconciled`` is the warehouse taking
# the ERP's figure, so posting it back would undo it.
ACKNOWLEDGED = frozenset({
    "stock.transfer", "stock.status_change", "move.confirmed", "putaway.confirmed",
    "pick.confirmed", "pick.short", "pick.unpicked", "package.unpacked", "inspection.recorded",
    "lot.blocked", "lot.released", "count.approved", "stock.reconciled",
})
RECEIPTS = ("stock.receipt", "inbound.received")
LOSSES_AND_GAINS = ("stock.adjustment_gain", "stock.adjustment_loss", "stock.issue",
                    "stock.scrap", "reconciliation.correction")
SUPPORTED = (*RECEIPTS, *LOSSES_AND_GAINS, "outbound.shipped", "count.adjusted",
             "return.received", "inbound.closed", "inbound.cancelled", "outbound.cancelled")
NOTE_PREFIX = "warelink:"   # an ir.note carrying a key where a document has no free field
NOTED = {"count.adjusted": "stock.inventory", "inbound.closed": "purchase.purchase",
         "inbound.cancelled": "purchase.purchase", "outbound.cancelled": "sale.sale"}


class TrytonConnector(TrytonReader):
    """Posts warehouse messages to Tryton (the module docstring says how each type maps)."""
    name = "tryton"

    # -- the Connector protocol -----------------------------------------------------------------
    def _find(self, message: Message) -> tuple[str, dict] | None:
        """The Tryton document already carrying the message's key, if any."""
        key, kind = message.idempotency_key, message.message_type
        if kind in ACKNOWLEDGED:
            return None
        if kind in NOTED:
            notes = self.call("ir.note.search_read", [["message", "=", NOTE_PREFIX + key]],
                              0, None, None, ["resource"])
            for note in notes:
                model, _, rid = (note.get("resource") or "").partition(",")
                if model != NOTED[kind]:
                    continue
                if model in ("purchase.purchase", "sale.sale"):   # noted last: all done
                    return model, {"id": int(rid), "state": "done"}
                (row,) = self.call(f"{model}.read", [int(rid)], ["id", "state"])
                return model, row
            return None
        models = {"outbound.shipped": ("stock.shipment.out",),
                  "return.received": ("stock.shipment.out.return",)}.get(
            kind, ("stock.shipment.in", "stock.shipment.internal"))
        for model in models:
            found = self.call(f"{model}.search_read", [["reference", "like", f"%{key}%"]],
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
        kind = message.message_type
        if kind in ACKNOWLEDGED:
            return Ack(detail={"posted": False,
                               "why": "moves no stock Tryton keeps (or none at all)"})
        if kind not in SUPPORTED:
            raise ConnectorError("mapping", f"no Tryton mapping for {kind}")
        self.accepted = []
        try:
            existing = self._find(message) if message.attempts > 1 else None
            if kind in RECEIPTS:
                return self._receipt(message, existing)
            if kind == "outbound.shipped":
                return self._shipped(message, existing)
            if kind == "count.adjusted":
                return self._inventory(message, existing)
            if kind == "return.received":
                return self._return(message, existing)
            if kind in ("inbound.closed", "inbound.cancelled"):
                return self._closed(message, existing)
            if kind == "outbound.cancelled":
                return self._sale_cancelled(message, existing)
            return self._adjustment(message, existing)
        except ConnectorError:
            raise
        except Exception as exc:
            raise classify(exc) from None

    def _move(self, line: dict, from_loc: int, to_loc: int, *, priced: bool) -> dict:
        product = self.product(line["item"])
        move = {"product": product["id"], "unit": product["default_uom"],
                "quantity": float(abs(Decimal(line["qty"]))), "from_location": from_loc,
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

    def _state(self, model: str, record_id: int) -> str:
        return self.call(f"{model}.read", [record_id], ["state"])[0]["state"]

    # -- receipts -------------------------------------------------------------------------------
    def _receipt(self, message: Message, existing) -> Ack:
        if existing is None:
            shipment_id, state = self._create_receipt(message), "draft"
        else:
            shipment_id, state = existing[1]["id"], existing[1]["state"]
        if state == "draft":
            self.button("stock.shipment.in.receive", shipment_id)
            state = "received"
        if state == "received":
            self.button("stock.shipment.in.do", shipment_id)
        return self._ack("stock.shipment.in", shipment_id)

    def _create_receipt(self, message: Message) -> int:
        wh = self.warehouse()
        header = {"warehouse": wh["id"], "warehouse_input": wh["input_location"],
                  "warehouse_storage": wh["storage_location"],
                  "reference": message.idempotency_key}
        ref = ((message.payload.get("inbound_order") or {}).get("external_line_ref") or "")
        if not ref.startswith("purchase.line,"):       # blind, or an order made here
            moves = [self._move(l, self._location_of_type("supplier"), wh["input_location"],
                                priced=True) for l in message.payload["lines"]]
            return self.call("stock.shipment.in.create", [{
                **header, "supplier": self.supplier(), "incoming_moves": [["create", moves]]}])[0]
        (pline,) = self.call("purchase.line.read", [int(ref.split(",")[1])],
                             ["purchase", "product", "unit", "unit_price"])
        (po,) = self.call("purchase.purchase.read", [pline["purchase"]], ["party", "currency"])
        groups = []
        for lot, qty in _by_lot(message.payload["lines"]):
            groups.append({"quantity": float(qty),
                           "lot": self.lot(pline["product"], lot) if lot else None})
        for line in message.payload["lines"]:
            if self.product(line["item"])["id"] != pline["product"]:
                raise ConnectorError("mapping", f"{line['item']} is not the product of {ref}")
        draft = self.call("stock.move.search_read", [
            ["origin", "=", ref], ["state", "=", "draft"], ["shipment", "=", None]],
            0, None, [["id", "ASC"]], ["id"])
        if draft:     # the PO's pending move takes the first lot; further lots are copies of it
            first = draft[0]["id"]
            commands = [["add", [first]], ["write", [first], groups[0]],
                        *(["copy", [first], g] for g in groups[1:])]
        else:         # nothing left pending on the line: an over-receipt, booked on the line
            commands = [["create", [{
                **g, "product": pline["product"], "unit": pline["unit"],
                "from_location": self._location_of_type("supplier"),
                "to_location": wh["input_location"], "unit_price": pline["unit_price"],
                "currency": po["currency"], "origin": ref,
                "company": self._context.get("company")} for g in groups]]]
        return self.call("stock.shipment.in.create", [{
            **header, "supplier": po["party"], "incoming_moves": commands}])[0]

    # -- customer shipments ---------------------------------------------------------------------
    def _shipped(self, message: Message, existing) -> Ack:
        model = "stock.shipment.out"
        if existing is None:
            shipment_id = self._prepare_shipment(message)
        else:
            shipment_id = existing[1]["id"]
        state = self._state(model, shipment_id)
        if state == "draft":               # created here, then the crash
            self.button(f"{model}.wait", shipment_id)
            state = "waiting"
        if state == "waiting":
            self.button(f"{model}.assign_try", shipment_id)
            if self._state(model, shipment_id) == "waiting":   # Tryton's books lack the stock
                self.button(f"{model}.assign_force", shipment_id)
            state = "assigned"
        if state == "assigned":
            self.button(f"{model}.pick", shipment_id)
            state = "picked"
        if state == "picked":
            self.button(f"{model}.pack", shipment_id)
            state = "packed"
        if state in ("packed", "shipped"):
            self.button(f"{model}.do", shipment_id)
        return self._ack(model, shipment_id)

    def _prepare_shipment(self, message: Message) -> int:
        """The open customer shipment of the order's sale lines, with the key in its reference
        and the shipped quantities and lots on its inventory moves, in one write."""
        order = message.payload.get("outbound_order") or {}
        refs = [l.get("external_line_ref") or "" for l in order.get("lines", [])]
        ours = [r.startswith(("sale.line,", "stock.move,")) for r in refs]
        if not any(ours):
            return self._new_customer_shipment(message)
        if not all(ours):
            raise ConnectorError("mapping", f"outbound order {order.get('number')} mixes lines "
                                            "from Tryton and lines made here")
        chunks = _shipped_chunks(order, message.payload.get("lines", []))
        sale_refs = [r for r in refs if r.startswith("sale.line,")]
        move_ids = [int(r.split(",")[1]) for r in refs if r.startswith("stock.move,")]
        found = self.call("stock.move.search_read", [
            ["OR", ["origin", "in", sale_refs or ["-"]], ["id", "in", move_ids]],
            ["shipment", "like", "stock.shipment.out,%"],
            ["state", "in", ["staging", "draft", "assigned"]]], 0, None, None, ["shipment"])
        shipment_ids = sorted({int(m["shipment"].split(",")[1]) for m in found})
        open_ = self.call("stock.shipment.out.search_read", [
            ["id", "in", shipment_ids], ["state", "in", ["draft", "waiting", "assigned"]]],
            0, None, [["id", "ASC"]], ["id", "state", "reference"])
        if not open_:
            raise ConnectorError("validation", f"no open customer shipment in Tryton for "
                                               f"{order.get('number')} ({', '.join(refs)})")
        shipment = open_[0]
        sid = shipment["id"]
        if shipment["state"] in ("draft", "assigned"):      # quantities are written in waiting
            self.button("stock.shipment.out.wait", sid)
        (row,) = self.call("stock.shipment.out.read", [sid], ["inventory_moves", "outgoing_moves"])
        outgoing = self.call("stock.move.read", row["outgoing_moves"], ["id", "origin", "product"])
        ref_of = {m["id"]: (m["origin"] if (m["origin"] or "").startswith("sale.line,")
                            else f"stock.move,{m['id']}") for m in outgoing}
        ref_of_product = {m["product"]: ref_of[m["id"]] for m in outgoing}
        inventory = self.call("stock.move.read", row["inventory_moves"],
                              ["id", "origin", "product", "state"])
        by_ref: dict[str, list[int]] = {}
        for m in sorted(inventory, key=lambda m: m["id"]):
            origin = m["origin"] or ""
            ref = (ref_of.get(int(origin.split(",")[1])) if origin.startswith("stock.move,")
                   else None) or ref_of_product.get(m["product"])
            by_ref.setdefault(ref, []).append(m["id"])
        missing = [r for r in chunks if r not in by_ref]
        if missing:
            raise ConnectorError("validation", f"Tryton shipment {sid} does not hold "
                                               f"{', '.join(missing)}")
        commands: list = []
        for ref, ids in by_ref.items():
            parts = chunks.get(ref, [])
            product = None
            for i, move_id in enumerate(ids):
                if i < len(parts):
                    lot, qty = parts[i]
                    product = product or self._move_product(inventory, move_id)
                    commands.append(["write", [move_id], {
                        "quantity": float(qty), "lot": self.lot(product, lot) if lot else None}])
                else:
                    commands.append(["write", [move_id], {"quantity": 0.0}])
            for lot, qty in parts[len(ids):]:
                product = product or self._move_product(inventory, ids[0])
                commands.append(["copy", [ids[0]], {
                    "quantity": float(qty), "lot": self.lot(product, lot) if lot else None}])
        reference = " ".join(filter(None, [shipment.get("reference"), message.idempotency_key]))
        self.call("stock.shipment.out.write", [sid], {"reference": reference,
                                                      "inventory_moves": commands})
        return sid

    def _new_customer_shipment(self, message: Message) -> int:
        """An order made here: a new customer shipment to the Tryton party of the same name,
        its outgoing moves carrying the lots (``wait`` makes the inventory moves from them)."""
        order = message.payload.get("outbound_order") or {}
        name = order.get("customer") or ""
        found = self.call("party.party.search", [["name", "=", name]], 0, 1, None)
        if not found:
            raise ConnectorError("mapping", f"customer {name!r} is not a party in Tryton")
        address = self.call("party.address.search", [["party", "=", found[0]]], 0, 1, None)
        if not address:
            raise ConnectorError("mapping", f"customer {name!r} has no address in Tryton")
        wh = self.warehouse()
        lines: dict[tuple[str, str | None], Decimal] = {}
        for l in message.payload.get("lines", []):
            key = (l["item"], l.get("lot"))
            lines[key] = lines.get(key, Decimal(0)) + abs(Decimal(l["qty"]))
        moves = [self._move({"item": item, "lot": lot, "qty": qty}, wh["output_location"],
                            self._location_of_type("customer"), priced=True)
                 for (item, lot), qty in lines.items()]
        shipment_id = self.call("stock.shipment.out.create", [{
            "customer": found[0], "delivery_address": address[0], "warehouse": wh["id"],
            "warehouse_storage": wh["storage_location"], "warehouse_output": wh["output_location"],
            "company": self._context.get("company"), "reference": message.idempotency_key,
            "outgoing_moves": [["create", moves]]}])[0]
        self.button("stock.shipment.out.wait", shipment_id)
        return shipment_id

    @staticmethod
    def _move_product(moves: list[dict], move_id: int) -> int:
        return next(m["product"] for m in moves if m["id"] == move_id)

    # -- counts ---------------------------------------------------------------------------------
    def _inventory(self, message: Message, existing) -> Ack:
        model = "stock.inventory"
        if existing is None:
            inventory_id = self.call(f"{model}.create", [{
                "location": self.warehouse()["storage_location"], "date": date.today(),
                "empty_quantity": "keep", "company": self._context.get("company")}])[0]
            self.call("ir.note.create", [{"resource": f"{model},{inventory_id}",
                                          "message": NOTE_PREFIX + message.idempotency_key}])
            state = "draft"
        else:
            inventory_id, state = existing[1]["id"], existing[1]["state"]
        if state == "draft":
            self._fill_inventory(inventory_id, message.payload.get("lines", []))
            self.button(f"{model}.confirm", inventory_id)
        return self._ack(model, inventory_id)

    def _fill_inventory(self, inventory_id: int, lines: list[dict]) -> None:
        """Per product and lot: Tryton's expected quantity plus the counted difference. Lines
        that already have a quantity were written by a crashed attempt and are kept."""
        deltas: dict[tuple[int, int | None], Decimal] = {}
        for l in lines:
            product = self.product(l["item"])["id"]
            key = (product, self.lot(product, l["lot"]) if l.get("lot") else None)
            deltas[key] = deltas.get(key, Decimal(0)) + _signed(l)
        deltas = {k: v for k, v in deltas.items() if v}
        fields_ = ["product", "lot", "quantity", "expected_quantity"]
        have = self.call("stock.inventory.line.search_read", [["inventory", "=", inventory_id]],
                         0, None, None, fields_)
        new = [{"product": p, "lot": lot} for p, lot in deltas
               if not any((h["product"], h["lot"]) == (p, lot) for h in have)]
        if new:
            self.call("stock.inventory.write", [inventory_id], {"lines": [["create", new]]})
            have = self.call("stock.inventory.line.search_read",
                             [["inventory", "=", inventory_id]], 0, None, None, fields_)
        writes: list = []
        for h in have:
            delta = deltas.get((h["product"], h["lot"]))
            if delta is not None and h["quantity"] is None:
                counted = Decimal(str(h["expected_quantity"] or 0)) + delta
                writes += [[h["id"]], {"quantity": float(counted)}]
        if writes:
            self.call("stock.inventory.line.write", *writes)

    # -- purchase orders closed short ----------------------------------------------------------
    def _closed(self, message: Message, existing) -> Ack:
        """Nothing more will come: the PO lines' pending moves are cancelled (Tryton then shows
        the PO's shipment exception for the buyer to settle), then the key is noted on the PO.
        A retry cancels nothing twice: cancelled moves are no longer pending."""
        if existing is not None:                       # noted: everything was done
            return Ack(reference="", detail={"model": "purchase.purchase",
                                             "id": existing[1]["id"]})
        lines = (message.payload.get("lines")                     # inbound.closed
                 or (message.payload.get("inbound_order") or {}).get("lines") or [])
        refs = [l.get("external_line_ref") or "" for l in lines]
        refs = [r for r in refs if r.startswith("purchase.line,")]
        if not refs:
            return Ack(detail={"posted": False, "why": "not a Tryton purchase order"})
        pending = self.call("stock.move.search", [["origin", "in", refs], ["state", "=", "draft"],
                                                  ["shipment", "=", None]], 0, None, None)
        if pending:
            self.call("stock.move.cancel", pending)
        (line,) = self.call("purchase.line.read", [int(refs[0].split(",")[1])], ["purchase"])
        self.call("ir.note.create", [{"resource": f"purchase.purchase,{line['purchase']}",
                                      "message": NOTE_PREFIX + message.idempotency_key}])
        (po,) = self.call("purchase.purchase.read", [line["purchase"]], ["number"])
        detail = {"model": "purchase.purchase", "id": line["purchase"],
                  "cancelled_moves": pending}
        return Ack(reference=po["number"] or "", detail=detail,
                   response=json.dumps(detail, ensure_ascii=False))

    def _sale_cancelled(self, message: Message, existing) -> Ack:
        """The order was cancelled here before anything shipped: the sale's open customer
        shipments are cancelled (Tryton then shows the sale's shipment exception for the
        salesperson), then the key is noted on the sale. A retry cancels nothing twice."""
        if existing is not None:
            return Ack(reference="", detail={"model": "sale.sale", "id": existing[1]["id"]})
        order = message.payload.get("outbound_order") or {}
        refs = [l.get("external_line_ref") or "" for l in order.get("lines", [])]
        refs = [r for r in refs if r.startswith("sale.line,")]
        if not refs:
            return Ack(detail={"posted": False, "why": "not a Tryton sale"})
        found = self.call("stock.move.search_read", [
            ["origin", "in", refs], ["shipment", "like", "stock.shipment.out,%"]],
            0, None, None, ["shipment"])
        shipment_ids = sorted({int(m["shipment"].split(",")[1]) for m in found})
        open_ = self.call("stock.shipment.out.search", [
            ["id", "in", shipment_ids], ["state", "in", ["draft", "waiting", "assigned"]]],
            0, None, [["id", "ASC"]])
        for shipment_id in open_:
            self.button("stock.shipment.out.cancel", shipment_id)
        (line,) = self.call("sale.line.read", [int(refs[0].split(",")[1])], ["sale"])
        self.call("ir.note.create", [{"resource": f"sale.sale,{line['sale']}",
                                      "message": NOTE_PREFIX + message.idempotency_key}])
        (sale,) = self.call("sale.sale.read", [line["sale"]], ["number"])
        detail = {"model": "sale.sale", "id": line["sale"], "cancelled_shipments": open_}
        return Ack(reference=sale["number"] or "", detail=detail,
                   response=json.dumps(detail, ensure_ascii=False))

    # -- customer returns -----------------------------------------------------------------------
    def _return(self, message: Message, existing) -> Ack:
        model = "stock.shipment.out.return"
        if existing is None:
            wh = self.warehouse()
            order = (message.payload.get("return") or {}).get("outbound_order") or {}
            moves = [self._move(l, self._location_of_type("customer"), wh["input_location"],
                                priced=True) for l in message.payload["lines"]]
            shipment_id = self.call(f"{model}.create", [{
                "customer": self._party(order.get("customer")), "warehouse": wh["id"],
                "warehouse_input": wh["input_location"],
                "warehouse_storage": wh["storage_location"],
                "reference": message.idempotency_key, "incoming_moves": [["create", moves]]}])[0]
            state = "draft"
        else:
            shipment_id, state = existing[1]["id"], existing[1]["state"]
        if state == "draft":
            self.button(f"{model}.receive", shipment_id)
            state = "received"
        if state == "received":
            self.button(f"{model}.do", shipment_id)
        return self._ack(model, shipment_id)

    def _party(self, name: str | None) -> int:
        """The party named so in Tryton, else the configured receipts party."""
        if name:
            found = self.call("party.party.search", [["name", "=", name]], 0, 1, None)
            if found:
                return found[0]
        return self.supplier()

    # -- losses and gains -----------------------------------------------------------------------
    def _adjustment(self, message: Message, existing) -> Ack:
        wh = self.warehouse()
        lines = message.payload["lines"]
        if existing is None:
            signs = {_signed(l) > 0 for l in lines}
            if len(signs) != 1:
                raise ConnectorError("mapping", "gains and losses in one message")
            ends = (wh["lost_found_location"], wh["storage_location"])
            ends = ends if signs.pop() else ends[::-1]
            moves = [self._move(l, *ends, priced=False) for l in lines]
            shipment_id = self.call("stock.shipment.internal.create", [{
                "from_location": ends[0], "to_location": ends[1],
                "reference": message.idempotency_key, "moves": [["create", moves]]}])[0]
            state = "draft"
        else:
            shipment_id, state = existing[1]["id"], existing[1]["state"]
        if state == "draft":
            self.button("stock.shipment.internal.wait", shipment_id)
            state = "waiting"
        if state == "waiting":
            self.button("stock.shipment.internal.assign_force", shipment_id)
            state = "assigned"
        if state == "assigned":
            self.button("stock.shipment.internal.do", shipment_id)
        return self._ack("stock.shipment.internal", shipment_id)

    def _ack(self, model: str, record_id: int) -> Ack:
        (row,) = self.call(f"{model}.read", [record_id], ["number", "state"])
        if row["state"] != "done":
            raise ConnectorError("validation", f"{model} {row['number']} stayed {row['state']}")
        detail = {"model": model, "id": record_id}
        if self.accepted:
            detail["accepted_warnings"], self.accepted = self.accepted, []
        return Ack(reference=row["number"] or str(record_id), detail=detail,
                   response=json.dumps({**detail, "number": row["number"]}, ensure_ascii=False))


# -- helpers ------------------------------------------------------------------------------------
def _by_lot(lines: list[dict]) -> list[tuple[str | None, Decimal]]:
    """Message lines summed per lot (serials of one lot are one move in Tryton)."""
    out: dict[str | None, Decimal] = {}
    for l in lines:
        out[l.get("lot")] = out.get(l.get("lot"), Decimal(0)) + abs(Decimal(l["qty"]))
    return list(out.items())


def _signed(line: dict) -> Decimal:
    """A message line as a change of the warehouse's stock: + gain, - loss, 0 inside it.
    A reconciliation correction's line carries its signed quantity without bins."""
    qty = Decimal(line["qty"])
    if "from_bin" not in line and "to_bin" not in line:
        return qty
    if line.get("to_bin") and not line.get("from_bin"):
        return abs(qty)
    if line.get("from_bin") and not line.get("to_bin"):
        return -abs(qty)
    return Decimal(0)


def _shipped_chunks(order: dict, lines: list[dict]) -> dict[str, list[tuple[str | None, Decimal]]]:
    """Per order line reference, the (lot, quantity) parts shipped: the order's lines say how
    much, the ledger lines of the same item which lots."""
    pools: dict[str, list[list]] = {}
    for lot, qty, item in ((l.get("lot"), abs(Decimal(l["qty"])), l["item"]) for l in lines):
        pool = pools.setdefault(item, [])
        same = next((p for p in pool if p[0] == lot), None)
        if same:
            same[1] += qty
        else:
            pool.append([lot, qty])
    out: dict[str, list[tuple[str | None, Decimal]]] = {}
    for ol in order.get("lines", []):
        need = Decimal(ol["qty_shipped"])
        parts = out.setdefault(ol["external_line_ref"], [])
        for p in pools.get(ol["item"], []):
            take = min(need, p[1])
            if take > 0:
                parts.append((p[0], take))
                p[1] -= take
                need -= take
        if need > 0:
            raise ConnectorError("mapping", f"{ol['item']}: {need} shipped on line "
                                            f"{ol['line_no']} without a stock line")
    return out

