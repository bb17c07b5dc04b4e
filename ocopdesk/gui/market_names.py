"""What a marketplace is called on screen: its own name, except the plain export, whose name is its formats
("CSV / XLSX / JSON", English on a Vietnamese screen, #22) and which is called by what it is instead."""

from __future__ import annotations

from ocopdesk.i18n import _

GENERIC = "generic"  # the plain export's id (marketplaces/generic.py)


def shown_name(market_id: str, name: str) -> str:
    return _("Spreadsheet file") if market_id == GENERIC else name
