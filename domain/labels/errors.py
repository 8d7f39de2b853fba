"""Refusals of the label and document template code, in the domain's error style.

Each names what is wrong and where (a template, an element, a column of a placeholder), because the
person who reads it is designing a label, not debugging Python.
"""
from __future__ import annotations

from domain.errors import DomainError, InvalidInput


class TemplateError(DomainError):
    template = "Template {template!r}: {reason}"


class TemplateFileError(DomainError):
    template = "Cannot read template file: {reason}"


class PlaceholderError(InvalidInput):
    template = "Invalid placeholder at column {column} of {text!r}: {reason}"


class MissingField(InvalidInput):
    template = "Field {path!r} has no value in the record (placeholder {text!r})"


class BarcodeDataError(InvalidInput):
    template = "Barcode {element!r} ({symbology}) cannot encode {data!r}: {reason}"
