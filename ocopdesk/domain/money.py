"""Đồng amounts: parse the ways Vietnamese people write prices, format them for display."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ocopdesk.domain.text import fold

_MULTIPLIERS = {
    "trieu": 1_000_000,
    "tr": 1_000_000,
    "m": 1_000_000,
    "nghin": 1_000,
    "ngan": 1_000,
    "k": 1_000,
}
_CURRENCY = re.compile(r"(vnd|vnđ|dong|d|₫)$")
_NUMBER_UNIT = re.compile(r"^([0-9][0-9.,\s]*)\s*([a-z]*)$")


class PriceError(ValueError):
    """The text is not a price in whole đồng."""


def parse_price(value: object) -> int:
    """Parse `120.000`, `120.000đ`, `120,000 VND`, `1,2 triệu`, `50k` or a number into whole đồng.

    Dots and commas are thousands separators unless a multiplier word makes them a decimal mark
    (`1,2 triệu`), because that is how prices are written in Vietnamese shops and spreadsheets.
    """
    if isinstance(value, bool) or value is None:
        raise PriceError(str(value))
    if isinstance(value, int):
        return _non_negative(value)
    if isinstance(value, float):
        if value != int(value):
            raise PriceError(str(value))
        return _non_negative(int(value))
    text = fold(str(value)).replace("\u00a0", " ").replace(" ", "")
    text = _CURRENCY.sub("", text.replace("₫", "d"))
    match = _NUMBER_UNIT.match(text)
    if not text or not match:
        raise PriceError(str(value))
    number, unit = match.groups()
    if unit and unit not in _MULTIPLIERS:
        raise PriceError(str(value))
    amount = _decimal(number.replace(",", ".")) * _MULTIPLIERS[unit] if unit else _plain_amount(number)
    if amount != amount.to_integral_value():
        raise PriceError(str(value))
    return _non_negative(int(amount))


def _plain_amount(number: str) -> Decimal:
    """A number without a multiplier: separators group thousands (`120.000`, `1,250,000`)."""
    groups = re.split(r"[.,]", number)
    if len(groups) == 1:
        return _decimal(number)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and groups[0]:
        return _decimal("".join(groups))
    if len(groups) == 2 and set(groups[1]) <= {"0"}:  # "120000.00" from a spreadsheet export
        return _decimal(groups[0])
    raise PriceError(number)


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise PriceError(text) from exc


def _non_negative(amount: int) -> int:
    if amount < 0:
        raise PriceError(str(amount))
    return amount


def format_number(amount: int) -> str:
    """`1250000` → `1.250.000`: Vietnamese thousands are separated by dots."""
    return f"{amount:,}".replace(",", ".")


def format_vnd(amount: int) -> str:
    """`1250000` → `1.250.000 ₫` (dot thousands, no-break space, đồng sign)."""
    return format_number(amount) + "\u00a0₫"
