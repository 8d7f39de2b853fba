"""Templates as versioned JSON: round trip, tolerant defaults, strict keys, upgrades."""
from __future__ import annotations

import json

import pytest

from domain.labels import model as m
from domain.labels.errors import TemplateFileError
from domain.labels.serialization import SCHEMA_VERSION, dumps, from_dict, loads, to_dict


def _every_element_kind() -> m.Template:
    return m.Template(
        name="all kinds", kind="document", language="zh", copies=2, copies_from="pkg.boxes",
        page=m.PageSetup(100, 60, dpi=300, orientation="landscape",
                         sheet=m.Sheet(columns=2, rows=7, margin_left_mm=5, gap_x_mm=2.5)),
        counters=[m.Counter("serial", start=1000, step=5, width=6)],
        sample=[{"lot": {"no": "L1", "expiry": "2026-03-01"}, "lines": [{"qty": 1}]}],
        elements=[
            m.StaticText("t", 1, 2, 30, 5, rotation=90, z=3, text="仓库",
                         style=m.TextStyle(size_pt=12, bold=True, align=m.Align.CENTER)),
            m.BoundText("f", 1, 8, 30, 5, expr="${lot.no}"),
            m.Barcode("b", 1, 14, 60, 20, symbology=m.Symbology.GS1_DATAMATRIX,
                      data="(01)${item.gtin}", module_mm=0.5, human_readable=False),
            m.Image("i", 70, 2, 10, 10, source="data:image/png;base64,AAAA"),
            m.Line("l", 0, 40, 100, 0, thickness_mm=0.5),
            m.Box("x", 0, 0, 100, 60, filled=True, locked=True),
            m.TableBand("tb", 0, 42, 100, 18, rows="lines",
                        columns=[m.Column("Qty", 20, "${row.qty}", m.Align.RIGHT)]),
        ])


def test_a_template_with_every_element_kind_survives_a_round_trip():
    template = _every_element_kind()
    text = dumps(template)
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION
    assert loads(text) == template


def test_a_hand_written_file_may_leave_defaults_out():
    template = from_dict({"schema_version": 2, "name": "bin", "page": {"width_mm": 50,
                                                                       "height_mm": 25},
                          "elements": [{"kind": "field", "id": "code", "x": 1, "y": 1,
                                        "width": 40, "height": 8, "expr": "${bin.code}"}]})
    assert template.page.dpi == 203
    assert template.elements[0].style == m.TextStyle()
    assert to_dict(template)["elements"][0]["style"]["size_pt"] == 10.0


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(colour="red"), "unknown key(s) colour"),
    (lambda d: d["elements"][0].update(kind="video"), "unknown element kind 'video'"),
    (lambda d: d["elements"][0].update(x="left"), "elements[0].x: expected float, got str"),
    (lambda d: d["elements"][0].update(rotation=45), "rotation must be 0, 90, 180 or 270"),
    (lambda d: d["elements"][2].update(symbology="pdf417"), "'pdf417' is not one of code128"),
    (lambda d: d["page"].update(orientation="sideways"), "orientation 'sideways'"),
    (lambda d: d["elements"][1].update(id="t"), "element ids must be unique"),
    (lambda d: d.update(schema_version=SCHEMA_VERSION + 1), "written by a newer Warelink"),
])
def test_mistakes_in_a_file_are_refused_with_the_spot_named(change, message):
    data = to_dict(_every_element_kind())
    change(data)
    with pytest.raises(TemplateFileError) as err:
        from_dict(data)
    assert message in str(err.value)


def test_text_that_is_not_json_is_refused_clearly():
    with pytest.raises(TemplateFileError, match="not JSON"):
        loads("{name: 'x'")


V1_DOCUMENT = {
    "version": 1, "name": "old bin label", "width_mm": 50, "height_mm": 25, "dpi": 300,
    "objects": [
        {"type": "text", "x": 1, "y": 1, "w": 20, "h": 5, "text": "Bin", "font_size": 8},
        {"type": "field", "x": 1, "y": 7, "w": 40, "h": 8, "field": "bin.code", "angle": 180},
        {"type": "barcode", "x": 1, "y": 16, "w": 45, "h": 8, "barcode": "gs1-128",
         "value": "(01)${item.gtin}"},
        {"type": "box", "x": 0, "y": 0, "w": 50, "h": 25, "thickness": 0.5},
    ],
    "sample": {"bin": {"code": "A-01-02"}, "item": {"gtin": "09501101530003"}},
}


def test_a_version_1_document_is_upgraded_to_the_current_model():
    template = from_dict(V1_DOCUMENT)
    text, field, barcode, box = template.elements
    assert template.page == m.PageSetup(50, 25, dpi=300)
    assert (text.kind, text.text, text.style.size_pt) == ("text", "Bin", 8)
    assert (field.kind, field.expr, field.rotation, field.z) == ("field", "${bin.code}", 180, 1)
    assert (barcode.symbology, barcode.data) == (m.Symbology.GS1_128, "(01)${item.gtin}")
    assert (box.kind, box.thickness_mm, box.id) == ("box", 0.5, "e4")
    assert template.sample == [V1_DOCUMENT["sample"]]
    assert loads(dumps(template)) == template


def test_an_incomplete_version_1_document_says_so():
    with pytest.raises(TemplateFileError, match="version 1 document is incomplete"):
        from_dict({"version": 1, "name": "x"})
