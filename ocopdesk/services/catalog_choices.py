"""The products a clerk can pick from a list (the batch filter, Lô mới): all of them while the catalogue is
of a size a list can show, else those with batches."""

from __future__ import annotations

from ocopdesk.domain.product import ProductFilter
from ocopdesk.services.catalog import CatalogService

LIST_LIMIT = 3000  # a combo box with a type-to-filter completer stays quick up to a few thousand rows


def product_choices(service: CatalogService) -> list[tuple[str, str]]:
    """(sku, name) pairs to choose from."""
    if service.count_products() <= LIST_LIMIT:
        return [(s.sku, s.name) for s in service.summaries(service.search(ProductFilter()))]
    return [(v.sku, v.product_name) for v in service.batches()]
