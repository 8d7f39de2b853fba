"""operations additions

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 07:10:00

Reserved revision: filled in by the change that needs it.
"""
from alembic import op
import sqlalchemy as sa
import domain.persistence.types


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
