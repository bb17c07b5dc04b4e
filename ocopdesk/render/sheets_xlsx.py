"""The .xlsx half of `sheets`: size checks on the zip itself, then the fast reader (`sheets_calamine`) when
`xlsx_extent` shows every sheet's cells span a grid within the cell cap, else openpyxl in read-only mode (it
streams row by row, so a sheet whose cells reach far, or whose extent cannot be read, costs time, not memory),
plus the merged cells read-only mode leaves out. Both give the same rows (tests/render/test_xlsx_readers.py).

The limits live in `sheets` and are read from there (as `limits`) at call time, so one place sets them.
"""

from __future__ import annotations

import logging
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from ocopdesk.i18n import _, format_count
from ocopdesk.render import sheet_bounds as limits
from ocopdesk.render import sheets_calamine
from ocopdesk.render.sheet_bounds import (
    MB,
    CellBudget,
    Sheet,
    SheetError,
    cell_too_long,
    column_letter,
    fill_merged,
    trim,
)
from ocopdesk.render.xlsx_extent import Extent, workbook_extents

_log = logging.getLogger(__name__)

# What a damaged or hostile workbook raises from inside zipfile, zlib and the XML parser (whose
# ParseError is a SyntaxError), and from openpyxl meeting values it does not expect.
_DAMAGED = (zipfile.BadZipFile, zlib.error, KeyError, OSError, ValueError, TypeError, EOFError, SyntaxError)


def read_xlsx(path: Path, *, fast: bool = True) -> list[tuple[str, Sheet]]:
    """Every visible worksheet as (name, rows); `fast=False` reads with openpyxl whatever the workbook (the
    tests that hold both readers to the same rows use it)."""
    damaged = SheetError(_("{name} is not a valid .xlsx workbook (it may be damaged).").format(name=path.name))
    try:
        _check_unpacked_size(path)
    except _DAMAGED as exc:
        raise damaged from exc
    read = _read_fast(path) if fast else None
    if read is not None:
        return read
    try:
        # A file object, not the path: openpyxl judges a path by its name, and an .xlsx saved as "ds.xls" is
        # still an .xlsx (sheets_xls hands those over).
        handle = path.open("rb")
    except _DAMAGED as exc:
        raise damaged from exc
    with handle:
        return _read_open(path, handle, damaged)


def _read_fast(path: Path) -> list[tuple[str, Sheet]] | None:
    """The workbook read by calamine, or None when it should not be (where the cells are cannot be read, a cell
    holds an error value, calamine is missing) or could not be: then openpyxl reads it, and says what is wrong if
    it is damaged. SheetError: a cell too long, too many cells, or values so far apart that the grid between
    them passes the cell cap (calamine would build that grid; openpyxl would take minutes to stream it)."""
    if path.stat().st_size > limits.MAX_XLSX_UNPACKED_BYTES:  # calamine reads the whole file into memory
        return None  # (bytes no part declares, between the parts, escape the unpacked-size cap)
    try:
        with zipfile.ZipFile(path) as archive:
            extents = workbook_extents(archive, limits.MAX_CELLS)
    except _DAMAGED:
        return None
    if extents is None or any(e is None or e.errors for e in extents):
        _log.info("%s: cells cannot be placed or hold errors; read with openpyxl", path.name)
        return None
    for extent in extents:
        if extent is not None and extent.cells > limits.MAX_CELLS:
            raise _too_spread(path, extent)
    try:
        return sheets_calamine.read_workbook(path)
    except SheetError:
        raise
    except BaseException as exc:  # calamine's errors, and a Rust panic (a BaseException), on a file openpyxl may read
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise  # KeyboardInterrupt, SystemExit
        _log.info("%s: calamine could not read it (%r); read with openpyxl", path.name, exc)
        return None


def _too_spread(path: Path, extent: Extent) -> SheetError:
    return SheetError(
        _(
            "{name}: values reach down to row {row} and right to column {column}, more than {limit} cells from "
            "the first; OCOPDesk reads lists up to that size. Delete what lies far below or to the right of the "
            "list (often a stray value or a note), save, and import again."
        ).format(
            name=path.name,
            row=format_count(extent.rows),
            column=column_letter(extent.columns - 1),
            limit=format_count(limits.MAX_CELLS),
        )
    )


def _read_open(path: Path, handle: BinaryIO, damaged: SheetError) -> list[tuple[str, Sheet]]:
    from openpyxl import load_workbook  # imported late: only imports need it

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except _DAMAGED as exc:
        raise damaged from exc
    try:
        budget = CellBudget(path.name)
        sheets = []
        for ws in workbook.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            rows = _xlsx_rows(ws, path.name, budget)
            fill_merged(rows, _merged_ranges(path, getattr(ws, "_worksheet_path", "")))
            sheets.append((ws.title, rows))
        return sheets
    except _DAMAGED as exc:
        raise damaged from exc
    finally:
        workbook.close()


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_MERGE_TAIL = 4 * MB  # <mergeCells> follows the rows at the end of the sheet's XML


def _merged_ranges(path: Path, part: str) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column), 0-based, of the sheet's merged cells. openpyxl's
    read-only mode does not read them, so the end of the sheet's XML is scanned."""
    if not part:
        return []
    try:
        with zipfile.ZipFile(path) as archive, archive.open(part.lstrip("/")) as xml:
            tail = b""
            while chunk := xml.read(MB):
                tail = (tail + chunk)[-_MERGE_TAIL:]
    except (KeyError, OSError, zipfile.BadZipFile):
        return []
    return [(int(r1) - 1, _column_index(c1), int(r2) - 1, _column_index(c2)) for c1, r1, c2, r2 in _MERGE.findall(tail)]


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters.decode():
        index = index * 26 + ord(char) - 64
    return index - 1


def _check_unpacked_size(path: Path) -> None:
    """Refuse a workbook that unpacks to more than the cap before openpyxl opens it: openpyxl parses
    shared strings whole and a cell's text whole, so a 1 GiB cell would be held in memory. zipfile
    stops a part at its declared size (and fails its checksum), so the declared sizes are a bound."""
    too_big = SheetError(
        _(
            "{name} unpacks to more than {limit} MB; OCOPDesk imports workbooks up to that size. Split the "
            "list into several files (pictures pasted into the sheets are not imported and can be removed) "
            "and import them one after another."
        ).format(name=path.name, limit=format_count(limits.MAX_XLSX_UNPACKED_BYTES // MB))
    )
    if not _zip_directory_is_small(path):
        raise too_big
    with zipfile.ZipFile(path) as archive:
        if sum(info.file_size for info in archive.infolist()) > limits.MAX_XLSX_UNPACKED_BYTES:
            raise too_big


def _zip_directory_is_small(path: Path) -> bool:
    """zipfile builds an object per entry of the zip directory when it opens a file; read the entry
    count and directory size from the end record first. Zip64 is only needed past 65,535 entries
    or 4 GB, which no product list reaches."""
    size = path.stat().st_size
    with path.open("rb") as f:
        f.seek(max(0, size - 22 - 0xFFFF))
        tail = f.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return True  # not a zip: openpyxl says it is damaged
    if at >= 20 and tail.startswith(b"PK\x06\x07", at - 20):  # the Zip64 locator sits just before
        return False
    entries, directory = struct.unpack_from("<HL", tail, at + 10)
    return entries <= limits.MAX_XLSX_PARTS and directory <= limits.MAX_XLSX_DIRECTORY_BYTES


def _xlsx_rows(ws: object, name: str, budget: CellBudget) -> Sheet:
    # The <dimension> a file declares pads every row to its width; a wrong one (A1:XFD1048576) would
    # make millions of empty cells. Without it rows hold only the cells they have.
    reset = getattr(ws, "reset_dimensions", None)
    if reset is not None:
        reset()
    rows: Sheet = []
    for number, values in enumerate(ws.iter_rows(values_only=True), 1):  # type: ignore[attr-defined]
        row = trim([None if v == "" else v for v in values])  # an empty text is an empty cell, as calamine says
        for column, value in enumerate(row):
            if isinstance(value, str) and len(value) > limits.MAX_CELL_CHARS:
                raise cell_too_long(name, ws.title, number, column)  # type: ignore[attr-defined]
        budget.add(row)
        rows.append(row)
    while rows and not rows[-1]:  # blank rows under the table (formatted, say) say nothing
        rows.pop()
    return rows
