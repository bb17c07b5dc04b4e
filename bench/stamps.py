"""Stamp benchmarks (issue #3): issuing 100,000 stamps in one call, against a naive baseline
(one transaction per stamp) run in the same process on a sample and scaled.

    python bench/stamps.py [--count 100000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ocopdesk.domain.digital_link import build
from ocopdesk.domain.stamp import new_serial, verification_code
from ocopdesk.services import stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.profile import CooperativeProfile, save_profile
from ocopdesk.storage import stamps as stamp_rows

SAMPLE = 2_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
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
        service.close()


if __name__ == "__main__":
    main()
