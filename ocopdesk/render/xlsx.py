"""Marketplace sheets with openpyxl: fill the seller's own mass-upload template, or write the
documented layout when there is none; and read the category list a template carries.

In a template the app finds the data sheet and its machine-key row (the row holding the most of
the marketplace's column keys, e.g. `ps_product_name`), then writes values only in data rows:
the header, hash, required-flag and help rows and the sheet's validations stay as they were.
Written so a person can read it too: columns as wide as their text (within reason), long text
wrapped, numbers as numbers where the template's column takes numbers, and the category's name
in a note on its id.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ocopdesk.domain.text import fold
from ocopdesk.i18n import _
from ocopdesk.render import cells

_SEARCH_ROWS = 12
_MAX_WIDTH = 48  # characters: a URL or a name longer than this is cut on screen, not in the cell
_WRAP_WIDTH = 60
_MAX_LINES = 8  # a wrapped cell shows this many lines; the rest is in the cell
_LINE_POINTS = 15
_NOTE_AUTHOR = "OCOPDesk"


class TemplateError(ValueError):
    pass


@dataclass
class SheetData:
    """What goes into a marketplace sheet, by machine key."""

    keys: list[str]
    rows: list[dict[str, object]]
    notes: list[dict[str, str]] = field(default_factory=list)  # per row: key → a note on that cell
    wrap: frozenset[str] = frozenset()  # long text: wrapped in a wide column
    codes: frozenset[str] = frozenset()  # digits that stay text whatever the column says (GTIN)


def find_key_row(workbook: Workbook, keys: list[str], sheet_hint: str = "") -> tuple[Worksheet, int, dict[str, int]]:
    """The sheet, 1-based key row and key → column of the best match."""
    wanted = set(keys)
    best: tuple[int, Worksheet, int, dict[str, int]] | None = None
    sheets = sorted(workbook.worksheets, key=lambda ws: ws.title != sheet_hint)
    for sheet in sheets:
        for row in sheet.iter_rows(min_row=1, max_row=_SEARCH_ROWS):
            found = {
                str(c.value).strip(): c.column for c in row if c.value is not None and str(c.value).strip() in wanted
            }
            if len(found) >= 2 and (best is None or len(found) > best[0]):
                best = (len(found), sheet, row[0].row, found)
    if best is None:
        raise TemplateError(
            _("This workbook is not a mass-upload template: no sheet has the marketplace's column keys.")
        )
    return best[1], best[2], best[3]


def fill_template(template: Path, data: SheetData, data_offset: int, sheet_hint: str = "") -> tuple[bytes, list[str]]:
    """The template with the rows written from the key row + `data_offset`; returns the workbook's
    bytes and the keys the template has no column for."""
    try:
        workbook = load_workbook(template)
    except (OSError, ValueError, KeyError) as exc:
        raise TemplateError(_("The template cannot be read as an .xlsx workbook: {reason}").format(reason=exc)) from exc
    sheet, key_row, columns = find_key_row(workbook, data.keys, sheet_hint)
    start = key_row + data_offset
    kinds = _column_kinds(sheet, start, columns)
    _write_rows(sheet, start, columns, data, kinds)
    _fit(sheet, key_row, start, columns, data)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), [k for k in data.keys if k not in columns]


def write_layout(
    data: SheetData, headers: list[str], required: list[bool], first_data_row: int, sheet_name: str
) -> bytes:
    """The documented layout: row 1 machine keys; with data from row 7 (Shopee) also row 2 `basic`,
    row 3 headers, row 4 required flags; with data from row 2, only the keys."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_name[:31] or "Sheet1"
    sheet.append(data.keys)
    if first_data_row > 3:
        sheet.append(["basic"])
        sheet.append(headers)
        sheet.append(["Bắt buộc" if r else "Tùy chọn" for r in required])
    columns = {key: n for n, key in enumerate(data.keys, 1)}
    _write_rows(sheet, first_data_row, columns, data, {})
    _fit(sheet, 1, first_data_row, columns, data)
    sheet.freeze_panes = sheet.cell(row=first_data_row, column=1)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _write_rows(sheet: Worksheet, start: int, columns: dict[str, int], data: SheetData, kinds: dict[int, str]) -> None:
    for n, values in enumerate(data.rows):
        notes = data.notes[n] if n < len(data.notes) else {}
        for key, value in values.items():
            column = columns.get(key)
            if column is None or value in ("", None):
                continue
            if key not in data.codes:
                value = _as_kind(value, kinds.get(column, ""))
            cells.put(sheet, start + n, column, value)
            cell = sheet.cell(row=start + n, column=column)
            cell.alignment = Alignment(wrap_text=key in data.wrap, vertical="top")
            if notes.get(key):
                note = Comment(notes[key], _NOTE_AUTHOR)
                note.width, note.height = 320, 90
                cell.comment = note


def _column_kinds(sheet: Worksheet, first_data_row: int, columns: dict[str, int]) -> dict[int, str]:
    """ "number" or "text" per column, from what the template says about its first data row: a
    whole/decimal validation or a number format means numbers; the text format "@" means text."""
    kinds: dict[int, str] = {}
    validations = sheet.data_validations.dataValidation if sheet.data_validations else []
    for column in columns.values():
        coordinate = f"{get_column_letter(column)}{first_data_row}"
        if any(v.type in ("whole", "decimal") and coordinate in v.sqref for v in validations):
            kinds[column] = "number"
            continue
        number_format = sheet.cell(row=first_data_row, column=column).number_format
        if number_format == "@":
            kinds[column] = "text"
        elif number_format and number_format != "General" and any(ch in number_format for ch in "0#"):
            kinds[column] = "number"
    return kinds


def _as_kind(value: object, kind: str) -> object:
    if kind == "number" and isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return int(text)
        try:
            return float(text)
        except ValueError:
            return value
    if kind == "text" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


def _fit(sheet: Worksheet, key_row: int, start: int, columns: dict[str, int], data: SheetData) -> None:
    """Widen each written column to its text (capped) and give wrapped rows room for a few lines."""
    for key, column in columns.items():
        values = [str(row.get(key) or "") for row in data.rows]
        if not any(values):
            continue
        letter = get_column_letter(column)
        if key in data.wrap:
            wanted = _WRAP_WIDTH
        else:
            headers = [str(sheet.cell(row=r, column=column).value or "") for r in range(key_row, start)]
            longest = max(len(line) for text in values + headers for line in (text.splitlines() or [""]))
            wanted = min(max(longest + 2, 8), _MAX_WIDTH)
        current = sheet.column_dimensions[letter].width or 0
        if current < wanted:
            sheet.column_dimensions[letter].width = wanted
    for n, row in enumerate(data.rows):
        lines = max((_lines(str(row.get(key) or "")) for key in data.wrap), default=1)
        if lines > 1:
            sheet.row_dimensions[start + n].height = min(lines, _MAX_LINES) * _LINE_POINTS


def _lines(text: str) -> int:
    return sum(max(1, math.ceil(len(paragraph) / _WRAP_WIDTH)) for paragraph in text.splitlines()) if text else 1


# ---------------------------------------------------------------- category lists

_ID_HEADERS = (
    "category id",
    "categoryid",
    "category_id",
    "ma nganh hang",
    "id nganh hang",
    "ma danh muc",
    "id danh muc",
)
_NAME_HEADERS = ("category", "nganh hang", "danh muc")


@dataclass
class CategoryTable:
    sheet: str
    rows: list[tuple[object, object]]  # (id cell, name cell) below the header


def read_category_table(path: Path, name_key: str = "", id_key: str = "") -> CategoryTable | None:
    """The category list in a workbook, found by its column keys wherever it is: the exact keys a
    marketplace uses (Shopee: `et_title_category_name`, `et_title_category_id`), else a header pair
    that says category id and category name. None when the workbook carries no such list."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise TemplateError(_("The template cannot be read as an .xlsx workbook: {reason}").format(reason=exc)) from exc
    try:
        found = None
        for exact in (True, False):
            for sheet in workbook.worksheets:
                sheet.reset_dimensions()  # some generators write a wrong size; read every row there is
                found = _category_columns(sheet, name_key, id_key, exact)
                if found is not None:
                    header_row, name_col, id_col = found
                    rows = [
                        (row[id_col] if id_col < len(row) else None, row[name_col] if name_col < len(row) else None)
                        for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)
                    ]
                    return CategoryTable(sheet.title, rows)
        return None
    finally:
        workbook.close()


def _category_columns(sheet: object, name_key: str, id_key: str, exact: bool) -> tuple[int, int, int] | None:
    """(header row, name column index, id column index), 0-based columns, or None."""
    for number, row in enumerate(sheet.iter_rows(min_row=1, max_row=5, values_only=True), 1):  # type: ignore[attr-defined]
        texts = [str(v).strip() if v is not None else "" for v in row]
        if exact:
            if name_key and id_key and name_key in texts and id_key in texts:
                return number, texts.index(name_key), texts.index(id_key)
            continue
        folded = [fold(t).replace("_", " ") for t in texts]
        ids = [n for n, t in enumerate(folded) if t in _ID_HEADERS or (t.endswith(" id") and "categ" in t)]
        names = [n for n, t in enumerate(folded) if n not in ids and any(h in t for h in _NAME_HEADERS)]
        if ids and names:
            return number, names[0], ids[0]
    return None
