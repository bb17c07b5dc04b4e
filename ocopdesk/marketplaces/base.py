"""What a marketplace is to OCOPDesk: its limits, its units, its categories and its output.

A marketplace is one module in this package defining `PROFILE`; `registry()` finds them all, so
adding one means adding a module (and its category rules in resources/marketplaces/), nothing else.
Limits come from each marketplace's seller-centre rules (cited in its module); where one publishes no
number, the preset every platform accepts (square sRGB JPEG 1200×1200, ≤ 1 MB) is used.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

KIT, SHEET, EXPORT = "kit", "sheet", "export"


@dataclass(frozen=True, slots=True)
class ImageRules:
    min_count: int = 1
    max_count: int = 9
    size: int = 1200  # square output, pixels
    min_source_px: int = 500  # a smaller photo's shorter side is a problem
    max_bytes: int = 1_000_000
    as_urls: bool = False  # the sheet takes URLs on an image host, not files


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a marketplace sheet: its machine key, its header, and the listing field."""

    key: str
    header: str
    field: str  # a key of `listing.Listing.fields()`; "" leaves the column empty
    required: bool = False
    value: str = ""  # the same value in every row, whatever the listing (a shop's shipping channel on or off)


@dataclass(frozen=True, slots=True)
class ShippingChannel:
    """One shipping channel a mass-upload sheet switches on or off per product: its id (the key's tail,
    `channel_id.5001` → "5001"), its name as the template's header row says it, and the highest price it
    carries when the template's help row names one."""

    id: str
    name: str
    max_price: int | None = None


@dataclass(frozen=True, slots=True)
class ShippingRules:
    """How a marketplace's sheet names its shipping channels: one column per channel, keyed
    `key_prefix` + id, its name `header_offset` rows below the key row and its help `help_offset` rows
    below; `on`/`off` are the exact words its cells take. `built_in`: the channels of the template the
    module cites, offered until the seller's own template is read."""

    key_prefix: str
    on: str
    off: str
    header_offset: int
    help_offset: int
    built_in: tuple[ShippingChannel, ...] = ()


@dataclass(frozen=True, slots=True)
class Marketplace:
    id: str
    name: str
    kind: str  # KIT: copy-paste kit for seller web forms; SHEET: bulk-upload .xlsx; EXPORT: generic files
    title_min: int = 1
    title_max: int = 120
    description_min: int = 0
    description_max: int = 3000
    price_min: int = 1000
    price_max: int = 120_000_000
    stock_max: int = 999_999
    weight_unit: str = "g"  # "g" or "kg"
    needs_category: bool = True
    needs_dimensions: bool = False
    needs_brand: bool = False
    needs_certificate_file: bool = False
    images: ImageRules = field(default_factory=ImageRules)
    columns: tuple[Column, ...] = ()
    sheet_name: str = ""  # the data sheet of its mass-upload template
    first_data_row: int = 2  # 1-based; with a template, found from the machine-key row
    category_keys: tuple[str, str] = ("", "")  # (name, id) keys of the category list its template carries
    upload_url: str = ""
    how_to: str = ""  # a short Vietnamese guide to uploading this bundle (a N_() string)
    # A writer of its own for the bundle's listing files (services/listing_files.Writer); None: its kind's.
    writer: Callable[..., Any] | None = None
    shipping: ShippingRules | None = None  # the sheet switches shipping channels on or off per product

    @property
    def takes_template(self) -> bool:
        """A mass-upload sheet can be written into the seller centre's own template."""
        return self.kind == SHEET


@cache
def registry() -> dict[str, Marketplace]:
    """Every marketplace module's PROFILE, by id, in a stable order."""
    from ocopdesk import marketplaces

    found = {}
    for info in sorted(pkgutil.iter_modules(marketplaces.__path__), key=lambda m: m.name):
        if info.name in ("base", "categories", "shipping", "suggest"):
            continue
        module = importlib.import_module(f"ocopdesk.marketplaces.{info.name}")
        profile = getattr(module, "PROFILE", None)
        if isinstance(profile, Marketplace):
            found[profile.id] = profile
    order = ["postmart", "voso", "shopee", "tiktok", "lazada", "tiki", "generic"]
    return dict(sorted(found.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0])))


def get(marketplace_id: str) -> Marketplace | None:
    return registry().get(marketplace_id.strip().lower())
