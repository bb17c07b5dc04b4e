"""One product's listing for one marketplace, built once from its facts: the title and the Vietnamese
description with the label lines (`domain.listing`), the numbers in the marketplace's units, the category
that resolves for it. The readiness checks then judge this draft and the export writes it as it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ocopdesk.domain import listing as rules
from ocopdesk.domain import poster
from ocopdesk.domain.listing import Listing, Problem
from ocopdesk.domain.ocop import Certificate
from ocopdesk.marketplaces.base import Marketplace
from ocopdesk.services import categories
from ocopdesk.services.listing_facts import Facts


@dataclass(frozen=True, slots=True)
class Draft:
    """The listing and what building it found out, which the checks read."""

    listing: Listing
    text_problems: list[Problem]  # what writing the description found (shortened, over the limit)
    certificate: Certificate | None  # the one valid today, whose stars the description states
    resolved: categories.Resolved  # the product's category on this marketplace, and where it came from


def draft(facts: Facts, market: Marketplace, resolver: categories.Resolver, base_url: str, today: dt.date) -> Draft:
    """Build the listing of `facts` for `market` (`base_url`: the traceability website, "" when none)."""
    p, producer = facts.detail.product, facts.detail.producer
    cert = facts.detail.current_certificate(today)
    trace_url = poster.product_url(base_url, p.sku) if base_url else ""
    description, text_problems = rules.describe(p, producer, cert, trace_url, market.description_max)
    resolved = resolver.resolve(p) if market.needs_category else categories.Resolved(None)
    weight = None if p.weight_g is None else (p.weight_g / 1000 if market.weight_unit == "kg" else p.weight_g)
    listing = Listing(
        sku=p.sku,
        title=rules.title_for(p, producer, market.title_max),
        description=description,
        price=p.price,
        stock=min(facts.stock, market.stock_max),
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
    return Draft(listing, text_problems, cert, resolved)
