"""The migrations build exactly the schema the code declares, on both backends."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from domain.persistence.database import Database
from domain.persistence.tables import metadata


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrated_schema_matches_the_models(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_migrating_twice_is_harmless_and_reaches_head(db):
    db.migrate()
    assert db.current_revision() is not None


def test_every_table_is_created(db):
    tables = set(inspect(db.engine).get_table_names())
    assert set(metadata.tables) <= tables


def test_downgrade_to_base_and_up_again(db_url):
    from alembic import command

    from domain.persistence.database import alembic_config
    database = Database(db_url)
    database.migrate()
    with database.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert "stock_moves" not in inspect(database.engine).get_table_names()
    database.migrate()
    assert "stock_moves" in inspect(database.engine).get_table_names()
    database.dispose()


def test_expression_and_partial_indexes_exist(db):
    """Autogenerate cannot compare expression indexes on SQLite, so check them by name."""
    from sqlalchemy import text
    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            found = set(conn.execute(text(
                "select name from sqlite_master where type='index' and tbl_name='quants'")).scalars())
        else:
            found = set(conn.execute(text(
                "select indexname from pg_indexes where tablename='quants'")).scalars())
    assert {"uq_quants_key", "uq_quants_serial_in_stock"} <= found
