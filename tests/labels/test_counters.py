"""Copies (box N of M), per-label counters and SSCCs with their check digit."""
from __future__ import annotations

from datetime import datetime

import pytest

from domain.errors import InvalidInput
from domain.labels.counters import (LabelScope, SsccGenerator, expand, gs1_check_digit)
from domain.labels.errors import TemplateError
from domain.labels.model import Counter, PageSetup, Template
from domain.labels.placeholders import render

NOW = datetime(2026, 5, 4, 8, 30)


@pytest.mark.parametrize("body, check", [
    ("0950110153000", "3"),          # GTIN-13 of the GS1 examples
    ("590123412345", "7"),           # EAN-13
    ("10614141234567890", "8"),      # the GS1 General Specifications' SSCC example
    ("1540014128876", "3"),          # ITF-14
])
def test_gs1_check_digits(body, check):
    assert gs1_check_digit(body) == check


def test_ssccs_are_built_from_extension_prefix_and_serial_with_the_check_digit():
    generator = SsccGenerator("0614141", extension=1, next_serial=234567890)
    assert generator.next() == "106141412345678908"
    assert generator.next() == "106141412345678915"
    assert generator.next_serial == 234567892


def test_an_sscc_generator_refuses_bad_prefixes_and_running_out():
    with pytest.raises(InvalidInput, match="6 to 12 digits"):
        SsccGenerator("12AB567")
    generator = SsccGenerator("123456789012", next_serial=9999)
    assert len(generator.next()) == 18
    with pytest.raises(InvalidInput, match="no serial references left"):
        generator.next()


def _template(**kw) -> Template:
    return Template(name="t", page=PageSetup(50, 30), **kw)


def _scopes(template, records, sscc=None):
    return [LabelScope(template, slot, NOW, sscc) for slot in expand(template, records)]


def test_copies_from_the_record_number_the_boxes_one_of_n():
    template = _template(copies_from="pkg.boxes")
    scopes = _scopes(template, [{"pkg": {"boxes": 3}, "id": "A"}, {"pkg": {}, "id": "B"}])
    text = [render("${id} box ${label.copy} of ${label.copies} (#${label.index})", s)
            for s in scopes]
    assert text == ["A box 1 of 3 (#1)", "A box 2 of 3 (#2)", "A box 3 of 3 (#3)",
                    "B box 1 of 1 (#4)"]


def test_bad_copies_are_refused():
    with pytest.raises(TemplateError, match="copies field 'n' is 'many'"):
        list(expand(_template(copies_from="n"), [{"n": "many"}]))
    with pytest.raises(TemplateError, match="0 copies"):
        list(expand(_template(copies_from="n"), [{"n": 0}]))


def test_counters_step_per_label_and_pad():
    template = _template(copies=2, counters=[Counter("serial", start=98, step=1, width=4),
                                             Counter("carton", start=10, step=10)])
    scopes = _scopes(template, [{}, {}])
    assert [render("${counter.serial}/${counter.carton}", s) for s in scopes] == [
        "0098/10", "0099/20", "0100/30", "0101/40"]


def test_an_sscc_is_drawn_only_for_labels_that_use_it_and_once_per_label():
    generator = SsccGenerator("0614141", next_serial=1)
    template = _template(copies=2)
    first, second = _scopes(template, [{}], generator)
    assert render("no sscc here ${now:%Y}", first) == "no sscc here 2026"
    assert generator.next_serial == 1
    row_scope = second.with_values(row={"n": 1})
    assert render("${sscc}", second) == render("${sscc}", row_scope) == "006141410000000012"
    assert generator.next_serial == 2


def test_using_sscc_without_a_generator_is_a_clear_error():
    (scope,) = _scopes(_template(), [{}])
    with pytest.raises(TemplateError, match="no SSCC company prefix is configured"):
        render("${sscc}", scope)


def test_reserved_names_shadow_record_fields():
    (scope,) = _scopes(_template(), [{"label": "mine", "lot": "L1"}])
    assert render("${label.copy} ${lot}", scope) == "1 L1"
