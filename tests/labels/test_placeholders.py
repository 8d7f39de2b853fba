"""The placeholder language: paths, formats, defaults, escapes, and what it refuses."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from domain.labels.errors import MissingField, PlaceholderError
from domain.labels.placeholders import Placeholder, fields, parse, render

RECORD = {
    "lot": {"no": "LOT7", "expiry": "2026-03-01", "qty": "1234.5", "empty": ""},
    "item": {"name": "Widget 小部件", "weight": 2.5, "count": 42},
    "lines": [{"sku": "A-1"}, {"sku": "B-2"}],
    "when": datetime(2026, 1, 2, 14, 5),
    "day": date(2025, 12, 24),
}


@pytest.mark.parametrize("text, expected", [
    ("Lot ${lot.no}", "Lot LOT7"),
    ("${item.name}", "Widget 小部件"),
    ("${lines.1.sku}", "B-2"),
    ("${lot.expiry:%Y-%m-%d}", "2026-03-01"),
    ("${lot.expiry:%d.%m.%y}", "01.03.26"),
    ("${day:%Y%m%d}", "20251224"),
    ("${when:%H:%M}", "14:05"),
    ("${lot.missing:%Y-%m-%d:=n/a}", "n/a"),
    ("${lot.empty:=none}", "none"),
    ("${lot.qty:,.2f}", "1,234.50"),
    ("${item.count:06d}", "000042"),
    ("${item.weight:.3f} kg", "2.500 kg"),
    ("${item.count:x}", "2a"),
    ("${item.name:upper}", "WIDGET 小部件"),
    ("${lot.expiry:%d %b %Y|upper}", "01 MAR 2026"),
    ("${lot.nope}|", "|"),
    ("$${lot.no} is ${lot.no}", "${lot.no} is LOT7"),
    ("${lot.nope:=a\\}b}", "a}b"),
    ("${lot.nope:=n/a: none}", "n/a: none"),
    ("price $5 and ${item.count}", "price $5 and 42"),
])
def test_placeholders_are_filled_from_the_record(text, expected):
    assert render(text, RECORD) == expected


def test_a_dataclass_record_exposes_its_fields_only():
    @dataclass
    class Bin:
        code: str

        def secret(self) -> str:
            return "called"

    assert render("${bin.code}|${bin.secret}", {"bin": Bin("A-01")}) == "A-01|"


def test_objects_that_are_neither_mappings_nor_dataclasses_are_opaque():
    class Obj:
        name = "hidden"

    assert render("${o.name}", {"o": Obj()}) == ""


def test_strict_rendering_names_the_missing_field():
    with pytest.raises(MissingField, match="'lot.serial'"):
        render("${lot.serial}", RECORD, strict=True)
    assert render("${lot.serial:=-}", RECORD, strict=True) == "-"


def test_the_parser_returns_literal_text_and_placeholders():
    assert parse("a${x.y:%Y|upper:=d}b") == (
        "a", Placeholder(("x", "y"), ("%Y", "upper"), "d", "${x.y:%Y|upper:=d}"), "b")
    assert fields("${a.b} ${c:=1} $${d}") == ["a.b", "c"]


@pytest.mark.parametrize("text, reason, column", [
    ("x ${lot.no", "missing '}'", 3),
    ("${}", "bad field path ''", 1),
    ("${__class__}", "bad field path", 1),
    ("${lot.__dict__}", "bad field path", 1),
    ("${a.b c}", "bad field path", 1),
    ("${__import__('os').system('id')}", "bad field path", 1),
    ("${x:{0.__class__}}", "unknown format", 1),
    ("${x:>99999999}", "unknown format", 1),
    ("${x:%Q}", "unsupported date directive %Q", 1),
    ("${x:}", "empty format", 1),
    ("${x:=${y}}", "placeholders cannot be nested", 1),
    ("${" + ".".join("a" * 1 for _ in range(20)) + "}", "too deep", 1),
])
def test_malformed_or_hostile_placeholders_are_refused_with_a_clear_error(text, reason, column):
    with pytest.raises(PlaceholderError) as err:
        render(text, RECORD)
    assert reason in str(err.value)
    assert err.value.params["column"] == column


@pytest.mark.parametrize("text, value, reason", [
    ("${v:.2f}", "twelve", "'twelve' is not a number"),
    ("${v:.2f}", "NaN", "not a finite number"),
    ("${v:%Y}", "yesterday", "is not a date"),
])
def test_values_that_do_not_suit_the_format_are_refused(text, value, reason):
    with pytest.raises(PlaceholderError, match=reason):
        render(text, {"v": value})


def test_no_code_runs_and_no_python_internals_leak():
    hostile = {"v": "{0.__class__.__mro__}", "w": "${v}"}
    assert render("${v}", hostile) == "{0.__class__.__mro__}"
    assert render("${w}", hostile) == "${v}"          # values are never re-parsed
    assert render("${v:upper}", hostile) == "{0.__CLASS__.__MRO__}"


def test_very_long_text_is_refused():
    with pytest.raises(PlaceholderError, match="too long"):
        parse("x" * 20_001)
