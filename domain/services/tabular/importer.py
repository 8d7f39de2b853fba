"""The import loop shared by every table kind, and the report it returns.

Import is *per row*, not all-or-nothing: every valid row is saved, every bad row is reported
(row number as the spreadsheet shows it, column, reason) and skipped. For speed, rows are saved
in batches of ``BATCH_SIZE`` per transaction with a savepoint per row, so a bad row rolls back
only itself. A batch is one ``Database.write`` and may be retried as a whole on a lock conflict,
so its results are only counted once it has committed. An unexpected failure (not a domain
refusal) stops the import: the batches before it stay saved, and the error propagates.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import DomainError, InvalidInput
from domain.permissions import Actor, Permission
from domain.persistence.database import Database
from domain.services.masterdata import MasterDataService
from domain.services.tabular.files import read_table, write_table

BATCH_SIZE = 500


@dataclass(frozen=True)
class RowError:
    """Why one row (1 = the header) was not imported; ``column`` is "" when not one cell's fault."""
    row: int
    column: str
    error: DomainError

    @property
    def message(self) -> str:
        return self.error.message


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def failed_rows(self) -> int:
        return len({e.row for e in self.errors})


@dataclass(frozen=True)
class TableKind:
    """One importable/exportable table: its columns (= the field names of its data class), how a
    cell is parsed, how a row is saved in a session, and the rows it exports."""
    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    parsers: dict[str, Callable[[str, str], object]]
    key: Callable[[dict], tuple]
    save: Callable[[Session, MasterDataService, Actor, dict], bool]   # True = created
    export_rows: Callable[[Session, object], Iterator[list]]
    error_columns: dict[str, str] = field(default_factory=dict)  # error field/kind -> column
    keep_when_empty: frozenset[str] = frozenset()   # an empty cell keeps the stored value

    def column_of(self, error: DomainError) -> str:
        name = error.params.get("field") or error.params.get("kind") or ""
        return self.error_columns.get(str(name), str(name) if name in self.columns else "")


def import_file(db: Database, actor: Actor, kind: TableKind, path: str | Path, *,
                batch_size: int = BATCH_SIZE,
                progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import ``path`` (CSV or XLSX) row by row; see the module docstring for the guarantees."""
    service = MasterDataService(db)
    service.require(actor, Permission.EDIT_MASTER_DATA, f"{kind.name}.import")
    header, rows = read_table(path)
    missing = [c for c in kind.required if c not in header]
    if missing:
        raise InvalidInput(field="file", reason=f"missing column(s): {', '.join(missing)}")
    report = ImportReport(ignored_columns=[c for c in header if c and c not in kind.parsers])
    batch: list[tuple[int, dict]] = []
    seen: dict[tuple, int] = {}
    for number, cells in rows:
        values = _parse_row(kind, number, dict(zip(header, cells)), report.errors)
        if values is not None and _first_time(kind, number, values, seen, report.errors):
            batch.append((number, values))
        if len(batch) >= batch_size:
            _save_batch(db, service, actor, kind, batch, report, progress)
    _save_batch(db, service, actor, kind, batch, report, progress)
    report.errors.sort(key=lambda e: e.row)
    _audit_summary(db, actor, kind, path, report)
    return report


def _parse_row(kind: TableKind, number: int, record: dict[str, str],
               errors: list[RowError]) -> dict | None:
    """The row's values by field name, or None after recording every bad cell of the row."""
    values, bad = {}, []
    for column in kind.required:
        if not record.get(column):
            required = InvalidInput(field=column, reason="it is required")
            bad.append(RowError(number, column, required))
    for column, parse in kind.parsers.items():
        if not record.get(column) and (column not in record or column in kind.required
                                        or column in kind.keep_when_empty):
            continue
        try:
            values[column] = parse(record[column], column)
        except DomainError as error:
            bad.append(RowError(number, column, error))
    errors.extend(bad)
    return None if bad else values


def _first_time(kind: TableKind, number: int, values: dict, seen: dict, errors: list) -> bool:
    key = kind.key(values)
    if key in seen:
        errors.append(RowError(number, kind.required[-1], InvalidInput(
            field=kind.required[-1], reason=f"{'/'.join(key)} is already in row {seen[key]}")))
        return False
    seen[key] = number
    return True


def _save_batch(db, service, actor, kind, batch, report, progress) -> None:
    if not batch:
        return

    def work(s: Session) -> tuple[int, int, list[RowError]]:
        created = updated = 0
        errors = []
        for number, values in batch:
            try:
                with s.begin_nested():
                    if kind.save(s, service, actor, dict(values)):
                        created += 1
                    else:
                        updated += 1
            except DomainError as error:
                errors.append(RowError(number, kind.column_of(error), error))
            except IntegrityError:
                errors.append(RowError(number, "", InvalidInput(
                    field="row", reason="it conflicts with data already stored (a duplicate?)")))
        return created, updated, errors

    created, updated, errors = db.write(work)
    report.created += created
    report.updated += updated
    report.errors.extend(errors)
    batch.clear()
    if progress is not None:
        progress(report.created + report.updated + report.failed_rows)


def _audit_summary(db: Database, actor: Actor, kind: TableKind, path, report: ImportReport) -> None:
    detail = {"file": Path(path).name, "created": report.created, "updated": report.updated,
              "failed_rows": report.failed_rows}
    db.write(lambda s: audit.record(s, actor, f"{kind.name}.import", entity=kind.name,
                                    key=Path(path).name, detail=detail))


def export_file(db: Database, actor: Actor, kind: TableKind, path: str | Path,
                filter: object = None) -> int:
    """Write the rows (matching ``filter``) with the stable header; returns the row count."""
    MasterDataService(db).require(actor, Permission.VIEW_STOCK, f"{kind.name}.export")
    with db.read() as s:
        return write_table(path, list(kind.columns), kind.export_rows(s, filter))
