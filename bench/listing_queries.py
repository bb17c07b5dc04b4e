"""Listing-check benchmark (issue #24): the SELECTs and time to check every product for Shopee, the
facts gathered once (`listing_facts.gather`, a query per table) against the simple baseline run in the
same process, reading each product on its own (`service.product(id)`: four queries a product). On the
32-product demo, then on the demo with `--copies` more copies of each product (SKU suffixed).

    python bench/listing_queries.py [--copies 30] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ocopdesk.domain.product import ProductFilter
from ocopdesk.services import listing_facts, listings
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.storage import products


def counted(service: CatalogService, run) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """SELECTs the catalogue's connection ran for `run()`, and its time in seconds."""
    seen: list[str] = []
    service.cdb.conn.set_trace_callback(seen.append)
    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    service.cdb.conn.set_trace_callback(None)
    return sum(s.lstrip().upper().startswith("SELECT") for s in seen), elapsed


def grow(service: CatalogService, copies: int) -> None:
    """`copies` more of every demo product (facts only: no photos or certificates are copied)."""
    originals = [service.product(pid).product for pid in service.search(ProductFilter())]
    with service.cdb.write():
        for n in range(copies):
            for p in originals:
                products.save(service.cdb, replace(p, id=None, sku=f"{p.sku}-{n}", gtin=""))


def measure(service: CatalogService, repeat: int, label: str) -> None:
    ids = service.search(ProductFilter())
    today = dt.date.today()
    ours = [counted(service, lambda: listings.check(service, "shopee")) for _ in range(repeat)]
    gather = [counted(service, lambda: listing_facts.gather(service, None, today)) for _ in range(repeat)]
    base = [counted(service, lambda: [service.product(pid) for pid in ids]) for _ in range(repeat)]
    best = min(t for _, t in gather), min(t for _, t in base)
    check_ms = min(t for _, t in ours) * 1e3
    print(
        f"{label}: {len(ids)} products — check for Shopee {ours[0][0]} SELECTs, {check_ms:.1f} ms; "
        f"facts {gather[0][0]} SELECTs {best[0] * 1e3:.1f} ms vs one product at a time {base[0][0]} SELECTs "
        f"{best[1] * 1e3:.1f} ms (×{best[1] / best[0]:.1f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        service = CatalogService.open(Path(tmp) / "c.sqlite")
        load_demo(service)
        listings.set_photo_way(service, "shopee", listings.BUNDLE)  # no image host to ask: reads only
        measure(service, args.repeat, "demo")
        grow(service, args.copies)
        measure(service, args.repeat, f"demo × {args.copies + 1}")
        service.close()


if __name__ == "__main__":
    main()
