"""Loading the generated warehouses, bins and items (with barcodes and pack units)."""
from __future__ import annotations

from itertools import islice
from typing import Callable, Iterable, Iterator

from domain.demo.catalog import (
    BARCODE_COLUMNS, ITEM_COLUMNS, PACK_COLUMNS, DemoItem, barcode_rows, item_row, pack_rows,
)
from domain.demo.layout import BIN_COLUMNS, Layout, bin_row
from domain.demo.loader import BulkLoader

CHUNK = 50_000


def chunks(rows: Iterable[tuple], size: int = CHUNK) -> Iterator[list[tuple]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def load_layout(load: BulkLoader, layout: Layout) -> None:
    load.insert("warehouses", ("id", "code", "name", "address", "active"),
                [(i, c, n, a, load.flag(True)) for i, c, n, a in layout.warehouses])
    load.insert("zones", ("id", "warehouse_id", "code", "name"), layout.zones)
    for batch in chunks(bin_row(b, load.flag) for b in layout.bins):
        load.insert("bins", BIN_COLUMNS, batch)


def load_items(load: BulkLoader, items: list[DemoItem],
               progress: Callable[[int], None] = lambda done: None) -> None:
    for batch in chunks(item_row(it, load.flag) for it in items):
        load.insert("items", ITEM_COLUMNS, batch)
        progress(len(batch))
    _insert_numbered(load, "item_barcodes", BARCODE_COLUMNS,
                     (row for it in items for row in barcode_rows(it)))
    _insert_numbered(load, "pack_units", PACK_COLUMNS,
                     (row for it in items for row in pack_rows(it)))


def _insert_numbered(load: BulkLoader, table: str, columns, rows: Iterable[tuple]) -> None:
    """Insert rows that come without ids, numbering them from 1."""
    numbered = ((n, *row) for n, row in enumerate(rows, start=1))
    for batch in chunks(numbered):
        load.insert(table, columns, batch)
