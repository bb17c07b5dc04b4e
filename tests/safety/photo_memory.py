"""Peak memory of a real `site build` (or `export photos`) in a child process, with the worker count forced:
the figure issue #20 asks for (≤ 600 MB for 12 × 60 MP PNGs, whatever the core count). Run directly to print
the figures: `python -m tests.safety.photo_memory`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from ocopdesk.domain.media import MediaFile
from ocopdesk.domain.product import ProductFilter
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.profile import load_profile, save_profile
from ocopdesk.storage.media import store_bytes
from tests.safety.hostile_pictures import png

CHILD = """
import json, os, resource, sys
os.cpu_count = lambda: int(sys.argv[1])  # the worker pools size themselves from this
from ocopdesk.cli import main
code = main(sys.argv[2:])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"code": code, "peak_mb": round(peak)}))
"""


def attach(service: CatalogService, sku: str, data: bytes, ext: str) -> MediaFile:
    """Put a picture in the catalogue's media folder and on a product as its only photo, the way a photo
    imported before today's checks sits there (no import check runs)."""
    digest = store_bytes(service.cdb.media_dir, data, ext)
    detail = service.product_by_sku(sku)
    item = MediaFile(kind="photo", sha256=digest, ext=ext, original_name=f"{sku}{ext}")
    service.save_product(detail.product, photos=[item])
    return item


def big_catalogue(db: Path, count: int = 12) -> list[str]:
    """The demo catalogue with `count` products each carrying its own 60 MP transparent PNG."""
    service = CatalogService.open(db)
    try:
        load_demo(service, today=dt.date(2026, 11, 10))
        save_profile(service, replace(load_profile(service), resolver_base_url="https://truyxuat.example.vn"))
        skus = [service.product(pid).product.sku for pid in service.search(ProductFilter())][:count]
        for n, sku in enumerate(skus):
            attach(service, sku, png(9_990, 6_000, f"photo {n}"), ".png")
    finally:
        service.close()
    return skus


def peak(db: Path, workers: int, *args: str) -> dict[str, object]:
    """Run `ocopdesk ARGS --db DB` in a fresh interpreter with `workers` cores; its exit code and peak RSS."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(workers), *args, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=900,
        env={"QT_QPA_PLATFORM": "offscreen", "OCOPDESK_HOME": str(db.parent), "PATH": ""},
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {**result, "said": (done.stdout + done.stderr)[-600:]} if result["code"] else result


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "catalogue.sqlite"
        big_catalogue(db)
        for workers in (1, 2, 8):
            print(workers, "workers:", peak(db, workers, "site", "build", "--out", str(Path(tmp) / f"web{workers}")))
