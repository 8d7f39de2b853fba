"""The print queue's plain model: a job's states, a printer profile, and the retry rule.

A job moves ``queued → sending → printed``; a failed send goes back to ``queued`` with a later
``due_at`` (exponential backoff with jitter) until the retry rule gives up (``failed``). Queued
and failed jobs can be ``cancelled``; any job can be reprinted (a new job copying it).
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

QUEUED, SENDING, PRINTED, FAILED, CANCELLED = "queued", "sending", "printed", "failed", "cancelled"
STATES = (QUEUED, SENDING, PRINTED, FAILED, CANCELLED)
PRINTER_KINDS = ("escpos", "zpl", "pdf-folder", "system")
LABEL_TYPES = ("bin", "item", "lot", "pallet")
# What each printer kind is sent: the renderer's output format.
FORMAT_OF_KIND = {"escpos": "escpos", "zpl": "zpl", "pdf-folder": "pdf", "system": "png"}


@dataclass(frozen=True)
class RetryRule:
    """When a failed send is tried again: ``base * factor**(attempt-1)`` seconds, capped at
    ``max_delay``, times a random factor in ``[1 - jitter, 1 + jitter]``; after
    ``max_attempts`` sends the job is ``failed`` (visible in the queue, reprintable)."""
    base_delay: float = 2.0
    factor: float = 2.0
    max_delay: float = 300.0
    jitter: float = 0.2
    max_attempts: int = 10

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        raw = min(self.max_delay, self.base_delay * self.factor ** max(0, attempt - 1))
        spread = (rng or random).uniform(1 - self.jitter, 1 + self.jitter)
        return max(0.0, raw * spread)

    def gives_up(self, attempts: int) -> bool:
        return attempts >= self.max_attempts

    def to_dict(self) -> dict:
        return {"base_delay": self.base_delay, "factor": self.factor,
                "max_delay": self.max_delay, "jitter": self.jitter,
                "max_attempts": self.max_attempts}

    @classmethod
    def from_dict(cls, data: dict) -> RetryRule:
        return cls(**{k: data[k] for k in cls().to_dict() if k in data})


@dataclass(frozen=True)
class PrinterProfile:
    """A printer as data. ``connection`` is what ``devices.printers.adapters.open_printer``
    takes (``{"kind": "tcp", "host": ..., "port": 9100}``, ``{"folder": ...}`` for pdf-folder,
    ``{"printer": "<system printer name>"}`` for a system printer)."""
    name: str
    kind: str
    connection: dict = field(default_factory=dict)
    escpos_profile: str = ""
    dpi: int = 203
    active: bool = True
    id: int | None = None

    @property
    def format(self) -> str:
        return FORMAT_OF_KIND[self.kind]

    @classmethod
    def from_row(cls, row) -> PrinterProfile:
        return cls(name=row.name, kind=row.kind, connection=json.loads(row.connection or "{}"),
                   escpos_profile=row.escpos_profile, dpi=row.dpi, active=row.active, id=row.id)


@dataclass(frozen=True)
class StationLabel:
    """On a station, label type ``label_type`` prints template ``template_name`` (a shipped
    template name such as ``bin_label.en``) on ``printer``."""
    label_type: str
    printer: str
    template_name: str


@dataclass(frozen=True)
class PrintJob:
    id: int
    state: str
    printer: str
    printer_id: int
    template_name: str
    template_version: int
    template_json: str
    records: list
    copies: int
    attempts: int
    last_error: str
    note: str
    due_at: datetime
    created_at: datetime
    created_by: str
    printed_at: datetime | None
    reprint_of_id: int | None

    @property
    def due_in(self) -> timedelta:
        from datetime import timezone
        return self.due_at - datetime.now(timezone.utc)
