"""What the designer draws and warns about: ``layout_elements`` is ``layout_job`` element by
element, and ``checks.check`` finds narrow modules, overflowing text, unknown fields and elements
outside the printable area (and nothing in the shipped templates)."""
from __future__ import annotations

from datetime import datetime

import pytest

from devices.printers.render import fonts
from domain.labels import model as m
from domain.labels.checks import FIELDS, check, known_field
from domain.labels.errors import MissingField
from domain.labels.layout import layout_elements, layout_job
from domain.labels.shipped import load_shipped, shipped_names

NOW = datetime(2026, 1, 1)


@pytest.mark.parametrize("name", shipped_names())
def test_layout_elements_is_the_first_page_of_layout_job_element_by_element(name):
    template = load_shipped(name)
    (first, *_rest) = layout_job(template, template.sample[:1], now=NOW, for_media=False,
                                 measure=fonts.measure)
    per_element = layout_elements(template, now=NOW, measure=fonts.measure)
    assert [i for e in template.ordered() for i in per_element[e.id]] == list(first.items)


def test_shipped_templates_raise_no_warnings():
    for name in shipped_names():
        assert check(load_shipped(name), measure=fonts.measure) == [], name


def _label(*elements) -> m.Template:
    return m.Template("t", m.PageSetup(60, 40, dpi=203), list(elements),
                      sample=[{"bin": {"code": "A-01"}}])


def test_each_kind_of_warning():
    template = _label(
        m.Barcode("narrow", 5, 5, 40, 12, data="${bin.code}", module_mm=0.18),
        m.Barcode("fine", 5, 18, 40, 12, data="${bin.code}", module_mm=0.25),   # 2 dots
        m.StaticText("long", 5, 31, 10, 4, text="much too long for ten millimetres",
                     style=m.TextStyle(wrap=False)),
        m.BoundText("typo", 20, 31, 20, 4, expr="${bin.cod}"),
        m.Box("edge", 50, 2, 10, 10))
    found = {(w.element, w.kind) for w in check(template)}
    assert found == {("narrow", "module"), ("long", "overflow"), ("typo", "field"),
                     ("edge", "outside")}
    (module,) = [w for w in check(template) if w.kind == "module"]
    assert module.detail == {"module_mm": 0.18, "dots": 1, "dpi": 203, "minimum_mm": 0.25}


def test_an_element_that_cannot_be_laid_out_is_reported_and_the_others_still_draw():
    template = _label(m.Barcode("code", 5, 5, 40, 12, data="${lot.no}"),
                      m.StaticText("text", 5, 20, 30, 5, text="ok"),
                      m.Barcode("off", 50, 30, 12, 12, rotation=90, data="${lot.no}"))
    laid_out = layout_elements(template)
    assert isinstance(laid_out["code"], MissingField) and len(laid_out["text"]) == 1
    assert [(w.element, w.kind) for w in check(template)] == [
        ("code", "error"), ("off", "error"), ("off", "outside")]   # its own box is outside


def test_known_fields_come_from_the_entities_the_sample_and_reserved_names():
    template = _label()
    assert all(known_field(p, template) for paths in FIELDS.values() for p in paths)
    assert known_field("bin.code", template) and known_field("counter.box", template)
    assert known_field("row.anything", template) and known_field("page.count", template)
    assert not known_field("bin.colour", template)
    assert known_field("extra.thing", template, [{"extra": {"thing": 1}}])
