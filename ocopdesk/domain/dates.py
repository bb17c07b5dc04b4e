"""Dates as Vietnamese users write them (dd/mm/yyyy), ISO dates and spreadsheet serials."""

from __future__ import annotations

import datetime as dt
import re

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class DateError(ValueError):
    """The text is not a date in a form we accept."""


def parse_date(value: object) -> dt.date:
    """Parse `dd/mm/yyyy`, `dd-mm-yyyy`, `yyyy-mm-dd`, a date/datetime or an Excel serial number."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's valid serial range
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise DateError(str(value))
    text = str(value or "").strip()
    text = text.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
    for pattern, order in ((_DMY, (2, 1, 0)), (_ISO, (0, 1, 2))):
        match = pattern.match(text)
        if match:
            parts = [int(g) for g in match.groups()]
            year, month, day = (parts[i] for i in order)
            try:
                return dt.date(year, month, day)
            except ValueError as exc:
                raise DateError(text) from exc
    raise DateError(text)


def format_date(value: dt.date | None) -> str:
    """`dd/mm/yyyy`, the form Vietnamese documents use; empty for no date."""
    return value.strftime("%d/%m/%Y") if value else ""


def add_months(value: dt.date, months: int) -> dt.date:
    """Calendar month arithmetic, clamping the day (31/01 + 1 month → 28/02 or 29/02)."""
    index = value.month - 1 + months
    year, month = value.year + index // 12, index % 12 + 1
    for day in (value.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")
