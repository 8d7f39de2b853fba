"""Barcode meaning: GS1 (raw, HRI, Digital Link), GTINs and plain codes, with no database.

    >>> parse_scan("]C1010950600013435210AB-123\\x1d17251231").lot
    'AB-123'

Resolution against the warehouse's data lives in ``domain.services.resolve``.
"""
from domain.barcodes.errors import BarcodeError, InvalidElement
from domain.barcodes.meaning import DIGITAL_LINK, GS1, GTIN, PLAIN, Measure, ScanMeaning
from domain.barcodes.parse import parse_scan, split_symbology

__all__ = ["BarcodeError", "InvalidElement", "Measure", "ScanMeaning", "parse_scan",
           "split_symbology", "DIGITAL_LINK", "GS1", "GTIN", "PLAIN"]
