"""Generic export: every listing field as CSV (UTF-8 with BOM, opens in Excel), XLSX and JSON, with
the photos as files, for a marketplace OCOPDesk does not know yet or for the cooperative's records."""

from ocopdesk.i18n import N_
from ocopdesk.marketplaces.base import EXPORT, ImageRules, Marketplace

PROFILE = Marketplace(
    id="generic",
    name="CSV / XLSX / JSON",
    kind=EXPORT,
    title_min=1,
    title_max=255,
    description_max=25_000,
    price_min=0,
    price_max=10_000_000_000,
    needs_category=False,
    images=ImageRules(min_count=0, max_count=20, min_source_px=0),
    how_to=N_(
        "products.csv, products.xlsx and products.json hold every listing field, one product per row; the "
        "photos are in anh/, named by SKU and upload order."
    ),
)
