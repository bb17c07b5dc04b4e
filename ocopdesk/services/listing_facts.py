"""A product's facts for its listings, gathered once for every marketplace and check: the product, its
producer, certificates, photos and documents, and its stock. Read in a handful of queries whatever the
number of products (one per table, the ids passed as one JSON array), where reading each product on its
own cost four queries a product, three times over (#24: 138 SELECTs to check 32 products for Shopee)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ocopdesk.domain.product import ProductFilter
from ocopdesk.services.catalog import CatalogService, ProductDetail


@dataclass(frozen=True, slots=True)
class Facts:
    """One product as every marketplace's checks, listing and bundle see it."""

    detail: ProductDetail
    stock: int  # what can be sold: the quantities of its lots that have not expired


def gather(service: CatalogService, skus: list[str] | None, today: dt.date) -> list[Facts]:
    """The facts of the products with these SKUs (typed in any case), or of every product in name order."""
    ids = product_ids(service, skus) if skus else service.search(ProductFilter())
    stock = stock_by_product(service, today)
    return [Facts(detail, stock.get(pid, 0)) for pid, detail in zip(ids, details(service, ids), strict=True)]


def product_ids(service: CatalogService, skus: list[str]) -> list[int]:
    """The ids of these SKUs in their order; a SKU not saved exactly so is looked up as the clerk may
    type it (any case), and an unknown one raises NotFoundError naming it."""
    exact = service.product_rows.ids_by_sku(skus)
    ids = []
    for sku in skus:
        found = exact.get(sku)
        if found is None:
            found = service.product_by_sku(sku).product.id
        assert found is not None
        ids.append(found)
    return ids


def details(service: CatalogService, ids: list[int]) -> list[ProductDetail]:
    """`service.product(id)` for many ids at once, in their order (an unknown id raises NotFoundError)."""
    found = service.product_rows.get_many(ids)
    for missing in (pid for pid in ids if pid not in found):
        service.product(missing)  # raises the catalogue's own NotFoundError
    producer_ids = sorted({p.producer_id for p in found.values() if p.producer_id})
    makers = service.producer_rows.get_many(producer_ids) if producer_ids else {}
    certificates = service.certificate_rows.for_products(ids)
    files = service.media_rows.for_products(ids)
    out = []
    for pid in ids:
        product, media = found[pid], files.get(pid, [])
        out.append(
            ProductDetail(
                product,
                makers.get(product.producer_id) if product.producer_id else None,
                certificates.get(pid, []),
                [f for f in media if f.kind == "photo"],
                [f for f in media if f.kind == "document"],
            )
        )
    return out


def stock_by_product(service: CatalogService, today: dt.date) -> dict[int, int]:
    """What can be sold: the quantities of lots that have not expired, by product id."""
    stock: dict[int, int] = {}
    for batch in service.batch_rows.list_batches():
        if batch.quantity and (batch.expires_on is None or batch.expires_on >= today):
            stock[batch.product_id] = stock.get(batch.product_id, 0) + batch.quantity
    return stock
