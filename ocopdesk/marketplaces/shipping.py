"""The shipping channels a mass-upload template offers, read from its header rows: the key row's
`channel_id.…` columns, their names and their price caps. Read from the seller's own template, so a
newer template with other channels works without a new program."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ocopdesk.domain.text import nfc
from ocopdesk.marketplaces.base import ShippingChannel, ShippingRules

# "Kênh Nhanh có giới hạn giá tối đa, giá sản phẩm không được lớn hơn VND100000000.00."
_PRICE_CAP = re.compile(r"VND\s*([\d.,]+)")


def channels_in(rows: Sequence[Sequence[object]], rules: ShippingRules) -> tuple[ShippingChannel, ...]:
    """The channels of the first row holding `rules.key_prefix` keys, in the template's column order;
    () when no row has one (not this marketplace's template, or a template without shipping columns)."""
    for number, row in enumerate(rows):
        keys = {n: str(cell).strip() for n, cell in enumerate(row) if str(cell or "").startswith(rules.key_prefix)}
        if not keys:
            continue
        headers = _row(rows, number + rules.header_offset)
        helps = _row(rows, number + rules.help_offset)
        found = []
        for column, key in keys.items():
            channel_id = key[len(rules.key_prefix) :].strip()
            name = nfc(str(_cell(headers, column) or "").strip()) or channel_id
            found.append(ShippingChannel(channel_id, name, price_cap(str(_cell(helps, column) or ""))))
        return tuple(found)
    return ()


def price_cap(help_text: str) -> int | None:
    """The whole đồng a channel's help names as its highest price ("VND10000000.00" → 10 000 000)."""
    match = _PRICE_CAP.search(help_text)
    if match is None:
        return None
    digits = match.group(1).replace(",", "").rstrip(".")
    try:
        return int(float(digits))
    except ValueError:
        return None


def _row(rows: Sequence[Sequence[object]], index: int) -> Sequence[object]:
    return rows[index] if 0 <= index < len(rows) else ()


def _cell(row: Sequence[object], column: int) -> object:
    return row[column] if column < len(row) else None
