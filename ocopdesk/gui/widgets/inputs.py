"""Inputs for Vietnamese values: prices in whole đồng, dates as dd/mm/yyyy, optional numbers."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLineEdit, QWidget

from ocopdesk.domain.dates import DateError, format_date, parse_date
from ocopdesk.domain.errors import FieldError
from ocopdesk.domain.money import PriceError, parse_price
from ocopdesk.i18n import _


class PriceEdit(QLineEdit):
    """Type `120000`, `120.000` or `1,2 triệu`; shown back as `120.000` with thousands separators."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("e.g. 120.000"))
        self.editingFinished.connect(self._reformat)

    def _reformat(self) -> None:
        try:
            value = self.value()
        except PriceError:
            return
        if value is not None:
            self.set_value(value)

    def value(self) -> int | None:
        text = self.text().strip()
        return None if not text else parse_price(text)

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else f"{value:,}".replace(",", "."))


class DateEdit(QLineEdit):
    """A date typed as dd/mm/yyyy (how Vietnamese documents write it); empty means none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("dd/mm/yyyy"))

    def value(self) -> dt.date | None:
        text = self.text().strip()
        return None if not text else parse_date(text)

    def set_value(self, value: dt.date | None) -> None:
        self.setText(format_date(value))


class NumberEdit(QLineEdit):
    """An optional positive number (weight, size, days); `,` or `.` as decimal mark."""

    def __init__(self, integer: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.integer = integer

    def value(self) -> float | int | None:
        text = self.text().strip().replace(",", ".")
        if not text:
            return None
        number = float(text)  # ValueError is reported by read_fields
        return int(number) if self.integer and number.is_integer() else number

    def set_value(self, value: float | None) -> None:
        self.setText("" if value is None else (f"{value:g}".replace(".", ",")))


def read_fields(fields: dict[str, QLineEdit]) -> tuple[dict[str, object], list[FieldError]]:
    """Values of typed inputs, and a field error for each one that cannot be read."""
    values: dict[str, object] = {}
    errors: list[FieldError] = []
    for name, widget in fields.items():
        try:
            values[name] = widget.value()  # type: ignore[attr-defined]
        except PriceError:
            errors.append(FieldError(name, _("Write the price in whole đồng, e.g. 120.000 or 1,2 triệu.")))
        except DateError:
            errors.append(FieldError(name, _("Write the date as dd/mm/yyyy, e.g. 25/12/2025.")))
        except ValueError:
            errors.append(FieldError(name, _("Enter a number.")))
        else:
            if isinstance(widget, NumberEdit) and widget.integer and isinstance(values[name], float):
                errors.append(FieldError(name, _("Enter a whole number.")))
    return values, errors
