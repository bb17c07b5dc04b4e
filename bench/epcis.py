"""EPCIS export benchmark (issue #25): 100,000 stamps and 10,000 production stages exported as one EPCIS 2.0
document, target ≤ 5 s and ≤ 200 MB peak memory. Each run happens in a fresh child process whose peak RSS
the OS reports; the baseline in the same run builds the same events as one list of dicts and writes it with
a single json.dumps (no event hashes, no streaming), the simple way.

    python bench/epcis.py [--stamps 100000] [--events 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ocopdesk.domain.batch import EVENT_KINDS, BatchEvent
from ocopdesk.services import stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.profile import CooperativeProfile, save_profile


def build(db: Path, n_stamps: int, n_events: int) -> None:
    service = CatalogService.open(db)
    load_demo(service, today=dt.date(2026, 11, 10))
    save_profile(service, CooperativeProfile(name="HTX", resolver_base_url="https://truyxuat.example.vn"))
    lots = [v for v in service.batches()]
    per_lot = -(-n_stamps // len(lots))
    left = n_stamps
    for view in lots:
        count = min(per_lot, left)
        while count > 0:  # one issue is at most MAX_PER_ISSUE stamps
            step = min(count, stamps.MAX_PER_ISSUE)
            stamps.issue(service, view.batch.lot_code, step, sku=view.sku)
            count, left = count - step, left - step
    kinds = list(EVENT_KINDS)
    existing = sum(len(service.events(v.batch.id or 0)) for v in lots)
    with service.write():
        for n in range(max(0, n_events - existing)):
            view = lots[n % len(lots)]
            day = view.batch.produced_on - dt.timedelta(days=n % 30)
            event = BatchEvent(view.batch.id or 0, kinds[n % len(kinds)], day, "Xưởng", "", "", "08:00", "16174", "")
            service.batch_rows.add_event(event)
    service.close()


def child(mode: str, db: Path, out: Path) -> None:
    """Runs in its own process: the streamed export, or the one-json.dumps baseline."""
    from ocopdesk.services.epcis_export import export_epcis

    service = CatalogService.open(db)
    if mode == "export":
        start = time.perf_counter()
        report = export_epcis(service, out)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            json.dumps(
                {"events": report.events, "stamps": report.stamps, "seconds": round(seconds, 2), "peak_mb": round(peak)}
            )
        )
        return
    base = "https://truyxuat.example.vn"
    events = []
    for view in service.batches():
        for stage in service.events(view.batch.id or 0):
            events.append({"type": "ObjectEvent", "eventTime": stage.occurred_on.isoformat(), "bizStep": stage.kind})
        epcs = [
            f"{base}/01/x/10/{view.batch.lot_code}/21/{s.serial}"
            for s in service.stamp_rows.for_batch(view.batch.id or 0)
        ]
        events.append({"type": "ObjectEvent", "action": "ADD", "epcList": epcs})
    out.write_text(json.dumps({"epcisBody": {"eventList": events}}), encoding="utf-8")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"events": len(events), "peak_mb": round(peak)}))


def measure(mode: str, db: Path, out: Path) -> tuple[float, dict[str, float]]:
    """Wall time of the whole child (start-up and imports included) and what the child reports: its own
    peak RSS (ru_maxrss of the process itself, KiB on Linux) and, for the export, the export call's time."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(db), str(out)], capture_output=True, text=True, check=True
    )
    return time.perf_counter() - start, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stamps", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "DB", "OUT"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "catalogue.sqlite"
        start = time.perf_counter()
        build(db, args.stamps, args.events)
        print(f"catalogue: {args.stamps:,} stamps, {args.events:,} stages built in {time.perf_counter() - start:.1f} s")
        base_s, base = measure("baseline", db, Path(tmp) / "baseline.json")
        print(f"baseline (one json.dumps, no hashes): {base_s:.2f} s in all, peak RSS {base['peak_mb']:.0f} MB")
        exp_s, exp = measure("export", db, Path(tmp) / "epcis.jsonld")
        size = (Path(tmp) / "epcis.jsonld").stat().st_size / 1e6
        print(
            f"export epcis (streamed, hashed): {exp['seconds']:.2f} s for the export ({exp_s:.2f} s with start-up), "
            f"peak RSS {exp['peak_mb']:.0f} MB, {exp['events']:,} events, {exp['stamps']:,} stamps, {size:.1f} MB"
        )
        fast, small = exp["seconds"] <= 5, exp["peak_mb"] <= 200
        print(f"targets: ≤ 5 s → {'met' if fast else 'MISSED'}; ≤ 200 MB → {'met' if small else 'MISSED'}")


if __name__ == "__main__":
    main()
