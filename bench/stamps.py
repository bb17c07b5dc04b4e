"""Stamp benchmarks (issue #3): issuing 100,000 stamps in one call against one transaction per
stamp; 10,000 stamps from issue to finished PDF against one qrcode PIL image per stamp pasted
onto a page; (issue #26) 10,000 labels as a ZPL and a TSPL job against the whole label sent as an
uncompressed raster per label (what a driver sends). Baselines run in the same process on a sample
and are scaled.

    python bench/stamps.py [--count 100000] [--pdf 10000] [--thermal 10000] [--only-pdf | --only-thermal]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ocopdesk.services.catalog import CatalogService

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The app's modules are imported inside the functions, not here: the PDF run's QR workers are spawned
# processes, and a spawned process imports the main module again — this script, as the GUI's would be
# main.py (0.1 s of imports). Imported here, each worker paid ~0.45 s (0.9 s under load) of imports the
# app never pays, and the figure measured the script, not the app.

SAMPLE = 2_000


def main() -> None:
    from ocopdesk.domain.digital_link import build
    from ocopdesk.domain.stamp import new_serial, verification_code
    from ocopdesk.services import stamps
    from ocopdesk.services.catalog import CatalogService
    from ocopdesk.services.demo import load_demo
    from ocopdesk.services.profile import CooperativeProfile, save_profile
    from ocopdesk.storage import stamps as stamp_rows

    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--pdf", type=int, default=10_000, help="stamps in the issue-to-PDF run")
    parser.add_argument("--thermal", type=int, default=10_000, help="labels in the ZPL/TSPL runs")
    parser.add_argument("--only-thermal", action="store_true", help="skip the issue and PDF runs")
    parser.add_argument("--only-pdf", action="store_true", help="only the issue-to-PDF run")
    args = parser.parse_args()
    if args.only_thermal:
        bench_thermal(args.thermal)
        return
    if args.only_pdf:
        with tempfile.TemporaryDirectory() as tmp:
            service = CatalogService.open(Path(tmp) / "c.sqlite")
            load_demo(service)
            save_profile(service, CooperativeProfile(resolver_base_url="https://truyxuat.example.vn"))
            bench_pdf(service, Path(tmp), args.pdf)
            service.close()
        return
    with tempfile.TemporaryDirectory() as tmp:
        service = CatalogService.open(Path(tmp) / "c.sqlite")
        load_demo(service)
        save_profile(service, CooperativeProfile(resolver_base_url="https://truyxuat.example.vn"))
        lot = service.batches("MO-NX-500")[0].batch.lot_code
        start = time.perf_counter()
        result = stamps.issue(service, lot, args.count)
        took = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"issue {args.count} stamps (serials, codes, Digital Link URLs): {took:.2f} s "
            f"({args.count / took:,.0f}/s), process peak RSS {peak:.0f} MiB"
        )
        other = service.batches("MO-NX-1000")[0].batch
        assert other.id is not None
        start = time.perf_counter()
        key = stamp_rows.secret_readonly(service.cdb)
        for n in range(SAMPLE):  # baseline: one stamp per transaction, URL built by the general builder
            with service.cdb.write():
                serial = new_serial()
                stamp_rows.insert_many(service.cdb, other.id, n + 1, [serial])
                build(
                    "https://truyxuat.example.vn",
                    "8938500121005",
                    lot=other.lot_code,
                    serial=serial,
                    query={"k": verification_code(key, serial)},
                )
        naive = (time.perf_counter() - start) / SAMPLE * args.count
        print(
            f"  baseline, one transaction per stamp: {naive:.1f} s for {args.count} (scaled from {SAMPLE}) "
            f"-> {naive / took:.0f}x slower"
        )
        assert len(set(result.urls)) == args.count
        bench_pdf(service, Path(tmp), args.pdf)
        service.close()
    bench_thermal(args.thermal)


def bench_pdf(service: CatalogService, tmp: Path, count: int) -> None:
    """Issue to finished PDF, against one qrcode PIL image per stamp pasted onto a page (sampled)."""
    from ocopdesk.render.stamp_sheet import measure
    from ocopdesk.services import stamps
    from ocopdesk.services.stamp_print import FOR_PRINT, PrintRequest, pdf_for_lot

    lot = service.batches("CHE-LAM-PQ")[0].batch.lot_code
    measure().measured = 0
    start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    stamps.issue(service, lot, count)
    result = pdf_for_lot(service, PrintRequest(lot, "a4-65-38x21"), tmp / "stamps.pdf", FOR_PRINT)
    took, cpu, children = time.perf_counter() - start, time.process_time() - cpu, _children_cpu() - children
    measured = measure().measured
    size = result.path.stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"issue -> PDF, {count} stamps on {result.pages} A4 pages: {took:.2f} s (target <= 5 s), "
        f"{size / count:.0f} bytes/stamp (target <= 1024), process peak RSS {peak:.0f} MiB"
    )
    print(
        f"  CPU: {cpu:.2f} s drawing process, {children:.2f} s QR worker process (they overlap on two cores); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"  strings measured: {measured} for {count} stamps (each stamp's serial line once, the lot's text "
        f"once; past {measure().CACHE_LIMIT:,} cached strings a serial line is measured again when drawn)"
    )
    baseline = naive_pdf(tmp, 200) / 200 * count
    print(
        f"  baseline, qrcode PIL image per stamp pasted on a page: {baseline:.1f} s for {count} "
        f"(scaled from 200) -> {baseline / took:.1f}x slower"
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def naive_pdf(tmp: Path, count: int) -> float:
    import qrcode
    from PIL import Image

    from ocopdesk.domain.stamp import new_serial

    start = time.perf_counter()
    page = Image.new("L", (2480, 3508), 255)  # A4 at 300 dpi
    pages = []
    for n in range(count):
        image = (
            qrcode.make(
                f"https://truyxuat.example.vn/01/08938500121005/10/CHE-LAM-PQ/21/{new_serial()}?k=ABCDEFGHJKMNP"
            )
            .get_image()
            .convert("L")
            .resize((210, 210))
        )
        slot = n % 65
        page.paste(image, (56 + (slot % 5) * 480, 126 + (slot // 5) * 250))
        if slot == 64 or n == count - 1:
            pages.append(page)
            page = Image.new("L", (2480, 3508), 255)
    pages[0].save(tmp / "naive.pdf", save_all=True, append_images=pages[1:])
    return time.perf_counter() - start


def bench_thermal(count: int) -> None:
    """A 10,000-label job in each printer language (targets: <= 2 s, <= 2 KB a label), against the
    whole label rasterised and sent uncompressed per label (^GFA hex), sampled and scaled."""
    from ocopdesk.domain.stamp import new_serial, url_maker
    from ocopdesk.render.label_job import SheetJob, StampContent
    from ocopdesk.render.thermal import thermal_job
    from ocopdesk.render.tspl import Tspl
    from ocopdesk.render.zpl import Zpl
    from ocopdesk.services.stamp_print import label_templates

    make = url_maker("https://truyxuat.example.vn", "8938500121005", "MO-NX-500-261117")
    contents = []
    for n in range(1, count + 1):
        serial = new_serial()
        contents.append(
            StampContent(make(serial, "KEFVAQX5Q5PF4"), "Mật ong hoa rừng Như Xuân", "MO-NX-500-261117", serial, n, 4)
        )
    stock = label_templates()["roll-40x25"]
    for language in (Zpl(), Tspl()):
        for dpi in (203, 300):
            start, cpu = time.perf_counter(), time.process_time()
            data = thermal_job(SheetJob(stock, contents), language, dpi)
            took, cpu = time.perf_counter() - start, time.process_time() - cpu
            print(
                f"{language.name.upper()} {dpi} dpi, {count} labels on roll-40x25: {took:.2f} s wall, {cpu:.2f} s CPU "
                f"(target <= 2 s), {len(data) / count:.0f} bytes/label (target <= 2048)"
            )
    print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: wall time waits for the others)")
    for dpi in (203, 300):
        took, size = naive_raster(stock, contents[:200], dpi)
        print(
            f"  baseline, whole label as an uncompressed raster per label at {dpi} dpi: {took / 200 * count:.1f} s, "
            f"{size / 200:.0f} bytes/label (scaled from 200)"
        )


def naive_raster(stock: object, contents: list, dpi: int) -> tuple[float, int]:  # type: ignore[type-arg]
    from PySide6.QtGui import QImage

    from ocopdesk.render.label_job import SheetJob
    from ocopdesk.render.stamp_sheet import preview

    start, size = time.perf_counter(), 0
    for content in contents:
        image = preview(SheetJob(stock, [content]), dpi).convertToFormat(QImage.Format.Format_Mono)  # type: ignore[arg-type]
        rows = bytes(image.constBits())
        size += len(f"^XA^FO0,0^GFA,{len(rows)},{len(rows)},{image.bytesPerLine()},{rows.hex()}^FS^XZ")
    return time.perf_counter() - start, size


if __name__ == "__main__":
    main()
