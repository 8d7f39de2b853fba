"""Fast appends of generated rows: ``COPY`` on PostgreSQL, ``executemany`` on SQLite.

Rows carry explicit ids and values already in the driver's form (scaled integers for
quantities, text for timestamps and dates), so nothing is converted per value on the way in.
On PostgreSQL the id sequences are moved past the loaded ids at the end, so the application's
own inserts continue after them.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Iterable, Iterator, Sequence

from sqlalchemy import Table, text
from sqlalchemy.schema import CreateIndex, DropIndex

from domain.persistence.database import Database

log = logging.getLogger(__name__)


class BulkLoader:
    """One raw connection and transaction for a bulk load; use as a context manager. Commits
    on a clean exit (and at each ``commit()``), rolls back on an error."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.sqlite = db.dialect == "sqlite"
        self.loaded: set[str] = set()
        self._raw = db.engine.raw_connection()
        self._conn = self._raw.driver_connection
        if self.sqlite:
            for pragma in ("synchronous=OFF", "cache_size=-524288", "temp_store=MEMORY"):
                self._conn.execute(f"PRAGMA {pragma}")
        self._begin()

    # -- values in the driver's form ---------------------------------------------------------
    def flag(self, value: bool):
        return int(value) if self.sqlite else bool(value)

    def ts_prefix(self, dt: datetime) -> str:
        """``YYYY-MM-DD HH:MM`` of a UTC time; complete it with ``ts_suffix(second)``."""
        return dt.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M")

    def ts_suffix(self, second: int) -> str:
        return f":{second:02d}.000000" if self.sqlite else f":{second:02d}+00"

    @staticmethod
    def day(d: date | None) -> str | None:
        return None if d is None else d.isoformat()

    # -- writing ------------------------------------------------------------------------------
    def insert(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        rows = rows if isinstance(rows, list) else list(rows)
        if not rows:
            return
        self.loaded.add(table)
        cols = ", ".join(columns)
        if self.sqlite:
            marks = ", ".join("?" * len(columns))
            self._conn.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)
            return
        with self._conn.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def execute_many(self, sql: str, rows: list[tuple]) -> None:
        """A plain statement with qmark (``?``) placeholders, run once per row."""
        if not self.sqlite:
            sql = sql.replace("?", "%s")
        cur = self._conn.cursor()
        cur.executemany(sql, rows)
        cur.close()

    def commit(self) -> None:
        self._end(commit=True)
        self._begin()

    def _begin(self) -> None:
        if self.sqlite:
            self._conn.execute("BEGIN IMMEDIATE")

    def _end(self, *, commit: bool) -> None:
        if self.sqlite:
            self._conn.execute("COMMIT" if commit else "ROLLBACK")
        elif commit:
            self._conn.commit()
        else:
            self._conn.rollback()

    def __enter__(self) -> "BulkLoader":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self._end(commit=exc_type is None)
        finally:
            # The connection's pragmas were changed for speed: never hand it back to the pool.
            self._raw.detach()
            self._raw.close()
        if exc_type is None:
            sync_sequences(self.db, sorted(self.loaded))


@contextmanager
def indexes_dropped(db: Database, tables: Iterable[Table]) -> Iterator[None]:
    """Drop the secondary indexes of ``tables`` for the load and build them again afterwards (also
    after a failure, so the schema stays whole): building an index from all rows at once is many
    times faster than updating it row by row. Rebuilding the unique ones re-checks the data."""
    dropped = [ix for table in tables for ix in table.indexes]
    with db.engine.begin() as conn:
        for ix in dropped:
            conn.execute(DropIndex(ix, if_exists=True))
    try:
        yield
    finally:
        with db.engine.begin() as conn:
            for ix in dropped:
                log.info("building index %s", ix.name)
                conn.execute(CreateIndex(ix, if_not_exists=True))


def sync_sequences(db: Database, tables: Iterable[str]) -> None:
    """After inserts with explicit ids: move each PostgreSQL id sequence past the largest id.
    (SQLite needs nothing: a rowid table continues after its largest id.)"""
    if db.dialect != "postgresql":
        return
    with db.engine.begin() as conn:
        for table in tables:
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} "
                "HAVING max(id) IS NOT NULL"))


def analyze(db: Database) -> None:
    """Refresh the planner's statistics after a big load (sampled on SQLite, to stay quick)."""
    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            conn.exec_driver_sql("PRAGMA analysis_limit=1000")
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
