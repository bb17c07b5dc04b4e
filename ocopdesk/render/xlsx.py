"""Marketplace sheets with openpyxl: fill the seller's own mass-upload template, or write the
documented layout when there is none.

In a template the app finds the data sheet and its machine-key row (the row holding the most of
the marketplace's column keys, e.g. `ps_product_name`), then writes values only in data rows:
the header, hash, required-flag and help rows and the sheet's validations stay as they were.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from ocopdesk.i18n import _
from ocopdesk.render import cells

_SEARCH_ROWS = 12


class TemplateError(ValueError):
    pass


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


def fill_template(
    template: Path, keys: list[str], rows: list[dict[str, object]], data_offset: int, sheet_hint: str = ""
) -> tuple[bytes, list[str]]:
    """The template with `rows` written from the key row + `data_offset`; returns the workbook's
    bytes and the keys the template has no column for."""
    try:
        workbook = load_workbook(template)
    except (OSError, ValueError, KeyError) as exc:
        raise TemplateError(_("The template cannot be read as an .xlsx workbook: {reason}").format(reason=exc)) from exc
    sheet, key_row, columns = find_key_row(workbook, keys, sheet_hint)
    start = key_row + data_offset
    for n, values in enumerate(rows):
        for key, value in values.items():
            column = columns.get(key)
            if column is not None and value not in ("", None):
                cells.put(sheet, start + n, column, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), [k for k in keys if k not in columns]


def write_layout(
    keys: list[str],
    headers: list[str],
    required: list[bool],
    rows: list[dict[str, object]],
    first_data_row: int,
    sheet_name: str,
) -> bytes:
    """The documented layout: row 1 machine keys; with data from row 7 (Shopee) also row 2 `basic`,
    row 3 headers, row 4 required flags; with data from row 2, only the keys."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_name[:31] or "Sheet1"
    sheet.append(keys)
    if first_data_row > 3:
        sheet.append(["basic"])
        sheet.append(headers)
        sheet.append(["Bắt buộc" if r else "Tùy chọn" for r in required])
    for row_number, values in enumerate(rows, first_data_row):
        for column, key in enumerate(keys, 1):
            value = values.get(key)
            if value not in ("", None):
                cells.put(sheet, row_number, column, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
