"""designer label templates with versions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 07:10:00

Templates designed in the app, one row per version of a named template (draft, published,
superseded). A new table only; existing data is untouched. Printing falls back to the shipped
template files for names that have no published version here.
"""
from alembic import op
import sqlalchemy as sa
import domain.persistence.types


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('label_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), server_default='label', nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('based_on', sa.String(length=128), server_default='', nullable=False),
    sa.Column('template_json', sa.Text(), nullable=False),
    sa.Column('saved_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("state in ('draft','published','superseded')", name=op.f('ck_label_templates_state')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_label_templates_version_positive')),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_label_templates_published_by_id_users')),
    sa.ForeignKeyConstraint(['saved_by_id'], ['users.id'], name=op.f('fk_label_templates_saved_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_label_templates')),
    sa.UniqueConstraint('name', 'version', name=op.f('uq_label_templates_name_version'))
    )
    with op.batch_alter_table('label_templates', schema=None) as batch_op:
        batch_op.create_index('ix_label_templates_name_state', ['name', 'state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('label_templates', schema=None) as batch_op:
        batch_op.drop_index('ix_label_templates_name_state')

    op.drop_table('label_templates')
