"""Templates designed in the app, stored in the database with versions.

A template name (``bin_label.en``, ``my_pallet``) has at most one *draft*, the working copy the
designer saves into as often as it likes, and at most one *published* version, the one printing
uses. Publishing turns the draft into the next published version and the previous published one
into *superseded*; nothing is deleted, so the template an old job was printed with can still be
looked at. Names without a published version print with the shipped template file of that name
(``published_json`` is what the print service asks).

Every change checks ``DESIGN_TEMPLATES`` here, not in the GUI, and is audited in the same
transaction. Templates travel as the existing versioned JSON (``serialization``), so import and
export are the same text the shipped files use, and a file written by an older Warelink upgrades
on import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import AlreadyExists, ConcurrentUpdate, InvalidInput, NotFound
from domain.labels.layout import layout_job
from domain.labels.model import Template
from domain.labels.serialization import dumps, loads
from domain.labels.shipped import load_shipped, shipped_names
from domain.permissions import Actor, Permission
from domain.persistence import tables as t
from domain.services.base import Service

DRAFT, PUBLISHED, SUPERSEDED, SHIPPED = "draft", "published", "superseded", "shipped"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$")
ENTITIES = ("item", "lot", "bin", "package", "pick_list", "count_sheet", "receiving_note",
            "delivery_note")   # what a live preview can fetch from the database


@dataclass(frozen=True)
class TemplateVersion:
    """One stored version (or a shipped file: ``state == "shipped"``, version 0)."""
    name: str
    version: int
    state: str
    template_json: str
    based_on: str = ""
    saved_at: datetime | None = None
    saved_by: str = ""
    published_at: datetime | None = None

    @property
    def template(self) -> Template:
        return loads(self.template_json)


@dataclass(frozen=True)
class TemplateSummary:
    """A row of the designer's template list."""
    name: str
    kind: str
    description: str
    draft: int | None          # draft version number, if a draft exists
    published: int | None      # published version number, if any
    shipped: bool              # a shipped file of this name exists


def published_json(session: Session, name: str) -> str | None:
    """The published template of ``name`` as JSON, or None (for the print service)."""
    return session.execute(select(t.label_templates.c.template_json).where(
        t.label_templates.c.name == name, t.label_templates.c.state == PUBLISHED)).scalar()


class TemplateStore(Service):

    # -- reading ------------------------------------------------------------------------------
    def list(self, actor: Actor) -> list[TemplateSummary]:
        self.require(actor, Permission.DESIGN_TEMPLATES, "template.list")
        lt = t.label_templates
        with self.db.read() as s:
            rows = s.execute(select(lt.c.name, lt.c.state, lt.c.version, lt.c.kind,
                                    lt.c.description).where(lt.c.state != SUPERSEDED)
                             .order_by(lt.c.name, lt.c.version)).all()
        shipped = set(shipped_names())
        found: dict[str, dict] = {}
        for r in rows:
            entry = found.setdefault(r.name, {"kind": r.kind, "description": r.description})
            entry[r.state] = r.version
            if r.state == DRAFT:
                entry.update(kind=r.kind, description=r.description)
        for name in shipped - set(found):
            template = load_shipped(name)
            found[name] = {"kind": template.kind, "description": template.description}
        return [TemplateSummary(name, e["kind"], e["description"], e.get(DRAFT), e.get(PUBLISHED),
                                name in shipped) for name, e in sorted(found.items())]

    def load(self, actor: Actor, name: str, *, version: int | None = None) -> TemplateVersion:
        """A given version, else the draft, else the published version, else the shipped file."""
        self.require(actor, Permission.DESIGN_TEMPLATES, "template.load")
        lt = t.label_templates
        query = _version_query().where(lt.c.name == name)
        if version is not None:
            query = query.where(lt.c.version == version)
        else:
            query = query.where(lt.c.state != SUPERSEDED)
        with self.db.read() as s:
            rows = s.execute(query).all()
        if rows:
            # the draft (newest version) first
            return _to_version(max(rows, key=lambda r: (r.state == DRAFT, r.version)))
        if version is None and name in shipped_names():
            return TemplateVersion(name, 0, SHIPPED, dumps(load_shipped(name)))
        raise NotFound(kind="template", key=name if version is None else f"{name} v{version}")

    def versions(self, actor: Actor, name: str) -> list[TemplateVersion]:
        self.require(actor, Permission.DESIGN_TEMPLATES, "template.versions")
        with self.db.read() as s:
            rows = s.execute(_version_query().where(t.label_templates.c.name == name)
                             .order_by(t.label_templates.c.version)).all()
        return [_to_version(r) for r in rows]

    # -- changing -----------------------------------------------------------------------------
    def save_draft(self, actor: Actor, template: Template, *, based_on: str = "") -> int:
        """Save ``template`` as the draft of ``template.name``; returns the draft's version."""
        self.require(actor, Permission.DESIGN_TEMPLATES, "template.save")
        _check_name(template.name)
        text = dumps(template)
        loads(text)                      # refuse what could not be read back

        def work(s: Session) -> int:
            lt = t.label_templates
            now = self.clock.now()
            values = dict(template_json=text, kind=template.kind,
                          description=template.description, saved_at=now,
                          saved_by_id=actor.user_id)
            draft = s.execute(select(lt.c.id, lt.c.version).where(
                lt.c.name == template.name, lt.c.state == DRAFT)).first()
            if draft is not None:
                s.execute(update(lt).where(lt.c.id == draft.id).values(**values))
                version = draft.version
            else:
                version = (s.execute(select(func.max(lt.c.version))
                                     .where(lt.c.name == template.name)).scalar() or 0) + 1
                s.execute(insert(lt).values(name=template.name, version=version, state=DRAFT,
                                            based_on=based_on, **values))
            audit.record(s, actor, "template.save", entity="label template", key=template.name,
                         detail={"version": version, "elements": len(template.elements)})
            return version
        return _write(self, work)

    def publish(self, actor: Actor, name: str) -> int:
        """The draft becomes the published version printing uses; returns its version."""
        self.require(actor, Permission.DESIGN_TEMPLATES, "template.publish")

        def work(s: Session) -> int:
            lt = t.label_templates
            query = select(lt.c.id, lt.c.version, lt.c.template_json).where(
                lt.c.name == name, lt.c.state == DRAFT)
            if self.db.dialect == "postgresql":
                query = query.with_for_update()
            draft = s.execute(query).first()
            if draft is None:
                raise NotFound(kind="template draft", key=name)
            # a template that cannot lay out its own sample data must not reach a printer
            layout_job(loads(draft.template_json), for_media=False)
            now = self.clock.now()
            s.execute(update(lt).where(lt.c.name == name, lt.c.state == PUBLISHED)
                      .values(state=SUPERSEDED))
            s.execute(update(lt).where(lt.c.id == draft.id).values(
                state=PUBLISHED, published_at=now, published_by_id=actor.user_id))
            audit.record(s, actor, "template.publish", entity="label template", key=name,
                         detail={"version": draft.version})
            return draft.version
        return _write(self, work)

    def duplicate(self, actor: Actor, source: str, new_name: str) -> int:
        """Start a new template from a shipped (or stored) one: a draft named ``new_name``."""
        self.require(actor, Permission.DESIGN_TEMPLATES, "template.duplicate")
        _check_name(new_name)
        with self.db.read() as s:
            exists = s.execute(select(t.label_templates.c.id)
                               .where(t.label_templates.c.name == new_name).limit(1)).first()
        if exists is not None or new_name in shipped_names():
            raise AlreadyExists(kind="template", key=new_name)
        template = self.load(actor, source).template
        template.name = new_name
        return self.save_draft(actor, template, based_on=source)

    def import_json(self, actor: Actor, text: str, *, name: str | None = None) -> Template:
        """A template file (any schema version) saved as a draft; returns what was saved."""
        template = loads(text)
        if name:
            template.name = name
        self.save_draft(actor, template, based_on="file")
        return template

    def export_json(self, actor: Actor, name: str, *, version: int | None = None) -> str:
        """The template as the current schema's JSON, ready to write to a file."""
        return dumps(self.load(actor, name, version=version).template)

    # -- live preview -------------------------------------------------------------------------
    def preview_records(self, actor: Actor, entity: str, *, limit: int = 25
                        ) -> list[tuple[str, dict]]:
        """Real records for a preview, as (label, record) shaped like the shipped templates'
        sample data (``{"item": {...}}``, ``{"item": ..., "lot": ...}``, ``{"bin": ...}``; a
        package as the print service builds a pallet label's record, newest first).
        Empty when the entity has no rows or the database has none of that kind."""
        self.require(actor, Permission.DESIGN_TEMPLATES, "template.preview")
        if entity not in ENTITIES:
            return []
        with self.db.read() as s:
            if entity in DOCUMENT_SOURCES:
                return _document_records(s, entity, limit)
            from domain.printing import records   # lazy: the package imports the print service
            if entity == "package":
                packages = s.execute(select(t.packages.c.id, t.packages.c.sscc)
                                     .order_by(t.packages.c.id.desc()).limit(limit)).all()
                return [(r.sscc, records.pallet_record(s, r.id)) for r in packages]
            if entity == "bin":
                rows = s.execute(select(t.bins.c.id, t.bins.c.code).order_by(t.bins.c.code)
                                 .limit(limit)).all()
                return [(r.code, records.label_record(s, "bin", r.id)) for r in rows]
            if entity == "item":
                rows = s.execute(select(t.items.c.id, t.items.c.code).order_by(t.items.c.code)
                                 .limit(limit)).all()
                return [(r.code, records.label_record(s, "item", r.id)) for r in rows]
            rows = s.execute(select(t.lots.c.id, t.lots.c.lot_no).order_by(t.lots.c.lot_no)
                             .limit(limit)).all()
            out = []
            for r in rows:
                record = records.label_record(s, "lot", r.id)
                out.append((f"{record['item']['sku']} / {r.lot_no}", record))
            return out


# a document entity -> the newest tasks (of a type) or shipped orders it can be printed for
DOCUMENT_SOURCES = {"pick_list": "pick", "count_sheet": "count", "receiving_note": "receive",
                    "delivery_note": None}


def _document_records(s: Session, entity: str, limit: int) -> list[tuple[str, dict]]:
    from domain.printing import documents
    task_type = DOCUMENT_SOURCES[entity]
    if task_type is None:           # orders something has shipped from
        numbers = s.execute(select(t.outbound_orders.c.number)
                            .where(t.outbound_orders.c.id.in_(
                                select(t.outbound_order_lines.c.order_id)
                                .where(t.outbound_order_lines.c.qty_shipped > 0)))
                            .order_by(t.outbound_orders.c.id.desc()).limit(limit)).scalars()
    else:
        numbers = s.execute(select(t.tasks.c.number).where(t.tasks.c.task_type == task_type)
                            .order_by(t.tasks.c.id.desc()).limit(limit)).scalars()
    return [(number, documents.record(s, entity, number)) for number in list(numbers)]


def _write(store: TemplateStore, work) -> int:
    try:
        return store.db.write(work)
    except IntegrityError:
        # another station saved a version of the same name at the same moment
        raise ConcurrentUpdate() from None


def _check_name(name: str) -> None:
    if not NAME.match(name or ""):
        raise InvalidInput(field="template name", reason="1-128 letters, digits, '_', '.' or "
                                                         "'-', starting with a letter or digit")


def _version_query():
    lt = t.label_templates
    return (select(lt, t.users.c.username.label("saved_by"))
            .outerjoin(t.users, t.users.c.id == lt.c.saved_by_id))


def _to_version(r) -> TemplateVersion:
    return TemplateVersion(r.name, r.version, r.state, r.template_json, r.based_on, r.saved_at,
                           r.saved_by or "", r.published_at)

