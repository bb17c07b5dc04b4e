"""The bounds every spreadsheet reader keeps: size caps on a file, a cell and the number of cells, the
error that names the cell over the limit, and the helpers the .csv, .xls and .xlsx readers share (trimming
padded rows, filling merged blocks). Import files come from anywhere, so reading is bounded before anything
is loaded; every refusal is a SheetError that says what is wrong and how to fix it.
"""

from __future__ import annotations

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _, format_count

Cell = object
Sheet = list[list[Cell]]  # rows as in the file: index 0 is row 1

MB = 1024 * 1024
# A real 10,000-row product list is a few MB as CSV; 50 MB leaves room for long descriptions.
MAX_CSV_BYTES = 50 * MB
# What an .xlsx unpacks to (every part, pictures included: a crafted file can point a sheet at any
# part). A 10,000-row list is about 7 MB of sheet XML; the cap is what a zip bomb runs into.
MAX_XLSX_UNPACKED_BYTES = 100 * MB
MAX_XLSX_PARTS = 10_000  # a workbook has dozens of parts; the zip directory is read before this check
MAX_XLSX_DIRECTORY_BYTES = 16 * MB
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
# 10,000 rows × 200 columns; an empty row counts as one, so a file of blank lines is bounded too.
MAX_CELLS = 2_000_000
MAX_COLUMNS = 16_384  # Excel's own limit for one row


class SheetError(OcopDeskError):
    """The file cannot be read as a table."""


def trim(row: list[Cell]) -> list[Cell]:
    """Drop empty cells at the end of a row: Excel pads every row to the widest one, and a stray
    value far to the right must not cost memory on every row."""
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return row if end == len(row) else row[:end]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as the spreadsheet shows it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_too_long(name: str, sheet: str | None, row: int, column: int) -> SheetError:
    values = {"name": name, "row": row, "column": column_letter(column), "limit": format_count(MAX_CELL_CHARS)}
    if sheet is None:
        message = _(
            "{name}: the cell in row {row}, column {column} is longer than {limit} characters, the most a "
            "spreadsheet cell can hold. Shorten it and import again."
        )
    else:
        values["sheet"] = sheet
        message = _(
            "{name}, sheet “{sheet}”: the cell in row {row}, column {column} is longer than {limit} characters, "
            "the most a spreadsheet cell can hold. Shorten it and import again."
        )
    return SheetError(message.format(**values))


class CellBudget:
    """Counts cells as rows are read, so a file of a million tiny cells (or blank lines) is refused
    at a known size instead of filling memory with lists."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cells = 0

    def add(self, row: list[Cell]) -> None:
        self.cells += max(1, len(row))
        if self.cells > MAX_CELLS:
            raise SheetError(
                _(
                    "{name} has more than {limit} cells; OCOPDesk imports up to that many at a time. Split the "
                    "list into several files and import them one after another."
                ).format(name=self.name, limit=format_count(MAX_CELLS))
            )


def fill_merged(rows: Sheet, ranges: list[tuple[int, int, int, int]]) -> None:
    """A merged block shows one value over all its cells (a producer over its three products, "Tổng cộng"
    over STT and name): every cell of the block gets it, as a reader of the sheet sees it. Ranges are
    (first row, first column, last row, last column), 0-based, inclusive; .xlsx and .xls readers share this."""
    for top, left, bottom, right in ranges:
        if top >= len(rows) or bottom - top > 10_000 or right - left > 1_000:
            continue
        value = rows[top][left] if left < len(rows[top]) else None
        if value is None:
            continue
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= right:
                row.extend([None] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                if row[c] is None:
                    row[c] = value
