"""End-to-end tests reuse the integration world (SQLite and PostgreSQL)."""
from tests.integration.conftest import db_url, db, world  # noqa: F401
