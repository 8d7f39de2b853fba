"""warehouse operations: orders, tasks, reservations, inspections, putaway rules, packages,
counts, and the items' receipt tolerance

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 04:40:35.066894

Generated with autogenerate against a database at 0001, then reviewed: only new tables and one
nullable column, so existing data is untouched. The column is dropped with a plain ALTER TABLE
(SQLite >= 3.35 has DROP COLUMN) rather than a batch copy of ``items``, which other tables
reference.
"""
from alembic import op
import sqlalchemy as sa
import domain.persistence.types


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('receipt_tolerance_pct', domain.persistence.types.Quantity(), nullable=True))

    op.create_table('inbound_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('supplier', sa.String(length=128), nullable=False),
    sa.Column('external_ref', sa.String(length=64), server_default='', nullable=False),
    sa.Column('expected_date', sa.Date(), nullable=True),
    sa.Column('state', sa.String(length=16), server_default='open', nullable=False),
    sa.Column('note', sa.String(length=256), server_default='', nullable=False),
    sa.Column('created_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("state in ('open','in_progress','done','cancelled')", name=op.f('ck_inbound_orders_state')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_inbound_orders_closed_by_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_inbound_orders_created_by_id_users')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_inbound_orders_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_orders')),
    sa.UniqueConstraint('number', name=op.f('uq_inbound_orders_number'))
    )
    with op.batch_alter_table('inbound_orders', schema=None) as batch_op:
        batch_op.create_index('ix_inbound_orders_external_ref', ['external_ref'], unique=False)
        batch_op.create_index('ix_inbound_orders_state', ['state'], unique=False)

    op.create_table('outbound_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('customer', sa.String(length=128), nullable=False),
    sa.Column('external_ref', sa.String(length=64), server_default='', nullable=False),
    sa.Column('requested_date', sa.Date(), nullable=True),
    sa.Column('priority', sa.Integer(), server_default='0', nullable=False),
    sa.Column('state', sa.String(length=16), server_default='open', nullable=False),
    sa.Column('backorder_of_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=256), server_default='', nullable=False),
    sa.Column('created_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("state in ('open','in_progress','done','cancelled')", name=op.f('ck_outbound_orders_state')),
    sa.ForeignKeyConstraint(['backorder_of_id'], ['outbound_orders.id'], name=op.f('fk_outbound_orders_backorder_of_id_outbound_orders')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_outbound_orders_closed_by_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_outbound_orders_created_by_id_users')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_outbound_orders_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_orders')),
    sa.UniqueConstraint('number', name=op.f('uq_outbound_orders_number'))
    )
    with op.batch_alter_table('outbound_orders', schema=None) as batch_op:
        batch_op.create_index('ix_outbound_orders_external_ref', ['external_ref'], unique=False)
        batch_op.create_index('ix_outbound_orders_state_requested_date', ['state', 'requested_date'], unique=False)

    op.create_table('inbound_order_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('qty_expected', domain.persistence.types.Quantity(), nullable=False),
    sa.Column('qty_received', domain.persistence.types.Quantity(), server_default='0', nullable=False),
    sa.Column('lot_no', sa.String(length=64), nullable=True),
    sa.Column('external_line_ref', sa.String(length=64), server_default='', nullable=False),
    sa.CheckConstraint('qty_expected > 0', name=op.f('ck_inbound_order_lines_qty_expected_positive')),
    sa.CheckConstraint('qty_received >= 0', name=op.f('ck_inbound_order_lines_qty_received_not_negative')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_inbound_order_lines_item_id_items')),
    sa.ForeignKeyConstraint(['order_id'], ['inbound_orders.id'], name=op.f('fk_inbound_order_lines_order_id_inbound_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_order_lines')),
    sa.UniqueConstraint('order_id', 'line_no', name=op.f('uq_inbound_order_lines_order_id_line_no'))
    )
    op.create_table('outbound_order_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('qty_ordered', domain.persistence.types.Quantity(), nullable=False),
    sa.Column('qty_allocated', domain.persistence.types.Quantity(), server_default='0', nullable=False),
    sa.Column('qty_picked', domain.persistence.types.Quantity(), server_default='0', nullable=False),
    sa.Column('qty_shipped', domain.persistence.types.Quantity(), server_default='0', nullable=False),
    sa.Column('qty_backordered', domain.persistence.types.Quantity(), server_default='0', nullable=False),
    sa.Column('lot_no', sa.String(length=64), nullable=True),
    sa.Column('external_line_ref', sa.String(length=64), server_default='', nullable=False),
    sa.CheckConstraint('qty_allocated + qty_backordered + qty_shipped <= qty_ordered', name=op.f('ck_outbound_order_lines_within_ordered')),
    sa.CheckConstraint('qty_allocated >= 0 and qty_picked >= qty_shipped and qty_shipped >= 0 and qty_backordered >= 0', name=op.f('ck_outbound_order_lines_qty_not_negative')),
    sa.CheckConstraint('qty_ordered > 0', name=op.f('ck_outbound_order_lines_qty_ordered_positive')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_outbound_order_lines_item_id_items')),
    sa.ForeignKeyConstraint(['order_id'], ['outbound_orders.id'], name=op.f('fk_outbound_order_lines_order_id_outbound_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_order_lines')),
    sa.UniqueConstraint('order_id', 'line_no', name=op.f('uq_outbound_order_lines_order_id_line_no'))
    )
    with op.batch_alter_table('outbound_order_lines', schema=None) as batch_op:
        batch_op.create_index('ix_outbound_order_lines_item_id', ['item_id'], unique=False)

    op.create_table('packages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sscc', sa.String(length=18), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('outbound_order_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), server_default='open', nullable=False),
    sa.Column('weight_kg', domain.persistence.types.Quantity(), nullable=True),
    sa.Column('created_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('shipped_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind in ('package','pallet')", name=op.f('ck_packages_kind')),
    sa.CheckConstraint("state in ('open','closed','shipped')", name=op.f('ck_packages_state')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_packages_created_by_id_users')),
    sa.ForeignKeyConstraint(['outbound_order_id'], ['outbound_orders.id'], name=op.f('fk_packages_outbound_order_id_outbound_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packages')),
    sa.UniqueConstraint('sscc', name=op.f('uq_packages_sscc'))
    )
    with op.batch_alter_table('packages', schema=None) as batch_op:
        batch_op.create_index('ix_packages_outbound_order_id', ['outbound_order_id'], unique=False)

    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('task_type', sa.String(length=16), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), server_default='open', nullable=False),
    sa.Column('priority', sa.Integer(), server_default='0', nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('inbound_order_id', sa.Integer(), nullable=True),
    sa.Column('outbound_order_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=256), server_default='', nullable=False),
    sa.Column('created_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('started_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('finished_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('finished_by_id', sa.Integer(), nullable=True),
    sa.Column('cancel_reason', sa.String(length=256), server_default='', nullable=False),
    sa.CheckConstraint("state in ('open','in_progress','done','cancelled')", name=op.f('ck_tasks_state')),
    sa.CheckConstraint("task_type in ('receive','inspect','putaway','pick','pack','count','move','return')", name=op.f('ck_tasks_task_type')),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_tasks_assignee_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tasks_created_by_id_users')),
    sa.ForeignKeyConstraint(['finished_by_id'], ['users.id'], name=op.f('fk_tasks_finished_by_id_users')),
    sa.ForeignKeyConstraint(['inbound_order_id'], ['inbound_orders.id'], name=op.f('fk_tasks_inbound_order_id_inbound_orders')),
    sa.ForeignKeyConstraint(['outbound_order_id'], ['outbound_orders.id'], name=op.f('fk_tasks_outbound_order_id_outbound_orders')),
    sa.ForeignKeyConstraint(['parent_id'], ['tasks.id'], name=op.f('fk_tasks_parent_id_tasks')),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_tasks_started_by_id_users')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_tasks_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks')),
    sa.UniqueConstraint('number', name=op.f('uq_tasks_number'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index('ix_tasks_assignee_id_state', ['assignee_id', 'state'], unique=False)
        batch_op.create_index('ix_tasks_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_tasks_inbound_order_id', ['inbound_order_id'], unique=False)
        batch_op.create_index('ix_tasks_outbound_order_id', ['outbound_order_id'], unique=False)
        batch_op.create_index('ix_tasks_task_type_state', ['task_type', 'state'], unique=False)

    op.create_table('count_plans',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('basis', sa.String(length=8), nullable=False),
    sa.Column('basis_value', sa.String(length=64), server_default='', nullable=False),
    sa.Column('threshold_pct', domain.persistence.types.Quantity(), nullable=False),
    sa.Column('threshold_qty', domain.persistence.types.Quantity(), nullable=False),
    sa.Column('approved_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('reason_code', sa.String(length=32), server_default='', nullable=False),
    sa.CheckConstraint("basis in ('bin','zone','item','abc')", name=op.f('ck_count_plans_basis')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_count_plans_approved_by_id_users')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_count_plans_task_id_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('task_id', name=op.f('pk_count_plans'))
    )
    op.create_table('inspection_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=256), nullable=False),
    sa.Column('file_path', sa.String(length=1024), nullable=True),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('mime_type', sa.String(length=64), server_default='', nullable=False),
    sa.Column('added_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('file_path is not null or content is not null', name=op.f('ck_inspection_attachments_has_data')),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_inspection_attachments_added_by_id_users')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_inspection_attachments_task_id_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_attachments'))
    )
    with op.batch_alter_table('inspection_attachments', schema=None) as batch_op:
        batch_op.create_index('ix_inspection_attachments_task_id', ['task_id'], unique=False)

    op.create_table('package_contents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('outbound_line_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=True),
    sa.Column('serial_id', sa.Integer(), nullable=True),
    sa.Column('qty', domain.persistence.types.Quantity(), nullable=False),
    sa.CheckConstraint('qty > 0', name=op.f('ck_package_contents_qty_positive')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_package_contents_item_id_items')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_package_contents_lot_id_lots')),
    sa.ForeignKeyConstraint(['outbound_line_id'], ['outbound_order_lines.id'], name=op.f('fk_package_contents_outbound_line_id_outbound_order_lines')),
    sa.ForeignKeyConstraint(['package_id'], ['packages.id'], name=op.f('fk_package_contents_package_id_packages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['serial_id'], ['serials.id'], name=op.f('fk_package_contents_serial_id_serials')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_package_contents'))
    )
    with op.batch_alter_table('package_contents', schema=None) as batch_op:
        batch_op.create_index('ix_package_contents_outbound_line_id', ['outbound_line_id'], unique=False)
        batch_op.create_index('ix_package_contents_package_id', ['package_id'], unique=False)

    op.create_table('putaway_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('bin_id', sa.Integer(), nullable=True),
    sa.Column('abc_class', sa.String(length=1), nullable=True),
    sa.Column('zone_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(item_id is not null and bin_id is not null and abc_class is null and zone_id is null) or (item_id is null and bin_id is null and abc_class is not null and zone_id is not null)', name=op.f('ck_putaway_rules_kind')),
    sa.ForeignKeyConstraint(['bin_id'], ['bins.id'], name=op.f('fk_putaway_rules_bin_id_bins')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_putaway_rules_item_id_items')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_putaway_rules_warehouse_id_warehouses')),
    sa.ForeignKeyConstraint(['zone_id'], ['zones.id'], name=op.f('fk_putaway_rules_zone_id_zones')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_putaway_rules'))
    )
    with op.batch_alter_table('putaway_rules', schema=None) as batch_op:
        batch_op.create_index('ix_putaway_rules_warehouse_id_item_id', ['warehouse_id', 'item_id'], unique=False)

    op.create_table('task_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('qty', domain.persistence.types.Quantity(), server_default='0', nullable=False),
    sa.Column('qty_done', domain.persistence.types.Quantity(), server_default='0', nullable=False),
    sa.Column('state', sa.String(length=16), server_default='open', nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=True),
    sa.Column('serial_id', sa.Integer(), nullable=True),
    sa.Column('from_bin_id', sa.Integer(), nullable=True),
    sa.Column('to_bin_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=True),
    sa.Column('inbound_line_id', sa.Integer(), nullable=True),
    sa.Column('outbound_line_id', sa.Integer(), nullable=True),
    sa.Column('short_reason', sa.String(length=128), server_default='', nullable=False),
    sa.Column('done_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("state in ('open','in_progress','done','cancelled')", name=op.f('ck_task_lines_state')),
    sa.CheckConstraint('qty_done >= 0 and qty_done <= qty', name=op.f('ck_task_lines_qty_done_within_qty')),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_task_lines_done_by_id_users')),
    sa.ForeignKeyConstraint(['from_bin_id'], ['bins.id'], name=op.f('fk_task_lines_from_bin_id_bins')),
    sa.ForeignKeyConstraint(['inbound_line_id'], ['inbound_order_lines.id'], name=op.f('fk_task_lines_inbound_line_id_inbound_order_lines')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_task_lines_item_id_items')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_task_lines_lot_id_lots')),
    sa.ForeignKeyConstraint(['outbound_line_id'], ['outbound_order_lines.id'], name=op.f('fk_task_lines_outbound_line_id_outbound_order_lines')),
    sa.ForeignKeyConstraint(['serial_id'], ['serials.id'], name=op.f('fk_task_lines_serial_id_serials')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_lines_task_id_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_bin_id'], ['bins.id'], name=op.f('fk_task_lines_to_bin_id_bins')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_lines')),
    sa.UniqueConstraint('task_id', 'line_no', name=op.f('uq_task_lines_task_id_line_no'))
    )
    with op.batch_alter_table('task_lines', schema=None) as batch_op:
        batch_op.create_index('ix_task_lines_lot_id', ['lot_id'], unique=False)
        batch_op.create_index('ix_task_lines_outbound_line_id', ['outbound_line_id'], unique=False)
        batch_op.create_index('ix_task_lines_to_bin_id_state', ['to_bin_id', 'state'], unique=False)

    op.create_table('count_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('task_line_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), server_default='1', nullable=False),
    sa.Column('bin_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=True),
    sa.Column('serial_id', sa.Integer(), nullable=True),
    sa.Column('counted_qty', domain.persistence.types.Quantity(), nullable=False),
    sa.Column('expected_qty', domain.persistence.types.Quantity(), nullable=True),
    sa.Column('superseded', sa.Boolean(), server_default=sa.text('(false)'), nullable=False),
    sa.Column('counted_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('counted_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('counted_qty >= 0', name=op.f('ck_count_entries_counted_not_negative')),
    sa.ForeignKeyConstraint(['bin_id'], ['bins.id'], name=op.f('fk_count_entries_bin_id_bins')),
    sa.ForeignKeyConstraint(['counted_by_id'], ['users.id'], name=op.f('fk_count_entries_counted_by_id_users')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_count_entries_item_id_items')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_count_entries_lot_id_lots')),
    sa.ForeignKeyConstraint(['serial_id'], ['serials.id'], name=op.f('fk_count_entries_serial_id_serials')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_count_entries_task_id_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_line_id'], ['task_lines.id'], name=op.f('fk_count_entries_task_line_id_task_lines'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_entries'))
    )
    with op.batch_alter_table('count_entries', schema=None) as batch_op:
        batch_op.create_index('ix_count_entries_task_id_superseded', ['task_id', 'superseded'], unique=False)
        batch_op.create_index('ix_count_entries_task_line_id', ['task_line_id'], unique=False)

    op.create_table('inspection_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_line_id', sa.Integer(), nullable=False),
    sa.Column('result', sa.String(length=8), nullable=False),
    sa.Column('qty_passed', domain.persistence.types.Quantity(), nullable=False),
    sa.Column('qty_failed', domain.persistence.types.Quantity(), nullable=False),
    sa.Column('disposition', sa.String(length=16), nullable=True),
    sa.Column('to_bin_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('inspected_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('inspected_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("disposition is null or disposition in ('damaged','return')", name=op.f('ck_inspection_results_disposition')),
    sa.CheckConstraint("result in ('pass','fail','partial')", name=op.f('ck_inspection_results_result')),
    sa.CheckConstraint('qty_passed >= 0 and qty_failed >= 0', name=op.f('ck_inspection_results_qty_not_negative')),
    sa.ForeignKeyConstraint(['inspected_by_id'], ['users.id'], name=op.f('fk_inspection_results_inspected_by_id_users')),
    sa.ForeignKeyConstraint(['task_line_id'], ['task_lines.id'], name=op.f('fk_inspection_results_task_line_id_task_lines'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_bin_id'], ['bins.id'], name=op.f('fk_inspection_results_to_bin_id_bins')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_results'))
    )
    with op.batch_alter_table('inspection_results', schema=None) as batch_op:
        batch_op.create_index('ix_inspection_results_task_line_id', ['task_line_id'], unique=False)

    op.create_table('reservations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_line_id', sa.Integer(), nullable=False),
    sa.Column('quant_id', sa.Integer(), nullable=False),
    sa.Column('qty', domain.persistence.types.Quantity(), nullable=False),
    sa.Column('picked', sa.Boolean(), server_default=sa.text('(false)'), nullable=False),
    sa.Column('created_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', domain.persistence.types.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('qty > 0', name=op.f('ck_reservations_qty_positive')),
    sa.ForeignKeyConstraint(['quant_id'], ['quants.id'], name=op.f('fk_reservations_quant_id_quants')),
    sa.ForeignKeyConstraint(['task_line_id'], ['task_lines.id'], name=op.f('fk_reservations_task_line_id_task_lines')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reservations'))
    )
    with op.batch_alter_table('reservations', schema=None) as batch_op:
        batch_op.create_index('ix_reservations_quant_id', ['quant_id'], unique=False)
        batch_op.create_index('ix_reservations_task_line_id', ['task_line_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reservations', schema=None) as batch_op:
        batch_op.drop_index('ix_reservations_task_line_id')
        batch_op.drop_index('ix_reservations_quant_id')

    op.drop_table('reservations')
    with op.batch_alter_table('inspection_results', schema=None) as batch_op:
        batch_op.drop_index('ix_inspection_results_task_line_id')

    op.drop_table('inspection_results')
    with op.batch_alter_table('count_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_count_entries_task_line_id')
        batch_op.drop_index('ix_count_entries_task_id_superseded')

    op.drop_table('count_entries')
    with op.batch_alter_table('task_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_task_lines_to_bin_id_state')
        batch_op.drop_index('ix_task_lines_outbound_line_id')
        batch_op.drop_index('ix_task_lines_lot_id')

    op.drop_table('task_lines')
    with op.batch_alter_table('putaway_rules', schema=None) as batch_op:
        batch_op.drop_index('ix_putaway_rules_warehouse_id_item_id')

    op.drop_table('putaway_rules')
    with op.batch_alter_table('package_contents', schema=None) as batch_op:
        batch_op.drop_index('ix_package_contents_package_id')
        batch_op.drop_index('ix_package_contents_outbound_line_id')

    op.drop_table('package_contents')
    with op.batch_alter_table('inspection_attachments', schema=None) as batch_op:
        batch_op.drop_index('ix_inspection_attachments_task_id')

    op.drop_table('inspection_attachments')
    op.drop_table('count_plans')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_task_type_state')
        batch_op.drop_index('ix_tasks_outbound_order_id')
        batch_op.drop_index('ix_tasks_inbound_order_id')
        batch_op.drop_index('ix_tasks_created_at')
        batch_op.drop_index('ix_tasks_assignee_id_state')

    op.drop_table('tasks')
    with op.batch_alter_table('packages', schema=None) as batch_op:
        batch_op.drop_index('ix_packages_outbound_order_id')

    op.drop_table('packages')
    with op.batch_alter_table('outbound_order_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_outbound_order_lines_item_id')

    op.drop_table('outbound_order_lines')
    op.drop_table('inbound_order_lines')
    with op.batch_alter_table('outbound_orders', schema=None) as batch_op:
        batch_op.drop_index('ix_outbound_orders_state_requested_date')
        batch_op.drop_index('ix_outbound_orders_external_ref')

    op.drop_table('outbound_orders')
    with op.batch_alter_table('inbound_orders', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_orders_state')
        batch_op.drop_index('ix_inbound_orders_external_ref')

    op.drop_table('inbound_orders')
    op.drop_column('items', 'receipt_tolerance_pct')
