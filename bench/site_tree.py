"""The website a build makes from one catalogue, as a file list with each file's SHA-256: run it with two
versions of the program on copies of the same catalogue file and compare the outputs, to show a speed change
left every byte as it was (#28). The catalogue is copied (a build saves the site folder in its settings), the
day is fixed (certificates end on dates) and the build's manifest, which records the folder and the state, is
left out.

    python bench/site_tree.py CATALOGUE.sqlite OUT_DIR > tree.txt   (OUT_DIR must not exist)
    python bench/site_tree.py --seed 50 CATALOGUE.sqlite             (make a catalogue: bench/site.py's seeding)
    python bench/site_tree.py --demo CATALOGUE.sqlite                (or the demo's: GTINs, documents, stages)
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import shutil
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ocopdesk.services import site, stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.profile import CooperativeProfile, load_profile, save_profile

DAY = dt.date(2026, 6, 1)


def tree(folder: Path) -> list[str]:
    """`sha256  path` for every file below `folder` but the build's manifest, sorted by path."""
    lines = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != site.MANIFEST:
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(folder).as_posix()}")
    return lines


def seed(db: Path, products: int) -> None:
    """bench/site.py's catalogue with `products` products × 10 lots of 10 stamps, small photos."""
    spec = importlib.util.spec_from_file_location("bench_site", Path(__file__).with_name("site.py"))
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    service = CatalogService.open(db)
    save_profile(service, CooperativeProfile(name="HTX Bench", resolver_base_url="https://truyxuat.example.vn"))
    bench.seed(service, products, 10, 10, (320, 240))
    service.close()


def demo(db: Path) -> None:
    """The demo catalogue, with an address, stamps issued on two lots (one with a GTIN) and two voided."""
    service = CatalogService.open(db)
    load_demo(service, today=DAY)
    save_profile(service, replace(load_profile(service), resolver_base_url="https://truyxuat.example.vn"))
    for n, batch in enumerate(service.batches()[:2]):
        stamps.issue(service, batch.batch.lot_code, 6, sku=batch.sku)
        if n == 0:
            stamps.void(service, batch.batch.lot_code, 5, 6, "spoiled sheet", sku=batch.sku)
    service.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, help="make the catalogue with this many products")
    parser.add_argument("--demo", action="store_true", help="make the demo catalogue (GTINs, documents, stages)")
    parser.add_argument("db", type=Path)
    parser.add_argument("out", type=Path, nargs="?")
    args = parser.parse_args()
    if args.seed or args.demo:
        seed(args.db, args.seed) if args.seed else demo(args.db)
        return
    copy = args.out.with_name(args.out.name + ".sqlite")
    shutil.copy(args.db, copy)
    if args.db.with_suffix(".media").is_dir():
        shutil.copytree(args.db.with_suffix(".media"), copy.with_suffix(".media"))
    service = CatalogService.open(copy)
    site.build_site(service, args.out, today=DAY)
    service.close()
    print("\n".join(tree(args.out)))


if __name__ == "__main__":
    main()
