"""ERP sync: dispatcher throughput to a loopback REST endpoint, and confirm -> ack latency in
real-time mode (issue 7).

* "sync dispatch throughput": 3,000 queued outbox messages (1,000 documents of 3) sent by the
  dispatcher through the REST connector (keep-alive, 4 documents in parallel) to the loopback
  ERP of tests/faulty_erp.py, run in a process of its own as a real ERP would be; claims, sends
  and the recorded results (state, attempt rows) all counted. At the end the ERP must hold every
  message exactly once.
* "sync confirm -> ack latency": a dispatcher thread in real-time mode (woken by each outbox
  write, as the desktop app wakes it on a confirmed stock change) while 200 operations are
  confirmed at random 5-30 ms intervals; from the start of the transaction that writes the
  message to the ERP's 2xx answer reaching the dispatcher.

The messages have their own type (``bench.sync``) and documents, dispatched with the type filter,
so the data set's own outbox is not touched; they and their bookkeeping are deleted at the end.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import delete, insert, select

from domain.permissions import Actor
from domain.persistence import tables as t
from domain.persistence.database import Database
from integration.connectors.base import Ack, Message
from integration.connectors.rest import RestConnector
from integration.dispatcher import Dispatcher
from tests.faulty_erp import rest_config
from tests.perf.metrics import Metric, at_least, at_most, percentile

BENCH_TYPE = "bench.sync"
DOCUMENTS, PER_DOCUMENT = 1_000, 3
OPERATIONS = 200


class _Timed:
    """The REST connector, noting when each acknowledgement arrived."""
    name = "timed-rest"

    def __init__(self, inner: RestConnector) -> None:
        self.inner = inner
        self.max_parallel = inner.max_parallel
        self.acked: dict[str, float] = {}

    def send(self, message: Message) -> Ack:
        ack = self.inner.send(message)
        self.acked[message.idempotency_key] = time.perf_counter()
        return ack

    def already_delivered(self, message: Message) -> bool:
        return self.inner.already_delivered(message)

    def close(self) -> None:
        self.inner.close()


class _ErpProcess:
    """The loopback ERP (tests/faulty_erp.py) in a process of its own, like a real ERP."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.faulty_erp"],
                                     cwd=Path(__file__).resolve().parents[2],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http"):
            raise RuntimeError("the loopback ERP did not start")

    def stop(self) -> tuple[int, int]:
        """(postings booked, keys booked twice)"""
        out, _ = self.proc.communicate("", timeout=30)
        booked, duplicates = (int(x) for x in out.split())
        return booked, duplicates


def benchmarks(db: Database, actor: Actor, rng: random.Random, size: str) -> list[Metric]:
    erp = _ErpProcess()
    try:
        _cleanup(db)
        metrics = [_throughput(db, erp), _latency(db, erp, rng)]
    finally:
        booked, duplicates = erp.stop()
        _cleanup(db)
    expected = DOCUMENTS * PER_DOCUMENT + OPERATIONS
    if (booked, duplicates) != (expected, 0):
        raise AssertionError(f"the ERP booked {booked} of {expected}, {duplicates} twice")
    return metrics


def _row(doc: str, seq: int, now: datetime) -> dict:
    return {"created_at": now, "message_type": BENCH_TYPE, "document_key": doc,
            "idempotency_key": uuid.uuid4().hex, "state": "pending", "attempts": 0,
            "next_attempt_at": now,
            "payload": json.dumps({"document_ref": doc, "seq": seq, "reason": "receipt",
                                   "lines": [{"item": "BENCH", "qty": "1.000", "to_bin": "RCV",
                                              "lot": None}]})}


def _throughput(db: Database, erp: _ErpProcess) -> Metric:
    now = datetime.now(timezone.utc)
    tag = uuid.uuid4().hex[:6]
    rows = [_row(f"BENCH-{tag}-{d}", seq, now)
            for seq in range(PER_DOCUMENT) for d in range(DOCUMENTS)]
    db.write(lambda s: s.execute(insert(t.outbox), rows))
    dispatcher = Dispatcher(db, RestConnector(rest_config(erp.url, timeout=5, max_parallel=4)))
    started = time.perf_counter()
    result = dispatcher.dispatch(message_types=[BENCH_TYPE])
    elapsed = time.perf_counter() - started
    dispatcher.close()
    n = len(rows)
    if result.delivered != n:
        raise AssertionError(f"delivered {result.delivered} of {n}: {result.errors[:3]}")
    return at_least("sync dispatch throughput", n / elapsed, "msg/s", 500,
                    note=f"{n} messages, {DOCUMENTS} documents, {db.dialect}, "
                         f"{dispatcher.workers} in parallel")


def _latency(db: Database, erp: _ErpProcess, rng: random.Random) -> Metric:
    connector = _Timed(RestConnector(rest_config(erp.url, timeout=5, max_parallel=4)))
    dispatcher = Dispatcher(db, connector, batch_size=200)
    wake, stop = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def loop() -> None:                  # real-time mode: a write wakes the dispatcher
        while not stop.is_set():
            wake.wait(1.0)
            wake.clear()
            try:
                dispatcher.dispatch(message_types=[BENCH_TYPE])
            except BaseException as exc:   # noqa: BLE001 - reported below
                failures.append(exc)
                return
    thread = threading.Thread(target=loop, name="bench-sync", daemon=True)
    thread.start()
    confirmed: dict[str, float] = {}
    tag = uuid.uuid4().hex[:6]
    try:
        for i in range(OPERATIONS):
            time.sleep(rng.uniform(0.005, 0.03))
            row = _row(f"BENCH-RT-{tag}-{i}", 0, datetime.now(timezone.utc))
            t0 = time.perf_counter()
            db.write(lambda s, row=row: s.execute(insert(t.outbox).values(**row)))
            confirmed[row["idempotency_key"]] = t0
            wake.set()
        deadline = time.monotonic() + 30
        while len(connector.acked) < OPERATIONS and time.monotonic() < deadline and not failures:
            time.sleep(0.01)
    finally:
        stop.set()
        wake.set()
        thread.join(10)
        dispatcher.close()
    if failures:
        raise failures[0]
    if len(connector.acked) < OPERATIONS:
        raise AssertionError(f"only {len(connector.acked)} of {OPERATIONS} acknowledged")
    samples = [connector.acked[k] - t0 for k, t0 in confirmed.items()]
    return at_most("sync confirm -> ack latency", percentile(samples, 95), "s", 1.0,
                   note=f"p95 of {OPERATIONS} operations; p50 {percentile(samples, 50) * 1000:.0f}"
                        f" ms, max {max(samples) * 1000:.0f} ms, {db.dialect}")


def _cleanup(db: Database) -> None:
    def work(s) -> None:
        ids = select(t.outbox.c.id).where(t.outbox.c.message_type == BENCH_TYPE)
        for table in (t.sync_attempts, t.sync_inbox, t.sync_exceptions, t.sync_comments,
                      t.sync_payload_edits):
            s.execute(delete(table).where(table.c.outbox_id.in_(ids)))
        s.execute(delete(t.outbox).where(t.outbox.c.message_type == BENCH_TYPE))
    db.write(work)
