"""Catalogue text going into spreadsheets stays text: a cell that starts with `= + - @` (or a tab or carriage
return) is a formula to Excel and LibreOffice, so a product named `=HYPERLINK(…)` or a description
`=cmd|' /C calc'!A0` would run on the clerk's or the marketplace's computer (CSV/formula injection)."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(_TRIGGERS)


def csv_value(value: object) -> object:
    """The OWASP rule for CSV: a leading apostrophe, which spreadsheets show as text and do not run."""
    return f"'{value}" if formula_like(value) else value


def csv_row(row: dict[str, object]) -> dict[str, object]:
    return {key: csv_value(value) for key, value in row.items()}


def put(sheet: Worksheet, row: int, column: int, value: object) -> None:
    """Write a value; strings are stored as text cells, never as formulas, whatever they start with."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
