"""sync bookkeeping

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 07:10:00

Reserved revision: filled in by the change that needs it.
"""
from alembic import op
import sqlalchemy as sa
import domain.persistence.types


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
