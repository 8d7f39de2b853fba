"""File exchange: one JSON or CSV file per message in a folder an ERP batch-imports from.

For ERPs that cannot take calls but import files (nightly jobs, EDI gateways)::

    {"kind": "files", "folder": "/srv/erp-exchange", "format": "json", "await_ack": true}

Layout of the exchange folder (created when missing):

* ``outbound/<key>.json`` (or ``.csv``): what we hand over, one file per message, named by the
  message's idempotency key. Written to a hidden ``.<key>…part`` file, flushed and renamed, so
  the importer never sees half a file (importers must skip names starting with ``.``).
* ``ack/<key>.*``: the ERP imported the message (the file may hold its reference).
* ``error/<key>.*``: the ERP rejected it; the file holds its error text.

Exactly once: ``already_delivered`` is a file check — a message whose file is already in
``outbound`` (not yet imported) or ``ack`` is never written twice.

``await_ack`` (default true): a message counts as delivered only once the ERP acknowledged it;
until then ``send`` raises a ``locked`` error ("waiting for the ERP's import"), so the retry rule
for ``locked`` decides how long to wait, and a rejection becomes a ``validation`` error in the
inbox with the ERP's text. The error verdict is moved to ``error/reported/`` when reported, so
after a fix (edit and resubmit, or retry) the file is written again. With ``await_ack: false``
the hand-over itself counts as delivery and ``results()`` reads the verdicts for the dashboard.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from integration.connectors.base import Ack, ConnectorError, Message
from domain.files import write_atomically

FORMATS = ("json", "csv")
ERROR_TEXT_LIMIT = 4000


@dataclass(frozen=True)
class FileVerdict:
    key: str
    ok: bool
    text: str
    path: Path


def file_stem(idempotency_key: str) -> str:
    """The key as a safe file name (keys are hex or uuid-like; anything else is replaced)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", idempotency_key).lstrip(".")
    if not stem:
        raise ConnectorError("mapping", "message has no idempotency key to name its file")
    return stem[:200]


class FileExchangeConnector:
    name = "files"
    max_parallel = 1

    def __init__(self, config: dict[str, Any]) -> None:
        folder = config.get("folder")
        if not folder:
            raise ValueError("files connector: 'folder' is required")
        self.folder = Path(folder)
        self.format = str(config.get("format", "json")).lower()
        if self.format not in FORMATS:
            raise ValueError(f"files connector: format must be one of {FORMATS}")
        self.await_ack = bool(config.get("await_ack", True))
        self.poll_seconds = float(config.get("poll_seconds", 60))
        self.ack_timeout = float(config.get("ack_timeout", 0))   # wait inside send (tests, fast ERPs)
        self.outbound = self.folder / "outbound"
        self.ack = self.folder / "ack"
        self.error = self.folder / "error"
        self.reported = self.error / "reported"

    def __repr__(self) -> str:
        return f"FileExchangeConnector({str(self.folder)!r}, format={self.format!r})"

    # -- the Connector protocol ---------------------------------------------------------------
    def send(self, message: Message) -> Ack:
        stem = file_stem(message.idempotency_key)
        target = self.outbound / f"{stem}.{self.format}"
        verdict = self.verdict(message.idempotency_key)
        if verdict is None and not target.exists():
            self._write_atomic(target, self.render(message))
        if verdict is None and not self.await_ack:
            return Ack(reference=target.name, request=target.name)
        deadline = time.monotonic() + self.ack_timeout
        while verdict is None:
            if time.monotonic() >= deadline:
                raise ConnectorError("locked", f"waiting for the ERP to import {target.name}",
                                     retry_after=self.poll_seconds, request=target.name)
            time.sleep(0.05)
            verdict = self.verdict(message.idempotency_key)
        if verdict.ok:
            return Ack(reference=verdict.text[:200] or target.name, request=target.name,
                       response=verdict.text[:ERROR_TEXT_LIMIT])
        self._mark_reported(verdict)
        raise ConnectorError("validation", f"the ERP rejected {target.name}: "
                             f"{verdict.text[:500] or 'no reason given'}",
                             request=target.name, response=verdict.text[:ERROR_TEXT_LIMIT])

    def already_delivered(self, message: Message) -> bool:
        stem = file_stem(message.idempotency_key)
        verdict = self.verdict(message.idempotency_key)
        if verdict is not None:
            return verdict.ok
        handed_over = (self.outbound / f"{stem}.{self.format}").exists()
        return handed_over and not self.await_ack

    # -- reading back ---------------------------------------------------------------------------
    def verdict(self, idempotency_key: str) -> FileVerdict | None:
        """The ERP's answer for a message: ack wins over error (a later successful import)."""
        stem = file_stem(idempotency_key)
        for folder, ok in ((self.ack, True), (self.error, False)):
            for path in _matching(folder, stem):
                return FileVerdict(idempotency_key, ok, _read_text(path), path)
        return None

    def results(self) -> list[FileVerdict]:
        """Every verdict the ERP left (acks and unreported errors), for the dashboard."""
        out = []
        for folder, ok in ((self.ack, True), (self.error, False)):
            if folder.is_dir():
                for path in sorted(folder.iterdir()):
                    if path.is_file() and not path.name.startswith("."):
                        out.append(FileVerdict(path.name.split(".")[0], ok, _read_text(path), path))
        return out

    def pending_files(self) -> int:
        """Files handed over and not yet imported by the ERP."""
        if not self.outbound.is_dir():
            return 0
        return sum(1 for p in self.outbound.iterdir()
                   if p.is_file() and not p.name.startswith("."))

    def status(self) -> str:
        """One line for the dashboard: reachable folder and what waits there."""
        if not self.folder.is_dir():
            return f"exchange folder {self.folder} is missing"
        if not os.access(self.folder, os.W_OK):
            return f"exchange folder {self.folder} is not writable"
        rejected = sum(1 for v in self.results() if not v.ok)
        return f"folder {self.folder}: {self.pending_files()} file(s) waiting, {rejected} rejected"

    # -- writing --------------------------------------------------------------------------------
    def render(self, message: Message) -> str:
        if self.format == "json":
            return json.dumps({"message_type": message.message_type,
                               "document_key": message.document_key,
                               "idempotency_key": message.idempotency_key,
                               "payload": message.payload},
                              ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"
        return _csv(message)

    def _write_atomic(self, target: Path, body: str) -> None:
        try:
            write_atomically(target, body.encode("utf-8"), create_folder=True)
        except OSError as exc:
            raise ConnectorError("network", f"cannot write to the exchange folder: {exc}",
                                 request=target.name) from None

    def _mark_reported(self, verdict: FileVerdict) -> None:
        """Move a rejection aside so a fixed message is written and judged afresh."""
        self.reported.mkdir(parents=True, exist_ok=True)
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{verdict.path.name}"
        try:
            os.replace(verdict.path, self.reported / name)
        except FileNotFoundError:
            pass
        stale = self.outbound / f"{file_stem(verdict.key)}.{self.format}"
        stale.unlink(missing_ok=True)


def _matching(folder: Path, stem: str) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and (p.name == stem or p.name.startswith(stem + ".")))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()[:ERROR_TEXT_LIMIT]
    except OSError:
        return ""


def _scalar(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return "" if value is None else str(value)


def _csv(message: Message) -> str:
    """One row per payload line (``lines``), the header fields repeated on each row; a payload
    without lines is one row. Header columns first, then ``line.<field>`` columns, sorted."""
    payload = message.payload
    header = {"message_type": message.message_type, "document_key": message.document_key,
              "idempotency_key": message.idempotency_key}
    header.update({k: _scalar(v) for k, v in payload.items() if k != "lines"})
    lines = payload.get("lines") if isinstance(payload.get("lines"), list) else None
    line_rows = [{f"line.{k}": _scalar(v) for k, v in (ln.items() if isinstance(ln, dict)
                                                       else {"value": ln}.items())}
                 for ln in (lines or [])] or [{}]
    fixed = ["message_type", "document_key", "idempotency_key"]
    columns = fixed + sorted(k for k in header if k not in fixed) \
        + sorted({k for row in line_rows for k in row})
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in line_rows:
        writer.writerow({**header, **row})
    return buf.getvalue()
