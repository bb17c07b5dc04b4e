"""Opening a catalogue (issue #28): to a usable first page of products, at 100,000 products, without Qt
(bench/gui.py times the window). Three figures, each with its baseline in the same run:

- a normal open, once migrated: open + the first page in name order (target <= 0.3 s); baseline the same
  on a 32-product catalogue;
- the first open after an upgrade that emptied the search index (0014 did): as the command line opens
  (index rebuilt before returning, the old path of the window too) and as the window opens now (deferred),
  then the background rebuild's own CPU time;
- a search while the rebuild runs (names and SKUs scanned) against one on the index.

    python bench/opening.py [--products 100000] [--db FILE]   (--db: a catalogue bench/catalogue.py built; copied)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue import build

from ocopdesk.domain.product import ProductFilter
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.storage.migrations import REINDEX_KEY


def to_first_page(path: Path, *, defer_search: bool = False) -> tuple[float, float, CatalogService]:
    """(wall s, CPU s, the open service): open, then the ids in name order and the first 200 rows."""
    wall, cpu = time.perf_counter(), time.process_time()
    service = CatalogService.open(path, create=False, defer_search=defer_search)
    service.summaries(service.search(ProductFilter())[:200])
    return time.perf_counter() - wall, time.process_time() - cpu, service


def best_open(path: Path, runs: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        wall, cpu, service = to_first_page(path)
        service.close()
        times.append((wall, cpu))
    return min(t[0] for t in times), min(t[1] for t in times)


def as_upgraded(path: Path) -> None:
    """What migration 0014 leaves: the index emptied and the rebuild asked for."""
    service = CatalogService.open(path)
    with service.write():
        service.cdb.conn.execute("DELETE FROM product_search")
        service.cdb.conn.execute("INSERT INTO settings (key, value) VALUES (?, 'true')", (REINDEX_KEY,))
    service.close()


def searches(service: CatalogService, queries: list[str]) -> float:
    """Median ms of a search and its first page."""
    took = []
    for query in queries * 3:
        start = time.perf_counter()
        service.summaries(service.search(ProductFilter(search=query))[:200])
        took.append((time.perf_counter() - start) * 1000)
    return statistics.median(took)


def bench_upgrade(tmp: Path, big: Path, products: int) -> None:
    old, new = tmp / "old.sqlite", tmp / "new.sqlite"
    for copy in (old, new):
        shutil.copy(big, copy)
        as_upgraded(copy)
    wall, cpu, service = to_first_page(old)
    service.close()
    print(f"first open after the upgrade, index rebuilt before the first page (before): {wall:.2f} s, {cpu:.2f} s CPU")
    wall, cpu, service = to_first_page(new, defer_search=True)
    print(f"first open after the upgrade, rebuild deferred (the window now): {wall:.2f} s, {cpu:.2f} s CPU")
    queries = ["mat ong", "ĐỒNG HỚI", "loai 1", "sp00123", "nuoc mam nghi son"]
    scanning = searches(service, queries)
    cpu = time.process_time()
    service.rebuild_search()
    rebuilt = time.process_time() - cpu
    indexed = searches(service, queries)
    service.close()
    print(f"  background rebuild (a child process in the window): {rebuilt:.2f} s CPU for {products} products")
    print(f"  search meanwhile (names and SKUs scanned) median {scanning:.1f} ms; on the index {indexed:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="a catalogue bench/catalogue.py built (copied, not changed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        small, big = tmp / "small.sqlite", tmp / "big.sqlite"
        service = CatalogService.open(small)
        load_demo(service)
        service.close()
        if args.db:
            shutil.copy(args.db, big)
        else:
            service = CatalogService.open(big)
            build(service, args.products)
            service.close()
        small_wall, small_cpu = best_open(small)
        wall, cpu = best_open(big)
        print(
            f"open to the first page, {args.products} products: {wall:.3f} s wall, {cpu:.3f} s CPU (best of 5; "
            f"target <= 0.3 s); baseline 32 products {small_wall:.3f} s wall, {small_cpu:.3f} s CPU"
        )
        bench_upgrade(tmp, big, args.products)


if __name__ == "__main__":
    main()
