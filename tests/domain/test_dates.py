import datetime as dt

import pytest

from ocopdesk.domain.dates import DateError, add_months, format_date, parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("25/12/2025", dt.date(2025, 12, 25)),
        ("5/3/2024", dt.date(2024, 3, 5)),
        ("05-03-2024", dt.date(2024, 3, 5)),
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("2024-03-05 00:00:00", dt.date(2024, 3, 5)),
        (dt.datetime(2024, 3, 5, 10, 0), dt.date(2024, 3, 5)),
        (45356, dt.date(2024, 3, 5)),
        (45356.0, dt.date(2024, 3, 5)),
    ],
)
def test_parse_date_accepts_vietnamese_iso_and_excel_forms(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2024", "2024/13/01", "hôm qua", "", "12/2024", -3])
def test_parse_date_rejects_nonsense(value: object) -> None:
    with pytest.raises(DateError):
        parse_date(value)


def test_dates_display_as_dd_mm_yyyy() -> None:
    assert format_date(dt.date(2025, 7, 1)) == "01/07/2025"


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 3, 15), 36) == dt.date(2026, 3, 15)
    assert add_months(dt.date(2023, 3, 15), -15) == dt.date(2021, 12, 15)
