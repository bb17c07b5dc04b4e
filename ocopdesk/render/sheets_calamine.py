"""The fast .xlsx reader: python-calamine (Rust), giving the same raw rows as openpyxl's read-only mode.

Issue #28: openpyxl's read was half of a 10,000-row import (1.35 s alone on a quiet machine); calamine reads
the same file in about a tenth of that. Its values are turned into openpyxl's: a whole number is an int (calamine
gives every .xlsx number as a float), a day is a `datetime` at midnight, an empty cell is None; merged blocks are
filled and hidden sheets skipped as `sheets_xlsx` does. tests/render/test_xlsx_readers.py holds both readers to
the same rows on every workbook the import tests make and on real files from calamine's own issue corpus.

calamine builds each sheet as a dense grid, so it is only given a workbook whose cells `xlsx_extent` has
measured first (`sheets_xlsx` decides); this module reads, it does not judge.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ocopdesk.render import sheet_bounds as limits
from ocopdesk.render.sheet_bounds import Cell, CellBudget, Sheet, cell_too_long, fill_merged, trim

_WHOLE = 1e15  # past this a float no longer holds every whole number exactly: kept as it is (so does .xls)


def read_workbook(path: Path) -> list[tuple[str, Sheet]]:
    """Every visible worksheet as (name, rows). Raises what calamine raises on a damaged file (the caller
    turns it into a SheetError) and SheetError for a cell or a workbook over the bounds."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum  # imported late: imports only

    budget = CellBudget(path.name)
    sheets = []
    # A file object, not the path: calamine would judge a path by its name, and an .xlsx saved as "ds.xls" is
    # still an .xlsx (sheets_xls hands those over); given the bytes it reads what they are.
    with path.open("rb") as handle, CalamineWorkbook.from_filelike(handle) as workbook:
        for meta in workbook.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = _rows(sheet.to_python(skip_empty_area=False), path.name, meta.name, budget)
            merged = sheet.merged_cell_ranges or []
            fill_merged(rows, [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in merged])
            sheets.append((meta.name, rows))
    return sheets


def _rows(grid: list[list[object]], name: str, title: str, budget: CellBudget) -> Sheet:
    rows: Sheet = []
    longest = limits.MAX_CELL_CHARS
    for number, values in enumerate(grid, 1):
        # Text, most cells, is taken as it is without a call per cell (#28: 110,000 calls for 10,000 rows).
        row = trim([(v if v != "" else None) if type(v) is str else _value(v) for v in values])
        if sum(len(v) for v in row if type(v) is str) > longest:  # only then can one cell be too long
            for column, value in enumerate(row):
                if isinstance(value, str) and len(value) > longest:
                    raise cell_too_long(name, title, number, column)
        budget.add(row)
        rows.append(row)
    while rows and not rows[-1]:  # calamine stops at the last value; openpyxl's trailing blanks are dropped too
        rows.pop()
    return rows


def _value(value: object) -> Cell:
    """One calamine value as openpyxl's read-only mode gives it."""
    if value == "":
        return None
    if type(value) is float:
        return int(value) if value.is_integer() and abs(value) < _WHOLE else value
    if type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value
