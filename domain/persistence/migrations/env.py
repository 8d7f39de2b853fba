"""Alembic environment: runs on the connection handed over by ``Database.migrate`` or, from the
alembic command line, on ``-x db=URL`` / ``WARELINK_DB``."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from domain.persistence.tables import metadata

config = context.config


def _include_object(obj, name, type_, reflected, compare_to):
    return True


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_include_object,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from domain.persistence.database import default_url
    url = context.get_x_argument(as_dictionary=True).get("db") or default_url()
    engine = create_engine(url)
    with engine.begin() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; use: python main.py migrate")
run_migrations_online()
