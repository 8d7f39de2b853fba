"""Free stock per item without a partial index: ``ix_quants_item_status`` replaces
``ix_quants_available``

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 15:00:00

A partial index whose condition names a column makes SQLite re-prepare every statement that
compares that column with a bound value, on every execution: with ``status = 'available'`` as the
condition, each ledger UPDATE of a quant (``... AND status = ?``) was compiled again each time
(about 15 µs a statement, 10,000 times in a large posting). The same columns with the status
second serve the stock alerts as well, from the index alone.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

AVAILABLE_ONLY = "status = 'available'"


def upgrade() -> None:
    op.drop_index('ix_quants_available', table_name='quants')
    op.create_index('ix_quants_item_status', 'quants',
                    ['item_id', 'status', 'on_hand', 'reserved'])


def downgrade() -> None:
    op.drop_index('ix_quants_item_status', table_name='quants')
    op.create_index('ix_quants_available', 'quants',
                    ['item_id', 'on_hand', 'reserved', 'status'],
                    sqlite_where=sa.text(AVAILABLE_ONLY), postgresql_where=sa.text(AVAILABLE_ONLY))
