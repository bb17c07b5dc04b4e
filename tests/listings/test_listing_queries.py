"""How many SELECTs checking the demo's 32 products for Shopee costs (#24: 138 before the facts were gathered
once; the goal ≤ 40), counted with SQLite's own trace callback on the catalogue's connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ocopdesk.services import listing_export, listings
from ocopdesk.services.catalog import CatalogService
from tests.site.conftest import DemoSite

SELECT_BOUND = 40


@contextmanager
def selects(service: CatalogService) -> Iterator[list[str]]:
    """Every SELECT the catalogue's connection runs inside the block, as SQLite traces it."""
    seen: list[str] = []
    service.cdb.conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        service.cdb.conn.set_trace_callback(None)
        seen[:] = [s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def test_checking_32_products_for_shopee_reads_the_catalogue_in_at_most_40_selects(demo: DemoSite) -> None:
    service = demo.service
    listings.set_photo_way(service, "shopee", listings.BUNDLE)  # no image host to ask: a query count only
    with selects(service) as all_products:
        checked = listings.check(service, "shopee")
    assert len(checked) == 32
    assert len(all_products) <= SELECT_BOUND, "\n".join(all_products)
    # the count does not grow with the products: two SKUs cost what 32 do, give or take the SKU lookup
    with selects(service) as two:
        listings.check(service, "shopee", [checked[0].sku, checked[1].sku])
    assert len(all_products) - 1 <= len(two) <= len(all_products) + 1


def test_an_export_reads_no_product_again_after_the_check(demo: DemoSite, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The bundle takes each product's photos and scans from the facts the check read: reading a product
    again (products.get by id) would show as a per-product SELECT on the products table."""
    service = demo.service
    with selects(service) as seen:
        report = listing_export.export(service, "postmart", tmp_path / "b.zip")
    assert report.exported
    per_product = [s for s in seen if "FROM products WHERE id = " in s]
    assert per_product == []
    assert len(seen) <= SELECT_BOUND, "\n".join(seen)
