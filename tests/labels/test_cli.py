"""The ``render`` subcommand: template file + records → files, errors as one line, exit code 2."""
from __future__ import annotations

import argparse
import json

import pytest

from devices.printers import cli
from domain.labels.shipped import TEMPLATE_DIR
from tests.labels.decoding import png_image, read_codes


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers(dest="command"))
    return cli.run(parser.parse_args(["render", *argv]))


def test_records_from_a_data_file_give_one_png_per_label(tmp_path, capsys):
    data = tmp_path / "bins.json"
    data.write_text(json.dumps({"records": [{"bin": {"code": "B-07-01"}},
                                            {"bin": {"code": "C-11-03"}}]}))
    out = tmp_path / "bin.png"
    assert _run(str(TEMPLATE_DIR / "bin_label.en.json"), "--data", str(data), "--format", "png",
                "-o", str(out)) == 0
    second = tmp_path / "bin-2.png"
    assert capsys.readouterr().out.split() == [str(out), str(second)]
    codes = [read_codes(png_image(p.read_bytes())) for p in (out, second)]
    assert [sorted(c)[0][2] for c in codes] == [b"B-07-01", b"C-11-03"]


@pytest.mark.parametrize("fmt, magic", [("pdf", b"%PDF-"), ("zpl", b"^XA"), ("escpos", b"\x1dv0")])
def test_every_format_writes_one_file_from_the_sample_data(fmt, magic, tmp_path):
    out = tmp_path / f"out.{fmt}"
    assert _run(str(TEMPLATE_DIR / "item_label.zh.json"), "--format", fmt, "-o", str(out)) == 0
    assert out.read_bytes().startswith(magic)


def test_sscc_placeholders_draw_from_the_given_company_prefix(tmp_path):
    template = json.loads((TEMPLATE_DIR / "pallet_label.en.json").read_text(encoding="utf-8"))
    template["elements"][-1]["data"] = "${sscc}"
    source = tmp_path / "pallet.json"
    source.write_text(json.dumps(template), encoding="utf-8")
    out = tmp_path / "pallet.zpl"
    assert _run(str(source), "--format", "zpl", "-o", str(out), "--sscc-prefix", "0614141",
                "--sscc-next", "7") == 0
    zpl = out.read_text(encoding="utf-8")
    assert "(00)006141410000000074" in zpl and "(00)006141410000000081" in zpl


@pytest.mark.parametrize("setup, message", [
    (lambda d: d.write_text("{not json"), "Cannot read template file: not JSON"),
    (lambda d: d.write_text('{"schema_version": 9, "name": "x"}'), "newer Warelink"),
    (lambda d: None, "No such file"),
])
def test_errors_are_one_line_on_stderr_with_exit_code_2(setup, message, tmp_path, capsys):
    source = tmp_path / "t.json"
    setup(source)
    assert _run(str(source), "--format", "pdf", "-o", str(tmp_path / "x.pdf")) == 2
    err = capsys.readouterr().err
    assert err.startswith("render: ") and message in err and err.count("\n") == 1


def test_a_barcode_whose_field_is_missing_in_the_data_is_refused(tmp_path, capsys):
    data = tmp_path / "d.json"
    data.write_text(json.dumps([{"item": {"name": "no gtin", "sku": "X-1"}}]))
    assert _run(str(TEMPLATE_DIR / "item_label.en.json"), "--data", str(data), "--format",
                "pdf", "-o", str(tmp_path / "x.pdf")) == 2
    assert "Field 'item.gtin' has no value" in capsys.readouterr().err
