"""A posting whose lines carry their own reason (a count's gains and losses) is still one
ledger posting: one ERP message listing each line's reason, each move row with its own."""
import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from domain import errors
from domain.model import MoveReason
from domain.persistence.tables import audit_log, outbox, stock_moves
from domain.queries.stock import ledger_mismatches
from domain.services import ledger
from domain.services.ledger import MoveLine, Posting
from domain.services.stock import find_bin, find_item
from tests.integration.conftest import NOW

GAIN, LOSS = MoveReason.ADJUSTMENT_GAIN, MoveReason.ADJUSTMENT_LOSS


def _ids(world):
    with world.db.read() as s:
        return find_item(s, "PLAIN").id, find_bin(s, "A-01").id, find_bin(s, "A-02").id


def _post(world, posting):
    return world.db.write(lambda s: ledger.post(s, world.supervisor, posting, now=NOW,
                                                today=NOW.date()))


def _rows(world, table, *columns):
    with world.db.read() as s:
        return s.execute(select(*[table.c[c] for c in columns]).order_by(table.c.id)).all()


def test_gains_and_losses_in_one_posting_send_one_message(world, ledger_path):
    item, a01, a02 = _ids(world)
    world.stock.receive(world.clerk, item="PLAIN", qty=10, bin="A-01")
    before = len(_rows(world, outbox, "id"))
    result = _post(world, Posting(None, [
        MoveLine(item_id=item, qty=Decimal(3), to_bin_id=a02, to_status="available",
                 reason=GAIN, note="CYCLE"),
        MoveLine(item_id=item, qty=Decimal(2), from_bin_id=a01, from_status="available",
                 reason=LOSS, note="CYCLE"),
    ], "CNT-1", "count.adjusted", {"count": {"task": "CNT-1"}}))
    assert result.move_count == 2
    messages = _rows(world, outbox, "message_type", "document_key", "payload")[before:]
    [(message_type, key, payload)] = messages
    payload = json.loads(payload)
    assert (message_type, key, payload["reason"]) == ("count.adjusted", "CNT-1", None)
    assert [(l["reason"], l["qty"], l["from_bin"] is None) for l in payload["lines"]] == [
        ("adjustment_gain", "3", True), ("adjustment_loss", "2", False)]
    moves = _rows(world, stock_moves, "document_ref", "reason", "qty")
    assert [(r.reason, r.qty) for r in moves if r.document_ref == "CNT-1"] == [
        ("adjustment_gain", 3), ("adjustment_loss", 2)]
    assert _rows(world, audit_log, "action")[-1].action == "stock.mixed"
    with world.db.read() as s:
        assert ledger_mismatches(s) == []


def test_lines_of_one_reason_name_the_message_after_it(world, ledger_path):
    item, a01, _ = _ids(world)
    world.stock.receive(world.clerk, item="PLAIN", qty=5, bin="A-01")
    _post(world, Posting(None, [MoveLine(item_id=item, qty=Decimal(1), from_bin_id=a01,
                                         from_status="available", reason=LOSS)],
                         "CNT-2", "count.adjusted"))
    payload = json.loads(_rows(world, outbox, "payload")[-1].payload)
    assert payload["reason"] == "adjustment_loss"
    assert payload["lines"][0]["reason"] == "adjustment_loss"


def test_a_line_without_any_reason_or_a_mixed_posting_without_a_type_is_refused(world):
    item, _, a02 = _ids(world)
    gain = MoveLine(item_id=item, qty=Decimal(1), to_bin_id=a02, to_status="available")
    with pytest.raises(errors.InvalidInput, match="reason"):
        _post(world, Posting(None, [gain], "X-1", "count.adjusted"))
    with pytest.raises(errors.InvalidInput, match="message type"):
        _post(world, Posting(None, [MoveLine(**{**gain.__dict__, "reason": GAIN})], "X-2"))
    assert _rows(world, stock_moves, "id") == []
