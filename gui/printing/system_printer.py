"""System printers through Qt's print support (CUPS on Linux, the spooler on Windows).

The queue renders a job for a ``system`` printer as PNG pages at the printer profile's DPI
(``devices.printers.queue_runner.render_job``); ``QtSystemPrinter.send`` paints each raster page
onto a ``QPrinter`` with a ``QPainter``, scaled to the page, one page per label. ``send`` returns
once Qt handed the whole document to the spooler (``QPainter.end`` succeeded), which is as much
"the printer accepted all bytes" as a spooled printer can tell us.

Connection data: ``{"printer": "<system printer name>"}`` (empty: the default printer), or
``{"output_file": "/path/out.pdf"}`` to print through Qt into a PDF file (tests, "print to file").
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from devices.printers.adapters import PrinterOffline, Printer
from devices.printers.queue_runner import open_profile, split_png_bundle
from domain.printing import PrinterProfile


class QtSystemPrinter:
    def __init__(self, name: str, printer_name: str = "", output_file: str = "",
                 dpi: int = 300) -> None:
        self.name, self.printer_name, self.output_file, self.dpi = (
            name, printer_name, output_file, dpi)

    def _printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.output_file:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(self.output_file)
        else:
            info = (QPrinterInfo.printerInfo(self.printer_name) if self.printer_name
                    else QPrinterInfo.defaultPrinter())
            if info.isNull():
                raise PrinterOffline(printer=self.name,
                                     reason=f"no system printer {self.printer_name!r}")
            printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"Warelink {self.name}")
        return printer

    def send(self, data: bytes) -> None:
        pages = [QImage.fromData(page, "PNG") for page in split_png_bundle(data)]
        if not pages or any(page.isNull() for page in pages):
            raise PrinterOffline(printer=self.name, reason="no printable page in the job")
        printer = self._printer()
        painter = QPainter()
        if not painter.begin(printer):
            raise PrinterOffline(printer=self.name, reason="the system printer refused the job")
        try:
            for number, image in enumerate(pages):
                if number:
                    printer.newPage()
                area = printer.pageRect(QPrinter.Unit.DevicePixel)
                size = image.size().scaled(area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRectF(0, 0, size.width(), size.height()), image)
        finally:
            if not painter.end():
                raise PrinterOffline(printer=self.name, reason="the spooler did not take the job")

    def is_online(self) -> bool:
        if self.output_file:
            return True
        info = (QPrinterInfo.printerInfo(self.printer_name) if self.printer_name
                else QPrinterInfo.defaultPrinter())
        return not info.isNull()


def open_gui_printer(profile: PrinterProfile) -> Printer:
    """The queue runner's adapter factory in the app: system printers through Qt, the rest as
    ``devices.printers.queue_runner.open_profile`` opens them."""
    if profile.kind == "system":
        return QtSystemPrinter(profile.name, profile.connection.get("printer", ""),
                               profile.connection.get("output_file", ""), profile.dpi)
    return open_profile(profile)
