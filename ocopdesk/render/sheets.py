"""Reading the spreadsheets cooperatives keep: .xlsx (openpyxl), .xls (xlrd) and .csv/.txt in UTF-8 (with or
without BOM), UTF-16 or UTF-32 (Excel's "Unicode text"), or Windows-1258, with `,`, `;` or tab
separators and any line ending. Returns raw cell values; meaning comes later.

Import files come from anywhere (an export tool, a hand edit in Notepad, a stranger), so reading
is bounded before anything is loaded: a size cap on the file (or, for .xlsx, on what it unpacks to),
a cap on one cell and on the number of cells. Every refusal is a SheetError that says what is wrong
and how to fix it, never a stack trace and never an unbounded read.
"""

from __future__ import annotations

from pathlib import Path

from ocopdesk.i18n import _
from ocopdesk.render import sheets_csv, sheets_xls, sheets_xlsx
from ocopdesk.render.sheet_bounds import Sheet, SheetError


def read_tables(path: Path) -> list[tuple[str, Sheet]]:
    """Every sheet of a workbook (one for a CSV) as (name, rows)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SheetError(_("File not found: {path}").format(path=path))
    if suffix in (".xlsx", ".xlsm"):
        return sheets_xlsx.read_xlsx(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return [(path.stem, sheets_csv.read_csv(path))]
    if suffix == ".xls":
        return sheets_xls.read_xls(path)
    raise SheetError(_("{name}: only .xlsx, .xls and .csv files can be imported.").format(name=path.name))
