"""Loading stamp checks from logs into the catalogue: idempotent, incremental, rotation-proof, safe when
killed; the signals on realistic made logs; CSV export and forget."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from ocopdesk.services import scans
from ocopdesk.services.catalog import CatalogService
from tests.services.scan_logs_made import PHONES, START, line, mixed_log, stamp_path

SERIALS = [f"7K3M9QXR{n:02d}" for n in range(40)]


def totals(service: CatalogService) -> dict[str, int]:
    return {s.serial: s.checks for s in scans.stamps(service)}


def test_a_file_loaded_twice_counts_nothing_twice(service: CatalogService, tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    log = tmp_path / "logs" / "access.log"
    truth = mixed_log(log, SERIALS, 4000)
    first = scans.load(service, [log])
    assert first.checks == sum(truth.values()) and first.malformed == 0
    again = scans.load(service, [log, log.parent])  # the file, and the folder holding it
    assert again.checks == 0 and {f.skipped for f in again.files} == {"already counted"}
    assert totals(service) == dict(truth)


def test_a_growing_log_is_read_from_where_the_last_load_stopped(service: CatalogService, tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    truth = mixed_log(log, SERIALS, 3000)
    whole = log.read_bytes()
    cut = whole.index(b"\n", len(whole) // 2) + 20  # half a line written: it must wait for its end
    log.write_bytes(whole[:cut])
    part = scans.load(service, [log]).checks
    log.write_bytes(whole)
    rest = scans.load(service, [log]).checks
    assert part + rest == sum(truth.values()) and 0 < part < rest + part
    assert totals(service) == dict(truth)


def test_a_rotated_and_gzipped_log_counts_only_its_unread_tail(service: CatalogService, tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    truth = mixed_log(logs / "access.log", SERIALS, 3000)
    whole = (logs / "access.log").read_bytes()
    half = whole.index(b"\n", len(whole) // 2) + 1
    (logs / "access.log").write_bytes(whole[:half])
    scans.load(service, [logs])
    # logrotate: the old log, now complete, is renamed and compressed; a new one starts
    (logs / "access.log").unlink()
    (logs / "access.log.1.gz").write_bytes(gzip.compress(whole))
    newer = mixed_log(logs / "access.log", SERIALS, 500, seed=2, start=START + dt.timedelta(days=3))
    (logs / "notes.txt").write_text("not a log\n")
    report = scans.load(service, [logs])
    assert report.checks == whole[half:].count(b"/21/") + sum(newer.values())
    assert totals(service) == dict(truth + newer)
    skipped = {f.path.name: f.skipped for f in report.files}
    assert "not an access log" in skipped["notes.txt"] or "không phải" in skipped["notes.txt"]


def test_malformed_lines_are_counted_and_shown_nothing_else_lost(service: CatalogService, tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    good = [line("203.0.113.9", START, stamp_path(SERIALS[0]), PHONES[0])]
    text = "\n".join([*good, "\x00\x01 garbage", 'x - - [99/Foo/2026:00:00:00 +0700] "GET / HTTP/1.1" 200 1', *good])
    log.write_bytes(text.encode() + b'\n\xff\xfe\x80 "GET /\xc3 not UTF-8\n')  # a scanner's stray bytes
    report = scans.load(service, [log])
    assert (report.checks, report.malformed, report.lines) == (2, 3, 5)
    assert any("garbage" in s for s in report.files[0].samples)


def test_a_damaged_gzip_is_skipped_with_its_reason_and_counts_nothing(service: CatalogService, tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    data = gzip.compress((line("203.0.113.9", START, stamp_path(SERIALS[0]), PHONES[0]) + "\n").encode() * 5000)
    (tmp_path / "logs" / "access.log.2.gz").write_bytes(data[: len(data) // 2])  # cut off mid-copy
    report = scans.load(service, [tmp_path / "logs"])
    assert report.checks == 0 and report.files[0].skipped
    assert scans.stamps(service) == [] and service.scan_rows.sources() == []


def test_signals_on_made_traffic(service: CatalogService, tmp_path: Path) -> None:
    copied, burst, quiet = SERIALS[:3]
    lines = [line(f"198.51.{n}.7", START + dt.timedelta(days=n), stamp_path(copied), PHONES[n % 3]) for n in range(6)]
    lines += [line("203.0.113.5", START + dt.timedelta(minutes=n), stamp_path(burst), PHONES[1]) for n in range(40)]
    lines += [
        line("203.0.113.5", START, stamp_path(quiet), PHONES[0]),
        line("203.0.113.77", START, stamp_path(quiet), PHONES[0]),
    ]
    (tmp_path / "a.log").write_text("\n".join(lines) + "\n")
    scans.load(service, [tmp_path / "a.log"])
    flags = {s.serial: [f.kind for f in s.flags] for s in scans.stamps(service)}
    assert flags[copied][0] == "copied" and flags[burst][-1] == "burst"
    assert "copied" not in flags[quiet] and "burst" not in flags[quiet]  # two phones in one shop: ordinary
    first = next(s for s in scans.stamps(service) if s.serial == copied)
    assert first.networks == 6 and first.devices == {"iOS": 2, "Android": 2, "Windows": 2}
    reason = first.flags[0].explain()
    assert "6" in reason and "14" in reason


def test_csv_export_and_forget(service: CatalogService, tmp_path: Path) -> None:
    mixed_log(tmp_path / "access.log", SERIALS, 400)
    scans.load(service, [tmp_path / "access.log"])
    out = scans.export_csv(scans.stamps(service), tmp_path / "scans.csv")
    text = out.read_text(encoding="utf-8-sig")
    assert "01/11/2026" in text and SERIALS[0][:8] in text
    assert scans.forget(service) > 0
    assert scans.stamps(service) == []
    assert scans.load(service, [tmp_path / "access.log"]).checks > 0  # after forget, the log counts afresh


def test_a_killed_load_leaves_counts_consistent(service: CatalogService, db_path: Path, tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    truth = mixed_log(logs / "a.log", SERIALS, 2000)
    truth += mixed_log(logs / "b.log", SERIALS, 200_000, seed=3)
    service.close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.services.killed_scan_load", str(db_path), str(logs)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.stdout is not None
    for started in proc.stdout:
        if started.strip() == "1":  # a.log committed, b.log being read
            proc.send_signal(signal.SIGKILL)
            break
    assert proc.wait(timeout=60) == -signal.SIGKILL
    reopened = CatalogService.open(db_path, create=False)
    try:
        counted = sum(totals(reopened).values())
        marks = reopened.scan_rows.sources()
        assert counted == sum(row[5] for row in marks)  # the counts are exactly those of the files marked
        assert len(marks) == 1  # b.log was cut off: neither its counts nor its mark
        scans.load(reopened, [logs])
        assert totals(reopened) == dict(truth)
    finally:
        reopened.close()
    shutil.rmtree(logs)


def test_each_stamps_checks_per_day_are_kept_once_across_loads(service: CatalogService, tmp_path: Path) -> None:
    """The per-stamp chart's data: checks per stamp and UTC day, added across a growing log's loads and
    never twice for a file loaded again; a forget erases them with the rest."""
    rng = random.Random(7)
    truth: dict[tuple[str, dt.date], int] = {}
    rows = []
    for n in range(600):
        serial = rng.choice(SERIALS)
        at = START + dt.timedelta(days=rng.randint(0, 9), hours=rng.randint(0, 23), seconds=n)
        day = at.astimezone(dt.UTC).date()
        truth[serial, day] = truth.get((serial, day), 0) + 1
        rows.append((at, line(f"198.51.{n % 200}.9", at, stamp_path(serial), PHONES[n % 3])))
    text = "\n".join(r for _at, r in sorted(rows)) + "\n"
    log = tmp_path / "access.log"
    log.write_text(text[: text.index("\n", len(text) // 2) + 1])
    scans.load(service, [log])
    log.write_text(text)
    scans.load(service, [log])
    scans.load(service, [log])  # nothing new: nothing added
    for serial in SERIALS:
        expected = sorted((day, n) for (s, day), n in truth.items() if s == serial)
        assert scans.stamp_days(service, serial) == expected
        assert sum(n for _d, n in expected) == totals(service)[serial]
    scans.forget(service)
    assert all(scans.stamp_days(service, s) == [] for s in SERIALS)
