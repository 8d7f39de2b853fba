"""Reading and writing the two file formats: CSV and XLSX, chosen by the file's extension.

CSV is read as UTF-8 with or without a BOM (falling back to GB18030, which Chinese Excel writes
by default), with ``,`` ``;`` or tab as the delimiter (whichever the header line uses most).
CSV is written as UTF-8 *with* a BOM, so that Excel shows Chinese text correctly.
XLSX is read with openpyxl in read-only mode (streams rows; a 200k-row sheet stays small in
memory) and written in write-only mode.
"""
from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

from domain.errors import InvalidInput
from domain.services.tabular.cells import format_quantity

XLSX_MAX_ROWS = 1_048_576
Row = tuple[int, list[str]]   # (row number as a spreadsheet shows it, cells as text)


def file_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput(field="file", reason=f"{Path(path).name}: use a .csv or .xlsx file")
    return suffix[1:]


def read_table(path: str | Path) -> tuple[list[str], Iterator[Row]]:
    """The header (normalised column names) and the data rows, skipping blank rows."""
    rows = _read_csv(Path(path)) if file_format(path) == "csv" else _read_xlsx(Path(path))
    for number, cells in rows:
        if any(cells):
            header = [normalise_column(c) for c in cells]
            return header, (r for r in rows if any(r[1]))
    raise InvalidInput(field="file", reason="it is empty")


def normalise_column(name: str) -> str:
    return name.strip().lower().replace(" ", "_")


def _read_csv(path: Path) -> Iterator[Row]:
    text = _decode(path.read_bytes())
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                                   start=1):
        yield number, [c.strip() for c in cells]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _read_xlsx(path: Path) -> Iterator[Row]:
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in values]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    """A typed XLSX cell as the text a user would have typed (12.0 → "12", a date → ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        midnight = value.time() == datetime.min.time()
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# -- writing ------------------------------------------------------------------------------------
def write_table(path: str | Path, header: list[str], rows: Iterable[list]) -> int:
    """Write the header and rows; return how many data rows were written."""
    if file_format(path) == "csv":
        return _write_csv(Path(path), header, rows)
    return _write_xlsx(Path(path), header, rows)


def _write_csv(path: Path, header: list[str], rows: Iterable[list]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_csv_text(v) for v in row])
            count += 1
    return count


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_quantity(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _write_xlsx(path: Path, header: list[str], rows: Iterable[list]) -> int:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.cell import WriteOnlyCell
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.freeze_panes = "A2"
    for i, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(10, len(name) + 4)
    bold = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    count = 0
    for row in rows:
        count += 1
        if count >= XLSX_MAX_ROWS:
            raise InvalidInput(field="file", reason="too many rows for Excel; export to CSV")
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    book.save(path)
    return count


def _xlsx_cell(sheet, value: object):
    """Typed cells (numbers stay numbers); text that starts with "=" stays text, never a formula."""
    from openpyxl.cell import WriteOnlyCell
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value
