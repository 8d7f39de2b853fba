"""Opening the database: engine settings per backend, migrations, and transactions with retry.

SQLite (one station, the default) runs in WAL mode with foreign keys on and a busy timeout; write
transactions start with ``BEGIN IMMEDIATE`` so two writers queue on the lock instead of failing
half-way when a reader tries to upgrade; checkpoints run on a thread of their own
(``checkpoint``), not inside a clerk's commit. PostgreSQL (several stations) runs READ
COMMITTED: the ledger's conditional UPDATEs re-check their WHERE on the newest row version, and
deadlocks or serialization failures are retried transparently by ``Database.write``.
"""
from __future__ import annotations

import logging
import os
import random
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from domain.persistence.checkpoint import AUTOCHECKPOINT_PAGES, Checkpointer
from domain.persistence.mapping import start_mappers

log = logging.getLogger(__name__)
T = TypeVar("T")

APP_NAME = "Warelink"
TRANSIENT_SQLSTATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock n/a
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
PAGE_CACHE_KIB = 131_072       # SQLite page cache per connection, at most (see _on_connect)
SCAN_CACHE_KIB = 16_384        # ... while a scanning read runs (``Database.read(scan=True)``)


def default_data_dir() -> Path:
    from platformdirs import user_data_dir
    return Path(os.environ.get("WARELINK_DATA_DIR") or user_data_dir(APP_NAME, appauthor=False))


def default_url() -> str:
    """``WARELINK_DB`` if set, else a SQLite file in the user's data directory."""
    if os.environ.get("WARELINK_DB"):
        return os.environ["WARELINK_DB"]
    return f"sqlite:///{default_data_dir() / 'warelink.db'}"


def safe_url(url: str | URL) -> str:
    """The URL with its password masked: the only form that may be logged or shown."""
    return make_url(url).render_as_string(hide_password=True)


def is_transient(error: BaseException) -> bool:
    """A failure that a retry of the whole transaction can cure (lock contention, deadlock)."""
    if not isinstance(error, DBAPIError):
        return False
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in TRANSIENT_SQLSTATES:
        return True
    msg = str(error.orig).lower()
    return isinstance(error, OperationalError) and ("database is locked" in msg or "busy" in msg)


class Database:
    """One per process: the engine, session factories, and the write-with-retry helper."""

    def __init__(self, url: str | URL, *, echo: bool = False) -> None:
        start_mappers()
        self.url = make_url(url)
        self.engine = _create_engine(self.url, echo=echo)
        self._checkpointer = None
        if self.engine.dialect.name == "sqlite" and self.url.database not in (None, "", ":memory:"):
            self._checkpointer = Checkpointer(self.engine)
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(
            self.engine.execution_options(warelink_write=True), expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def describe(self) -> str:
        return safe_url(self.url)

    # -- transactions -------------------------------------------------------------------------
    @contextmanager
    def read(self, *, scan: bool = False) -> Iterator[Session]:
        """A session for reading. Closing it rolls the connection back, so nothing can be written
        by accident; objects read stay usable (detached, not expired) after the block.

        ``scan=True`` for reads that walk large parts of the data (the KPIs): on SQLite the
        connection keeps a small page cache meanwhile and hands its pages back after, so such a
        read does not leave a station holding up to ``PAGE_CACHE_KIB`` of pages it will not
        read again."""
        with self._read_sessions() as session:
            if scan and self.dialect == "sqlite":
                conn = session.connection()
                conn.exec_driver_sql(f"PRAGMA cache_size=-{SCAN_CACHE_KIB}")
                try:
                    yield session
                finally:
                    conn.exec_driver_sql("PRAGMA shrink_memory")
                    conn.exec_driver_sql(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
            else:
                yield session

    def write(self, work: Callable[[Session], T], *, attempts: int = 8) -> T:
        """Run ``work(session)`` in one transaction and commit; retry the whole unit on a transient
        conflict (deadlock, serialization failure, SQLite busy), with jittered backoff.

        ``work`` must be safe to re-run: it reads what it needs inside the transaction.
        Domain errors propagate at once and roll everything back.
        """
        for attempt in range(1, attempts + 1):
            try:
                with self._write_sessions() as session, session.begin():
                    return work(session)
            except DBAPIError as error:
                if not is_transient(error) or attempt == attempts:
                    raise
                delay = min(0.5, 0.01 * 2 ** attempt) * (0.5 + random.random())
                log.info("transient database conflict (attempt %d), retrying in %.3fs: %s",
                         attempt, delay, type(error.orig).__name__)
                time.sleep(delay)
        raise AssertionError("unreachable")

    # -- schema -------------------------------------------------------------------------------
    def migrate(self) -> None:
        """Bring the schema to the newest migration. Several stations may start at once on
        PostgreSQL: an advisory lock lets exactly one of them migrate while the others wait."""
        from alembic import command
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('warelink-migrate'))"))
            cfg = alembic_config(conn)
            command.upgrade(cfg, "head")

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def dispose(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self.engine.dispose()


def alembic_config(connection=None):
    """Alembic configuration from pyproject's ``[tool.alembic]``, with the script location pinned
    to this package so it also works when run from another directory."""
    from alembic.config import Config
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    cfg = Config(toml_file=str(pyproject)) if pyproject.exists() else Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _create_engine(url: URL, *, echo: bool) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _create_sqlite_engine(url, echo=echo)
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _create_sqlite_engine(url: URL, *, echo: bool) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # LIFO: the connection used last (its page cache warm) is the one reused; first-in-first-out
    # would hand each read the coldest connection and spread copies of the same pages over all.
    engine = create_engine(url, echo=echo, pool_use_lifo=True,
                           connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take transaction control from pysqlite so that BEGIN is ours (see module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Checkpoints run on a thread of their own (``checkpoint``); this only bounds the WAL.
        cursor.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
        # 128 MiB of page cache per connection at most (default 2 MiB; pages are taken as they
        # are used): a posting into a 10M-move ledger touches index pages all over, a 5,000-line
        # count some 20,000 of them; with a smaller cache they spill and are read again
        # (inserting those 5,000 moves: ~0.5 s with 32 MiB, ~0.4 s with 128 MiB).
        cursor.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        write = conn.get_execution_options().get("warelink_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
