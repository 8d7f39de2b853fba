"""operations additions: a count plan says whether the count is blind

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 07:10:00

``count_plans.blind`` (true unless the planner chose to show the book to the counters); existing
plans were all blind.
"""
from alembic import op
import sqlalchemy as sa
import domain.persistence.types


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('count_plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blind', sa.Boolean(), server_default=sa.text('true'),
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('count_plans', schema=None) as batch_op:
        batch_op.drop_column('blind')
