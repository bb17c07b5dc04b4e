"""Catalogue benchmarks (issue #2): search p95 at 100,000 products, import of a 10,000-row .xlsx,
database size per product. Prints figures and ratios against simple baselines run in this process.

    python bench/catalogue.py [--products 100000] [--rows 10000]
    python bench/catalogue.py --db FILE      (search only, on a catalogue an earlier run built: a copy of
                                             `build`'s 100,000 products, so two versions are timed on one file)
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product, ProductFilter
from ocopdesk.domain.text import fold
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.import_plan import read_plan
from ocopdesk.services.importer import import_file
from ocopdesk.storage import producers, products

KINDS = [
    "Mật ong",
    "Nước mắm",
    "Chè",
    "Gạo",
    "Nem chua",
    "Chiếu cói",
    "Rượu",
    "Bưởi",
    "Trà",
    "Tinh dầu",
    "Mắm tép",
    "Bánh gai",
    "Chả tôm",
    "Mực khô",
    "Khăn thổ cẩm",
    "Đường phèn",
    "Miến dong",
    "Cà phê",
]
QUALITIES = ["rừng", "đặc biệt", "hữu cơ", "truyền thống", "thượng hạng", "loại 1", "sấy dẻo", "nguyên chất"]
PLACES = [
    "Như Xuân",
    "Nga Sơn",
    "Nghi Sơn",
    "Thọ Xuân",
    "Cổ Lũng",
    "Hàm Rồng",
    "Hoằng Hóa",
    "Đồng Hới",
    "Bá Thước",
    "Pù Luông",
    "Lam Sơn",
    "Hậu Lộc",
    "Vĩnh Lộc",
    "Yên Định",
    "Triệu Sơn",
    "Cẩm Thủy",
]
QUERIES = [
    "mat ong",
    "Mật ong rừng",
    "nuoc mam nghi son",
    "dong hoi",
    "ĐỒNG HỚI",
    "che",
    "chiếu cói nga sơn",
    "huu co",
    "gao",
    "tinh dau",
    "khan tho cam",
    "ruou",
    "pu luong",
    "banh gai",
    "SP0012",
    "xyz",
    "m",
    "duong phen",
    "ca phe",
    "nem chua ham rong",
    "loai 1",
    "htx",
    "thuong hang",
    "bưởi",
]


def product_name(rng: random.Random) -> str:
    return f"{rng.choice(KINDS)} {rng.choice(QUALITIES)} {rng.choice(PLACES)} {rng.randint(1, 999)}"


def build(service: CatalogService, count: int) -> float:
    rng = random.Random(7)
    start = time.perf_counter()
    with service.cdb.write():
        ids = [
            producers.save(service.cdb, Producer(name=f"HTX {place} {n}", province_code="38"))
            for n, place in enumerate(PLACES * 30)
        ]
        for n in range(count):
            products.save(
                service.cdb,
                Product(
                    sku=f"SP{n:06d}",
                    name=product_name(rng),
                    producer_id=rng.choice(ids),
                    price=rng.randint(10, 900) * 1000,
                    ocop_group=str(rng.randint(1, 6)),
                    unit="hộp",
                    description="Sản phẩm OCOP của hợp tác xã, đóng gói cẩn thận, bảo quản nơi khô ráo thoáng mát.",
                ),
            )
    return time.perf_counter() - start


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def bench_search(service: CatalogService, rounds: int = 5) -> None:
    """What a keystroke costs the user: matching ids in order, plus the first page of rows."""
    ours, baseline = [], []
    conn: sqlite3.Connection = service.cdb.conn
    t = time.perf_counter()
    service.search(ProductFilter(search="mat ong"))  # first search after a change rebuilds the name order
    print(f"first search after a change (rebuilds the cached name order): {(time.perf_counter() - t) * 1000:.1f} ms")
    slowest: dict[str, float] = {}
    ours_cpu, baseline_cpu = [], []  # this thread's CPU time: what a keystroke costs when other work shares the cores
    for _ in range(rounds):
        for query in QUERIES:
            t, c = time.perf_counter(), time.thread_time()
            ids = service.search(ProductFilter(search=query))
            service.summaries(ids[:200])
            ours.append((time.perf_counter() - t) * 1000)
            ours_cpu.append((time.thread_time() - c) * 1000)
            slowest[query] = max(slowest.get(query, 0.0), ours[-1])
            t, c = time.perf_counter(), time.thread_time()  # baseline: LIKE over the folded sort key, a full scan
            terms = fold(query).split()
            where = " AND ".join("name_sort LIKE ?" for _ in terms) or "1"
            base_ids = [
                r[0]
                for r in conn.execute(
                    f"SELECT id FROM products WHERE {where} ORDER BY name_sort", [f"%{t}%" for t in terms]
                )
            ]
            products.summaries(service.cdb, base_ids[:200])
            baseline.append((time.perf_counter() - t) * 1000)
            baseline_cpu.append((time.thread_time() - c) * 1000)
    p95, b95 = percentile(ours, 95), percentile(baseline, 95)
    print(
        f"search: {len(ours)} queries  p50 {statistics.median(ours):.2f} ms  p95 {p95:.2f} ms  "
        f"max {max(ours):.2f} ms   (target p95 <= 10 ms)"
    )
    c95, cb95 = percentile(ours_cpu, 95), percentile(baseline_cpu, 95)
    print(
        f"  CPU time: p50 {statistics.median(ours_cpu):.2f} ms  p95 {c95:.2f} ms; baseline p95 {cb95:.2f} ms "
        f"-> {cb95 / c95:.1f}x (wall times grow with the machine's load, CPU times much less)"
    )
    print(
        f"  baseline LIKE scan (name only): p50 {statistics.median(baseline):.2f} ms  p95 {b95:.2f} ms  "
        f"-> {b95 / p95:.1f}x at p95, and the baseline cannot search SKU, description, producer or commune"
    )
    worst = sorted(slowest.items(), key=lambda kv: -kv[1])[:4]
    print("  slowest queries: " + ", ".join(f"{q!r} {ms:.1f} ms" for q, ms in worst))


def bench_size(service: CatalogService, count: int) -> None:
    conn = service.cdb.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    size = page_size * pages
    print(
        f"database size: {size / 2**20:.1f} MiB for {count} products = {size / count:.0f} bytes/product "
        f"(file {service.path.stat().st_size / 2**20:.1f} MiB)"
    )


def write_xlsx(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    rng = random.Random(3)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sản phẩm")
    ws.append(["DANH MỤC SẢN PHẨM OCOP"])
    ws.append([])
    ws.append(
        [
            "Mã SP",
            "Tên sản phẩm",
            "Giá bán (VNĐ)",
            "ĐVT",
            "Nhóm OCOP",
            "Hạng sao",
            "Số quyết định",
            "Ngày công nhận",
            "Chủ thể",
            "Tỉnh",
            "Mô tả",
        ]
    )
    for n in range(rows):
        ws.append(
            [
                f"X{n:06d}",
                product_name(rng),
                f"{rng.randint(10, 900)}.000đ",
                "hộp",
                rng.randint(1, 6),
                rng.choice([3, 4, 5]),
                f"{n}/QĐ-UBND",
                "12/03/2025",
                f"HTX {rng.choice(PLACES)}",
                "Thanh Hóa",
                "Sản phẩm OCOP của hợp tác xã, đóng gói cẩn thận.",
            ]
        )
    wb.save(path)


def timed(work: Callable[[], object]) -> tuple[float, float, object]:
    """(wall seconds, this process's CPU seconds, result). The import runs on one thread in this process, so
    its CPU time is its cost even when other work shares the cores; the wall time is what the clerk waits."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def read_only(sheet: Path) -> int:
    """The baseline: only reading the workbook's cells with openpyxl, as the import's first step does."""
    from openpyxl import load_workbook

    wb = load_workbook(sheet, read_only=True, data_only=True)
    cells = sum(len(r) for r in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return cells


def bench_import(tmp: Path, rows: int, trials: int = 3) -> None:
    """Import, re-import and the openpyxl read of the same file, interleaved in each trial. On a machine shared
    with other work, the ratios of CPU times within one trial are the figures to trust (wall times shown too)."""
    sheet = tmp / "import.xlsx"
    write_xlsx(sheet, rows)
    runs = []
    for trial in range(trials):
        read = timed(lambda: read_only(sheet))
        service = CatalogService.open(tmp / f"import-{trial}.sqlite")
        took = timed(lambda: import_file(service, sheet))  # noqa: B023 - called at once
        again = timed(lambda: import_file(service, sheet))  # noqa: B023
        service.close()
        planned = timed(lambda: read_plan(sheet))
        runs.append((took[1] / read[1], again[1] / read[1], took, again, read, planned))
        print(
            f"  trial {trial + 1}: CPU import {took[1]:.2f} s, re-import {again[1]:.2f} s, "
            f"openpyxl read {read[1]:.2f} s"
            f" -> {took[1] / read[1]:.2f}x / {again[1] / read[1]:.2f}x reading; plan {planned[1] / read[1]:.2f}x"
            f" (wall {took[0]:.2f} / {again[0]:.2f} / {read[0]:.2f} s)"
        )
    ratio, re_ratio, took, again, read, planned = min(runs)
    report, second, plan = took[2], again[2], planned[2]
    print(
        f"import .xlsx: {rows} rows in {took[1]:.2f} s CPU, {took[0]:.2f} s wall ({report.created} created; "  # type: ignore[attr-defined]
        f"target <= 4 s and <= 3x reading); re-import {again[1]:.2f} s CPU, {again[0]:.2f} s wall "
        f"({second.updated} updated; target <= 5 s)"  # type: ignore[attr-defined]
    )
    print(
        f"  baseline openpyxl read alone in the same trial: {read[1]:.2f} s CPU ({read[2]} cells) -> import costs "
        f"{ratio:.2f}x reading, re-import {re_ratio:.2f}x (best of {trials}; median "
        f"{statistics.median(r[0] for r in runs):.2f}x / {statistics.median(r[1] for r in runs):.2f}x)"
    )
    print(
        f"  read + recognise + parse (plan): {planned[1]:.2f} s CPU = {planned[1] / read[1]:.2f}x reading; "
        f"{len(plan.columns)} columns recognised once, {len(plan.rows)} rows parsed"  # type: ignore[attr-defined]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--import-only", action="store_true", help="only the import figures")
    parser.add_argument("--db", type=Path, help="search figures only, on this catalogue built by an earlier run")
    parser.add_argument("--trials", type=int, default=3, help="import trials, each with its own baseline")
    args = parser.parse_args()
    if args.db:
        service = CatalogService.open(args.db, create=False)
        bench_search(service)
        service.close()
        return
    if args.import_only:
        with tempfile.TemporaryDirectory() as tmp:
            bench_import(Path(tmp), args.rows, args.trials)
        return
    with tempfile.TemporaryDirectory() as tmp:
        service = CatalogService.open(Path(tmp) / "bench.sqlite")
        took = build(service, args.products)
        print(f"built {args.products} products in {took:.1f} s ({args.products / took:.0f}/s)")
        bench_search(service)
        bench_size(service, args.products)
        service.close()
        bench_import(Path(tmp), args.rows, args.trials)


if __name__ == "__main__":
    main()
