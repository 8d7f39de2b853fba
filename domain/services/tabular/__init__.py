"""Import and export of master data (items, bins) and of stock lists, as CSV or XLSX.

Files have a header row with stable column names (the field names, e.g. ``shelf_life_days``).
Import is per row with a report: valid rows are saved, bad rows are listed with row, column and
reason (see ``importer``). Import needs EDIT_MASTER_DATA; export needs VIEW_STOCK.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from domain.permissions import Actor
from domain.persistence.database import Database
from domain.queries.masterdata import BinFilter, ItemFilter
from domain.services.tabular.bins import BINS
from domain.services.tabular.importer import ImportReport, RowError, export_file, import_file
from domain.services.tabular.items import ITEMS
from domain.services.tabular.stock import export_stock

__all__ = ["ImportReport", "RowError", "import_items", "import_bins", "export_items",
           "export_bins", "export_stock"]


def import_items(db: Database, actor: Actor, path: str | Path,
                 progress: Callable[[int], None] | None = None) -> ImportReport:
    return import_file(db, actor, ITEMS, path, progress=progress)


def import_bins(db: Database, actor: Actor, path: str | Path,
                progress: Callable[[int], None] | None = None) -> ImportReport:
    return import_file(db, actor, BINS, path, progress=progress)


def export_items(db: Database, actor: Actor, path: str | Path, f: ItemFilter | None = None) -> int:
    return export_file(db, actor, ITEMS, path, f)


def export_bins(db: Database, actor: Actor, path: str | Path, f: BinFilter | None = None) -> int:
    return export_file(db, actor, BINS, path, f)
