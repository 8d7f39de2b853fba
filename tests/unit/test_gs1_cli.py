"""``parse-barcode``: one JSON object on stdout and exit 0; invalid data → stderr, exit 1."""
from __future__ import annotations

import argparse
import io
import json

import pytest

from domain.barcodes import cli
from domain.barcodes.escapes import substitute_gs, unescape, visible


def _run(*argv: str) -> tuple[int, dict | None, str]:
    parser = argparse.ArgumentParser(prog="warelink")
    cli.add_parser(parser.add_subparsers())
    args = parser.parse_args(["parse-barcode", *argv])
    out, err = io.StringIO(), io.StringIO()

    def no_database():
        raise AssertionError("the database must not be opened without --resolve")
    code = cli.run(args, no_database, out=out, err=err)
    return code, (json.loads(out.getvalue()) if out.getvalue() else None), err.getvalue()


@pytest.mark.parametrize("data", [
    r"]C10109506000134352" r"10AB-123\x1d17261231",
    "]C10109506000134352" "10AB-123<GS>17261231",
    "]C10109506000134352" "10AB-123{gs}17261231",
    "0109506000134352" "10AB-123{FNC1}17261231",
    r"0109506000134352" r"10AB-123\u001d17261231",
    "(01)09506000134352(10)AB-123(17)261231",
    "https://id.gs1.org/01/09506000134352/10/AB-123?17=261231",
])
def test_prints_the_ais_and_the_interpreted_fields(data):
    code, out, err = _run(data)
    assert code == 0 and err == ""
    assert out["ai"] == {"01": "09506000134352", "10": "AB-123", "17": "261231"}
    assert (out["gtin"], out["lot"], out["expiry"]) == ("09506000134352", "AB-123", "2026-12-31")


def test_sscc_count_and_measures_with_units():
    code, out, _ = _run("]C100106141412345678908" "0200614141123452" "3725<GS>" "3103000189")
    assert code == 0
    assert (out["sscc"], out["content_gtin"], out["count"]) == ("106141412345678908",
                                                                 "00614141123452", 25)
    assert out["measures"] == [{"ai": "3103", "title": "NET WEIGHT (kg)", "value": "0.189",
                                "unit": "kg"}]


def test_several_arguments_are_joined_and_a_symbology_can_be_given_apart():
    code, out, _ = _run("0109506000134352", "21SN-1", "--symbology", "]d2")
    assert code == 0 and out["symbology"] == "]d2" and out["serial"] == "SN-1"


def test_plain_codes_pass_through():
    code, out, _ = _run("WH1-A-01")
    assert code == 0 and out == {"data": "WH1-A-01", "form": "plain", "ai": {}}


@pytest.mark.parametrize("data, words", [
    ("]C10109506000134353", "AI (01) GTIN: check digit is 3, expected 2"),
    ("(01)09506000134352(17)261301", "AI (17) USE BY or EXPIRY: '261301' is not a valid date"),
    ("(23)123", "(23) is not a GS1 application identifier"),
])
def test_invalid_data_goes_to_stderr_with_a_non_zero_exit(data, words):
    code, out, err = _run(data)
    assert code == 1 and out is None
    assert err.startswith("parse-barcode: Barcode not understood") and words in err
    assert "Traceback" not in err


def test_the_help_documents_how_to_write_gs():
    parser = argparse.ArgumentParser(prog="warelink")
    sub = cli.add_parser(parser.add_subparsers())
    text = sub.format_help()
    assert "<GS>" in text and r"\x1d" in text


def test_escapes():
    assert unescape(r"a\x1db<GS>c{FNC1}d^]e\\x1d") == "a\x1db\x1dc\x1dd\x1de\\x1d"
    assert substitute_gs("10AB~17261231", "~") == "10AB\x1d17261231"
    assert substitute_gs("10AB~", None) == "10AB~"
    assert visible("10AB\x1d17\r") == "10AB<GS>17\\x0d"
