"""SQLite's WAL moved back into the database file on a thread of its own.

By default SQLite checkpoints inside whichever commit pushes the WAL past 1,000 pages: that one
commit copies the pages and syncs the database file, and a clerk's confirmation that happens to
be it waits for the disk (the small benchmark's interactive confirmations: p99 ~10 ms against
~4 ms without). Here a background thread runs a PASSIVE checkpoint every second — it never
blocks readers or writers — and the automatic checkpoint stays only as a bound on the WAL
(``AUTOCHECKPOINT_PAGES``) should this process stop checkpointing (or none of the processes
sharing the file runs one).

The thread has a connection of its own and holds only a weak reference to the engine: a
``Database`` dropped without ``dispose()`` (a test, a short command) still lets it go, and the
thread ends at its next tick.
"""
from __future__ import annotations

import logging
import sqlite3
import threading
import weakref
from pathlib import Path

from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

INTERVAL_S = 1.0
AUTOCHECKPOINT_PAGES = 10_000          # ~40 MB of WAL with 4 KiB pages


class Checkpointer:
    def __init__(self, engine: Engine, interval: float = INTERVAL_S) -> None:
        self._engine = weakref.ref(engine)
        self._interval = interval
        self._stop = threading.Event()
        self.runs = 0
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join(5)

    def _run(self) -> None:
        connection = None
        try:
            while not self._stop.wait(self._interval):
                engine = self._engine()
                if engine is None:
                    return
                try:
                    if connection is None:
                        connection = _own_connection(engine)
                    checkpoint(connection)
                    self.runs += 1
                except Exception as error:      # noqa: BLE001 - the WAL bound still holds
                    log.debug("background checkpoint failed: %s", error)
                del engine
        finally:
            if connection is not None:
                connection.close()


def _own_connection(engine: Engine) -> sqlite3.Connection:
    """A connection of the thread's own, outside the engine's pool: borrowing a pooled one
    every second would rotate the pool, and each pooled connection would then cache its own
    copy of the same pages."""
    # Read-write, never create: a database nobody has opened yet is not this thread's to make.
    uri = f"{Path(engine.url.database).absolute().as_uri()}?mode=rw"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                                 timeout=30)
    connection.execute("PRAGMA busy_timeout=30000")
    return connection


def checkpoint(connection: sqlite3.Connection) -> tuple[int, int, int]:
    """One PASSIVE checkpoint, outside any transaction: (busy, pages in the WAL, pages moved)."""
    return tuple(connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone())
