"""Label and document templates designed in the app (the designer)."""
from __future__ import annotations

from sqlalchemy import (
    CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint,
)

from domain.persistence.tables.core import metadata
from domain.persistence.types import UtcDateTime


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
