"""The .xls half of `sheets`: Excel 97–2003 workbooks (BIFF8, the format district offices still save in) read
with xlrd into the same raw rows the .xlsx reader gives — merged blocks filled, dates as dates (with the
workbook's own 1900/1904 date system), whole numbers as int — so one plan reads both.

A file called .xls is often something else: an .xlsx renamed, or a web page a portal exported "for Excel". The
first is read as what it is; the second is refused with the way out.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
from pathlib import Path

from ocopdesk.domain.money import format_number
from ocopdesk.i18n import _
from ocopdesk.render import sheet_bounds as limits
from ocopdesk.render.sheet_bounds import MB, Cell, CellBudget, Sheet, SheetError, cell_too_long, fill_merged, trim

# A 10,000-row list saved as .xls is 2–5 MB; xlrd holds the whole file in memory, so the file is capped.
MAX_XLS_BYTES = 50 * MB
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound document every real .xls starts with


def read_xls(path: Path) -> list[tuple[str, Sheet]]:
    """Every visible sheet of an Excel 97–2003 workbook as (name, rows)."""
    import xlrd  # imported late: only imports of old workbooks need it

    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"PK"):  # an .xlsx saved under the old name
        from ocopdesk.render import sheets_xlsx

        return sheets_xlsx.read_xlsx(path)
    if head != _OLE_MAGIC:
        raise SheetError(_not_excel(path, head))
    if path.stat().st_size > MAX_XLS_BYTES:
        raise SheetError(
            _(
                "{name} is larger than {limit} MB; OCOPDesk imports .xls files up to that size. Save it as .xlsx "
                "in Excel or LibreOffice, or split the list, then import again."
            ).format(name=path.name, limit=format_number(MAX_XLS_BYTES // MB))
        )
    damaged = SheetError(_("{name} is not a valid .xls workbook (it may be damaged).").format(name=path.name))
    try:
        # xlrd writes its warnings to stdout unless given a log: it would break `import --json`.
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, logfile=io.StringIO())
    except Exception as exc:  # xlrd raises many kinds on a damaged file (struct, index, assertion, its own)
        raise damaged from exc
    try:
        budget = CellBudget(path.name)
        return [
            (sheet.name, _sheet_rows(sheet, book.datemode, path.name, budget))
            for sheet in (book.sheet_by_index(i) for i in range(book.nsheets))
            if sheet.visibility == 0
        ]
    except SheetError:
        raise
    except (xlrd.XLRDError, struct.error, IndexError, KeyError, ValueError, AssertionError, EOFError) as exc:
        raise damaged from exc
    finally:
        book.release_resources()


def _not_excel(path: Path, head: bytes) -> str:
    if head.lstrip().startswith(b"<") or head.startswith(b"\xef\xbb\xbf<"):
        return _(
            "{name} is a web page or XML file saved with an Excel name, not an Excel workbook. Open it in Excel or "
            "LibreOffice, save it as .xlsx, then import again."
        ).format(name=path.name)
    return _("{name} is not an Excel 97–2003 workbook (.xls). Save it as .xlsx and import again.").format(
        name=path.name
    )


def _sheet_rows(sheet: object, datemode: int, name: str, budget: CellBudget) -> Sheet:
    rows: Sheet = []
    for r in range(sheet.nrows):  # type: ignore[attr-defined]
        row = trim([_value(cell, datemode) for cell in sheet.row(r)])  # type: ignore[attr-defined]
        for column, value in enumerate(row):
            if isinstance(value, str) and len(value) > limits.MAX_CELL_CHARS:
                raise cell_too_long(name, sheet.name, r + 1, column)  # type: ignore[attr-defined]
        budget.add(row)
        rows.append(row)
    # xlrd's blocks are (first row, row after last, first column, column after last).
    fill_merged(rows, [(r1, c1, r2 - 1, c2 - 1) for r1, r2, c1, c2 in sheet.merged_cells])  # type: ignore[attr-defined]
    return rows


def _value(cell: object, datemode: int) -> Cell:
    """One cell as openpyxl would give it: text, int for whole numbers, float, date/datetime, bool, or None."""
    import xlrd

    kind, value = cell.ctype, cell.value  # type: ignore[attr-defined]
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if float(value).is_integer() and abs(value) < 1e15 else value
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(value, datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return value  # a number formatted as a date that is no date: the plan says what is wrong
        return moment.date() if moment.time() == dt.time() else moment
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERR")
    return value
