"""Other stations' changes, as they are committed (issue 9): what an open view needs to refresh.

The change keys are those of the app's change broadcast ("stock", "items", "bins", "lots",
"warehouses", "users", "tasks", …), so a view does not care which station wrote.

PostgreSQL (several stations): ``install_commit_hook(db)`` notes which tables a transaction
inserts into, updates or deletes from, and sends one ``NOTIFY warelink_changes`` with their keys
just before the commit — PostgreSQL delivers it only if the commit succeeds, and to every
listening station at once. A ``ChangeListener`` thread LISTENs on its own connection and skips the
notifications of its own process (they were broadcast in-process already).

SQLite (one file, possibly shared by a few processes): ``PRAGMA data_version`` on the listener's
own connection is a free change counter that moves when any other connection commits. When it
moves, the new audit entries say what changed (every service writes one); writes without one (sync
and print-queue bookkeeping) wake nobody. A process's own writes are seen too, so a view may
refresh twice after a local change — harmless, never a missed change.

Qt-free: the app forwards ``on_change(keys)`` to its broadcast through a Qt signal
(gui/change_feed.py).
"""
from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import threading
import uuid
from typing import Callable, Iterable

from sqlalchemy import event

from domain.persistence.database import Database

log = logging.getLogger(__name__)

CHANNEL = "warelink_changes"
ORIGIN = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"   # this process, to skip its own notifications
Callback = Callable[[frozenset[str]], None]

TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "stock_moves": ("stock",), "quants": ("stock",), "reservations": ("stock",),
    "serials": ("stock",),
    "items": ("items",), "item_barcodes": ("items",), "pack_units": ("items",),
    "bins": ("bins",), "lots": ("lots",),
    "warehouses": ("warehouses",), "zones": ("warehouses",),
    "users": ("users",),
    "tasks": ("tasks",), "task_lines": ("tasks",), "count_entries": ("tasks",),
    "count_plans": ("tasks",),
    "inbound_orders": ("orders",), "inbound_order_lines": ("orders",),
    "outbound_orders": ("orders",), "outbound_order_lines": ("orders",),
    "print_jobs": ("print jobs",), "printers": ("printers",),
    "outbox": ("sync",),
}
IGNORED_TABLES = frozenset({"audit_log", "alembic_version"})

# audit action prefix -> keys (SQLite); an unknown prefix is passed on as its own key
ACTION_KEYS: dict[str, tuple[str, ...]] = {
    "stock": ("stock",),
    "pick": ("stock", "tasks", "orders"), "pack": ("stock", "tasks", "orders"),
    "count": ("stock", "tasks"), "task": ("tasks",), "putaway": ("tasks", "bins"),
    "inbound": ("orders", "tasks"), "outbound": ("orders", "tasks"),
    "item": ("items",), "bin": ("bins",), "lot": ("lots",),
    "warehouse": ("warehouses",), "zone": ("warehouses",), "user": ("users",),
    "print": ("print jobs", "printers"), "sync": ("sync",),
}

_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?',
                    re.IGNORECASE)
_PENDING = "warelink_changed_tables"


def keys_of_tables(tables: Iterable[str]) -> frozenset[str]:
    keys: set[str] = set()
    for table in tables:
        if table not in IGNORED_TABLES:
            keys.update(TABLE_KEYS.get(table, (table,)))
    return frozenset(keys)


def keys_of_actions(actions: Iterable[str]) -> frozenset[str]:
    keys: set[str] = set()
    for action in actions:
        prefix = action.split(".", 1)[0]
        keys.update(ACTION_KEYS.get(prefix, (prefix,)))
    return frozenset(keys)


def encode(keys: Iterable[str], origin: str = ORIGIN) -> str:
    return json.dumps({"origin": origin, "keys": sorted(keys)}, separators=(",", ":"))


def decode(payload: str) -> tuple[str, frozenset[str]]:
    """(origin, keys) of a notification; a foreign or garbled payload means "anything"."""
    try:
        data = json.loads(payload)
        return str(data["origin"]), frozenset(str(k) for k in data["keys"])
    except (ValueError, KeyError, TypeError):
        return "", frozenset({"stock", "tasks", "orders", "items", "bins", "lots"})


# -- sending (PostgreSQL) -----------------------------------------------------------------------
def install_commit_hook(db: Database) -> bool:
    """Make every committed write of this process announce what it changed (PostgreSQL only;
    returns whether a hook was installed). Idempotent."""
    if db.dialect != "postgresql" or getattr(db, "_warelink_notify", False):
        return False
    engine = db.engine

    def note_write(conn, _cursor, statement, _params, _context, _executemany):
        match = _WRITE.match(statement) if statement[:1] in "IUDiud \n" else None
        if match:
            conn.info.setdefault(_PENDING, set()).add(match.group(1).lower())

    def announce(conn):
        tables = conn.info.pop(_PENDING, None)
        keys = keys_of_tables(tables or ())
        if not keys:
            return
        # Raw cursor: no statement events, and the NOTIFY rides on the transaction's commit.
        with conn.connection.driver_connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", (CHANNEL, encode(keys)))

    def forget(conn):
        conn.info.pop(_PENDING, None)

    event.listen(engine, "before_cursor_execute", note_write)
    event.listen(engine, "commit", announce)
    event.listen(engine, "rollback", forget)
    db._warelink_notify = True
    return True


# -- receiving ----------------------------------------------------------------------------------
class ChangeListener:
    """A daemon thread calling ``on_change(keys)`` (from that thread) for every change committed
    by another process: LISTEN on PostgreSQL, ``data_version`` polling on SQLite."""

    def __init__(self, db: Database, on_change: Callback, *, poll_interval: float = 0.25) -> None:
        self.db = db
        self.on_change = on_change
        self.poll_interval = poll_interval
        self._stop = threading.Event()
        self.ready = threading.Event()          # set once listening (tests wait for it)
        self._thread: threading.Thread | None = None

    def start(self) -> "ChangeListener":
        target = self._listen_pg if self.db.dialect == "postgresql" else self._poll_sqlite
        self._thread = threading.Thread(target=self._run, args=(target,), daemon=True,
                                        name="warelink-change-listener")
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self, target: Callable[[], None]) -> None:
        delay = 0.5
        while not self._stop.is_set():
            try:
                target()
            except Exception as exc:                # noqa: BLE001 - reconnect, never die
                log.warning("change listener: %s; reconnecting", type(exc).__name__)
                self._stop.wait(delay)
                delay = min(10.0, delay * 2)

    def _emit(self, keys: frozenset[str]) -> None:
        if keys:
            try:
                self.on_change(keys)
            except Exception:                       # noqa: BLE001 - a view's bug is not ours
                log.exception("change listener callback failed")

    def _listen_pg(self) -> None:
        import psycopg
        dsn = self.db.url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            self.ready.set()
            while not self._stop.is_set():
                pending: set[str] = set()
                for n in conn.notifies(timeout=0.5):
                    origin, keys = decode(n.payload)
                    if origin != ORIGIN:
                        pending |= keys
                    if len(pending) > 0:        # deliver what arrived so far, then wait again
                        break
                self._emit(frozenset(pending))

    def _poll_sqlite(self) -> None:
        path = self.db.url.database
        if not path or path == ":memory:":
            self.ready.set()
            self._stop.wait()
            return
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5,
                               check_same_thread=False)
        try:
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            last_audit = conn.execute("SELECT COALESCE(MAX(id), 0) FROM audit_log").fetchone()[0]
            self.ready.set()
            while not self._stop.wait(self.poll_interval):
                now = conn.execute("PRAGMA data_version").fetchone()[0]
                if now == version:
                    continue
                version = now
                rows = conn.execute("SELECT id, action FROM audit_log WHERE id > ? ORDER BY id",
                                    (last_audit,)).fetchall()
                if rows:
                    last_audit = rows[-1][0]
                    self._emit(keys_of_actions(action for _, action in rows))
        finally:
            conn.close()
