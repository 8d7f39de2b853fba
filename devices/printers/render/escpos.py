"""Layout pages → ESC/POS bytes through python-escpos, per printer profile.

A receipt printer prints line by line, so a label is cut into horizontal bands. A band holding
only an upright barcode the profile can print natively (``barcodeB`` / ``qrCode``) becomes a native
command at the layout's module width, moved right with GS L; every other band is a ``GS v 0``
raster slice of the label drawn at the printer's resolution. Text is always raster: no code pages,
no font differences. python-escpos prints diagnostics to stdout; they are routed to the log.
"""
from __future__ import annotations

import contextlib
import io
import logging
import struct
from collections.abc import Iterable

from escpos.printer import Dummy

from devices.printers.render.raster import local_extent, rasterize
from domain.errors import DomainError
from domain.labels.model import Symbology
from domain.labels.primitives import Bars, Page, Turn

log = logging.getLogger(__name__)

_NATIVE_1D = {Symbology.CODE128: "CODE128", Symbology.EAN13: "EAN13", Symbology.UPCA: "UPC-A",
              Symbology.CODE39: "CODE39", Symbology.ITF14: "ITF"}


class LabelTooWide(DomainError):
    template = "A {width} mm label does not fit the {profile} printer ({printable} mm printable)"


def render_escpos(pages: Iterable[Page], profile: str = "TM-T20II", native: bool = True) -> bytes:
    printer = Dummy(profile=profile)
    log_output = io.StringIO()
    with contextlib.redirect_stdout(log_output):
        for page in pages:
            _label(printer, page, native)
            printer.cut()
    if log_output.getvalue().strip():
        log.info("python-escpos: %s", log_output.getvalue().strip())
    return printer.output


def media(printer: Dummy) -> tuple[int, int]:
    """(dpi, printable width in dots) of the printer's profile."""
    data = printer.profile.profile_data.get("media", {})
    return int(data.get("dpi") or 203), int(data.get("width", {}).get("pixels") or 576)


def _label(printer: Dummy, page: Page, native: bool) -> None:
    dpi, width = media(printer)
    page = _fit(page, width * 25.4 / dpi, printer)
    image = rasterize(page, dpi)
    row = 0
    for top, bottom, bars in _native_bands(page, dpi, printer) if native else []:
        _raster(printer, image, row, top)
        _native(printer, bars, dpi)
        row = bottom
    _raster(printer, image, row, image.height)


def _fit(page: Page, printable_mm: float, printer: Dummy) -> Page:
    """The page as fed: turned by 90° when only that way it fits the paper width."""
    if page.width_mm <= printable_mm + 0.01:
        return page
    if page.height_mm <= printable_mm + 0.01:
        return page.placed(Turn(90, page.height_mm, 0.0), page.height_mm, page.width_mm)
    raise LabelTooWide(width=round(min(page.width_mm, page.height_mm), 1),
                       profile=printer.profile.profile_data.get("name", "?"),
                       printable=round(printable_mm, 1))


def _raster(printer: Dummy, image, top: int, bottom: int) -> None:
    if bottom > top:
        printer.image(image.crop((0, top, image.width, bottom)), impl="bitImageRaster",
                      center=False)


def _native_bands(page: Page, dpi: int, printer: Dummy) -> list[tuple[int, int, Bars]]:
    """Pixel rows (top, bottom) of barcodes that can be printed natively, top to bottom."""
    scale = dpi / 25.4
    spans = [(_span(item), item) for item in page.items]
    bands = []
    for (top, bottom), item in spans:
        if isinstance(item, Bars) and _can_print(item, dpi, printer) and not any(
                other is not item and t < bottom and b > top for (t, b), other in spans):
            bands.append((round(top * scale), round(bottom * scale), item))
    return sorted(bands, key=lambda band: band[0])


def _span(item) -> tuple[float, float]:
    _, top, _, height = item.turn.rect(*local_extent(item))
    return top, top + height


def _can_print(bars: Bars, dpi: int, printer: Dummy) -> bool:
    module = round(bars.module_mm * dpi / 25.4)
    symbology = bars.symbol.symbology
    if bars.turn.rotation or not bars.symbol.data.isascii():
        return False
    if symbology is Symbology.QR:
        return printer.profile.supports("qrCode") and 1 <= module <= 16
    return (symbology in _NATIVE_1D and printer.profile.supports("barcodeB")
            and 2 <= module <= 6 and round(bars.height * dpi / 25.4) <= 255)


def _native(printer: Dummy, bars: Bars, dpi: int) -> None:
    scale = dpi / 25.4
    left, _, _, _ = bars.turn.rect(bars.x, bars.y, bars.width, bars.height)
    printer._raw(b"\x1dL" + struct.pack("<H", round(left * scale)))      # GS L: left margin
    symbol = bars.symbol
    module = round(bars.module_mm * scale)
    if symbol.symbology is Symbology.QR:
        printer.qr(symbol.data, size=module, native=True, center=False)
    else:
        data = "{B" + symbol.data if symbol.symbology is Symbology.CODE128 else symbol.data
        printer.barcode(data, _NATIVE_1D[symbol.symbology], height=round(bars.height * scale),
                        width=module, pos="OFF", align_ct=False, function_type="B")
    printer._raw(b"\x1dL\x00\x00")
