"""Every barcode of every shipped template, in every output, reads back as the exact payload.

PDF is rasterised by pdftoppm at 200 dpi, PNG is read as rendered at the printer's DPI, ZPL goes
through a loopback TCP "printer" and is rendered offline by zpl-renderer-js, ESC/POS raster slices
are decoded back to bitmaps; zxing-cpp reads them all.
"""
from __future__ import annotations

import collections
from datetime import datetime

import pytest

from devices.printers.render import layout, render, to_format
from devices.printers.render.escpos import LabelTooWide
from devices.printers.transport import RawTcpPrinter
from domain.labels.shipped import load_shipped, shipped_names
from tests.labels import expected
from tests.labels.decoding import (escpos_labels, pdf_fonts, pdf_pages, png_image, read_codes,
                                   zpl_pages, zpl_renderer_ready)

NOW = datetime(2026, 1, 5, 9, 30)
ALL = [f"{n}.{lang}" for n in expected.LABELS + expected.DOCUMENTS for lang in expected.LANGUAGES]
LABELS = [f"{n}.{lang}" for n in expected.LABELS for lang in expected.LANGUAGES]


def _base(name: str) -> str:
    return name.split(".")[0]


def _assert_pages(images, name: str) -> None:
    assert len(images) == expected.pages(_base(name))
    for number, image in enumerate(images, 1):
        assert read_codes(image) == expected.per_page(_base(name)), f"page {number}"


def test_the_shipped_set_is_complete_and_every_template_carries_sample_data():
    assert shipped_names() == sorted(ALL)
    for name in ALL:
        template = load_shipped(name)
        assert template.sample and template.language == name.split(".")[1]


@pytest.mark.parametrize("name", ALL)
def test_pdf_barcodes_decode_to_the_exact_payload(name, tmp_path):
    (pdf,) = render(load_shipped(name), fmt="pdf", now=NOW)
    _assert_pages(pdf_pages(pdf, tmp_path, dpi=200), name)


@pytest.mark.parametrize("name", ALL)
def test_png_barcodes_at_printer_dpi_decode_to_the_exact_payload(name):
    template = load_shipped(name)
    images = [png_image(p) for p in render(template, fmt="png", now=NOW)]
    assert images[0].info["dpi"][0] == pytest.approx(template.page.dpi, abs=0.1)
    _assert_pages(images, name)


@pytest.mark.parametrize("name", LABELS)
def test_zpl_sent_to_a_loopback_printer_renders_to_the_exact_payload(name, tmp_path,
                                                                     capture_server):
    zpl_renderer_ready()
    template = load_shipped(name)
    (zpl,) = render(template, fmt="zpl", now=NOW)
    RawTcpPrinter("127.0.0.1", capture_server.port, timeout=5).send(zpl)
    captured = capture_server.wait()
    assert captured == zpl
    page = template.page
    _assert_pages(zpl_pages(captured, page.width_mm, page.height_mm, page.dpi, tmp_path), name)


_NATIVE = {73: "Code128", 67: "EAN13", 65: "UPCA", 69: "Code39", 70: "ITF"}


def _escpos_codes(label) -> collections.Counter:
    """What the raster slices decode to, plus what the native commands will print."""
    codes = read_codes(label.image())
    for m, data in label.barcodes:
        codes[(_NATIVE[m], "]C0" if m == 73 else "]E0", data.removeprefix(b"{B"))] += 1
    for data in label.qr_codes:
        codes[("QRCode", "]Q1", data)] += 1
    return codes


@pytest.mark.parametrize("name", [n for n in LABELS if not n.startswith("pallet")])
@pytest.mark.parametrize("profile", ["TM-T20II", "POS-5890"])
def test_escpos_labels_read_back_from_raster_and_native_commands(name, profile,
                                                                   capture_server):
    template = load_shipped(name)
    try:
        (stream,) = render(template, fmt="escpos", profile=profile, now=NOW)
    except LabelTooWide:
        assert profile == "POS-5890" and not name.startswith("bin_label")
        return
    RawTcpPrinter("127.0.0.1", capture_server.port, timeout=5).send(stream)
    (label,) = escpos_labels(capture_server.wait())
    assert _escpos_codes(label) == expected.per_page(_base(name))
    if profile == "POS-5890":                    # no hardware barcodes: everything is raster
        assert not label.barcodes and not label.qr_codes


def test_a_barcode_alone_in_its_rows_is_printed_natively_on_an_80mm_printer():
    """The item label's SKU code has its rows to itself; the EAN-13 shares them with text."""
    (stream,) = render(load_shipped("item_label.en"), fmt="escpos", profile="TM-T20II", now=NOW)
    (label,) = escpos_labels(stream)
    assert label.barcodes == [(73, b"{BWL-100234")] and not label.qr_codes


def test_a_pallet_label_is_too_big_for_a_receipt_printer():
    with pytest.raises(LabelTooWide, match="100.0 mm label does not fit the TM-T20II"):
        render(load_shipped("pallet_label.en"), fmt="escpos", now=NOW)


@pytest.mark.parametrize("name", ["bin_label.zh", "pick_list.zh", "pallet_label.zh"])
def test_chinese_text_is_in_the_pdf_with_the_font_embedded(name, tmp_path):
    pages = layout(load_shipped(name), now=NOW)
    (pdf,) = to_format(load_shipped(name), pages, "pdf")
    fonts = pdf_fonts(pdf, tmp_path)
    line = next(line for line in fonts.splitlines() if "WenQuanYiMicroHei" in line)
    assert line.split()[-5:-2] == ["yes", "yes", "yes"]          # embedded, subset, unicode
    assert "Helvetica" not in fonts                                # no unembedded base font
    words = {run.lines[0].text for run in pages[0].items if hasattr(run, "lines") and run.lines}
    assert any("\u4e00" <= c <= "\u9fff" for word in words for c in word)


def test_each_pallet_label_has_a_mixed_sibling_and_only_pallet_labels_do():
    from domain.labels.shipped import mixed_variant
    assert mixed_variant("pallet_label.en") == "pallet_label_mixed.en"
    assert mixed_variant("pallet_label.zh") == "pallet_label_mixed.zh"
    assert mixed_variant("pallet_label_mixed.zh") is None
    assert mixed_variant("lot_label.en") is None and mixed_variant("designed") is None
