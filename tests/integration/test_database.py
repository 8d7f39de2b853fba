"""How the database is opened: SQLite settings, URLs, retries."""
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from domain.persistence.database import Database, default_url, is_transient, safe_url


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/sub/dir/w.db")   # missing folders are created
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000
    db.dispose()


def test_default_database_is_a_sqlite_file_in_the_data_dir_unless_configured(monkeypatch, tmp_path):
    monkeypatch.delenv("WARELINK_DB", raising=False)
    monkeypatch.setenv("WARELINK_DATA_DIR", str(tmp_path))
    assert default_url() == f"sqlite:///{tmp_path / 'warelink.db'}"
    monkeypatch.setenv("WARELINK_DB", "postgresql+psycopg://wl:pw@db.local/wl")
    assert default_url() == "postgresql+psycopg://wl:pw@db.local/wl"


def test_passwords_never_appear_in_a_shown_url():
    shown = safe_url("postgresql+psycopg://warelink:s3cret@10.0.0.5:5432/wl")
    assert "s3cret" not in shown and "warelink" in shown


def test_a_busy_sqlite_database_counts_as_transient():
    import sqlite3
    busy = OperationalError("stmt", {}, sqlite3.OperationalError("database is locked"))
    broken = OperationalError("stmt", {}, sqlite3.OperationalError("no such table: x"))
    assert is_transient(busy) and not is_transient(broken)
    assert not is_transient(ValueError("x"))


def test_sqlite_checkpoints_on_a_thread_of_its_own_not_in_a_commit(tmp_path):
    """Committed pages stay in the WAL after the commit (no checkpoint in the writer's commit)
    and reach the database file within about a second, moved by the background thread."""
    import time

    path = tmp_path / "w.db"
    db = Database(f"sqlite:///{path}")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 10_000
    runs = db._checkpointer.runs
    db.write(lambda s: s.execute(text("CREATE TABLE blob (b BLOB)")))
    before = path.stat().st_size
    db.write(lambda s: s.execute(text("INSERT INTO blob VALUES (zeroblob(4000000))")))
    assert path.stat().st_size == before        # 4 MB committed, all of it still in the WAL
    deadline = time.monotonic() + 5
    while db._checkpointer.runs <= runs + 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path.stat().st_size > before + 3_900_000
    db.dispose()
    assert not db._checkpointer._thread.is_alive()


def test_a_database_dropped_without_dispose_lets_its_checkpoint_thread_end(tmp_path):
    import gc

    db = Database(f"sqlite:///{tmp_path}/w.db")
    thread = db._checkpointer._thread
    del db
    gc.collect()
    thread.join(3)
    assert not thread.is_alive()


def test_a_scanning_read_keeps_a_small_page_cache_and_gives_it_back(tmp_path):
    """KPI reads walk most of a large database: meanwhile the connection caches at most 16 MiB,
    and afterwards it has its usual 128 MiB limit again (connections are pooled and reused)."""
    db = Database(f"sqlite:///{tmp_path}/w.db")
    with db.read() as s:
        assert s.execute(text("PRAGMA cache_size")).scalar() == -131_072
    with db.read(scan=True) as s:
        assert s.execute(text("PRAGMA cache_size")).scalar() == -16_384
        raw = s.connection().connection.driver_connection
    assert raw.execute("PRAGMA cache_size").fetchone()[0] == -131_072   # the same connection
    db.dispose()


def test_the_checkpoint_thread_never_creates_a_database_file(tmp_path):
    import time

    path = tmp_path / "not yet.db"                  # a space: the path travels as a URI
    db = Database(f"sqlite:///{path}")
    time.sleep(1.5)                                 # a tick or more of the thread
    assert not path.exists()
    db.write(lambda s: s.execute(text("CREATE TABLE t (x)")))
    runs = db._checkpointer.runs
    deadline = time.monotonic() + 5
    while db._checkpointer.runs == runs and time.monotonic() < deadline:
        time.sleep(0.05)
    assert db._checkpointer.runs > runs             # and it checkpoints once the file exists
    db.dispose()
