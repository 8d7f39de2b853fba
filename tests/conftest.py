"""Shared pytest fixtures.

PostgreSQL: one throwaway server per test session (``pg_server``, see
tests/pg_server.py), and one fresh, uniquely named, empty database per test
(``pg_url``).  Each test gets its own database so that tests are isolated
from each other: every test runs the Alembic migrations on an empty schema
itself (so the migrations are exercised from scratch every time), may commit
for real, use LISTEN/NOTIFY, advisory locks or several connections, and
leaves nothing behind for the next test.  Creating a database takes a few
tens of milliseconds on the fsync=off server, much cheaper than the risk of
order-dependent tests.

If PostgreSQL is not installed, the PostgreSQL tests are skipped, except when
CI=true: then they fail, so that CI never silently skips them.
"""

import os
import uuid

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Cheap argon2 parameters for the many test accounts (see domain/services/users.py).
os.environ.setdefault("WARELINK_FAST_PASSWORD_HASH", "1")

import pytest  # noqa: E402

from tests.pg_server import PgServer, PgUnavailable, start_server  # noqa: E402


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server (started on first use, stopped at the end)."""
    try:
        server: PgServer = start_server()
    except PgUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required on CI: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL not available: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server):
    """SQLAlchemy URL of a brand-new empty database for this test only."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    url = pg_server.create_database(name)
    yield url
    try:
        pg_server.drop_database(name)
    except Exception:
        pass

