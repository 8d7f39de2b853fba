"""Designed templates in the database, on SQLite and PostgreSQL: drafts, publishing with kept
versions, duplicating a shipped template, import/export, permissions and audit, real records for
the preview, and printing that uses the published version (else the shipped file)."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from domain.errors import AlreadyExists, InvalidInput, NotFound, PermissionDenied
from domain.labels.errors import TemplateFileError
from domain.labels.model import StaticText
from domain.labels.serialization import dumps, loads
from domain.labels.shipped import load_shipped
from domain.labels.store import PUBLISHED, SHIPPED, SUPERSEDED, TemplateStore
from domain.persistence.tables import audit_log, print_jobs
from domain.printing import PrinterProfile, PrintService, StationLabel


@pytest.fixture
def store(world):
    return TemplateStore(world.db, world.clock)


def test_duplicate_save_publish_keeps_every_version(world, store):
    assert store.load(world.supervisor, "bin_label.en").state == SHIPPED
    assert store.duplicate(world.supervisor, "bin_label.en", "bin_big") == 1
    draft = store.load(world.supervisor, "bin_big")
    assert (draft.state, draft.version, draft.based_on) == ("draft", 1, "bin_label.en")
    template = draft.template
    template.elements.append(StaticText("note", 2, 2, 20, 5, text="FRAGILE"))
    assert store.save_draft(world.supervisor, template) == 1        # same draft, saved again
    assert store.publish(world.supervisor, "bin_big") == 1
    with pytest.raises(NotFound):
        store.publish(world.supervisor, "bin_big")                  # no draft left
    template.elements[-1].text = "HEAVY"
    assert store.save_draft(world.supervisor, template) == 2        # a new draft after publish
    assert store.load(world.supervisor, "bin_big").template.elements[-1].text == "HEAVY"
    assert store.publish(world.supervisor, "bin_big") == 2
    states = [(v.version, v.state) for v in store.versions(world.supervisor, "bin_big")]
    assert states == [(1, SUPERSEDED), (2, PUBLISHED)]
    assert store.load(world.supervisor, "bin_big", version=1).template.elements[-1].text == \
        "FRAGILE"
    listed = {s.name: s for s in store.list(world.supervisor)}
    assert (listed["bin_big"].published, listed["bin_big"].draft) == (2, None)
    assert listed["bin_label.en"].shipped and listed["bin_label.en"].published is None
    with pytest.raises(AlreadyExists):
        store.duplicate(world.supervisor, "bin_label.en", "bin_big")
    with pytest.raises(InvalidInput):
        store.duplicate(world.supervisor, "bin_label.en", "bad name!")
    with world.db.read() as s:
        actions = s.execute(select(audit_log.c.action).where(
            audit_log.c.entity_key == "bin_big").order_by(audit_log.c.id)).scalars().all()
    assert actions == ["template.save", "template.save", "template.publish", "template.save",
                       "template.publish"]


def test_clerks_may_not_design_and_the_refusal_is_audited(world, store):
    with pytest.raises(PermissionDenied):
        store.save_draft(world.clerk, load_shipped("bin_label.en"))
    with world.db.read() as s:
        refused = s.execute(select(audit_log.c.action).where(
            audit_log.c.outcome == "refused")).scalars().all()
    assert refused == ["template.save"]


def test_import_and_export_are_the_template_file_format(world, store):
    old = {"version": 1, "name": "old", "width_mm": 50, "height_mm": 30,   # an older file
           "objects": [{"type": "field", "x": 2, "y": 2, "w": 40, "h": 6, "field": "item.sku"},
                       {"type": "barcode", "x": 2, "y": 10, "w": 40, "h": 15,
                        "barcode": "code128", "value": "${item.sku}"}],
           "sample": {"item": {"sku": "WL-1"}}}
    imported = store.import_json(world.admin, json.dumps(old), name="item_small")
    exported = store.export_json(world.admin, "item_small")
    assert json.loads(exported)["schema_version"] >= 2
    assert loads(exported) == imported
    assert [e.kind for e in imported.elements] == ["field", "barcode"]
    shipped = dumps(load_shipped("pick_list.en"))
    store.import_json(world.admin, shipped)
    assert store.export_json(world.admin, "pick_list.en") == shipped
    with pytest.raises(TemplateFileError):
        store.import_json(world.admin, "{not json")


def test_a_template_that_cannot_lay_out_its_sample_is_not_published(world, store):
    template = load_shipped("item_label.en")
    template.name = "broken"
    template.sample = [{"item": {"name": "no sku"}}]    # the barcode's ${item.sku} is missing
    store.save_draft(world.admin, template)
    with pytest.raises(InvalidInput):
        store.publish(world.admin, "broken")
    assert store.load(world.admin, "broken").state == "draft"


def test_preview_records_come_from_the_database(world, store):
    world.stock.receive(world.admin, item="LOT", qty="5", bin="RCV", lot="L-1")
    bins = dict(store.preview_records(world.admin, "bin"))
    assert bins["A-01"] == {"bin": {"code": "A-01", "zone": "A", "warehouse": "WH1"}}
    items = dict(store.preview_records(world.admin, "item"))
    assert items["PLAIN"]["item"]["name"] == "Plain widget"
    lots = store.preview_records(world.admin, "lot")
    assert [(label, rec["lot"]["no"]) for label, rec in lots] == [("LOT / L-1", "L-1")]
    assert store.preview_records(world.admin, "pick") == []


def test_printing_uses_the_published_version_else_the_shipped_file(world, store, tmp_path):
    printing = PrintService(world.db, world.clock)
    printing.save_printer(world.admin, PrinterProfile("Folder", "pdf-folder",
                                                      {"path": str(tmp_path)}))
    record = [{"bin": {"code": "A-01", "zone": "A", "warehouse": "WH1"}}]

    def printed_template(job_id: int):
        with world.db.read() as s:
            return loads(s.execute(select(print_jobs.c.template_json)
                                   .where(print_jobs.c.id == job_id)).scalar_one())

    shipped = printed_template(printing.enqueue(world.admin, "Folder", "bin_label.en", record))
    assert shipped == load_shipped("bin_label.en")
    template = load_shipped("bin_label.en")
    template.elements.append(StaticText("designed", 1, 1, 10, 4, text="DESIGNED"))
    store.save_draft(world.admin, template)
    draft_only = printed_template(printing.enqueue(world.admin, "Folder", "bin_label.en", record))
    assert draft_only == load_shipped("bin_label.en")           # a draft does not print
    store.publish(world.admin, "bin_label.en")
    published = printed_template(printing.enqueue(world.admin, "Folder", "bin_label.en", record))
    assert published.elements[-1].text == "DESIGNED"
    # a station may use a template that exists only in the database
    template.name = "bin_custom"
    store.save_draft(world.admin, template)
    store.publish(world.admin, "bin_custom")
    printing.save_station(world.admin, "S1", [StationLabel("bin", "Folder", "bin_custom")])
    job = printing.print_scan(world.admin, "S1", "A-01")
    assert printed_template(job).name == "bin_custom"
    with pytest.raises(Exception):
        printing.save_station(world.admin, "S2", [StationLabel("bin", "Folder", "nope")])


def test_a_station_may_print_with_shipped_and_published_templates_not_drafts(world, store):
    service = PrintService(world.db)
    store.duplicate(world.supervisor, "lot_label.en", "lot_small")
    store.duplicate(world.supervisor, "lot_label.en", "lot_unfinished")
    store.publish(world.supervisor, "lot_small")
    names = service.printable_templates(world.clerk)
    assert "lot_small" in names and "lot_unfinished" not in names
    assert {"bin_label.en", "pallet_label_mixed.zh"} <= set(names)
    assert names == sorted(names)
