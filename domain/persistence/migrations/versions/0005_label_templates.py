"""designer label templates with versions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 07:10:00

Reserved revision: filled in by the change that needs it.
"""
from alembic import op
import sqlalchemy as sa
import domain.persistence.types


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
