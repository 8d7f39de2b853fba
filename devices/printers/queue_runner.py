"""Drains the print queue through the printer adapters, on a worker thread. No Qt.

    runner = QueueRunner(PrintService(db), worker="station-1", on_event=log_it)
    runner.start()          # recovers this worker's interrupted jobs, then polls
    ...
    runner.stop()           # finishes the job in hand, then returns

One job at a time: claim (``sending``, committed) → render → ``adapter.send`` (returns only when
the printer took every byte) → ``printed`` (committed). Any failure of the send goes back to the
queue with the retry rule's backoff; a render failure fails the job at once. See
``domain.printing.service`` for the crash window that can duplicate one label.

``adapter_factory(profile)`` opens the printer for a profile; the default handles escpos, zpl and
pdf-folder; the GUI passes one that also knows ``system`` printers (Qt's QPrinter).
``run_once()`` processes the due jobs synchronously, for tests and for a caller with its own loop.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

from devices.printers.adapters import Printer, PrinterOffline, open_printer
from devices.printers.render import render
from domain.errors import DomainError
from domain.printing.jobs import PrinterProfile, PrintJob, RetryRule
from domain.printing.service import PrintService, template_of

log = logging.getLogger(__name__)
AdapterFactory = Callable[[PrinterProfile], Printer]
EventCallback = Callable[[str, PrintJob, str], None]   # (event, job, detail)


def open_profile(profile: PrinterProfile) -> Printer:
    """The adapter for a printer profile: escpos/zpl over the ``connection``'s transport
    (tcp, serial, file, escpos-usb), pdf-folder into its folder."""
    config = {"name": profile.name, **profile.connection}
    if profile.kind == "pdf-folder":
        config["kind"] = "pdf-folder"
    elif profile.kind == "system":
        raise PrinterOffline(printer=profile.name, reason="system printers print through the GUI")
    return open_printer(config)


def render_job(job: PrintJob, profile: PrinterProfile) -> bytes:
    """All bytes of a job (every record, every copy) in the printer's language, as one send."""
    template = template_of(job)
    records = [r for r in job.records for _ in range(job.copies)]
    pages = render(template, records, profile.format,
                   profile=profile.escpos_profile or "TM-T20II")
    return b"".join(pages) if profile.format != "png" else _png_bundle(pages)


def _png_bundle(pages: list[bytes]) -> bytes:
    """Several PNG pages in one payload for the system printer: 8-byte length prefixes."""
    return b"".join(len(p).to_bytes(8, "big") + p for p in pages)


def split_png_bundle(data: bytes) -> list[bytes]:
    pages, at = [], 0
    while at < len(data):
        size = int.from_bytes(data[at:at + 8], "big")
        pages.append(data[at + 8:at + 8 + size])
        at += 8 + size
    return pages


class QueueRunner:
    def __init__(self, service: PrintService, *, worker: str, rule: RetryRule | None = None,
                 adapter_factory: AdapterFactory = open_profile,
                 on_event: EventCallback | None = None, poll_interval: float = 1.0,
                 printers: list[str] | None = None) -> None:
        self.service, self.worker = service, worker
        self.rule = rule or RetryRule()
        self.adapter_factory = adapter_factory
        self.on_event = on_event or (lambda *_: None)
        self.poll_interval = poll_interval
        self.printers = printers
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("runner already started")
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=f"print-queue-{self.worker}",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the loop to end after the job in hand, and wait for it."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        """A job was queued: look now instead of at the next poll."""
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _loop(self) -> None:
        try:
            self.recover()
        except Exception:
            log.exception("print queue recovery failed")
        while not self._stop.is_set():
            try:
                worked = self.run_once()
            except Exception:   # the database went away: keep the thread, try again later
                log.exception("print queue runner failed; retrying")
                worked = 0
            if not worked:
                self._wake.wait(self.poll_interval)
                self._wake.clear()

    # -- work --------------------------------------------------------------------------------
    def recover(self) -> list[int]:
        ids = self.service.recover(self.worker)
        for job_id in ids:
            log.warning("print job %s recovered after an interrupted send", job_id)
        return ids

    def run_once(self) -> int:
        """Process every job due now (until none is due or ``stop``); returns how many."""
        done = 0
        while not self._stop.is_set():
            job = self.service.claim_next(self.worker, printers=self.printers)
            if job is None:
                break
            self.process(job)
            done += 1
        return done

    def process(self, job: PrintJob) -> None:
        """Send one claimed job; record printed or failed."""
        self.on_event("sending", job, "")
        try:
            profile = self.service.printer(job.printer_id)
            data = render_job(job, profile)
        except Exception as error:      # a bad template or data: retrying will not help
            log.exception("print job %s cannot be rendered", job.id)
            self.service.mark_failed(job.id, self.worker, _describe(error), self.rule,
                                     permanent=True)
            self.on_event("failed", job, _describe(error))
            return
        try:
            adapter = self.adapter_factory(profile)
            adapter.send(data)
        except Exception as error:      # PrinterOffline and anything else: retry with backoff
            if not isinstance(error, DomainError):
                log.exception("print job %s: unexpected send error", job.id)
            state = self.service.mark_failed(job.id, self.worker, _describe(error), self.rule)
            self.on_event("retry" if state == "queued" else "failed", job, _describe(error))
            return
        self.service.mark_printed(job.id, self.worker)
        self.on_event("printed", job, "")


def _describe(error: BaseException) -> str:
    return error.message if isinstance(error, DomainError) else f"{type(error).__name__}: {error}"
