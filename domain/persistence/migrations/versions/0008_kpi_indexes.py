"""KPI indexes: stock by item and receipt date, the oldest stock first, free stock per item, the
last issue per item

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 12:00:00

The stock KPIs (ageing, slow-moving, turnover) read every quant per item; ``ix_quants_item_age``
holds what they need so the table is not read, and ``ix_quants_in_date`` lists the oldest stock
without sorting it, ``ix_quants_available`` (partial) sums what is free per item for the stock
alerts. ``ix_stock_moves_issued`` is partial (issues out of the warehouse only), so
an item's last issue is one seek instead of a walk back through its history.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

ISSUED_OUT = "reason = 'issue' AND to_bin_id IS NULL"
AVAILABLE_ONLY = "status = 'available'"


def upgrade() -> None:
    op.create_index('ix_quants_item_age', 'quants', ['item_id', 'in_date', 'on_hand'])
    op.create_index('ix_quants_in_date', 'quants', ['in_date'])
    op.create_index('ix_quants_available', 'quants',
                    ['item_id', 'on_hand', 'reserved', 'status'],
                    sqlite_where=sa.text(AVAILABLE_ONLY), postgresql_where=sa.text(AVAILABLE_ONLY))
    op.create_index('ix_stock_moves_issued', 'stock_moves', ['item_id', 'created_at'],
                    sqlite_where=sa.text(ISSUED_OUT), postgresql_where=sa.text(ISSUED_OUT))


def downgrade() -> None:
    op.drop_index('ix_stock_moves_issued', table_name='stock_moves')
    op.drop_index('ix_quants_available', table_name='quants')
    op.drop_index('ix_quants_in_date', table_name='quants')
    op.drop_index('ix_quants_item_age', table_name='quants')
