"""The stock core of the schema: users, master data (items, warehouses, zones, bins, lots,
serials), quants, the stock ledger, audit, outbox, numbering and settings.

Invariants of the stock core live here as constraints, so that no code path (a bug, a second
station, a hand-written SQL fix) can break them: on hand never negative, reserved within on hand,
one quant per (item, bin, lot, serial, status), a serial in stock in at most one place.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean, CheckConstraint, Column, Date, ForeignKey, Index, Integer, MetaData, String, Table,
    Text, UniqueConstraint, func, text,
)

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
