"""sync bookkeeping

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 07:10:00

The ERP sync's bookkeeping moves out of JSON in ``outbox.last_error`` and the ``settings`` table
into tables of its own: every send attempt (``sync_attempts``), the error inbox state
(``sync_inbox``: last error, signature, assignee, retry budget), comments, audited payload edits
with their diff, sync exceptions raised for the admin role, and the retry rules as rows. New
tables only; the data step copies retry rules kept in ``settings`` and the last error of messages
still open, and leaves ``last_error`` holding the plain last error text.
"""
import json
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa
import domain.persistence.types


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_retry_rules',
    sa.Column('error_class', sa.String(length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('wait_seconds', sa.Float(), server_default='0', nullable=False),
    sa.Column('backoff', sa.Float(), server_default='1', nullable=False),
    sa.Column('max_wait_seconds', sa.Float(), server_default='3600', nullable=False),
    sa.Column('jitter', sa.Float(), server_default='0', nullable=False),
    sa.Column('updated_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('updated_by', sa.String(length=64), server_default='', nullable=False),
    sa.CheckConstraint('attempts >= 0 and wait_seconds >= 0 and backoff >= 0 and max_wait_seconds >= 0 and jitter >= 0 and jitter <= 1', name=op.f('ck_sync_retry_rules_non_negative')),
    sa.PrimaryKeyConstraint('error_class', name=op.f('pk_sync_retry_rules'))
    )
    op.create_table('sync_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('duration_ms', sa.Integer(), server_default='0', nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('error_class', sa.String(length=32), server_default='', nullable=False),
    sa.Column('message', sa.Text(), server_default='', nullable=False),
    sa.Column('signature', sa.String(length=300), server_default='', nullable=False),
    sa.Column('request', sa.Text(), server_default='', nullable=False),
    sa.Column('response', sa.Text(), server_default='', nullable=False),
    sa.CheckConstraint("outcome in ('delivered','already','retry','failed','interrupted')", name=op.f('ck_sync_attempts_outcome')),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], name=op.f('fk_sync_attempts_outbox_id_outbox'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_attempts'))
    )
    with op.batch_alter_table('sync_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_sync_attempts_outbox_id_id', ['outbox_id', 'id'], unique=False)

    op.create_table('sync_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], name=op.f('fk_sync_comments_outbox_id_outbox'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sync_comments_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_comments'))
    )
    with op.batch_alter_table('sync_comments', schema=None) as batch_op:
        batch_op.create_index('ix_sync_comments_outbox_id', ['outbox_id'], unique=False)

    op.create_table('sync_exceptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), server_default='admin', nullable=False),
    sa.Column('state', sa.String(length=16), server_default='open', nullable=False),
    sa.Column('summary', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=64), server_default='', nullable=False),
    sa.CheckConstraint("state in ('open','done')", name=op.f('ck_sync_exceptions_state')),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], name=op.f('fk_sync_exceptions_outbox_id_outbox'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_exceptions'))
    )
    with op.batch_alter_table('sync_exceptions', schema=None) as batch_op:
        batch_op.create_index('ix_sync_exceptions_outbox_id', ['outbox_id'], unique=False)
        batch_op.create_index('ix_sync_exceptions_state_role', ['state', 'role'], unique=False)

    op.create_table('sync_inbox',
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('error_class', sa.String(length=32), server_default='', nullable=False),
    sa.Column('signature', sa.String(length=300), server_default='', nullable=False),
    sa.Column('message', sa.Text(), server_default='', nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('budget_base', sa.Integer(), server_default='0', nullable=False),
    sa.Column('cancel_reason', sa.Text(), server_default='', nullable=False),
    sa.Column('updated_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_sync_inbox_assignee_id_users')),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], name=op.f('fk_sync_inbox_outbox_id_outbox'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('outbox_id', name=op.f('pk_sync_inbox'))
    )
    with op.batch_alter_table('sync_inbox', schema=None) as batch_op:
        batch_op.create_index('ix_sync_inbox_assignee_id', ['assignee_id'], unique=False)
        batch_op.create_index('ix_sync_inbox_signature', ['signature'], unique=False)

    op.create_table('sync_payload_edits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('old_payload', sa.Text(), nullable=False),
    sa.Column('new_payload', sa.Text(), nullable=False),
    sa.Column('diff', sa.Text(), server_default='[]', nullable=False),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], name=op.f('fk_sync_payload_edits_outbox_id_outbox'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sync_payload_edits_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_payload_edits'))
    )
    with op.batch_alter_table('sync_payload_edits', schema=None) as batch_op:
        batch_op.create_index('ix_sync_payload_edits_outbox_id', ['outbox_id'], unique=False)

    _move_json_bookkeeping()


def _move_json_bookkeeping() -> None:
    """Copy the stopgap JSON (settings 'sync.retry_rules', outbox.last_error) into the tables."""
    conn = op.get_bind()
    now = datetime.now(timezone.utc)
    raw = conn.execute(sa.text("SELECT value FROM settings WHERE key = 'sync.retry_rules'")).scalar()
    rules = sa.table('sync_retry_rules', sa.column('error_class'), sa.column('attempts'),
                     sa.column('wait_seconds'), sa.column('backoff'),
                     sa.column('max_wait_seconds'), sa.column('jitter'))
    for error_class, rule in (json.loads(raw) if raw else {}).items():
        conn.execute(rules.insert().values(
            error_class=error_class, attempts=int(rule.get('attempts', 1)),
            wait_seconds=float(rule.get('wait', 0)), backoff=float(rule.get('backoff', 1)),
            max_wait_seconds=float(rule.get('max_wait', 3600)),
            jitter=min(1.0, float(rule.get('jitter', 0)))))
    conn.execute(sa.text("DELETE FROM settings WHERE key = 'sync.retry_rules'"))
    inbox = sa.table('sync_inbox', sa.column('outbox_id'), sa.column('error_class'),
                     sa.column('signature'), sa.column('message'), sa.column('budget_base'),
                     sa.column('updated_at'))
    rows = conn.execute(sa.text("SELECT id, last_error FROM outbox WHERE last_error IS NOT NULL "
                                "AND last_error LIKE '{%'")).all()
    for id_, last_error in rows:
        try:
            info = json.loads(last_error)
        except ValueError:
            continue
        if not isinstance(info, dict):
            continue
        if info.get('class'):
            conn.execute(inbox.insert().values(
                outbox_id=id_, error_class=str(info['class'])[:32],
                signature=str(info.get('signature', ''))[:300],
                message=str(info.get('message', '')), budget_base=int(info.get('budget_base', 0)),
                updated_at=now))
        conn.execute(sa.text("UPDATE outbox SET last_error = :m WHERE id = :i"),
                     {"m": str(info.get('message', '')) or None, "i": id_})


def downgrade() -> None:
    with op.batch_alter_table('sync_payload_edits', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_payload_edits_outbox_id')

    op.drop_table('sync_payload_edits')
    with op.batch_alter_table('sync_inbox', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_inbox_signature')
        batch_op.drop_index('ix_sync_inbox_assignee_id')

    op.drop_table('sync_inbox')
    with op.batch_alter_table('sync_exceptions', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_exceptions_state_role')
        batch_op.drop_index('ix_sync_exceptions_outbox_id')

    op.drop_table('sync_exceptions')
    with op.batch_alter_table('sync_comments', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_comments_outbox_id')

    op.drop_table('sync_comments')
    with op.batch_alter_table('sync_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_attempts_outbox_id_id')

    op.drop_table('sync_attempts')
    op.drop_table('sync_retry_rules')
