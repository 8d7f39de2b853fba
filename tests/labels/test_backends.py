"""The four backends draw one layout: every symbology, every rotation, read back by zxing-cpp."""
from __future__ import annotations

import collections
import re
from datetime import datetime

import pytest
import zxingcpp

from devices.printers.render import layout, to_format
from devices.printers.render.escpos import render_escpos
from devices.printers.render.zpl import label_zpl
from domain.labels import model as m
from tests.labels.decoding import (escpos_labels, pdf_pages, png_image, read_codes, zpl_pages)

NOW = datetime(2026, 1, 5)
S = m.Symbology
GS1 = "(01)09501101530003(10)LOT7(17)260301"
GS1_BYTES = b"0109501101530003" b"10LOT7\x1d" b"17260301"
CASES = [  # symbology, data, module mm, zxing format, identifier, bytes
    (S.CODE128, "Bin A-01/02", 0.375, "Code128", "]C0", b"Bin A-01/02"),
    (S.GS1_128, GS1, 0.25, "Code128", "]C1", GS1_BYTES),
    (S.SSCC, "00614141000000001", 0.375, "Code128", "]C1", b"00006141410000000012"),
    (S.EAN13, "590123412345", 0.375, "EAN13", "]E0", b"5901234123457"),
    (S.UPCA, "03600029145", 0.375, "EAN13", "]E0", b"0036000291452"),   # zxing: EAN-13
    (S.CODE39, "PCK-42", 0.375, "Code39", "]A0", b"PCK-42"),
    (S.ITF14, "1540014128876", 0.375, "ITF", "]I1", b"15400141288763"),
    (S.QR, "仓库 A-01", 0.5, "QRCode", "]Q1", "仓库 A-01".encode()),
    (S.DATAMATRIX, "LOT7/B", 0.5, "DataMatrix", "]d1", b"LOT7/B"),
    (S.GS1_DATAMATRIX, GS1, 0.5, "DataMatrix", "]d2", GS1_BYTES),
]


def _labels(rotation: int, side: float = 80) -> list[m.Template]:
    """One square label per symbology, the symbol turned by ``rotation`` about the centre."""
    return [m.Template(name=f"{symbology.value}-{rotation}", page=m.PageSetup(side, side),
                       sample=[{}], elements=[m.Barcode(
                           "code", 5, 5, side - 10, side - 10, rotation=rotation,
                           symbology=symbology, data=data, module_mm=module,
                           human_readable=False)])
            for symbology, data, module, *_ in CASES]


def _pages(templates: list[m.Template]):
    return [page for t in templates for page in layout(t, now=NOW)]


def _expected() -> list[collections.Counter]:
    return [collections.Counter([(fmt, ident, data)]) for *_, fmt, ident, data in CASES]


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_pdf_and_png_carry_every_symbology_in_every_rotation(rotation, tmp_path):
    templates = _labels(rotation)
    (pdf,) = to_format(templates[0], _pages(templates), "pdf")
    assert [read_codes(i) for i in pdf_pages(pdf, tmp_path, 200)] == _expected()
    pngs = to_format(templates[0], _pages(templates), "png")
    assert [read_codes(png_image(p)) for p in pngs] == _expected()


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_zpl_native_commands_read_the_same_in_every_rotation(rotation, tmp_path):
    templates = _labels(rotation)
    (zpl,) = to_format(templates[0], _pages(templates), "zpl")
    images = zpl_pages(zpl, 80, 80, 203, tmp_path)
    assert [read_codes(i) for i in images] == _expected()


@pytest.mark.parametrize("rotation", [0, 90])
def test_zpl_puts_each_native_symbol_where_the_png_has_it(rotation, tmp_path):
    """WYSIWYG across printers: the symbol's corner within a dot or two of the PNG's."""
    templates = _labels(rotation)
    pages = _pages(templates)
    (zpl,) = to_format(templates[0], pages, "zpl")
    pngs = [png_image(p) for p in to_format(templates[0], pages, "png")]
    for case, png, zimage in zip(CASES, pngs, zpl_pages(zpl, 80, 80, 203, tmp_path)):
        (a,), (b,) = (zxingcpp.read_barcodes(i.convert("L")) for i in (png, zimage))
        corners = [(p.x, p.y) for p in (a.position.top_left, a.position.bottom_right)]
        others = [(p.x, p.y) for p in (b.position.top_left, b.position.bottom_right)]
        slack = 4 if case[0].is_matrix else 3      # printers choose their own QR mask
        assert all(abs(u - v) <= slack for c, o in zip(corners, others)
                   for u, v in zip(c, o)), (case[0], corners, others)


def test_zpl_text_is_native_for_ascii_and_a_graphic_for_chinese():
    template = m.Template(name="t", page=m.PageSetup(60, 30), sample=[{}], elements=[
        m.StaticText("a", 2, 2, 56, 6, text="Caret ^ tilde ~ slash \\"),
        m.StaticText("c", 2, 10, 56, 6, text="库位 A-01", rotation=90)])
    zpl = label_zpl(layout(template, now=NOW)[0])
    escaped = r"\^FH\\\^FDCaret \\5E tilde \\7E slash \\5C\^FS"
    assert re.search(r"\^A0N,28,28\^FB44\d,1,0,L" + escaped, zpl)
    assert re.search(r"\^FO\d+,\d+\^GFA,\d+,\d+,\d+,[0-9A-F]+\^FS", zpl)
    assert "库" not in zpl


def test_escpos_raster_reads_back_every_symbology_and_python_escpos_prints_nothing(capsys):
    templates = _labels(0, side=72)
    stream = render_escpos(_pages(templates), profile="TM-T20II", native=False)
    labels = escpos_labels(stream)
    assert [read_codes(label.image()) for label in labels] == _expected()
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("symbology, data, module, m_, sent", [
    (S.CODE128, "Bin A-01/02", 0.375, 73, b"{BBin A-01/02"),
    (S.EAN13, "590123412345", 0.375, 67, b"5901234123457"),
    (S.UPCA, "03600029145", 0.375, 65, b"036000291452"),
    (S.CODE39, "PCK-42", 0.375, 69, b"PCK-42"),
    (S.ITF14, "1540014128876", 0.375, 70, b"15400141288763"),
    (S.QR, "WL:A-01", 0.5, None, b"WL:A-01"),
])
def test_escpos_prints_upright_barcodes_natively_where_the_profile_can(symbology, data, module,
                                                                       m_, sent):
    template = m.Template(name="n", page=m.PageSetup(72, 30), sample=[{}], elements=[
        m.Barcode("c", 4, 4, 64, 20, symbology=symbology, data=data, module_mm=module,
                  human_readable=False)])
    (label,) = escpos_labels(render_escpos(_pages([template]), profile="TM-T20II"))
    natives = label.qr_codes if m_ is None else [data for _, data in label.barcodes]
    assert natives == [sent] and all(m == m_ for m, _ in label.barcodes)
    assert not read_codes(label.image())              # nothing of it in the raster
