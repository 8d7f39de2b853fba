"""The print queue, printer profiles and print stations (issue 5), Qt-free.

``jobs`` holds the plain model (job states, the retry rule as data), ``service`` the use cases:
enqueue, claim, mark printed/failed, cancel, reprint, move, recover, and station printing.
"""
from domain.printing.jobs import (
    CANCELLED, FAILED, LABEL_TYPES, PRINTED, PRINTER_KINDS, QUEUED, SENDING, STATES, PrinterProfile,
    PrintJob, RetryRule, StationLabel,
)
from domain.printing.service import PrintService

__all__ = ["CANCELLED", "FAILED", "LABEL_TYPES", "PRINTED", "PRINTER_KINDS", "QUEUED", "SENDING",
           "STATES", "PrinterProfile", "PrintJob", "PrintService", "RetryRule", "StationLabel"]
