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
from dataclasses import dataclass, field

from ocopdesk.domain import listing as rules
from ocopdesk.domain import poster
from ocopdesk.domain.category import Category
from ocopdesk.domain.errors import FieldError, NotFoundError, OcopDeskError, ValidationError
from ocopdesk.domain.listing import ERROR, WARNING, Listing, ListingStatus, Problem
from ocopdesk.domain.money import format_number
from ocopdesk.domain.ocop import INCOMPLETE
from ocopdesk.domain.product import ProductFilter
from ocopdesk.domain.text import nfc
from ocopdesk.i18n import _
from ocopdesk.marketplaces import base
from ocopdesk.marketplaces.base import EXPORT
from ocopdesk.marketplaces.base import SHEET as SHEET  # the GUI and CLI name marketplaces through here
from ocopdesk.marketplaces.base import Marketplace as Marketplace
from ocopdesk.marketplaces.categories import CategoryRule
from ocopdesk.services import categories
from ocopdesk.services import image_host as hosting
from ocopdesk.services.catalog import CatalogService, ProductDetail
from ocopdesk.services.profile import load_profile

SETTINGS = "listing."
PHOTO_WAY_PREFIX = "photo_way."
HOST, BUNDLE = "host", "bundle"  # photos by address on the image host, or in the bundle for the clerk to add


@dataclass
class Readiness:
    product_id: int
    sku: str
    name: str
    listing: Listing
    problems: list[Problem] = field(default_factory=list)
    category: Category | None = None
    category_source: str = ""  # categories.CHOSEN, RULE or SEED

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def ready(self) -> bool:
        return not self.errors


def marketplaces() -> dict[str, Marketplace]:
    """Every marketplace by id, in the order the screens and `--marketplace` list them."""
    return base.registry()


def marketplace(marketplace_id: str) -> Marketplace:
    found = base.get(marketplace_id)
    if found is None:
        raise NotFoundError(
            _("Unknown marketplace {name}. Choose one of: {names}.").format(
                name=marketplace_id, names=", ".join(base.registry())
            )
        )
    return found


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


def add_category_rule(service: CatalogService, marketplace_id: str, rule: CategoryRule) -> None:
    categories.add_rule(service, marketplace_id, rule)


def photo_way(service: CatalogService, marketplace_id: str) -> str:
    """HOST (addresses in the sheet) unless the clerk chose BUNDLE for this marketplace."""
    way = service.settings.get_all(PHOTO_WAY_PREFIX).get(marketplace_id, HOST)
    return BUNDLE if way == BUNDLE else HOST


def set_photo_way(service: CatalogService, marketplace_id: str, way: str) -> None:
    if way not in (HOST, BUNDLE):
        raise OcopDeskError(_("Choose how the photos reach the marketplace: host or bundle."))
    service.settings.save(PHOTO_WAY_PREFIX, {marketplace(marketplace_id).id: way})


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


@dataclass(frozen=True, slots=True)
class _Context:
    base_url: str
    today: dt.date
    host: str  # the image host, "" when none is set
    answers: dict[str, str]  # photo URL → "" (answers) or why not


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
    stock = _stock_by_product(service, today)
    ids = [service.product_by_sku(s).product.id for s in skus] if skus else service.search(ProductFilter())
    details = [service.product(pid) for pid in ids if pid is not None]
    host = (image_host or listing_settings(service)["image_host_url"]).strip().rstrip("/")
    addressed = [m for m in markets if needs_addresses(service, m)]
    urls = [url for m in addressed for d in details for url in _photo_urls(d, m, host)] if host else []
    context = _Context(
        load_profile(service).resolver_base_url, today, host, hosting.probe(urls, memory=service) if urls else {}
    )
    out = {}
    for market in markets:
        resolver = categories.Resolver(service, market.id)
        out[market.id] = [
            readiness(d, market, resolver, context, stock.get(d.product.id or 0, 0), market in addressed)
            for d in details
        ]
    return out


def _photo_urls(detail: ProductDetail, market: Marketplace, host: str) -> list[str]:
    count = min(len(detail.photos), market.images.max_count)
    return [hosting.photo_url(host, detail.product.name, detail.product.sku, n) for n in range(1, count + 1)]


def _stock_by_product(service: CatalogService, today: dt.date) -> dict[int, int]:
    """What can be sold: the quantities of lots that have not expired."""
    stock: dict[int, int] = {}
    for batch in service.batch_rows.list_batches():
        if batch.quantity and (batch.expires_on is None or batch.expires_on >= today):
            stock[batch.product_id] = stock.get(batch.product_id, 0) + batch.quantity
    return stock


def readiness(
    detail: ProductDetail,
    market: Marketplace,
    resolver: categories.Resolver,
    context: _Context,
    stock: int,
    addressed: bool,
) -> Readiness:
    p, producer, today, base_url = detail.product, detail.producer, context.today, context.base_url
    problems: list[Problem] = []
    cert = detail.current_certificate(today)
    if detail.certificates and cert is None:
        incomplete = detail.certificates[0].effective_status(today) == INCOMPLETE
        message = (
            _(
                "The OCOP certificate is incomplete: enter its decision number and signing date. Until then the "
                "claimed stars are left out."
            )
            if incomplete
            else _("The OCOP certificate is no longer valid: the stars are left out.")
        )
        problems.append(Problem("certificate", message, WARNING))
    trace_url = poster.product_url(base_url, p.sku) if base_url else ""
    title = rules.title_for(p, producer, market.title_max)
    if len(nfc(p.name)) > market.title_max:
        problems.append(
            Problem(
                "name",
                _("The name has {n} characters; {market} allows at most {max}.").format(
                    n=len(nfc(p.name)), market=market.name, max=market.title_max
                ),
            )
        )
    elif len(title) < market.title_min:
        problems.append(
            Problem(
                "name",
                _("The title has {n} characters; {market} needs at least {min}.").format(
                    n=len(title), market=market.name, min=market.title_min
                ),
            )
        )
    description, text_problems = rules.describe(p, producer, cert, trace_url, market.description_max)
    problems += text_problems
    if len(description) < market.description_min:
        problems.append(
            Problem(
                "description",
                _("The description has {n} characters; {market} needs at least {min}: write a longer one.").format(
                    n=len(description), market=market.name, min=market.description_min
                ),
            )
        )
    if market.kind != EXPORT:
        problems += rules.label_problems(p, producer)
        if p.price is None:
            problems.append(Problem("price", _("Enter the price.")))
        elif not market.price_min <= p.price <= market.price_max:
            problems.append(
                Problem(
                    "price",
                    _("{market} accepts prices from {low} to {high} đồng.").format(
                        market=market.name,
                        low=format_number(market.price_min),
                        high=format_number(market.price_max),
                    ),
                )
            )
        if p.weight_g is None and p.ocop_group != "6":  # group 6 is tourism services: nothing to ship
            problems.append(Problem("weight_g", _("Enter the packed weight in grams (for shipping).")))
        if stock <= 0:
            problems.append(Problem("batches", _("No stock: no lot with a quantity that has not expired."), WARNING))
    if market.needs_dimensions and not (p.length_cm and p.width_cm and p.height_cm):
        problems.append(
            Problem(
                "length_cm",
                _("{market} needs the package size (length, width, height in cm).").format(market=market.name),
            )
        )
    resolved = resolver.resolve(p) if market.needs_category else categories.Resolved(None)
    problems += _category_problems(market, resolved, resolver)
    if market.needs_certificate_file and not detail.documents:
        problems.append(
            Problem(
                "documents",
                _("{market} needs the certificate scans: add them as documents.").format(market=market.name),
            )
        )
    problems += _photo_problems(detail, market)
    if addressed:
        problems += _address_problems(detail, market, context)
    weight = None if p.weight_g is None else (p.weight_g / 1000 if market.weight_unit == "kg" else p.weight_g)
    result = Listing(
        sku=p.sku,
        title=title,
        description=description,
        price=p.price,
        stock=min(stock, market.stock_max),
        weight=weight,
        length_cm=p.length_cm,
        width_cm=p.width_cm,
        height_cm=p.height_cm,
        gtin=p.gtin,
        brand=producer.name if producer else rules.NO_BRAND,
        category_id=resolved.category.id if resolved.category else "",
        category_name=resolved.category.path_text if resolved.category else "",
        trace_url=trace_url,
    )
    assert p.id is not None
    return Readiness(p.id, p.sku, p.name, result, problems, resolved.category, resolved.source)


def _category_problems(
    market: Marketplace, resolved: categories.Resolved, resolver: categories.Resolver
) -> list[Problem]:
    if not market.needs_category:
        return []
    if resolved.category is None:
        return [
            Problem(
                "category",
                _("No {market} category yet: choose one by name, or accept the suggestion.").format(market=market.name),
            )
        ]
    if resolved.missing_from_list and resolver.loaded is not None:
        return [
            Problem(
                "category",
                _(
                    "The category {id} is not in the {market} list you loaded: choose the category again by name."
                ).format(id=resolved.category.id, market=market.name),
            )
        ]
    return []


def _address_problems(detail: ProductDetail, market: Marketplace, context: _Context) -> list[Problem]:
    """A sheet that links photos is ready only when every photo's address answers with a picture."""
    if not detail.photos:
        return []  # the photo count problem already says what to do
    if not context.host:
        return [
            Problem(
                "image_host",
                _(
                    "{market} reads the photos from web addresses, and no image host is set: put the photos on "
                    "the traceability website, or choose to add them yourself in the seller centre from the bundle."
                ).format(market=market.name),
            )
        ]
    failures = [context.answers.get(url, "") for url in _photo_urls(detail, market, context.host)]
    failures = [f for f in failures if f]
    if not failures:
        return []
    return [
        Problem(
            "image_host",
            _(
                "The photos are not on the image host yet ({reason}). Put the photos on the website and publish it, "
                "then check again."
            ).format(reason=failures[0]),
        )
    ]


def _photo_problems(detail: ProductDetail, market: Marketplace) -> list[Problem]:
    rules_ = market.images
    problems = []
    if len(detail.photos) < rules_.min_count:
        problems.append(
            Problem("photos", _("{market} needs at least {n} photo(s).").format(market=market.name, n=rules_.min_count))
        )
    if len(detail.photos) > rules_.max_count:
        problems.append(
            Problem(
                "photos",
                _("Only the first {n} photos are used on {market}.").format(n=rules_.max_count, market=market.name),
                WARNING,
            )
        )
    return problems


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
