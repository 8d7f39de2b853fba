"""What a scan can get wrong, said so that a clerk (or support) can act on it."""
from __future__ import annotations

from domain.errors import DomainError


class BarcodeError(DomainError):
    """The scanned data claims a structure (GS1, GTIN, Digital Link) that it does not keep."""

    template = "Barcode not understood: {reason}"


class InvalidElement(BarcodeError):
    """One GS1 element string is wrong: names the AI, its data title and what is wrong."""

    template = "Barcode not understood: AI ({ai}) {title}: {reason}"
