"""Listing benchmarks (issue #4): 1,000 products × 3 photos of 4000×3000 JPEG to marketplace
images (square 1200×1200, ≤ 1 MB), against plain Pillow in the same process — open, thumbnail,
save, one photo after another — measured on a sample and scaled. Then the same photos for a second
marketplace with another byte cap (Shopee, 2 MB), which finds every image in the cache: squares are kept by
content, side and quality, so one made under Postmart's 1 MB cap serves Shopee's 2 MB.

Wall and CPU time of this process (all threads): on a shared machine, CPU time a photo and the ratio to the
baseline are the figures to compare; CPU ÷ wall ÷ cores says how busy the pool kept the cores, and the load
averages printed before and after say how busy others kept them (issue #28).

    python bench/listings.py [--products 1000] [--photos 3] [--sample 60]

The photos are photo-like (smooth shapes plus sensor-like noise, ≈ 1.2 bits a pixel); a few
distinct pictures are reused with a different JPEG comment each, so every file has its own hash.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

from ocopdesk.domain.media import MediaFile
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product, ProductFilter
from ocopdesk.services import listing_export, listing_facts, markets
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.progress import CancelToken, no_progress
from ocopdesk.storage import media, producers, products

DISTINCT = 6


def photo(seed: int, size: tuple[int, int] = (4000, 3000)) -> bytes:
    base = Image.effect_noise((size[0] // 40, size[1] // 40), 60 + seed).convert("RGB")
    base = base.resize(size, Image.Resampling.BICUBIC)
    noise = Image.effect_noise(size, 12).convert("RGB")
    out = io.BytesIO()
    Image.blend(base, noise, 0.25).save(out, "JPEG", quality=88)
    return out.getvalue()


def with_comment(jpeg: bytes, text: str) -> bytes:
    body = text.encode()
    return jpeg[:2] + b"\xff\xfe" + (len(body) + 2).to_bytes(2, "big") + body + jpeg[2:]


def loads() -> str:
    """The machine's load averages: on a shared 2-core machine, how much of the wall time was others'."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=3)
    parser.add_argument("--sample", type=int, default=60, help="photos in the baseline sample")
    args = parser.parse_args()
    bases = [photo(n) for n in range(DISTINCT)]
    total = args.products * args.photos
    with tempfile.TemporaryDirectory() as tmp:
        service = CatalogService.open(Path(tmp) / "c.sqlite")
        start = time.perf_counter()
        with service.cdb.write():
            producer_id = producers.save(service.cdb, Producer("HTX Bench"))
            for n in range(args.products):
                product_id = products.save(service.cdb, Product(f"B-{n:05d}", f"Mật ong số {n}", producer_id))
                files = []
                for k in range(args.photos):
                    data = with_comment(bases[(n + k) % DISTINCT], f"{n}-{k}")
                    files.append(MediaFile("photo", media.store_bytes(service.cdb.media_dir, data, ".jpg"), ".jpg"))
                media.replace_all(service.cdb, product_id, "photo", files)
        print(
            f"seeded {total} photos of 4000×3000 ({len(bases[0]) / 1e6:.1f} MB each): "
            f"{time.perf_counter() - start:.0f} s"
        )

        market = markets.marketplace("postmart")
        print(f"load averages before (1, 5, 15 min): {loads()}")
        chosen = list(service.search(ProductFilter()))
        start, cpu = time.perf_counter(), time.process_time()
        made = listing_export.make_images(
            service, listing_facts.details(service, chosen), market.images, market.name, no_progress, CancelToken()
        )
        ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
        count = sum(len(images) for images, _failures in made.values())
        assert count == total, count
        print(
            f"marketplace images, {total} photos on {os.cpu_count()} cores: {ours:.1f} s, CPU {ours_cpu:.1f} s "
            f"({ours / total * 1000:.1f} ms a photo, CPU {ours_cpu / total * 1000:.1f} ms; both cores busy "
            f"{ours_cpu / ours / (os.cpu_count() or 1):.0%} of the time; target: 3,000 photos in 60 s)"
        )

        sample = [service.media_path(m) for m in service.product(chosen[0]).photos]
        sample = (sample * args.sample)[: args.sample]
        out = Path(tmp) / "baseline"
        out.mkdir()
        start, cpu = time.perf_counter(), time.process_time()
        for n, path in enumerate(sample):
            image = Image.open(path)
            image.thumbnail((1200, 1200))
            image.save(out / f"{n}.jpg")
        per, per_cpu = (time.perf_counter() - start) / len(sample), (time.process_time() - cpu) / len(sample)
        print(
            f"  baseline, plain Pillow (open, thumbnail, save) one by one: {per * 1000:.1f} ms a photo "
            f"(CPU {per_cpu * 1000:.1f} ms), {per * total:.0f} s for {total} (scaled from {len(sample)}) -> ours is "
            f"{per * total / ours:.1f}x faster, {per_cpu * total / ours_cpu:.1f}x less CPU a photo"
        )
        second = markets.marketplace("shopee")
        start = time.perf_counter()
        listing_export.make_images(
            service, listing_facts.details(service, chosen), second.images, second.name, no_progress, CancelToken()
        )
        again = time.perf_counter() - start
        print(
            f"the same photos for {second.name} ({second.images.max_bytes // 1_000_000} MB cap, from the cache): "
            f"{again:.1f} s; load averages {loads()}"
        )
        service.close()


if __name__ == "__main__":
    main()
