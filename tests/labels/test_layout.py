"""Layout: placements, snapping to printer dots, text flow, tables, orientation and sheets."""
from __future__ import annotations

import base64
import struct
import zlib
from datetime import datetime

import pytest

from domain.errors import InvalidInput
from domain.labels import model as m
from domain.labels.errors import BarcodeDataError, MissingField, TemplateError
from domain.labels.layout import layout_job
from domain.labels.media import impose
from domain.labels.primitives import Bars, Picture, Rect, TextRun, Turn
from domain.labels.symbols import encode, gs1_element_string
from domain.labels.textflow import approximate, flow

NOW = datetime(2026, 1, 1)
DOT = 25.4 / 203


def _label(*elements, **page) -> m.Template:
    return m.Template(name="t", page=m.PageSetup(**{"width_mm": 60, "height_mm": 40, **page}),
                      elements=list(elements), sample=[{"code": "A-01-02"}])


def _items(template, records=None, **kw):
    return [p.items for p in layout_job(template, records, now=NOW, **kw)]


def test_turns_rotate_clockwise_about_a_point_and_compose():
    turn = Turn.about(90, 10, 5)
    assert turn.point(10, 5) == (10, 5)
    assert turn.point(12, 5) == (10, 7)           # right of the pivot → below it
    assert turn.rect(8, 4, 4, 2) == (9, 3, 2, 4)
    page = Turn(90, 40, 0)
    assert turn.then(page).point(12, 5) == page.point(10, 7)


def test_barcode_modules_and_origin_snap_to_whole_printer_dots():
    barcode = m.Barcode("b", 5.1, 3.05, 50, 15, symbology=m.Symbology.CODE128, data="${code}",
                        module_mm=0.33)
    (items,) = _items(_label(barcode))
    bars, text = items
    assert isinstance(bars, Bars) and isinstance(text, TextRun)
    for mm in (bars.x, bars.y, bars.module_mm, bars.height):
        assert abs(mm / DOT - round(mm / DOT)) < 1e-9
    assert round(bars.module_mm / DOT) == 3
    assert text.lines[0].text == "A-01-02"
    assert text.y > bars.y + bars.height


def test_gs1_symbols_keep_bracket_text_and_separate_variable_fields():
    symbol = encode(m.Symbology.GS1_128, "(01)09501101530003(10)LOT7(17)260301")
    assert symbol.gs1 == (("01", "09501101530003"), ("10", "LOT7"), ("17", "260301"))
    assert gs1_element_string(symbol.gs1) == "0109501101530003" "10LOT7\x1d" "17260301"
    assert encode(m.Symbology.SSCC, "10614141234567890").data == "(00)106141412345678908"
    assert encode(m.Symbology.UPCA, "03600029145").data == "036000291452"
    assert encode(m.Symbology.ITF14, "1540014128876").data == "15400141288763"


@pytest.mark.parametrize("symbology, data, reason", [
    (m.Symbology.EAN13, "5901234123458", "check digit"),
    (m.Symbology.GS1_128, "(01)123", "AI (01)"),
    (m.Symbology.GS1_128, "0109501101530003", "(AI)value pairs"),
    (m.Symbology.SSCC, "1234", "17 or 18 digits"),
    (m.Symbology.CODE39, "abc", "lower-case"),
    (m.Symbology.QR, "", "no data"),
])
def test_data_a_symbology_cannot_carry_is_refused_naming_the_element(symbology, data, reason):
    with pytest.raises(BarcodeDataError) as err:
        encode(symbology, data, "lot-code")
    assert reason in str(err.value) and "'lot-code'" in str(err.value)


def test_a_missing_field_in_barcode_data_is_an_error_not_an_empty_symbol():
    barcode = m.Barcode("b", 0, 0, 50, 15, data="${lot.no}")
    with pytest.raises(MissingField, match="lot.no"):
        _items(_label(barcode))


def test_a_rotated_element_turns_about_its_centre():
    barcode = m.Barcode("b", 10, 10, 20, 20, rotation=90, symbology=m.Symbology.QR,
                        data="HELLO", module_mm=0.5, human_readable=False)
    ((bars,),) = _items(_label(barcode, width_mm=80, height_mm=80, dpi=254))
    x, y, w, h = bars.turn.rect(bars.x, bars.y, bars.width, bars.height)
    assert (round(x, 6), round(y, 6), w, h) == (round(30 - bars.height, 6), 10, 10.5, 10.5)


def test_text_wraps_at_spaces_and_between_chinese_characters_and_aligns():
    style = m.TextStyle(size_pt=10, align=m.Align.CENTER)
    run = flow("alpha beta gamma delta", (0, 0, 22, 20), style, approximate, Turn())
    assert [line.text for line in run.lines] == ["alpha beta", "gamma delta"]
    assert all(abs(line.dx - (22 - line.width) / 2) < 1e-9 for line in run.lines)
    cjk = flow("仓库库位批次有效期", (0, 0, 12, 20), style, approximate, Turn())
    assert "".join(line.text for line in cjk.lines) == "仓库库位批次有效期"
    assert len(cjk.lines) == 3


def test_shrink_to_fit_reduces_the_size_until_the_text_fits():
    style = m.TextStyle(size_pt=20, wrap=False, shrink_to_fit=True)
    run = flow("A-01-02-03", (0, 0, 15, 10), style, approximate, Turn())
    assert run.lines[0].width <= 15 and run.size_mm < 20 * 25.4 / 72


def _document(rows: int) -> m.Template:
    table = m.TableBand("t", 10, 20, 100, 7 + 10 * 6, rows="lines",
                        footer="Total ${total}", footer_height_mm=6,
                        columns=[m.Column("SKU", 50, "${row_number}. ${row.sku}"),
                                 m.Column("Qty", 50, "${row.qty}", m.Align.RIGHT)])
    header = m.BoundText("h", 10, 5, 100, 8, expr="Page ${page.number}/${page.count}")
    lines = [{"sku": f"S{i}", "qty": i} for i in range(rows)]
    return m.Template(name="doc", kind="document", page=m.PageSetup(210, 297),
                      elements=[header, table], sample=[{"lines": lines, "total": rows}])


@pytest.mark.parametrize("rows, pages", [(0, 1), (9, 1), (10, 2), (20, 3), (21, 3)])
def test_table_rows_continue_on_new_pages_and_the_footer_closes_the_last(rows, pages):
    laid = _items(_document(rows))
    assert len(laid) == pages
    texts = [[line.text for run in page if isinstance(run, TextRun) for line in run.lines]
             for page in laid]
    assert texts[0][0] == f"Page 1/{pages}"
    assert f"Total {rows}" in texts[-1] and all(f"Total {rows}" not in t for t in texts[:-1])
    cells = [t for page in texts for t in page if ". S" in t]
    assert cells == [f"{i + 1}. S{i}" for i in range(rows)]


def test_only_one_table_band_is_allowed():
    template = _document(1)
    template.elements.append(m.TableBand("t2", 0, 0, 10, 20))
    with pytest.raises(TemplateError, match="one table band"):
        _items(template)


def test_landscape_labels_are_fed_turned_and_sheets_hold_n_by_m_labels():
    box = m.Box("x", 0, 0, 60, 40)
    landscape = layout_job(_label(box, orientation="landscape"), now=NOW)[0]
    assert (landscape.width_mm, landscape.height_mm) == (40, 60)
    rect = landscape.items[0]
    assert rect.turn.rect(rect.x, rect.y, rect.width, rect.height) == (0, 0, 40, 60)
    sheet = m.Sheet(columns=3, rows=2, margin_left_mm=5, margin_top_mm=10, gap_x_mm=2, gap_y_mm=3)
    template = _label(box, sheet=sheet)
    sheets = impose(template, layout_job(template, [{}] * 7, now=NOW))
    assert len(sheets) == 2 and (sheets[0].width_mm, sheets[0].height_mm) == (210, 297)
    corners = [r.turn.rect(r.x, r.y, r.width, r.height)[:2] for r in sheets[0].items]
    assert corners == [(5, 10), (67, 10), (129, 10), (5, 53), (67, 53), (129, 53)]
    assert len(sheets[1].items) == 1


def _png(width: int, height: int) -> str:
    def chunk(kind, data):
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc
    raw = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode()


def test_images_keep_their_aspect_centred_in_the_box():
    image = m.Image("logo", 0, 0, 40, 20, source=_png(100, 100))
    ((picture,),) = _items(_label(image))
    assert isinstance(picture, Picture)
    assert (picture.x, picture.y, picture.width, picture.height) == (10, 0, 20, 20)
    with pytest.raises(InvalidInput, match="Invalid image 'logo': the source must be a data:image"):
        _items(_label(m.Image("logo", 0, 0, 4, 4, source="file:///etc/passwd")))


def test_lines_and_boxes_become_segments_and_rects():
    (items,) = _items(_label(m.Line("l", 0, 5, 60, 0, thickness_mm=0.4),
                             m.Box("b", 1, 1, 10, 10, filled=True, z=-1)))
    assert isinstance(items[0], Rect) and items[0].filled
    assert (items[1].x1, items[1].y1, items[1].x2, items[1].y2) == (0, 5, 60, 5)


def test_element_bounds_give_each_element_its_page_box_for_the_designer():
    from domain.labels.primitives import element_bounds

    template = _label(m.StaticText("t", 10, 5, 30, 6, rotation=90, text="x"),
                      m.Barcode("q", 40, 5, 12, 12, symbology=m.Symbology.QR, data="A",
                                module_mm=0.5, human_readable=True),
                      m.Line("l", 0, 39, 60, 0))
    (page,) = layout_job(template, now=NOW)
    boxes = element_bounds(page)
    assert boxes["t"] == pytest.approx((22, -7, 6, 30), abs=DOT)    # turned about its centre
    x, y, w, h = boxes["q"]
    assert (x, y) == pytest.approx((40, 5), abs=DOT) and h > w      # symbol plus text below
    assert boxes["l"] == pytest.approx((0, 39, 60, 0))
