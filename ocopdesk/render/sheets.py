"""Reading the spreadsheets cooperatives keep: .xlsx (openpyxl) and .csv in UTF-8, UTF-8 with BOM
or Windows-1258, with `,`, `;` or tab separators. Returns raw cell values; meaning comes later."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from pathlib import Path

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.text import nfc
from ocopdesk.i18n import _

Cell = object
Sheet = list[list[Cell]]  # rows as in the file: index 0 is row 1


class SheetError(OcopDeskError):
    """The file cannot be read as a table."""


def read_tables(path: Path) -> list[tuple[str, Sheet]]:
    """Every sheet of a workbook (one for a CSV) as (name, rows)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SheetError(_("File not found: {path}").format(path=path))
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return [(path.stem, _read_csv(path.read_bytes()))]
    if suffix == ".xls":
        raise SheetError(
            _(
                "Old Excel .xls files are not supported. Open the file in Excel or LibreOffice "
                "and save it as .xlsx, then import again."
            )
        )
    raise SheetError(_("{name}: only .xlsx and .csv files can be imported.").format(name=path.name))


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) when it decodes, else Windows-1258 (old Vietnamese Excel CSVs).
    cp1258 writes tones as combining marks, so the result is normalized to NFC."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return nfc(data.decode("cp1258", errors="replace"))


def _read_csv(data: bytes) -> Sheet:
    text = decode_text(data)
    delimiter = guess_delimiter(text.splitlines()[:50])
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def guess_delimiter(lines: list[str]) -> str:
    """The separator that splits the most lines into the same number (>1) of fields.

    csv.Sniffer guesses wrong on files with title lines above the table, which is how
    cooperatives' exports usually start, so we count consistent field counts instead.
    """
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        counts = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1)
        if counts:
            width, lines_with_width = counts.most_common(1)[0]
            if (lines_with_width, width) > best_score:
                best, best_score = delimiter, (lines_with_width, width)
    return best


def _read_xlsx(path: Path) -> list[tuple[str, Sheet]]:
    from openpyxl import load_workbook  # imported late: only imports need it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetError(_("{name} is not a valid .xlsx workbook (it may be damaged).").format(name=path.name)) from exc
    try:
        return [
            (ws.title, [list(row) for row in ws.iter_rows(values_only=True)])
            for ws in workbook.worksheets
            if getattr(ws, "sheet_state", "visible") == "visible"
        ]
    finally:
        workbook.close()
