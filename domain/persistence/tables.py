"""The schema, in one place. Migrations are generated from it and a test checks they agree.

Invariants of the stock core live here as constraints, so that no code path (a bug, a second
station, a hand-written SQL fix) can break them: on hand never negative, reserved within on hand,
one quant per (item, bin, lot, serial, status), a serial in stock in at most one place.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean, CheckConstraint, Column, Date, Float, ForeignKey, Index, Integer, LargeBinary,
    MetaData, String, Table, Text, UniqueConstraint, func, text,
)

from domain.model.states import STATE_SQL
from domain.persistence.types import Quantity, UtcDateTime
from domain.quantity import QTY_SCALE

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

STATUSES = "'available','quarantine','damaged','blocked'"

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("full_name", String(128), nullable=False, server_default=""),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(256), nullable=False),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    Column("language", String(16), nullable=False, server_default="en"),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_login_at", UtcDateTime),
    CheckConstraint("role in ('clerk','station','supervisor','admin')", name="role"),
)

items = Table(
    "items", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("name", String(256), nullable=False),
    Column("spec", String(256), nullable=False, server_default=""),
    Column("base_uom", String(16), nullable=False),
    Column("lot_tracked", Boolean, nullable=False, server_default=text("false")),
    Column("serial_tracked", Boolean, nullable=False, server_default=text("false")),
    Column("shelf_life_days", Integer),
    Column("removal_strategy", String(8), nullable=False, server_default="FIFO"),
    Column("abc_class", String(1)),
    Column("min_qty", Quantity),
    Column("max_qty", Quantity),
    Column("requires_inspection", Boolean, nullable=False, server_default=text("false")),
    Column("unit_weight_kg", Quantity),
    Column("unit_volume_l", Quantity),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    # Over/under-receipt tolerance in percent (migration 0002); NULL = receive exactly.
    Column("receipt_tolerance_pct", Quantity),
    # Standard cost per base unit (migration 0004): values stock for the KPIs; NULL = no cost
    # known (reports show such items apart instead of valuing them at zero).
    Column("unit_cost", Quantity),
    # Product line (产品线) groups items for turnover and slow-moving reports.
    Column("product_line", String(64), nullable=False, server_default=""),
    CheckConstraint("unit_cost is null or unit_cost >= 0", name="unit_cost_not_negative"),
    CheckConstraint("removal_strategy in ('FIFO','FEFO')", name="removal_strategy"),
    CheckConstraint("abc_class is null or abc_class in ('A','B','C')", name="abc_class"),
    CheckConstraint("shelf_life_days is null or shelf_life_days > 0", name="shelf_life"),
)
Index("ix_items_name", items.c.name)

item_barcodes = Table(
    "item_barcodes", metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", ForeignKey("items.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("code", String(128), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("qty", Quantity, nullable=False),
    CheckConstraint("qty > 0", name="qty_positive"),
)

pack_units = Table(
    "pack_units", metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
    Column("uom", String(16), nullable=False),
    Column("factor", Quantity, nullable=False),
    UniqueConstraint("item_id", "uom"),
    CheckConstraint("factor > 0", name="factor_positive"),
)

warehouses = Table(
    "warehouses", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", String(128), nullable=False),
    Column("address", String(256), nullable=False, server_default=""),
    Column("active", Boolean, nullable=False, server_default=text("true")),
)

zones = Table(
    "zones", metadata,
    Column("id", Integer, primary_key=True),
    Column("warehouse_id", ForeignKey("warehouses.id"), nullable=False),
    Column("code", String(32), nullable=False),
    Column("name", String(128), nullable=False, server_default=""),
    UniqueConstraint("warehouse_id", "code"),
)

bins = Table(
    "bins", metadata,
    Column("id", Integer, primary_key=True),
    Column("warehouse_id", ForeignKey("warehouses.id"), nullable=False),
    Column("zone_id", ForeignKey("zones.id"), index=True),
    Column("code", String(64), nullable=False),
    Column("barcode", String(128), nullable=False, unique=True),
    Column("bin_type", String(16), nullable=False),
    Column("pick_sequence", Integer, nullable=False, server_default="0"),
    Column("capacity_qty", Quantity),
    Column("capacity_volume_l", Quantity),
    Column("capacity_weight_kg", Quantity),
    Column("blocked", Boolean, nullable=False, server_default=text("false")),
    Column("blocked_reason", String(256), nullable=False, server_default=""),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    UniqueConstraint("warehouse_id", "code"),
    CheckConstraint(
        "bin_type in ('receiving','storage','pick_face','staging','shipping','quarantine')",
        name="bin_type"),
)
Index("ix_bins_code", bins.c.code)

lots = Table(
    "lots", metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", ForeignKey("items.id"), nullable=False),
    Column("lot_no", String(64), nullable=False),
    Column("expiry_date", Date),
    Column("production_date", Date),
    Column("status", String(16), nullable=False, server_default="released"),
    UniqueConstraint("item_id", "lot_no"),
    CheckConstraint("status in ('released','quarantine','blocked')", name="status"),
)
Index("ix_lots_lot_no", lots.c.lot_no)
Index("ix_lots_expiry_date", lots.c.expiry_date)

serials = Table(
    "serials", metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", ForeignKey("items.id"), nullable=False),
    Column("serial_no", String(64), nullable=False),
    Column("lot_id", ForeignKey("lots.id")),
    UniqueConstraint("item_id", "serial_no"),
)
Index("ix_serials_serial_no", serials.c.serial_no)

# The current state: one row per place-and-condition that holds stock. Rows that reach zero
# (nothing on hand, nothing reserved) are deleted, so the table stays as small as the stock.
quants = Table(
    "quants", metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", ForeignKey("items.id"), nullable=False),
    Column("bin_id", ForeignKey("bins.id"), nullable=False),
    Column("lot_id", ForeignKey("lots.id")),
    Column("serial_id", ForeignKey("serials.id")),
    Column("status", String(16), nullable=False),
    Column("on_hand", Quantity, nullable=False),
    Column("reserved", Quantity, nullable=False, server_default="0"),
    Column("in_date", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
    CheckConstraint("reserved >= 0 and reserved <= on_hand", name="reserved_within_on_hand"),
    CheckConstraint(f"status in ({STATUSES})", name="status"),
    CheckConstraint(f"serial_id is null or on_hand <= {QTY_SCALE}", name="serial_at_most_one"),
)
Index("uq_quants_key", quants.c.item_id, quants.c.bin_id, func.coalesce(quants.c.lot_id, 0),
      func.coalesce(quants.c.serial_id, 0), quants.c.status, unique=True)
Index("ix_quants_bin_id", quants.c.bin_id)
Index("ix_quants_lot_id", quants.c.lot_id)
# Stock by item and receipt date, read from the index alone: the ageing, slow-moving and
# turnover KPIs sum every quant per item without touching the table.
Index("ix_quants_item_age", quants.c.item_id, quants.c.in_date, quants.c.on_hand)
# The oldest stock first (the ageing KPI's rows) without sorting every quant.
Index("ix_quants_in_date", quants.c.in_date)
# What is free per item and status (the stock alerts), from the index alone. Not a partial index
# "WHERE status = 'available'": SQLite re-prepares every statement comparing a column of a partial
# index's condition with a bound value, i.e. each ledger UPDATE of a quant, on each execution.
Index("ix_quants_item_status", quants.c.item_id, quants.c.status, quants.c.on_hand,
      quants.c.reserved)
Index("uq_quants_serial_in_stock", quants.c.serial_id, unique=True,
      sqlite_where=text("serial_id IS NOT NULL AND on_hand > 0"),
      postgresql_where=text("serial_id IS NOT NULL AND on_hand > 0"))

# The append-only ledger (库存流水). A trigger created by the migration refuses UPDATE/DELETE.
# from_bin_id NULL = came from outside (supplier, adjustment gain); to_bin_id NULL = left.
stock_moves = Table(
    "stock_moves", metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("item_id", ForeignKey("items.id"), nullable=False),
    Column("qty", Quantity, nullable=False),
    Column("from_bin_id", ForeignKey("bins.id")),
    Column("to_bin_id", ForeignKey("bins.id")),
    Column("lot_id", ForeignKey("lots.id")),
    Column("serial_id", ForeignKey("serials.id")),
    Column("from_status", String(16)),
    Column("to_status", String(16)),
    Column("reason", String(32), nullable=False),
    Column("note", String(256), nullable=False, server_default=""),
    Column("document_ref", String(64)),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    CheckConstraint("qty > 0", name="qty_positive"),
    CheckConstraint("from_bin_id is not null or to_bin_id is not null", name="has_a_bin"),
    CheckConstraint("(from_bin_id is null) = (from_status is null)", name="from_status_with_bin"),
    CheckConstraint("(to_bin_id is null) = (to_status is null)", name="to_status_with_bin"),
)
Index("ix_stock_moves_item_id_id", stock_moves.c.item_id, stock_moves.c.id)
Index("ix_stock_moves_from_bin_id", stock_moves.c.from_bin_id)
Index("ix_stock_moves_to_bin_id", stock_moves.c.to_bin_id)
Index("ix_stock_moves_lot_id", stock_moves.c.lot_id)
Index("ix_stock_moves_serial_id", stock_moves.c.serial_id)
Index("ix_stock_moves_document_ref", stock_moves.c.document_ref)
# The last issue of an item (the slow-moving KPI) in one seek: only issues out of the warehouse
# are indexed. A query uses it only when it spells out the same two conditions as literals.
ISSUED_OUT = "reason = 'issue' AND to_bin_id IS NULL"
Index("ix_stock_moves_issued", stock_moves.c.item_id, stock_moves.c.created_at,
      sqlite_where=text(ISSUED_OUT), postgresql_where=text(ISSUED_OUT))

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UtcDateTime, nullable=False),
    Column("user_id", ForeignKey("users.id")),
    Column("username", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("entity", String(32), nullable=False, server_default=""),
    Column("entity_key", String(128), nullable=False, server_default=""),
    Column("outcome", String(16), nullable=False),
    Column("detail", Text, nullable=False, server_default="{}"),
    CheckConstraint("outcome in ('ok','refused','failed')", name="outcome"),
)
Index("ix_audit_log_at", audit_log.c.at)
Index("ix_audit_log_entity", audit_log.c.entity, audit_log.c.entity_key)

# Transactional outbox: written in the same transaction as the stock change it reports.
outbox = Table(
    "outbox", metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("message_type", String(64), nullable=False),
    Column("document_key", String(128), nullable=False),
    Column("idempotency_key", String(64), nullable=False, unique=True),
    Column("payload", Text, nullable=False),
    Column("state", String(16), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UtcDateTime),
    Column("last_error", Text),
    Column("sent_at", UtcDateTime),
)
Index("ix_outbox_state_id", outbox.c.state, outbox.c.id)
Index("ix_outbox_document_key_id", outbox.c.document_key, outbox.c.id)

number_sequences = Table(
    "number_sequences", metadata,
    Column("doc_type", String(32), primary_key=True),
    Column("prefix", String(16), nullable=False),
    Column("date_format", String(16), nullable=False, server_default="%Y%m%d"),
    Column("padding", Integer, nullable=False, server_default="4"),
    Column("reset", String(8), nullable=False, server_default="daily"),
    Column("period", String(16), nullable=False, server_default=""),
    Column("next_value", Integer, nullable=False, server_default="1"),
    CheckConstraint("reset in ('never','yearly','monthly','daily')", name="reset"),
    CheckConstraint("next_value >= 1", name="next_value_positive"),
)

settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


# =================================================================================================
# Warehouse operations (issue 3): orders, tasks, reservations, inspections, putaway rules,
# packages, counts. Appended here so the stock core above stays as it was; migration 0002.
# =================================================================================================

inbound_orders = Table(
    "inbound_orders", metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(64), nullable=False, unique=True),
    Column("warehouse_id", ForeignKey("warehouses.id"), nullable=False),
    Column("supplier", String(128), nullable=False),
    Column("external_ref", String(64), nullable=False, server_default=""),
    Column("expected_date", Date),
    Column("state", String(16), nullable=False, server_default="open"),
    Column("note", String(256), nullable=False, server_default=""),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by_id", ForeignKey("users.id")),
    Column("closed_at", UtcDateTime),
    Column("closed_by_id", ForeignKey("users.id")),
    CheckConstraint(f"state in ({STATE_SQL})", name="state"),
)
Index("ix_inbound_orders_state", inbound_orders.c.state)
Index("ix_inbound_orders_external_ref", inbound_orders.c.external_ref)

inbound_order_lines = Table(
    "inbound_order_lines", metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", ForeignKey("inbound_orders.id", ondelete="CASCADE"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("item_id", ForeignKey("items.id"), nullable=False),
    Column("qty_expected", Quantity, nullable=False),
    Column("qty_received", Quantity, nullable=False, server_default="0"),
    Column("lot_no", String(64)),
    Column("external_line_ref", String(64), nullable=False, server_default=""),
    UniqueConstraint("order_id", "line_no"),
    CheckConstraint("qty_expected > 0", name="qty_expected_positive"),
    CheckConstraint("qty_received >= 0", name="qty_received_not_negative"),
)

outbound_orders = Table(
    "outbound_orders", metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(64), nullable=False, unique=True),
    Column("warehouse_id", ForeignKey("warehouses.id"), nullable=False),
    Column("customer", String(128), nullable=False),
    Column("external_ref", String(64), nullable=False, server_default=""),
    Column("requested_date", Date),
    Column("priority", Integer, nullable=False, server_default="0"),
    Column("state", String(16), nullable=False, server_default="open"),
    Column("backorder_of_id", ForeignKey("outbound_orders.id")),
    Column("note", String(256), nullable=False, server_default=""),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by_id", ForeignKey("users.id")),
    Column("closed_at", UtcDateTime),
    Column("closed_by_id", ForeignKey("users.id")),
    CheckConstraint(f"state in ({STATE_SQL})", name="state"),
)
Index("ix_outbound_orders_state_requested_date", outbound_orders.c.state,
      outbound_orders.c.requested_date)
Index("ix_outbound_orders_external_ref", outbound_orders.c.external_ref)

# What a line holds stays within what was ordered: allocated (reserved or picked, not yet
# shipped) + backordered + shipped <= ordered.
outbound_order_lines = Table(
    "outbound_order_lines", metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", ForeignKey("outbound_orders.id", ondelete="CASCADE"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("item_id", ForeignKey("items.id"), nullable=False),
    Column("qty_ordered", Quantity, nullable=False),
    Column("qty_allocated", Quantity, nullable=False, server_default="0"),
    Column("qty_picked", Quantity, nullable=False, server_default="0"),
    Column("qty_shipped", Quantity, nullable=False, server_default="0"),
    Column("qty_backordered", Quantity, nullable=False, server_default="0"),
    Column("lot_no", String(64)),
    Column("external_line_ref", String(64), nullable=False, server_default=""),
    UniqueConstraint("order_id", "line_no"),
    CheckConstraint("qty_ordered > 0", name="qty_ordered_positive"),
    CheckConstraint("qty_allocated >= 0 and qty_picked >= qty_shipped and qty_shipped >= 0 "
                    "and qty_backordered >= 0", name="qty_not_negative"),
    CheckConstraint("qty_allocated + qty_backordered + qty_shipped <= qty_ordered",
                    name="within_ordered"),
)
Index("ix_outbound_order_lines_item_id", outbound_order_lines.c.item_id)

tasks = Table(
    "tasks", metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(64), nullable=False, unique=True),
    Column("task_type", String(16), nullable=False),
    Column("warehouse_id", ForeignKey("warehouses.id"), nullable=False),
    Column("state", String(16), nullable=False, server_default="open"),
    Column("priority", Integer, nullable=False, server_default="0"),
    Column("assignee_id", ForeignKey("users.id")),
    Column("inbound_order_id", ForeignKey("inbound_orders.id")),
    Column("outbound_order_id", ForeignKey("outbound_orders.id")),
    Column("parent_id", ForeignKey("tasks.id")),
    Column("note", String(256), nullable=False, server_default=""),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by_id", ForeignKey("users.id")),
    Column("started_at", UtcDateTime),
    Column("started_by_id", ForeignKey("users.id")),
    Column("finished_at", UtcDateTime),
    Column("finished_by_id", ForeignKey("users.id")),
    Column("cancel_reason", String(256), nullable=False, server_default=""),
    CheckConstraint(f"state in ({STATE_SQL})", name="state"),
    CheckConstraint("task_type in ('receive','inspect','putaway','pick','pack','count','move',"
                    "'return')", name="task_type"),
)
Index("ix_tasks_task_type_state", tasks.c.task_type, tasks.c.state)
Index("ix_tasks_assignee_id_state", tasks.c.assignee_id, tasks.c.state)
Index("ix_tasks_created_at", tasks.c.created_at)
Index("ix_tasks_inbound_order_id", tasks.c.inbound_order_id)
Index("ix_tasks_outbound_order_id", tasks.c.outbound_order_id)

task_lines = Table(
    "task_lines", metadata,
    Column("id", Integer, primary_key=True),
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("item_id", ForeignKey("items.id")),
    Column("qty", Quantity, nullable=False, server_default="0"),
    Column("qty_done", Quantity, nullable=False, server_default="0"),
    Column("state", String(16), nullable=False, server_default="open"),
    Column("lot_id", ForeignKey("lots.id")),
    Column("serial_id", ForeignKey("serials.id")),
    Column("from_bin_id", ForeignKey("bins.id")),
    Column("to_bin_id", ForeignKey("bins.id")),
    Column("status", String(16)),
    Column("inbound_line_id", ForeignKey("inbound_order_lines.id")),
    Column("outbound_line_id", ForeignKey("outbound_order_lines.id")),
    Column("short_reason", String(128), nullable=False, server_default=""),
    Column("done_at", UtcDateTime),
    Column("done_by_id", ForeignKey("users.id")),
    UniqueConstraint("task_id", "line_no"),
    CheckConstraint("qty_done >= 0 and qty_done <= qty", name="qty_done_within_qty"),
    CheckConstraint(f"state in ({STATE_SQL})", name="state"),
)
Index("ix_task_lines_outbound_line_id", task_lines.c.outbound_line_id)
Index("ix_task_lines_to_bin_id_state", task_lines.c.to_bin_id, task_lines.c.state)
Index("ix_task_lines_lot_id", task_lines.c.lot_id)

# Who holds which reserved units: quants.reserved is the sum of these rows (plus reservations
# made directly through the stock service). A quant with reserved units is never deleted, so the
# rows can point at the quant itself. A row follows its units from the source bin to the staging
# bin when they are picked, and disappears when they ship or are released.
reservations = Table(
    "reservations", metadata,
    Column("id", Integer, primary_key=True),
    Column("task_line_id", ForeignKey("task_lines.id"), nullable=False),
    Column("quant_id", ForeignKey("quants.id"), nullable=False),
    Column("qty", Quantity, nullable=False),
    Column("picked", Boolean, nullable=False, server_default=text("false")),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    CheckConstraint("qty > 0", name="qty_positive"),
)
Index("ix_reservations_task_line_id", reservations.c.task_line_id)
Index("ix_reservations_quant_id", reservations.c.quant_id)

inspection_results = Table(
    "inspection_results", metadata,
    Column("id", Integer, primary_key=True),
    Column("task_line_id", ForeignKey("task_lines.id", ondelete="CASCADE"), nullable=False),
    Column("result", String(8), nullable=False),
    Column("qty_passed", Quantity, nullable=False),
    Column("qty_failed", Quantity, nullable=False),
    Column("disposition", String(16)),
    Column("to_bin_id", ForeignKey("bins.id")),
    Column("notes", Text, nullable=False, server_default=""),
    Column("inspected_at", UtcDateTime, nullable=False),
    Column("inspected_by_id", ForeignKey("users.id")),
    CheckConstraint("result in ('pass','fail','partial')", name="result"),
    CheckConstraint("disposition is null or disposition in ('damaged','return')",
                    name="disposition"),
    CheckConstraint("qty_passed >= 0 and qty_failed >= 0", name="qty_not_negative"),
)
Index("ix_inspection_results_task_line_id", inspection_results.c.task_line_id)

inspection_attachments = Table(
    "inspection_attachments", metadata,
    Column("id", Integer, primary_key=True),
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False),
    Column("file_name", String(256), nullable=False),
    Column("file_path", String(1024)),
    Column("content", LargeBinary),
    Column("mime_type", String(64), nullable=False, server_default=""),
    Column("added_at", UtcDateTime, nullable=False),
    Column("added_by_id", ForeignKey("users.id")),
    CheckConstraint("file_path is not null or content is not null", name="has_data"),
)
Index("ix_inspection_attachments_task_id", inspection_attachments.c.task_id)

# Putaway rules: an item's fixed bin, or the zone that items of an ABC class go to.
putaway_rules = Table(
    "putaway_rules", metadata,
    Column("id", Integer, primary_key=True),
    Column("warehouse_id", ForeignKey("warehouses.id"), nullable=False),
    Column("item_id", ForeignKey("items.id")),
    Column("bin_id", ForeignKey("bins.id")),
    Column("abc_class", String(1)),
    Column("zone_id", ForeignKey("zones.id")),
    CheckConstraint("(item_id is not null and bin_id is not null and abc_class is null "
                    "and zone_id is null) or (item_id is null and bin_id is null "
                    "and abc_class is not null and zone_id is not null)", name="kind"),
)
Index("ix_putaway_rules_warehouse_id_item_id", putaway_rules.c.warehouse_id,
      putaway_rules.c.item_id)

packages = Table(
    "packages", metadata,
    Column("id", Integer, primary_key=True),
    Column("sscc", String(18), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("outbound_order_id", ForeignKey("outbound_orders.id"), nullable=False),
    Column("state", String(16), nullable=False, server_default="open"),
    Column("weight_kg", Quantity),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by_id", ForeignKey("users.id")),
    Column("shipped_at", UtcDateTime),
    CheckConstraint("kind in ('package','pallet')", name="kind"),
    CheckConstraint("state in ('open','closed','shipped')", name="state"),
)
Index("ix_packages_outbound_order_id", packages.c.outbound_order_id)

package_contents = Table(
    "package_contents", metadata,
    Column("id", Integer, primary_key=True),
    Column("package_id", ForeignKey("packages.id", ondelete="CASCADE"), nullable=False),
    Column("outbound_line_id", ForeignKey("outbound_order_lines.id"), nullable=False),
    Column("item_id", ForeignKey("items.id"), nullable=False),
    Column("lot_id", ForeignKey("lots.id")),
    Column("serial_id", ForeignKey("serials.id")),
    Column("qty", Quantity, nullable=False),
    CheckConstraint("qty > 0", name="qty_positive"),
)
Index("ix_package_contents_package_id", package_contents.c.package_id)
Index("ix_package_contents_outbound_line_id", package_contents.c.outbound_line_id)

count_plans = Table(
    "count_plans", metadata,
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("basis", String(8), nullable=False),
    Column("basis_value", String(64), nullable=False, server_default=""),
    Column("threshold_pct", Quantity, nullable=False),
    Column("threshold_qty", Quantity, nullable=False),
    Column("approved_at", UtcDateTime),
    Column("approved_by_id", ForeignKey("users.id")),
    Column("reason_code", String(32), nullable=False, server_default=""),
    Column("blind", Boolean, nullable=False, server_default=text("true")),   # 0007
    CheckConstraint("basis in ('bin','zone','item','abc')", name="basis"),
)

# What counters found. ``expected_qty`` is the book at the moment the bin was finished (never
# shown to the counter); a recount supersedes the entries of the first round.
count_entries = Table(
    "count_entries", metadata,
    Column("id", Integer, primary_key=True),
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False),
    Column("task_line_id", ForeignKey("task_lines.id", ondelete="CASCADE"), nullable=False),
    Column("round", Integer, nullable=False, server_default="1"),
    Column("bin_id", ForeignKey("bins.id"), nullable=False),
    Column("item_id", ForeignKey("items.id"), nullable=False),
    Column("lot_id", ForeignKey("lots.id")),
    Column("serial_id", ForeignKey("serials.id")),
    Column("counted_qty", Quantity, nullable=False),
    Column("expected_qty", Quantity),
    Column("superseded", Boolean, nullable=False, server_default=text("false")),
    Column("counted_at", UtcDateTime, nullable=False),
    Column("counted_by_id", ForeignKey("users.id")),
    CheckConstraint("counted_qty >= 0", name="counted_not_negative"),
)
Index("ix_count_entries_task_line_id", count_entries.c.task_line_id)
Index("ix_count_entries_task_id_superseded", count_entries.c.task_id, count_entries.c.superseded)

# --- Printing (issue 5): printers, print stations and the print queue --------------------------
# A printer profile is data: how to reach it (``connection`` is a JSON object handed to
# ``devices.printers.adapters.open_printer`` / the system printer), its language and resolution.
printers = Table(
    "printers", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("connection", Text, nullable=False, server_default="{}"),
    Column("escpos_profile", String(64), nullable=False, server_default=""),
    Column("dpi", Integer, nullable=False, server_default="203"),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    CheckConstraint("kind in ('escpos','zpl','pdf-folder','system')", name="kind"),
    CheckConstraint("dpi > 0", name="dpi_positive"),
)

# A print station: which printer and template each label type uses on this PC.
print_stations = Table(
    "print_stations", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
)

print_station_labels = Table(
    "print_station_labels", metadata,
    Column("id", Integer, primary_key=True),
    Column("station_id", ForeignKey("print_stations.id", ondelete="CASCADE"), nullable=False),
    Column("label_type", String(16), nullable=False),
    Column("printer_id", ForeignKey("printers.id"), nullable=False),
    Column("template_name", String(128), nullable=False),
    UniqueConstraint("station_id", "label_type"),
    CheckConstraint("label_type in ('bin','item','lot','pallet')", name="label_type"),
)

# The print queue. A job carries a snapshot of its template (JSON, with name and schema version)
# and its data, so a reprint a year later prints what was printed then.
print_jobs = Table(
    "print_jobs", metadata,
    Column("id", Integer, primary_key=True),
    Column("state", String(16), nullable=False, server_default="queued"),
    Column("printer_id", ForeignKey("printers.id"), nullable=False),
    Column("template_name", String(128), nullable=False),
    Column("template_version", Integer, nullable=False),
    Column("template_json", Text, nullable=False),
    Column("data_json", Text, nullable=False),
    Column("copies", Integer, nullable=False, server_default="1"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text, nullable=False, server_default=""),
    Column("note", Text, nullable=False, server_default=""),
    Column("due_at", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by_id", ForeignKey("users.id")),
    Column("claimed_at", UtcDateTime),
    Column("claimed_by", String(128), nullable=False, server_default=""),
    Column("printed_at", UtcDateTime),
    Column("reprint_of_id", ForeignKey("print_jobs.id")),
    CheckConstraint("state in ('queued','sending','printed','failed','cancelled')", name="state"),
    CheckConstraint("copies > 0", name="copies_positive"),
)
Index("ix_print_jobs_state_due_at", print_jobs.c.state, print_jobs.c.due_at)
Index("ix_print_jobs_printer_id", print_jobs.c.printer_id)


# --- Reconciliation (issue 7, read by the KPIs of issue 8) -------------------------------------
# One run compares the ERP's book stock with the warehouse's stock per item (and lot where the ERP
# tracks lots). Every compared pair is a line, matched ones too, so accuracy is matched / compared
# and a discrepancy keeps its own life: found → explained / adjusted / pushed (resolved_at set).
reconciliation_runs = Table(
    "reconciliation_runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("trigger", String(16), nullable=False, server_default="manual"),
    Column("state", String(16), nullable=False, server_default="running"),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime),
    Column("started_by_id", ForeignKey("users.id")),
    Column("lines_compared", Integer, nullable=False, server_default="0"),
    Column("lines_matched", Integer, nullable=False, server_default="0"),
    Column("error", Text, nullable=False, server_default=""),
    CheckConstraint("trigger in ('manual','scheduled')", name="trigger"),
    CheckConstraint("state in ('running','done','failed')", name="state"),
)
Index("ix_reconciliation_runs_started_at", reconciliation_runs.c.started_at)

reconciliation_lines = Table(
    "reconciliation_lines", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", ForeignKey("reconciliation_runs.id", ondelete="CASCADE"), nullable=False),
    Column("item_id", ForeignKey("items.id"), nullable=False),
    Column("lot_id", ForeignKey("lots.id")),
    Column("erp_qty", Quantity, nullable=False),
    Column("wms_qty", Quantity, nullable=False),
    Column("state", String(16), nullable=False),
    Column("found_at", UtcDateTime, nullable=False),
    Column("resolved_at", UtcDateTime),
    Column("resolved_by_id", ForeignKey("users.id")),
    Column("resolution_note", Text, nullable=False, server_default=""),
    CheckConstraint("state in ('matched','open','explained','adjusted','pushed')", name="state"),
)
Index("ix_reconciliation_lines_run_id_state", reconciliation_lines.c.run_id,
      reconciliation_lines.c.state)
Index("ix_reconciliation_lines_item_id", reconciliation_lines.c.item_id)


# --- ERP sync bookkeeping (issue 7, migration 0006) ----------------------------------------------
# The outbox row keeps the message and its state; everything that happens to it lives here: every
# send attempt (with the ERP request and response, never secrets), the error inbox state (last
# error, signature for grouping, assignee, retry budget), supervisors' comments, audited payload
# edits with their diff, the "sync exception" raised for the admin role when retries run out, and
# the retry rules an admin edits.
sync_attempts = Table(
    "sync_attempts", metadata,
    Column("id", Integer, primary_key=True),
    Column("outbox_id", ForeignKey("outbox.id", ondelete="CASCADE"), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("duration_ms", Integer, nullable=False, server_default="0"),
    Column("outcome", String(16), nullable=False),
    Column("error_class", String(32), nullable=False, server_default=""),
    Column("message", Text, nullable=False, server_default=""),
    Column("signature", String(300), nullable=False, server_default=""),
    Column("request", Text, nullable=False, server_default=""),
    Column("response", Text, nullable=False, server_default=""),
    CheckConstraint("outcome in ('delivered','already','retry','failed','interrupted')",
                    name="outcome"),
)
Index("ix_sync_attempts_outbox_id_id", sync_attempts.c.outbox_id, sync_attempts.c.id)

sync_inbox = Table(
    "sync_inbox", metadata,
    Column("outbox_id", ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True),
    Column("error_class", String(32), nullable=False, server_default=""),
    Column("signature", String(300), nullable=False, server_default=""),
    Column("message", Text, nullable=False, server_default=""),
    Column("assignee_id", ForeignKey("users.id")),
    Column("budget_base", Integer, nullable=False, server_default="0"),
    Column("cancel_reason", Text, nullable=False, server_default=""),
    Column("updated_at", UtcDateTime, nullable=False),
)
Index("ix_sync_inbox_signature", sync_inbox.c.signature)
Index("ix_sync_inbox_assignee_id", sync_inbox.c.assignee_id)

sync_comments = Table(
    "sync_comments", metadata,
    Column("id", Integer, primary_key=True),
    Column("outbox_id", ForeignKey("outbox.id", ondelete="CASCADE"), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("user_id", ForeignKey("users.id")),
    Column("username", String(64), nullable=False),
    Column("text", Text, nullable=False),
)
Index("ix_sync_comments_outbox_id", sync_comments.c.outbox_id)

sync_payload_edits = Table(
    "sync_payload_edits", metadata,
    Column("id", Integer, primary_key=True),
    Column("outbox_id", ForeignKey("outbox.id", ondelete="CASCADE"), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("user_id", ForeignKey("users.id")),
    Column("username", String(64), nullable=False),
    Column("old_payload", Text, nullable=False),
    Column("new_payload", Text, nullable=False),
    Column("diff", Text, nullable=False, server_default="[]"),
)
Index("ix_sync_payload_edits_outbox_id", sync_payload_edits.c.outbox_id)

sync_exceptions = Table(
    "sync_exceptions", metadata,
    Column("id", Integer, primary_key=True),
    Column("outbox_id", ForeignKey("outbox.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(16), nullable=False, server_default="admin"),
    Column("state", String(16), nullable=False, server_default="open"),
    Column("summary", Text, nullable=False, server_default=""),
    Column("created_at", UtcDateTime, nullable=False),
    Column("closed_at", UtcDateTime),
    Column("closed_by", String(64), nullable=False, server_default=""),
    CheckConstraint("state in ('open','done')", name="state"),
)
Index("ix_sync_exceptions_state_role", sync_exceptions.c.state, sync_exceptions.c.role)
Index("ix_sync_exceptions_outbox_id", sync_exceptions.c.outbox_id)

sync_retry_rules = Table(
    "sync_retry_rules", metadata,
    Column("error_class", String(32), primary_key=True),
    Column("attempts", Integer, nullable=False),
    Column("wait_seconds", Float, nullable=False, server_default="0"),
    Column("backoff", Float, nullable=False, server_default="1"),
    Column("max_wait_seconds", Float, nullable=False, server_default="3600"),
    Column("jitter", Float, nullable=False, server_default="0"),
    Column("updated_at", UtcDateTime),
    Column("updated_by", String(64), nullable=False, server_default=""),
    CheckConstraint("attempts >= 0 and wait_seconds >= 0 and backoff >= 0 "
                    "and max_wait_seconds >= 0 and jitter >= 0 and jitter <= 1",
                    name="non_negative"),
)

# -- label and document templates designed in the app (the designer) --------------------------
# One row per version of a named template. A name has at most one ``draft`` (the working copy
# the designer saves into) and at most one ``published`` version (what printing uses); publishing
# turns the draft into the published version and the previous one into ``superseded``, which is
# kept so an old job's template can still be looked at.
label_templates = Table(
    "label_templates", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(128), nullable=False),
    Column("version", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    Column("kind", String(16), nullable=False, server_default="label"),
    Column("description", Text, nullable=False, server_default=""),
    Column("based_on", String(128), nullable=False, server_default=""),
    Column("template_json", Text, nullable=False),
    Column("saved_at", UtcDateTime, nullable=False),
    Column("saved_by_id", ForeignKey("users.id")),
    Column("published_at", UtcDateTime),
    Column("published_by_id", ForeignKey("users.id")),
    UniqueConstraint("name", "version"),
    CheckConstraint("state in ('draft','published','superseded')", name="state"),
    CheckConstraint("version >= 1", name="version_positive"),
)
Index("ix_label_templates_name_state", label_templates.c.name, label_templates.c.state)
