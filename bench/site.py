"""Website benchmarks (issue #6): a full build of 1,000 products × 10 lots (each product with a
2000×1500 photo, 10 stamps per lot), a rebuild with nothing changed and a rebuild after one
product changed. Baseline in the same process: the same pages written without the manifest
comparison (every file rewritten), which is what an non-incremental build costs.

Each figure is wall time and this process's CPU time (all its threads): the machine is shared, and on a
loaded one the CPU time and the ratio to the baseline are the figures to compare (issue #28).

The photos' share (issue #28) is measured apart, on one core, on a sample of the build's own photos: the CPU
a photo takes to become its three web sizes, against plain Pillow (every pixel decoded, Lanczos to each width,
saved) in the same run, scaled to all the photos. Load averages are printed: the machine is shared.

    python bench/site.py [--products 1000] [--lots 10] [--stamps 10] [--photo 2000x1500|none] [--sample 60]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw

from ocopdesk.domain.batch import Batch, BatchEvent
from ocopdesk.domain.media import MediaFile
from ocopdesk.domain.ocop import Certificate
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product
from ocopdesk.domain.stamp import new_serial
from ocopdesk.render import photos
from ocopdesk.services import site
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.profile import CooperativeProfile, save_profile
from ocopdesk.services.site_photos import PHOTO_WIDTHS
from ocopdesk.storage import batches, certificates, media, producers, products
from ocopdesk.storage import stamps as stamp_rows


def photo(n: int, size: tuple[int, int]) -> bytes:
    image = Image.new("RGB", size, (200 - n % 100, 180, 120 + n % 120))
    draw = ImageDraw.Draw(image)
    draw.ellipse((size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4), fill=(n % 255, 90, 60))
    draw.text((10, 10), str(n), fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def seed(service: CatalogService, count: int, lots: int, per_lot: int, size: tuple[int, int] | None) -> None:
    """`size` None: products without photos, to measure the pages alone."""
    cdb = service.cdb
    with cdb.write():
        producer_id = producers.save(cdb, Producer("HTX Bench", street="Thôn 1"))
        stamp_stock = 0
        for n in range(count):
            product_id = products.save(
                cdb,
                Product(
                    f"BENCH-{n:05d}",
                    f"Mật ong rừng số {n}",
                    producer_id,
                    gtin="",
                    net_quantity="500 ml",
                    shelf_life_days=730,
                    ingredients="Mật ong hoa rừng 100%",
                    storage="Nơi khô ráo",
                    description="Mật ong nguyên chất khai thác từ rừng tự nhiên. " * 5,
                ),
            )
            if size is not None:
                sha = media.store_bytes(cdb.media_dir, photo(n, size), ".jpg")
                media.replace_all(cdb, product_id, "photo", [MediaFile("photo", sha, ".jpg")])
            certificates.save(
                cdb, Certificate(4, f"{n}/QĐ-UBND", dt.date(2026, 1, 5), authority="UBND tỉnh"), product_id
            )
            for lot in range(lots):
                batch_id = batches.save(
                    cdb,
                    Batch(
                        product_id, f"L{n:05d}-{lot:02d}", dt.date(2026, 1, 1) + dt.timedelta(days=lot), quantity=500
                    ),
                )
                batches.add_event(cdb, BatchEvent(batch_id, "harvest", dt.date(2026, 1, 1), place="Như Xuân"))
                stamp_rows.insert_many(cdb, batch_id, 1, [new_serial() for _ in range(per_lot)])
                stamp_stock += per_lot
        stamp_rows.secret(cdb)


def timed(work: Callable[[], site.SiteReport]) -> tuple[site.SiteReport, float, float]:
    """The report, wall seconds and CPU seconds of this process (threads included) of one build."""
    wall, cpu = time.perf_counter(), time.process_time()
    report = work()
    return report, time.perf_counter() - wall, time.process_time() - cpu


def photo_share(service: CatalogService, count: int, sample: int) -> None:
    """CPU a photo for the site's web sizes, ours against plain Pillow, one core, scaled to `count` photos."""
    paths = [service.media_path(service.product_by_sku(f"BENCH-{n:05d}").photos[0]) for n in range(sample)]
    datas = [p.read_bytes() for p in paths]
    cpu = time.process_time()
    for data in datas:
        photos.web_sizes(data, PHOTO_WIDTHS)
    ours = (time.process_time() - cpu) / len(datas)
    cpu = time.process_time()
    for data in datas:
        image = Image.open(io.BytesIO(data)).convert("RGB")
        for width in PHOTO_WIDTHS:
            small = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
            small.save(io.BytesIO(), "JPEG", quality=82, optimize=True)
    plain = (time.process_time() - cpu) / len(datas)
    print(
        f"photos alone, {len(PHOTO_WIDTHS)} web sizes each: CPU {ours * 1000:.1f} ms a photo, {ours * count:.1f} s "
        f"for {count}; baseline plain Pillow {plain * 1000:.1f} ms, {plain * count:.1f} s -> {plain / ours:.1f}x "
        f"less CPU (sample {len(datas)}); load averages {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--lots", type=int, default=10)
    parser.add_argument("--stamps", type=int, default=10)
    parser.add_argument("--photo", default="2000x1500", help="each product's photo size, or 'none' for pages only")
    parser.add_argument("--sample", type=int, default=60, help="photos in the photo-share sample")
    args = parser.parse_args()
    size = None if args.photo == "none" else tuple(int(x) for x in args.photo.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        service = CatalogService.open(Path(tmp) / "c.sqlite")
        save_profile(service, CooperativeProfile(name="HTX Bench", resolver_base_url="https://truyxuat.example.vn"))
        start = time.perf_counter()
        seed(service, args.products, args.lots, args.stamps, size)  # type: ignore[arg-type]
        print(
            f"seeded {args.products} products × {args.lots} lots, {args.photo} photos: "
            f"{time.perf_counter() - start:.1f} s"
        )
        out = Path(tmp) / "site"
        print(f"load averages (1, 5, 15 min): {' '.join(f'{x:.1f}' for x in os.getloadavg())}")

        report, full, full_cpu = timed(lambda: site.build_site(service, out))
        size_kb = max(p.stat().st_size for p in out.rglob("*.html")) / 1024
        print(
            f"full build: {full:.1f} s, CPU {full_cpu:.1f} s (target 20) — {report.pages} pages, "
            f"{len(report.written)} files, {report.photos_made} photos resized; largest page {size_kb:.1f} KB"
        )

        report, same, same_cpu = timed(lambda: site.build_site(service, out))
        print(f"rebuild, nothing changed: {same:.2f} s, CPU {same_cpu:.2f} s, {len(report.written)} files written")

        detail = service.product_by_sku("BENCH-00042")
        service.save_product(replace(detail.product, description="Vụ mật mới."))
        report, one, one_cpu = timed(lambda: site.build_site(service, out))
        print(
            f"rebuild after one product changed: {one:.2f} s, CPU {one_cpu:.2f} s (target 1), "
            f"{len(report.written)} files written"
        )

        manifest = json.loads((out / site.MANIFEST).read_text())
        manifest["files"] = {}  # baseline: no page hashes to compare, so every page and shard is rewritten
        manifest.pop("state", None)  # and no state to find unchanged
        (out / site.MANIFEST).write_text(json.dumps(manifest))
        report, naive, naive_cpu = timed(lambda: site.build_site(service, out))
        print(
            f"  baseline, pages rewritten without the manifest (photos kept): {naive:.2f} s, CPU {naive_cpu:.2f} s, "
            f"{len(report.written)} files -> full build is {full_cpu / naive_cpu:.2f}x the baseline's CPU, "
            f"one-change rebuild {naive_cpu / one_cpu:.1f}x faster, nothing-changed {naive_cpu / same_cpu:.0f}x faster"
        )
        if size is not None:
            photo_share(service, args.products, min(args.sample, args.products))
        service.close()


if __name__ == "__main__":
    main()
