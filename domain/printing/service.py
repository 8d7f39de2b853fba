"""Print queue use cases. Every state change is one transaction and is audited.

Crash safety. A job is claimed (``queued → sending``, ``attempts + 1``) in one committed
transaction *before* any byte goes to the printer, and marked ``printed`` in another only after
the adapter's ``send`` returned (the printer accepted every byte). If the app dies between the two,
the job stays in ``sending``; ``recover`` (run when a queue runner starts) puts such jobs back to
``queued`` with a note, so no job is ever lost. The honest price: if the crash happened after the
printer had all bytes but before ``printed`` was committed, the recovered job prints again, so
that one label can come out twice. Without a printer-side job id there is no way to tell "the
printer got it" from "it did not" after a crash; we chose a possible duplicate over a lost label,
and the recovery note on the job says so, so the operator can discard the duplicate.

Claiming: on PostgreSQL ``SELECT … FOR UPDATE SKIP LOCKED`` lets several stations' runners
drain one queue without taking the same job; on SQLite the write transaction begins with
``BEGIN IMMEDIATE`` (see ``Database``), which serialises claimers.
"""
from __future__ import annotations

import json
import random
from decimal import Decimal
from collections.abc import Iterable, Mapping
from datetime import timedelta

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import InvalidInput, NotFound
from domain.labels.model import Template
from domain.labels.serialization import dumps, loads
from domain.labels.shipped import load_shipped, mixed_variant
from domain.labels.store import published_json
from domain.permissions import Actor, Permission
from domain.persistence import tables as t
from domain.printing.records import label_record, pallet_record
from domain.printing.jobs import (
    CANCELLED, FAILED, LABEL_TYPES, PRINTED, PRINTER_KINDS, QUEUED, SENDING, STATES, PrinterProfile,
    PrintJob, RetryRule, StationLabel,
)
from domain.services.base import Service

QUEUE_USER = "print queue"   # the audit username of the runner's own entries
RECOVERY_NOTE = ("recovered after an interrupted send: the printer may already have printed "
                 "this job once; discard a duplicate label if one comes out")


class PrintService(Service):

    # -- printers and stations --------------------------------------------------------------
    def save_printer(self, actor: Actor, profile: PrinterProfile) -> int:
        self.require(actor, Permission.PRINT, "print.printer.save")
        if profile.kind not in PRINTER_KINDS:
            raise InvalidInput(field="printer kind",
                               reason=f"{profile.kind!r} is not one of {', '.join(PRINTER_KINDS)}")
        if not profile.name.strip():
            raise InvalidInput(field="printer name", reason="empty")
        values = dict(kind=profile.kind, connection=json.dumps(profile.connection, sort_keys=True),
                      escpos_profile=profile.escpos_profile, dpi=profile.dpi,
                      active=profile.active)

        def work(s: Session) -> int:
            found = s.execute(select(t.printers.c.id).where(t.printers.c.name == profile.name)
                              ).scalar()
            if found is None:
                found = s.execute(insert(t.printers).values(name=profile.name, **values)
                                  .returning(t.printers.c.id)).scalar_one()
            else:
                s.execute(update(t.printers).where(t.printers.c.id == found).values(**values))
            audit.record(s, actor, "print.printer.save", entity="printer", key=profile.name,
                         detail={"kind": profile.kind})
            return found
        return self.db.write(work)

    def printers(self, actor: Actor) -> list[PrinterProfile]:
        self.require(actor, Permission.PRINT, "print.printer.list")
        with self.db.read() as s:
            rows = s.execute(select(t.printers).order_by(t.printers.c.name)).all()
        return [PrinterProfile.from_row(r) for r in rows]

    def printer(self, name_or_id: str | int) -> PrinterProfile:
        """A printer profile by name or id (for the runner; no actor)."""
        column = t.printers.c.id if isinstance(name_or_id, int) else t.printers.c.name
        with self.db.read() as s:
            row = s.execute(select(t.printers).where(column == name_or_id)).first()
        if row is None:
            raise NotFound(kind="printer", key=name_or_id)
        return PrinterProfile.from_row(row)

    def save_station(self, actor: Actor, name: str, labels: Iterable[StationLabel]) -> int:
        self.require(actor, Permission.PRINT, "print.station.save")
        labels = list(labels)
        for label in labels:
            if label.label_type not in LABEL_TYPES:
                raise InvalidInput(field="label type", reason=f"{label.label_type!r} is not one "
                                   f"of {', '.join(LABEL_TYPES)}")

        def work(s: Session) -> int:
            station = s.execute(select(t.print_stations.c.id)
                                .where(t.print_stations.c.name == name)).scalar()
            if station is None:
                station = s.execute(insert(t.print_stations).values(name=name)
                                    .returning(t.print_stations.c.id)).scalar_one()
            s.execute(delete(t.print_station_labels)
                      .where(t.print_station_labels.c.station_id == station))
            for label in labels:
                _snapshot(label.template_name, s)   # refuse unknown templates now, not at a scan
                s.execute(insert(t.print_station_labels).values(
                    station_id=station, label_type=label.label_type,
                    printer_id=_printer_id(s, label.printer), template_name=label.template_name))
            audit.record(s, actor, "print.station.save", entity="print station", key=name,
                         detail={lbl.label_type: [lbl.printer, lbl.template_name]
                                 for lbl in labels})
            return station
        return self.db.write(work)

    def station(self, actor: Actor, name: str) -> dict[str, StationLabel]:
        self.require(actor, Permission.PRINT, "print.station.read")
        with self.db.read() as s:
            return _station(s, name)

    def printable_templates(self, actor: Actor) -> list[str]:
        """The template names a station can print with: the shipped files and every template
        published in the designer (a draft prints nothing until it is published)."""
        from domain.labels.shipped import shipped_names
        self.require(actor, Permission.PRINT, "print.templates.list")
        with self.db.read() as s:
            published = set(s.execute(select(t.label_templates.c.name).where(
                t.label_templates.c.state == "published")).scalars())
        return sorted(published | set(shipped_names()))

    def stations(self, actor: Actor) -> list[str]:
        self.require(actor, Permission.PRINT, "print.station.list")
        with self.db.read() as s:
            return list(s.execute(select(t.print_stations.c.name)
                                  .order_by(t.print_stations.c.name)).scalars())

    # -- enqueue ----------------------------------------------------------------------------
    def enqueue(self, actor: Actor, printer: str, template: Template | str,
                records: Iterable[Mapping], *, copies: int = 1) -> int:
        """Queue one job: ``template`` (a ``Template`` or a shipped name) is snapshotted as JSON,
        so later edits of the template do not change what this job prints."""
        self.require(actor, Permission.PRINT, "print.enqueue")
        records = [dict(r) for r in records]
        return self.db.write(lambda s: self._insert_job(
            s, actor, printer, _snapshot(template, s), records, copies))

    def _insert_job(self, s: Session, actor: Actor | None, printer: str | int, template_json: str,
                    records: list, copies: int, *, reprint_of: int | None = None) -> int:
        if copies < 1:
            raise InvalidInput(field="copies", reason="at least 1")
        if not records:
            raise InvalidInput(field="records", reason="nothing to print")
        data = json.loads(template_json)
        now = self.clock.now()
        printer_id = printer if isinstance(printer, int) else _printer_id(s, printer)
        job = s.execute(insert(t.print_jobs).values(
            state=QUEUED, printer_id=printer_id, template_name=data.get("name", ""),
            template_version=int(data.get("schema_version", 1)), template_json=template_json,
            data_json=json.dumps(records, ensure_ascii=False, default=str), copies=copies,
            due_at=now, created_at=now, created_by_id=actor.user_id if actor else None,
            reprint_of_id=reprint_of).returning(t.print_jobs.c.id)).scalar_one()
        audit.record(s, actor, "print.enqueue" if reprint_of is None else "print.reprint",
                     entity="print job", key=job,
                     detail={"printer": printer, "template": data.get("name", ""),
                             "labels": len(records), "copies": copies,
                             **({"reprint_of": reprint_of} if reprint_of else {})})
        return job

    # -- the runner's side ------------------------------------------------------------------
    def recover(self, worker: str, *, stale_after: timedelta = timedelta(minutes=10)) -> list[int]:
        """Jobs left in ``sending`` by a crashed runner go back to ``queued`` with a note (see
        the module docstring for the one duplicate this can cause). Recovers this worker's own
        jobs, and any worker's jobs claimed longer than ``stale_after`` ago (a station that
        died for good), never another live station's job in flight."""
        def work(s: Session) -> list[int]:
            limit = self.clock.now() - stale_after
            ids = list(s.execute(select(t.print_jobs.c.id).where(
                t.print_jobs.c.state == SENDING,
                or_(t.print_jobs.c.claimed_by == worker, t.print_jobs.c.claimed_at < limit))
                .order_by(t.print_jobs.c.id)).scalars())
            for job in ids:
                s.execute(update(t.print_jobs).where(t.print_jobs.c.id == job).values(
                    state=QUEUED, due_at=self.clock.now(), note=RECOVERY_NOTE, claimed_by=""))
                audit.record(s, None, "print.recover", entity="print job", key=job,
                             username=QUEUE_USER, detail={"worker": worker})
            return ids
        return self.db.write(work)

    def claim_next(self, worker: str, *, printers: Iterable[str] | None = None) -> PrintJob | None:
        """The oldest due queued job, now ``sending`` and claimed by ``worker``; None if none is
        due. ``printers`` limits the claim to this station's printers."""
        names = list(printers) if printers is not None else None

        def work(s: Session) -> PrintJob | None:
            now = self.clock.now()
            query = (select(t.print_jobs.c.id)
                     .where(t.print_jobs.c.state == QUEUED, t.print_jobs.c.due_at <= now)
                     .order_by(t.print_jobs.c.due_at, t.print_jobs.c.id).limit(1))
            if names is not None:
                query = query.where(t.print_jobs.c.printer_id.in_(
                    select(t.printers.c.id).where(t.printers.c.name.in_(names))))
            if self.db.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True, of=t.print_jobs)
            job = s.execute(query).scalar()
            if job is None:
                return None
            claimed = s.execute(update(t.print_jobs).where(
                t.print_jobs.c.id == job, t.print_jobs.c.state == QUEUED).values(
                state=SENDING, attempts=t.print_jobs.c.attempts + 1, claimed_at=now,
                claimed_by=worker)).rowcount
            return _job(s, job) if claimed else None
        return self.db.write(work)

    def mark_printed(self, job_id: int, worker: str) -> bool:
        """Call only after the adapter's ``send`` returned. False if the job was no longer this
        worker's (recovered or cancelled meanwhile): then nothing changes."""
        def work(s: Session) -> bool:
            done = s.execute(update(t.print_jobs).where(
                t.print_jobs.c.id == job_id, t.print_jobs.c.state == SENDING,
                t.print_jobs.c.claimed_by == worker).values(
                state=PRINTED, printed_at=self.clock.now(), last_error="")).rowcount
            if done:
                job = _job(s, job_id)
                audit.record(s, None, "print.printed", entity="print job", key=job_id,
                             username=QUEUE_USER,
                             detail={"printer": job.printer, "template": job.template_name,
                                     "labels": len(job.records), "copies": job.copies,
                                     "attempts": job.attempts, "worker": worker})
            return bool(done)
        return self.db.write(work)

    def mark_failed(self, job_id: int, worker: str, error: str, rule: RetryRule,
                    rng: random.Random | None = None, *, permanent: bool = False) -> str | None:
        """A send failed: back to ``queued`` after the rule's delay, or ``failed`` once the
        rule gives up (at once if ``permanent``: a template that cannot render will not render
        on a retry). Returns the new state (None if the job was no longer this worker's)."""
        def work(s: Session) -> str | None:
            row = s.execute(select(t.print_jobs.c.attempts).where(
                t.print_jobs.c.id == job_id, t.print_jobs.c.state == SENDING,
                t.print_jobs.c.claimed_by == worker)).first()
            if row is None:
                return None
            state = FAILED if permanent or rule.gives_up(row.attempts) else QUEUED
            due = self.clock.now() + timedelta(seconds=rule.delay(row.attempts, rng))
            s.execute(update(t.print_jobs).where(t.print_jobs.c.id == job_id).values(
                state=state, due_at=due, last_error=error[:2000], claimed_by=""))
            audit.record(s, None, "print.failed" if state == FAILED else "print.retry",
                         entity="print job", key=job_id, username=QUEUE_USER, outcome="failed",
                         detail={"error": error[:500], "attempts": row.attempts,
                                 "due_at": due.isoformat()})
            return state
        return self.db.write(work)

    # -- the user's side --------------------------------------------------------------------
    def jobs(self, actor: Actor, *, state: str | None = None, limit: int = 500) -> list[PrintJob]:
        self.require(actor, Permission.PRINT, "print.jobs")
        if state is not None and state not in STATES:
            raise InvalidInput(field="state", reason=f"{state!r} is not one of {', '.join(STATES)}")
        with self.db.read() as s:
            query = _job_query().order_by(t.print_jobs.c.id.desc()).limit(limit)
            if state is not None:
                query = query.where(t.print_jobs.c.state == state)
            return [_to_job(r) for r in s.execute(query).all()]

    def job(self, actor: Actor, job_id: int) -> PrintJob:
        self.require(actor, Permission.PRINT, "print.jobs")
        with self.db.read() as s:
            return _job(s, job_id)

    def cancel(self, actor: Actor, job_id: int) -> None:
        """Queued or failed jobs only: a job being sent cannot be called back from the printer."""
        self.require(actor, Permission.PRINT, "print.cancel")

        def work(s: Session) -> None:
            done = s.execute(update(t.print_jobs).where(
                t.print_jobs.c.id == job_id, t.print_jobs.c.state.in_((QUEUED, FAILED)))
                .values(state=CANCELLED)).rowcount
            if not done:
                raise InvalidInput(field="print job", reason=f"job {job_id} is "
                                   f"{_job(s, job_id).state}; only queued or failed jobs cancel")
            audit.record(s, actor, "print.cancel", entity="print job", key=job_id)
        self.db.write(work)

    def reprint(self, actor: Actor, job_id: int, *, printer: str | None = None,
                copies: int | None = None) -> int:
        """A new queued job printing what job ``job_id`` printed (same template snapshot)."""
        self.require(actor, Permission.PRINT, "print.reprint")

        def work(s: Session) -> int:
            old = _job(s, job_id)
            return self._insert_job(s, actor, printer or old.printer_id, old.template_json,
                                    old.records, copies or old.copies, reprint_of=old.id)
        return self.db.write(work)

    def move(self, actor: Actor, job_id: int, printer: str) -> None:
        """A queued or failed job goes to another printer, due now, with a fresh retry count."""
        self.require(actor, Permission.PRINT, "print.move")

        def work(s: Session) -> None:
            target = _printer_id(s, printer)
            old = _job(s, job_id)
            done = s.execute(update(t.print_jobs).where(
                t.print_jobs.c.id == job_id, t.print_jobs.c.state.in_((QUEUED, FAILED)))
                .values(printer_id=target, state=QUEUED, attempts=0, last_error="",
                        due_at=self.clock.now())).rowcount
            if not done:
                raise InvalidInput(field="print job", reason=f"job {job_id} is {old.state}; "
                                   "only queued or failed jobs move")
            audit.record(s, actor, "print.move", entity="print job", key=job_id,
                         detail={"from": old.printer, "to": printer})
        self.db.write(work)

    # -- print stations ---------------------------------------------------------------------
    def print_scan(self, actor: Actor, station: str, code: str, *, copies: int = 1) -> int:
        """Station mode: the label of the item, lot, bin or package a scan names, with the
        station's template and printer for that label type (a package or pallet, scanned as its
        SSCC or its GS1-128 (00) barcode, prints the station's pallet label). Returns the job
        id."""
        from domain.barcodes.resolution import BIN, ITEM, LOT, PACKAGE
        from domain.services import operations  # noqa: F401  (registers the SSCC lookup)
        from domain.services.resolve import resolve_scan
        self.require(actor, Permission.PRINT, "print.station.scan")

        def work(s: Session) -> int:
            resolution = resolve_scan(s, code, kinds=(ITEM, LOT, BIN, PACKAGE))
            match = resolution.match
            if match is None:
                raise NotFound(kind="label for scan", key=code)
            if match.kind == PACKAGE:
                return self._pallet_job(s, actor, station, match.id, copies)
            record = label_record(s, match.kind, match.id)
            return self._station_job(s, actor, station, match.kind, [record], copies)
        return self.db.write(work)

    def print_document(self, actor: Actor, printer: str, document: str, number: str, *,
                       template: str | None = None, copies: int = 1) -> int:
        """A pick list, count sheet, receiving note or delivery note (``documents.DOCUMENTS``)
        of task or order ``number`` on ``printer``, with ``template`` (default: the shipped
        English one of that document; a designed one is used once published). Returns the job
        id."""
        from domain.printing import documents
        self.require(actor, Permission.PRINT, "print.document")
        if document not in documents.DOCUMENTS:
            raise InvalidInput(field="document", reason=f"{document!r} is not one of "
                                                        f"{', '.join(documents.DOCUMENTS)}")

        def work(s: Session) -> int:
            data = documents.record(s, document, number)
            return self._insert_job(s, actor, printer, _snapshot(template or f"{document}.en", s),
                                    [data], copies)
        return self.db.write(work)

    def print_package(self, actor: Actor, station: str, sscc: str, *, copies: int = 1) -> int:
        """The pallet label of the package or pallet with SSCC ``sscc`` (18 digits). Returns
        the job id."""
        self.require(actor, Permission.PRINT, "print.station.pallet")

        def work(s: Session) -> int:
            package = s.execute(select(t.packages.c.id).where(t.packages.c.sscc == sscc)
                                ).scalar()
            if package is None:
                raise NotFound(kind="package", key=sscc)
            return self._pallet_job(s, actor, station, package, copies)
        return self.db.write(work)

    def _pallet_job(self, s: Session, actor: Actor, station: str, package_id: int,
                    copies: int) -> int:
        """A pallet label job. A pallet of one item and lot prints the station's pallet
        template (with the content barcode); a mixed one prints that template's shipped
        ``_mixed`` sibling if there is one (SSCC and contents as text; see
        ``domain.labels.shipped.mixed_variant``)."""
        record = pallet_record(s, package_id)
        template = None
        if "gs1" not in record["content"]:
            labels = _station(s, station)
            if "pallet" in labels:
                template = mixed_variant(labels["pallet"].template_name)
        return self._station_job(s, actor, station, "pallet", [record], copies,
                                 template_name=template)

    def print_bin_labels(self, actor: Actor, station: str, warehouse: str, *,
                         zone: str | None = None, aisle: str | None = None) -> int:
        """One job with the labels of every active bin of a zone, or of an aisle (bins whose code
        starts with ``aisle``, e.g. ``A-01``), in pick sequence then code order."""
        self.require(actor, Permission.PRINT, "print.station.bins")

        def work(s: Session) -> int:
            query = (select(t.bins.c.id).join(t.warehouses,
                                              t.warehouses.c.id == t.bins.c.warehouse_id)
                     .where(t.warehouses.c.code == warehouse, t.bins.c.active.is_(True))
                     .order_by(t.bins.c.pick_sequence, t.bins.c.code))
            if zone:
                query = query.join(t.zones, t.zones.c.id == t.bins.c.zone_id) \
                    .where(t.zones.c.code == zone)
            if aisle:
                query = query.where(t.bins.c.code.startswith(aisle, autoescape=True))
            ids = list(s.execute(query).scalars())
            if not ids:
                raise NotFound(kind="bins", key=" ".join(filter(None, (warehouse, zone, aisle))))
            records = [label_record(s, "bin", i) for i in ids]
            return self._station_job(s, actor, station, "bin", records, 1)
        return self.db.write(work)

    def print_inbound_labels(self, actor: Actor, station: str, order: str, *,
                             per_unit: bool = False) -> list[int]:
        """Labels for everything received on inbound order ``order``: a lot label for each
        received line with a lot, an item label for the others. One label per line, or with
        ``per_unit`` one per received unit (a line received in a fractional quantity, 2.5 kg,
        still gets one label; at most ``MAX_UNIT_LABELS`` per order, so a mistyped 100,000 does
        not flood the printer). One job per label type; returns the job ids."""
        self.require(actor, Permission.PRINT, "print.station.inbound")

        def work(s: Session) -> list[int]:
            head = s.execute(select(t.inbound_orders.c.id).where(
                t.inbound_orders.c.number == order)).scalar()
            if head is None:
                raise NotFound(kind="inbound order", key=order)
            lines = s.execute(select(t.inbound_order_lines.c.item_id, t.inbound_order_lines.c.lot_no,
                                     t.inbound_order_lines.c.qty_received,
                                     t.lots.c.id.label("lot_id"))
                              .outerjoin(t.lots, (t.lots.c.item_id == t.inbound_order_lines.c.item_id)
                                         & (t.lots.c.lot_no == t.inbound_order_lines.c.lot_no))
                              .where(t.inbound_order_lines.c.order_id == head,
                                     t.inbound_order_lines.c.qty_received > 0)
                              .order_by(t.inbound_order_lines.c.line_no)).all()
            if not lines:
                raise InvalidInput(field="inbound order", reason=f"nothing received on {order}")
            def labels_of(qty) -> int:
                whole = Decimal(qty)
                return int(whole) if per_unit and whole == whole.to_integral_value() else 1
            total = sum(labels_of(line.qty_received) for line in lines)
            if total > MAX_UNIT_LABELS:
                raise InvalidInput(field="labels", reason=f"{order} would print {total} labels; "
                                   f"at most {MAX_UNIT_LABELS} at once (print one per line)")
            by_type: dict[str, list] = {}
            for line in lines:
                kind, row = ("lot", line.lot_id) if line.lot_id else ("item", line.item_id)
                record = label_record(s, kind, row)
                by_type.setdefault(kind, []).extend(
                    dict(record) for _ in range(labels_of(line.qty_received)))
            return [self._station_job(s, actor, station, kind, records, 1)
                    for kind, records in by_type.items()]
        return self.db.write(work)

    def _station_job(self, s: Session, actor: Actor, station: str, label_type: str,
                     records: list, copies: int, *, template_name: str | None = None) -> int:
        labels = _station(s, station)
        if label_type not in labels:
            raise NotFound(kind=f"{label_type} label on station", key=station)
        label = labels[label_type]
        return self._insert_job(s, actor, label.printer,
                                _snapshot(template_name or label.template_name, s), records,
                                copies)


# -- helpers ---------------------------------------------------------------------------------
MAX_UNIT_LABELS = 2000      # labels one "per unit" request may queue


def _snapshot(template: Template | str, s: Session) -> str:
    """A template given by name prints as its published designed version (the designer's
    TemplateStore), else as the shipped file of that name."""
    if isinstance(template, str):
        return published_json(s, template) or dumps(load_shipped(template))
    return dumps(template)


def template_of(job: PrintJob) -> Template:
    return loads(job.template_json)


def _printer_id(s: Session, name: str) -> int:
    found = s.execute(select(t.printers.c.id).where(t.printers.c.name == name)).scalar()
    if found is None:
        raise NotFound(kind="printer", key=name)
    return found


def _station(s: Session, name: str) -> dict[str, StationLabel]:
    station = s.execute(select(t.print_stations.c.id).where(t.print_stations.c.name == name)
                        ).scalar()
    if station is None:
        raise NotFound(kind="print station", key=name)
    rows = s.execute(select(t.print_station_labels.c.label_type, t.printers.c.name,
                            t.print_station_labels.c.template_name)
                     .join(t.printers, t.printers.c.id == t.print_station_labels.c.printer_id)
                     .where(t.print_station_labels.c.station_id == station)).all()
    return {r.label_type: StationLabel(r.label_type, r.name, r.template_name) for r in rows}


def _job_query():
    return (select(t.print_jobs, t.printers.c.name.label("printer_name"),
                   t.users.c.username.label("created_by"))
            .join(t.printers, t.printers.c.id == t.print_jobs.c.printer_id)
            .outerjoin(t.users, t.users.c.id == t.print_jobs.c.created_by_id))


def _to_job(r) -> PrintJob:
    return PrintJob(
        id=r.id, state=r.state, printer=r.printer_name, printer_id=r.printer_id,
        template_name=r.template_name, template_version=r.template_version,
        template_json=r.template_json, records=json.loads(r.data_json), copies=r.copies,
        attempts=r.attempts, last_error=r.last_error, note=r.note, due_at=r.due_at,
        created_at=r.created_at, created_by=r.created_by or "", printed_at=r.printed_at,
        reprint_of_id=r.reprint_of_id)


def _job(s: Session, job_id: int) -> PrintJob:
    row = s.execute(_job_query().where(t.print_jobs.c.id == job_id)).first()
    if row is None:
        raise NotFound(kind="print job", key=job_id)
    return _to_job(row)
