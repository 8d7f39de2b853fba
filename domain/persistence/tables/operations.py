"""Warehouse operations (issue 3): orders, tasks, reservations, inspections, putaway rules,
packages, counts."""
from __future__ import annotations

from sqlalchemy import (
    Boolean, CheckConstraint, Column, Date, ForeignKey, Index, Integer, LargeBinary, String, Table,
    Text, UniqueConstraint, text,
)

from domain.model.states import STATE_SQL
from domain.persistence.tables.core import metadata
from domain.persistence.types import Quantity, UtcDateTime


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
