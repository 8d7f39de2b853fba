"""A loopback HTTP "ERP" that injects faults, for the REST connector and the sync engine tests.

``FaultyErp`` runs a ``ThreadingHTTPServer`` (HTTP/1.1 keep-alive) on 127.0.0.1:

* ``POST /<anything>`` books a posting: the JSON body is kept under its idempotency key (the
  ``Idempotency-Key`` header, else the body's ``external_id``) in ``books`` — a key posted twice
  shows up twice, which is what the exactly-once tests look for. A repeated key is answered 409.
* ``GET /<anything>?external_id=KEY`` answers ``[posting]`` or ``[]`` (the lookup).
* ``token``: when set, requests without ``Authorization: Bearer <token>`` get 401.
* Faults are scripted per test with ``fault(kind, times=1, match=None, **options)`` and used in
  order by the POSTs they match (``match`` is a substring of the key or the body):
  ``timeout`` (books it, then answers after ``delay`` s, longer than the client waits; with
  ``book=False`` the posting is lost), ``reset`` (the connection is cut, before booking or with
  ``book=True`` after), ``status`` (answers ``status`` with ``body``/``headers``, nothing booked),
  ``malformed`` (books it, answers 200 with broken JSON), ``slow`` (books it after ``delay``).
  ``random_faults(rate, faults, rng)`` draws faults for every POST instead (crash tests);
  ``latency`` slows every POST down.
* ``stop()`` / ``start()`` take the ERP down (connection refused) and bring it back on the same
  port.
"""
from __future__ import annotations

import json
import random
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Fault:
    kind: str
    times: int = 1
    match: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address) -> None:
        pass     # a client that died mid-request (the crash tests) is expected, not news


class FaultyErp:
    def __init__(self, *, token: str | None = None, port: int = 0) -> None:
        self.token = token
        self.books: dict[str, list[dict]] = {}      # idempotency key -> postings (in order)
        self.order: list[str] = []                  # keys in the order they were booked
        self.booked_at: dict[str, float] = {}       # key -> time.monotonic() of the first booking
        self.requests: list[tuple[str, str]] = []   # (method, path)
        self.auth_headers: list[str] = []
        self.faults: list[Fault] = []
        self._random: tuple[float, tuple[dict, ...], random.Random] | None = None
        self.latency = 0.0                          # seconds every POST takes before booking
        self._lock = threading.Lock()
        self._port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.start()

    # -- life ---------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def start(self) -> None:
        erp = self

        class Handler(_Handler):
            pass
        Handler.erp = erp
        self._server = _Server(("127.0.0.1", self._port), Handler)
        self._port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # -- scripting ----------------------------------------------------------------------------
    def fault(self, kind: str, times: int = 1, match: str | None = None, **options) -> None:
        with self._lock:
            self.faults.append(Fault(kind, times, match, options))

    def random_faults(self, rate: float, faults: list[dict], rng: random.Random) -> None:
        """From now on, each POST meets one of ``faults`` (``{"kind": ..., **options}``) with
        probability ``rate``."""
        self._random = (rate, tuple(faults), rng)

    def _next_fault(self, key: str, body: str) -> Fault | None:
        with self._lock:
            for f in self.faults:
                if f.times > 0 and (f.match is None or f.match in key or f.match in body):
                    f.times -= 1
                    return f
            if self._random is not None:
                rate, faults, rng = self._random
                if rng.random() < rate:
                    spec = dict(rng.choice(faults))
                    return Fault(spec.pop("kind"), options=spec)
        return None

    # -- what it holds ------------------------------------------------------------------------
    def book(self, key: str, posting: dict) -> bool:
        """Record a posting; False when the key was already booked (a duplicate)."""
        with self._lock:
            first = key not in self.books
            self.books.setdefault(key, []).append(posting)
            if first:
                self.order.append(key)
                self.booked_at[key] = time.monotonic()
            return first

    def duplicates(self) -> dict[str, int]:
        with self._lock:
            return {k: len(v) for k, v in self.books.items() if len(v) > 1}

    def keys(self) -> list[str]:
        with self._lock:
            return list(self.order)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # headers and body are two writes: no 40 ms delayed-ACK stall
    erp: FaultyErp

    def log_message(self, *args) -> None:      # quiet
        pass

    def _reply(self, status: int, body: Any = None, headers: dict | None = None,
               raw: bytes | None = None) -> None:
        data = raw if raw is not None else json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, str(v))
        self.end_headers()
        self.wfile.write(data)

    def _cut(self) -> None:
        """Drop the connection without a reply (a reset)."""
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       b"\x01\x00\x00\x00\x00\x00\x00\x00")
        except OSError:
            pass
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        self.erp.auth_headers.append(header)
        if self.erp.token is None or header == f"Bearer {self.erp.token}":
            return True
        self._reply(401, {"errors": [{"message": "invalid token"}]})
        return False

    def do_GET(self) -> None:
        self.erp.requests.append(("GET", self.path))
        if not self._authorised():
            return
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        key = (query.get("external_id") or query.get("key") or [""])[0]
        with self.erp._lock:
            found = self.erp.books.get(key)
        if found:
            self._reply(200, [{"id": f"ERP-{key[:8]}", **found[0]}])
        else:
            self._reply(200, [])

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        text = self.rfile.read(length).decode("utf-8") if length else ""
        self.erp.requests.append(("POST", self.path))
        if not self._authorised():
            return
        try:
            body = json.loads(text) if text else {}
        except ValueError:
            self._reply(400, {"errors": [{"message": "request is not JSON"}]})
            return
        key = self.headers.get("Idempotency-Key") or str(body.get("external_id", ""))
        fault = self.erp._next_fault(key, text)
        kind = fault.kind if fault else None
        opts = fault.options if fault else {}
        if kind == "status":
            self._reply(int(opts.get("status", 500)), opts.get("body", {"message": "error"}),
                        opts.get("headers"))
            return
        if kind == "reset" and not opts.get("book"):
            self._cut()
            return
        if kind == "timeout" and not opts.get("book", True):
            time.sleep(float(opts.get("delay", 2)))
            self._cut()
            return
        if self.erp.latency:
            time.sleep(self.erp.latency)
        if kind == "slow":
            time.sleep(float(opts.get("delay", 0.2)))
        first = self.erp.book(key, body)
        if kind == "reset":
            self._cut()
            return
        if kind == "timeout":
            time.sleep(float(opts.get("delay", 2)))
            self._cut()
            return
        if kind == "malformed":
            self._reply(200, raw=b'{"id": "ERP-1", "status": ')
            return
        if not first:
            self._reply(409, {"id": f"ERP-{key[:8]}", "message": "duplicate"})
            return
        self._reply(201, {"id": f"ERP-{key[:8]}", "status": "posted"})


# -- test support shared by the engine tests and the benchmark --------------------------------
def rest_config(url: str, *, timeout: float = 0.5, max_parallel: int = 4) -> dict:
    """A REST mapping for the faulty ERP: every message type posts its payload to /postings with
    the idempotency key in a header and the body, and is looked up by that key."""
    return {"kind": "rest", "base_url": url, "timeout": timeout, "max_parallel": max_parallel,
            "auth": {"type": "none"},
            "messages": {"*": {"endpoint": "/postings", "method": "POST",
                               "idempotency": {"header": "Idempotency-Key",
                                               "field": "external_id"},
                               "lookup": {"endpoint": "/postings?external_id={key}"},
                               "body": {"document": "$document", "type": "$type",
                                        "seq": "seq", "lines": "lines"}}}}


def queue_messages(db, documents: int, per_document: int, *, prefix: str = "DOC",
                   message_type: str = "stock.receipt", now=None) -> list[tuple[str, str, int]]:
    """Write ``documents`` x ``per_document`` pending outbox messages in one transaction,
    interleaved across documents as a busy warehouse would; returns (key, document, seq)."""
    import uuid
    from datetime import datetime

    from sqlalchemy import insert

    from domain.persistence.tables import outbox
    now = now or datetime.now(UTC)
    rows, out = [], []
    for seq in range(per_document):
        for d in range(documents):
            key, doc = uuid.uuid4().hex, f"{prefix}-{d}"
            out.append((key, doc, seq))
            rows.append({"created_at": now, "message_type": message_type, "document_key": doc,
                         "idempotency_key": key, "state": "pending", "attempts": 0,
                         "next_attempt_at": now,
                         "payload": json.dumps({"document_ref": doc, "seq": seq,
                                                "lines": [{"item": "A-1", "qty": "1"}]})})
    db.write(lambda s: s.execute(insert(outbox), rows))
    return out


def check_delivery(erp: FaultyErp, sent: list[tuple[str, str, int]]) -> None:
    """Every message booked exactly once, and each document's messages in order."""
    assert erp.duplicates() == {}, "posted twice"
    booked = erp.keys()
    assert sorted(booked) == sorted(k for k, _, _ in sent), "lost or unknown postings"
    seq_of = {k: (doc, seq) for k, doc, seq in sent}
    by_doc: dict[str, list[int]] = {}
    for k in booked:
        doc, seq = seq_of[k]
        by_doc.setdefault(doc, []).append(seq)
    assert all(seqs == sorted(seqs) for seqs in by_doc.values()), "out of order"


def main() -> None:
    """``python -m tests.faulty_erp``: serve in a process of its own (the benchmark keeps the ERP
    out of the measured process); prints the URL, stops when stdin closes."""
    import sys
    erp = FaultyErp()
    print(erp.url, flush=True)
    sys.stdin.read()
    print(len(erp.keys()), len(erp.duplicates()), flush=True)
    erp.stop()


if __name__ == "__main__":
    main()
