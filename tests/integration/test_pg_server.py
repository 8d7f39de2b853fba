"""Proves the PostgreSQL test rig (tests/pg_server.py and the conftest fixtures)."""

import threading

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

pytestmark = pytest.mark.postgres


def _dsn(sqlalchemy_url: str) -> str:
    """SQLAlchemy URL -> plain psycopg connection string."""
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)


def test_select_1_through_sqlalchemy(pg_url):
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar_one() == 1
            assert conn.execute(text("SELECT current_user")).scalar_one() == make_url(pg_url).username
            assert conn.execute(text("SHOW server_encoding")).scalar_one() == "UTF8"
    finally:
        engine.dispose()


def test_app_role_owns_its_database_and_can_create_tables(pg_url):
    engine = create_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE bins (code text PRIMARY KEY)"))
            conn.execute(text("INSERT INTO bins VALUES ('库位 A-01-02')"))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT code FROM bins")).scalar_one() == "库位 A-01-02"
    finally:
        engine.dispose()


def test_each_test_database_is_distinct(pg_server, pg_url):
    other_url = pg_server.create_database("distinct_check")
    try:
        assert make_url(other_url).database != make_url(pg_url).database
        e1, e2 = create_engine(pg_url), create_engine(other_url)
        try:
            with e1.begin() as c:
                c.execute(text("CREATE TABLE only_here (x int)"))
            with e2.connect() as c:
                assert c.execute(text("SELECT to_regclass('only_here')")).scalar_one() is None
                assert c.execute(text("SELECT current_database()")).scalar_one() == "distinct_check"
        finally:
            e1.dispose()
            e2.dispose()
    finally:
        pg_server.drop_database("distinct_check")


def test_wrong_password_is_refused(pg_url):
    bad = make_url(pg_url).set(password="wrong").render_as_string(hide_password=False)
    if pg_url == bad:  # pragma: no cover - external server without a password
        pytest.skip("no password in the URL")
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(_dsn(bad), connect_timeout=5).close()


def test_listen_notify_round_trip(pg_url):
    dsn = _dsn(pg_url)
    with psycopg.connect(dsn, autocommit=True) as listener, psycopg.connect(dsn, autocommit=True) as sender:
        listener.execute("LISTEN alerts")
        sender.execute("SELECT pg_notify(%s, %s)", ("alerts", "库位 A-01-02 low"))
        sender.execute("NOTIFY alerts, 'second'")
        got = [(n.channel, n.payload, n.pid) for n in listener.notifies(timeout=5.0, stop_after=2)]
        pid = sender.info.backend_pid
        assert got == [("alerts", "库位 A-01-02 low", pid), ("alerts", "second", pid)]
        assert list(listener.notifies(timeout=0.2)) == []


def test_notify_waits_for_commit_and_reaches_a_listener_thread(pg_url):
    dsn = _dsn(pg_url)
    received = []
    ready = threading.Event()

    def listen():
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("LISTEN stock")
            ready.set()
            received.extend(n.payload for n in conn.notifies(timeout=5.0, stop_after=1))

    t = threading.Thread(target=listen, daemon=True)
    t.start()
    assert ready.wait(5.0)
    with psycopg.connect(dsn) as sender:   # a transaction: delivered only at commit
        sender.execute("NOTIFY stock, 'moved'")
        assert received == []
        sender.commit()
    t.join(6.0)
    assert received == ["moved"]
