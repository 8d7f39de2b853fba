"""The link with the ERP (issue 7): reconciliation runs and the sync's bookkeeping around the
outbox."""
from __future__ import annotations

from sqlalchemy import (
    CheckConstraint, Column, Float, ForeignKey, Index, Integer, String, Table, Text, text,
)

from domain.persistence.tables.core import metadata
from domain.persistence.types import Quantity, UtcDateTime


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
