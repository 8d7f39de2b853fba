"""``parse-barcode --resolve`` looks the code up in the database (SQLite and PostgreSQL)."""
from __future__ import annotations

import argparse
import io
import json

from domain.barcodes import cli


def _run(db, *argv: str) -> tuple[int, dict | None, str]:
    parser = argparse.ArgumentParser(prog="warelink")
    cli.add_parser(parser.add_subparsers())
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(parser.parse_args(["parse-barcode", *argv]), lambda: db, out=out, err=err)
    return code, (json.loads(out.getvalue()) if out.getvalue() else None), err.getvalue()


def test_resolve_adds_what_the_code_is_in_this_warehouse(world):
    code, out, err = _run(world.db, "WH1-A-01", "--resolve")
    assert code == 0 and err == ""
    [match] = out["resolution"]["matches"]
    assert out["resolution"]["kind"] == "bin" and match["detail"]["code"] == "A-01"


def test_resolve_reports_unknown_codes(world):
    code, out, _ = _run(world.db, "(01)09506000134352(10)L9", "--resolve")
    assert code == 0 and out["lot"] == "L9"
    assert out["resolution"] == {"kind": "unknown", "matches": [], "related": []}


def test_invalid_data_never_opens_the_database(world):
    def fail():
        raise AssertionError("opened")
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers())
    err = io.StringIO()
    args = parser.parse_args(["parse-barcode", "]C10109506000134353", "--resolve"])
    assert cli.run(args, fail, out=io.StringIO(), err=err) == 1 and "check digit" in err.getvalue()
