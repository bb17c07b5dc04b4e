"""Stamp-check benchmark (issue #27): a 10,000,000-line nginx combined access log, generated into /tmp
(never the repository), loaded and aggregated into a fresh catalogue by `scans.load` (DuckDB parses and
counts and keeps the per-network and per-day rows in `catalogue.scans.duckdb`; SQLite keeps the per-stamp
aggregates), against a simple baseline in the same run: Python reading the
same file line by line with one regular expression and a Counter per serial.

Traffic: one line in four is a stamp check (the rest are pages, stamp.js, style sheet and stamp data,
as a stamp page pulls them), over 750,000 serials (Thanh Hóa's 2021 stamps), from random networks,
phones of four families, over 30 days. Target: ≤ 30 s and ≤ 500 MB peak memory on 2 cores.

The log is generated in a child process, so the peak memory printed is the load's own (generating 10M
lines with DuckDB in this process had peaked at ~820 MB and was once read as the load's figure).

    python bench/scans.py [--lines 10000000] [--keep] [--log PATH]
    (--keep leaves the generated log in /tmp; --log loads a log kept before instead of generating one)
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ocopdesk.services import scans
from ocopdesk.services.catalog import CatalogService

SERIALS = 750_000
LOG = Path(tempfile.gettempdir()) / f"ocopdesk-bench-scans-{os.getpid()}.log"

_GENERATE = """
COPY (
  SELECT
    (hash(i, 1) % 223 + 1) || '.' || (hash(i, 2) % 256) || '.' || (hash(i, 3) % 256) || '.' || (hash(i, 4) % 254 + 1)
    || ' - - [' || strftime(TIMESTAMPTZ '2026-11-01 08:00:00+07' + to_seconds(i * 2592000 // $n), '%d/%b/%Y:%H:%M:%S')
    || ' +0700] "GET '
    || CASE WHEN hash(i * 2 + 1) % 4 = 0
            THEN '/01/08931234567897/10/L' || (hash(i, 6) % 50) || '/21/S'
                 || lpad((hash(i * 31 + 7) % $serials)::VARCHAR, 9, '0') || '?k=ABCDEFGHJKMNP'
            ELSE ['/assets/stamp.js?v=3f2a', '/assets/site.css?v=91cc', '/v/index.js?t=1733', '/v/7K.js?v=8e1f',
                  '/htx/'][(hash(i, 8) % 5)::BIGINT + 1] END
    || ' HTTP/1.1" 200 ' || (hash(i, 9) % 20000) || ' "-" "'
    || ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Zalo iOS/500',
        'Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari',
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Safari/605.1.15'
       ][(hash(i, 10) % 4)::BIGINT + 1] || '"'
  FROM range($n) t(i)
) TO '{path}' (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\\x1f')
"""

_BASELINE = re.compile(r'^(\S+) \S+ \S+ \[([^\]]+)\] "GET (\S+) [^"]*" \d{3} \S+ "[^"]*" "([^"]*)"')
_STAMP = re.compile(r"/21/([^/?]+)")


def _generate(lines: int, path: str) -> None:
    con = duckdb.connect()
    con.execute(_GENERATE.replace("{path}", path), {"n": lines, "serials": SERIALS})
    con.close()


def generate(lines: int, path: Path) -> float:
    """Write the log from a child process: its memory is not the load's."""
    start = time.perf_counter()
    child = multiprocessing.get_context("spawn").Process(target=_generate, args=(lines, str(path)))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"generating the log failed ({child.exitcode})")
    return time.perf_counter() - start


def baseline(log: Path) -> tuple[float, int]:
    """The simple way: a regular expression per line and a Counter (no networks, days or devices)."""
    start = time.perf_counter()
    counts: Counter[str] = Counter()
    with log.open(encoding="utf-8", errors="replace") as stream:
        for text in stream:
            m = _BASELINE.match(text)
            if m:
                s = _STAMP.search(m.group(3))
                if s:
                    counts[s.group(1)] += 1
    return time.perf_counter() - start, sum(counts.values())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--log", type=Path, help="load this log (kept by an earlier --keep) instead of generating")
    args = parser.parse_args()
    log = args.log or LOG
    if args.log is None:
        took = generate(args.lines, log)
        print(f"generating {args.lines:,} lines into {log} … {took:.1f} s, {log.stat().st_size / 1e9:.2f} GB")
    with tempfile.TemporaryDirectory() as tmp:
        service = CatalogService.open(Path(tmp) / "c.sqlite")
        start, cpu = time.perf_counter(), time.process_time()
        report = scans.load(service, [log])
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before anything else is read
        stamps = len(service.scan_rows.all_scans())
        store = service.scan_rows.store.stat().st_size / 1e6
        service.close()
    print(
        f"scans.load (DuckDB + its store + SQLite aggregates): {took:.1f} s wall, {cpu:.1f} s CPU (all threads) for "
        f"{report.lines:,} lines, {report.checks:,} checks of {stamps:,} stamps, {report.malformed} malformed; "
        f"peak RSS {peak:.0f} MB; scan store {store:.0f} MB; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores"
    )
    start, base_cpu = time.perf_counter(), time.process_time()
    base, checks = baseline(log)
    base_cpu = time.process_time() - base_cpu
    print(
        f"baseline (Python regex + Counter, counts only): {base:.1f} s wall, {base_cpu:.1f} s CPU, {checks:,} checks; "
        f"scans.load / baseline: {took / base:.2f}× wall, {cpu / base_cpu:.2f}× CPU"
    )
    if args.log is None and not args.keep:
        log.unlink()


if __name__ == "__main__":
    main()
