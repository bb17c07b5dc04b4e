"""Listings: is each product ready for a marketplace, and where it stands there.

`check` builds each product's listing for one marketplace and says what is wrong, in plain words
and with the field to fix; errors block a product, warnings do not. Ready means the export will
take it as it is: its category resolves (by name, see `categories`), and where the sheet takes
photo addresses, those addresses answer with the pictures now — unless the clerk chose to put the
photos in the bundle and add them in the seller centre. Also here: the image-host settings, how
photos reach each marketplace, and the listing status. The bundles are made in `listing_export`.
"""

from __future__ import annotations

import datetime as dt

from ocopdesk.domain.errors import FieldError, OcopDeskError, ValidationError
from ocopdesk.domain.listing import ListingStatus
from ocopdesk.i18n import _
from ocopdesk.marketplaces import base
from ocopdesk.marketplaces.base import Marketplace
from ocopdesk.marketplaces.categories import CategoryRule
from ocopdesk.render import photos
from ocopdesk.services import categories, listing_facts, shipping
from ocopdesk.services import image_host as hosting
from ocopdesk.services.catalog import CatalogService, ProductDetail
from ocopdesk.services.changes import Changes
from ocopdesk.services.markets import marketplace
from ocopdesk.services.profile import load_profile
from ocopdesk.services.readiness import Context, Readiness, judge, photo_urls

SETTINGS = "listing."
PHOTO_WAY_PREFIX = "photo_way."
HOST, BUNDLE = "host", "bundle"  # photos by address on the image host, or in the bundle for the clerk to add


# ---------------------------------------------------------------- settings


def listing_settings(service: CatalogService, defaults: bool = True) -> dict[str, str]:
    """Image host address (default: the traceability website) and the local folder it mirrors
    (default: the folder the website was last built in)."""
    values = {"image_host_url": "", "image_folder": ""}
    values.update({k: str(v) for k, v in service.settings.get_all(SETTINGS).items()})
    if not defaults:
        return values
    if not values["image_host_url"]:
        values["image_host_url"] = load_profile(service).resolver_base_url
    if not values["image_folder"]:
        values["image_folder"] = str(service.settings.get_all("site.").get("folder", ""))
    return values


def save_listing_settings(service: CatalogService, **values: str) -> None:
    host = (values.get("image_host_url") or "").strip()
    if host and (not host.startswith(("http://", "https://")) or " " in host):
        raise ValidationError([FieldError("image_host_url", _("Enter a web address starting with https://"))])
    service.settings.save(SETTINGS, {k: v.strip() for k, v in values.items() if v is not None})


def category_rules(service: CatalogService, marketplace_id: str) -> list[CategoryRule]:
    """The user's rules first, then the shipped seed."""
    own, seed = categories.rules(service, marketplace_id)
    return own + seed


def photo_way(service: CatalogService, marketplace_id: str) -> str:
    """HOST (addresses in the sheet) unless the clerk chose BUNDLE for this marketplace."""
    way = service.settings.get_all(PHOTO_WAY_PREFIX).get(marketplace_id, HOST)
    return BUNDLE if way == BUNDLE else HOST


def set_photo_way(service: CatalogService, marketplace_id: str, way: str) -> Changes:
    if way not in (HOST, BUNDLE):
        raise OcopDeskError(_("Choose how the photos reach the marketplace: host or bundle."))
    return service.settings.save(PHOTO_WAY_PREFIX, {marketplace(marketplace_id).id: way})


def needs_addresses(service: CatalogService, market: Marketplace) -> bool:
    """Does this marketplace's sheet get photo addresses (which must answer)?"""
    return market.images.as_urls and photo_way(service, market.id) == HOST


# ---------------------------------------------------------------- readiness


def check(
    service: CatalogService,
    marketplace_id: str,
    skus: list[str] | None = None,
    today: dt.date | None = None,
    image_host: str | None = None,
) -> list[Readiness]:
    return check_all(service, [marketplace_id], skus, today, image_host)[marketplace(marketplace_id).id]


def check_all(
    service: CatalogService,
    marketplace_ids: list[str] | None = None,
    skus: list[str] | None = None,
    today: dt.date | None = None,
    image_host: str | None = None,
) -> dict[str, list[Readiness]]:
    """Readiness for several marketplaces, reading each product once and asking the image host
    once per photo address, however many marketplaces use it."""
    markets = [marketplace(m) for m in (marketplace_ids or list(base.registry()))]
    today = today or dt.date.today()
    facts = listing_facts.gather(service, skus, today)
    details = [f.detail for f in facts]
    host = (image_host or listing_settings(service)["image_host_url"]).strip().rstrip("/")
    addressed = [m for m in markets if needs_addresses(service, m)]
    urls = [url for m in addressed for d in details for url in photo_urls(d, m, host)] if host else []
    context = Context(
        load_profile(service).resolver_base_url,
        today,
        host,
        hosting.probe(urls, memory=service) if urls else {},
        photo_faults(service, details),
        shipping.on_by_market(service, markets),
    )
    out = {}
    for market in markets:
        resolver = categories.Resolver(service, market.id)
        out[market.id] = [judge(f, market, resolver, context, market in addressed) for f in facts]
    return out


def photo_faults(service: CatalogService, details: list[ProductDetail]) -> dict[str, str]:
    """Every photo that cannot be opened safely, by its hash, and why (headers only: cheap)."""
    faults: dict[str, str] = {}
    for item in {item.sha256: item for d in details for item in d.photos}.values():
        try:
            photos.check(service.media_path(item))
        except photos.PhotoError as exc:
            faults[item.sha256] = str(exc)
        except OSError as exc:
            faults[item.sha256] = _("the file cannot be read: {reason}").format(reason=exc)
    return faults


# ---------------------------------------------------------------- status


def mark_listed(service: CatalogService, sku: str, marketplace_id: str, url: str) -> None:
    market = marketplace(marketplace_id)
    product = service.product_by_sku(sku).product
    assert product.id is not None
    url = url.strip()
    if url and not url.startswith(("http://", "https://")):
        raise OcopDeskError(_("Paste the listing's web address (starting with https://)."))
    with service.write():
        service.listing_rows.record_listed(product.id, market.id, url)


def statuses(service: CatalogService, marketplace_id: str | None = None) -> dict[tuple[int, str], ListingStatus]:
    return service.listing_rows.statuses(marketplace_id)
