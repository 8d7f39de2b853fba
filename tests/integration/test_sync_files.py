"""The file-exchange connector: atomic hand-over, exactly once by file name, the ERP's ack and
error folders read back into delivery or the error inbox (issue 7)."""
from __future__ import annotations

import csv
import json
import os
from datetime import timedelta

import pytest
from sqlalchemy import select

from domain.clock import FixedClock
from domain.persistence.tables import outbox
from integration.connectors.base import Message
from integration.connectors.files import FileExchangeConnector
from integration.dispatcher import Dispatcher
from integration.inbox import SyncInboxService
from integration.retry_policy import RetryPolicy
from integration.scheduler import make_connector
from tests.integration.conftest import NOW
from tests.integration.test_sync_dispatcher import put, rows


class Clock(FixedClock):
    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)


def msg(key="abc123", payload=None, mtype="stock.receipt"):
    return Message(1, mtype, "PO-1", key, payload if payload is not None else
                   {"document_ref": "PO-1", "lines": [{"item": "A", "qty": "2", "lot": "L1"},
                                                      {"item": "B", "qty": "1", "lot": None}]})


def importer(folder, ok=True, text=""):
    """The ERP's batch import: takes every handed-over file and leaves its verdict."""
    done = []
    for path in sorted((folder / "outbound").iterdir()):
        if path.name.startswith("."):
            continue
        verdict = folder / ("ack" if ok else "error")
        verdict.mkdir(exist_ok=True)
        (verdict / path.name).write_text(text or f"ERP-{len(done) + 1}", encoding="utf-8")
        path.unlink()
        done.append(path.name)
    return done


def test_json_file_is_written_atomically_and_named_by_the_key(tmp_path):
    c = FileExchangeConnector({"folder": str(tmp_path), "await_ack": False})
    ack = c.send(msg())
    path = tmp_path / "outbound" / "abc123.json"
    assert ack.reference == "abc123.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    assert body["idempotency_key"] == "abc123" and body["payload"]["lines"][0]["lot"] == "L1"
    assert [p.name for p in (tmp_path / "outbound").iterdir()] == ["abc123.json"]  # no temp left
    assert c.already_delivered(msg())
    mtime = path.stat().st_mtime_ns
    c.send(msg())                                           # a re-send never writes twice
    assert path.stat().st_mtime_ns == mtime
    assert not c.already_delivered(msg("other"))


def test_a_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    c = FileExchangeConnector({"folder": str(tmp_path), "await_ack": False})

    def broken(*_a):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(Exception) as err:
        c.send(msg())
    assert getattr(err.value, "error_class", "") == "network"
    assert list((tmp_path / "outbound").iterdir()) == []


def test_csv_has_one_row_per_line_with_the_header_repeated(tmp_path):
    c = FileExchangeConnector({"folder": str(tmp_path), "format": "csv", "await_ack": False})
    c.send(msg(payload={"document_ref": "PO-1", "note": "库位 A-01",
                        "lines": [{"item": "A", "qty": "2"}, {"item": "B", "qty": "1"}]}))
    with open(tmp_path / "outbound" / "abc123.csv", encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert [(r["line.item"], r["line.qty"]) for r in table] == [("A", "2"), ("B", "1")]
    assert {r["document_ref"] for r in table} == {"PO-1"} and table[0]["note"] == "库位 A-01"
    assert table[0]["idempotency_key"] == "abc123" and table[0]["message_type"] == "stock.receipt"


def test_make_connector_builds_the_files_kind(tmp_path):
    c = make_connector({"kind": "files", "folder": str(tmp_path), "format": "csv"})
    assert isinstance(c, FileExchangeConnector) and c.format == "csv" and c.await_ack


def test_await_ack_delivery_through_the_dispatcher(db, tmp_path):
    clock = Clock(NOW)
    ids = put(db, "DOC-1", 2) + put(db, "DOC-2")
    erp = FileExchangeConnector({"folder": str(tmp_path), "poll_seconds": 30})
    d = Dispatcher(db, erp, clock=clock, policy=RetryPolicy({"locked": {"jitter": 0}}))
    d.dispatch()
    # handed over: the first of each document (the second of DOC-1 waits for its predecessor)
    assert len(list((tmp_path / "outbound").iterdir())) == 2
    assert {rows(db)[i].state for i in ids} == {"pending"}
    assert importer(tmp_path) and not list((tmp_path / "outbound").iterdir())
    clock.advance(60)
    d.dispatch()
    assert rows(db)[ids[0]].state == "delivered" and rows(db)[ids[2]].state == "delivered"
    assert len(list((tmp_path / "outbound").iterdir())) == 1     # DOC-1's second message now
    importer(tmp_path)
    clock.advance(60)
    d.dispatch()
    assert {r.state for r in rows(db).values()} == {"delivered"}
    assert len(list((tmp_path / "ack").iterdir())) == 3          # each written exactly once


def test_a_rejection_reaches_the_inbox_and_a_fixed_resubmit_is_written_again(db, tmp_path, world):
    clock = Clock(NOW)
    (m,) = put(db, "DOC-9")
    erp = FileExchangeConnector({"folder": str(tmp_path), "poll_seconds": 30})
    d = Dispatcher(db, erp, clock=clock, policy=RetryPolicy({"locked": {"jitter": 0}}))
    d.dispatch()
    importer(tmp_path, ok=False, text="Unknown product 'X1' in line 1")
    clock.advance(60)
    d.dispatch()
    row = rows(db)[m]
    assert row.state == "failed" and "Unknown product" in row.last_error
    (group,) = SyncInboxService(db).problems(world.admin)
    assert group.error_class == "validation"
    assert list((tmp_path / "error" / "reported").iterdir())      # the verdict was consumed
    SyncInboxService(db, clock).resubmit(world.admin, m, {"seq": 0, "doc": "DOC-9", "item": "X2"})
    d.dispatch()
    (path,) = list((tmp_path / "outbound").iterdir())
    assert json.loads(path.read_text())["payload"]["item"] == "X2"
    importer(tmp_path)
    clock.advance(60)
    d.dispatch()
    with db.read() as s:
        assert s.execute(select(outbox.c.state).where(outbox.c.id == m)).scalar() == "delivered"


def test_status_and_results(tmp_path):
    c = FileExchangeConnector({"folder": str(tmp_path), "await_ack": False})
    c.send(msg("k1"))
    c.send(msg("k2"))
    assert "2 file(s) waiting" in c.status()
    importer(tmp_path, ok=False, text="bad")
    assert [(v.key, v.ok, v.text) for v in c.results()] == [("k1", False, "bad"), ("k2", False, "bad")]
    assert not c.already_delivered(msg("k1"))
    assert "is missing" in FileExchangeConnector({"folder": str(tmp_path / "nope")}).status()
