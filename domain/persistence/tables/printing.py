"""Printing (issue 5): printers, print stations and the print queue."""
from __future__ import annotations

from sqlalchemy import (
    Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint, text,
)

from domain.persistence.tables.core import metadata
from domain.persistence.types import UtcDateTime


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
