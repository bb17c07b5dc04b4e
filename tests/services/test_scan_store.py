"""The scan store beside the catalogue (storage/scan_store.py): network and day rows in DuckDB, counted
only for loads the catalogue committed. A load killed between the store's commit and the catalogue's
shows nothing of itself and, loaded again, counts once; rows an older catalogue kept in SQLite are taken
over by the next load; a forget deletes the store."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.services import scans
from ocopdesk.services.catalog import CatalogService
from ocopdesk.storage import scan_store
from tests.services.scan_logs_made import PHONES, START, line, mixed_log, stamp_path

SERIALS = [f"7K3M9QXR{n:02d}" for n in range(40)]
ROOT = Path(__file__).resolve().parents[2]


def seen(service: CatalogService) -> dict[str, tuple[int, int, list[tuple[object, int]]]]:
    """Per serial: checks, networks, and its checks per day, all as the screens read them."""
    return {s.serial: (s.checks, s.networks, scans.stamp_days(service, s.serial)) for s in scans.stamps(service)}


def fresh(tmp_path: Path, name: str, logs: list[Path]) -> dict[str, tuple[int, int, list[tuple[object, int]]]]:
    """What a new catalogue that loaded only `logs` shows."""
    other = CatalogService.open(tmp_path / f"{name}.sqlite")
    try:
        scans.load(other, logs)
        return seen(other)
    finally:
        other.close()


def test_a_load_killed_between_the_two_commits_shows_nothing_and_counts_once(
    service: CatalogService, db_path: Path, tmp_path: Path
) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    mixed_log(logs / "a.log", SERIALS, 3000)
    mixed_log(logs / "b.log", SERIALS, 3000, seed=3)
    service.close()
    proc = subprocess.run(
        [sys.executable, "-m", "tests.services.killed_scan_load", str(db_path), str(logs), "between"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL
    store = db_path.with_name("catalogue.scans.duckdb")
    assert store.exists()
    reopened = CatalogService.open(db_path, create=False)
    try:
        assert len(reopened.scan_rows.sources()) == 1  # b.log's counts and mark never reached the catalogue
        assert seen(reopened) == fresh(tmp_path, "only-a", [logs / "a.log"])  # nor do its network and day rows
        scans.load(reopened, [logs])
        assert seen(reopened) == fresh(tmp_path, "both", [logs / "a.log", logs / "b.log"])
    finally:
        reopened.close()


def test_rows_an_older_catalogue_kept_are_taken_over_by_the_next_load(
    service: CatalogService, db_path: Path, tmp_path: Path
) -> None:
    """A schema-15 catalogue kept networks and days in SQLite: the next load moves them to the store,
    in the same commit that records it, so the copied-stamp signal keeps the networks seen before."""
    serial = SERIALS[0]
    (tmp_path / "new.log").write_text(
        "\n".join(line(f"198.51.{n}.7", START, stamp_path(serial), PHONES[0]) for n in range(2)) + "\n"
    )
    service.close()
    with sqlite3.connect(db_path) as con:
        con.executemany(
            "INSERT INTO stamp_scan_networks VALUES (?, ?, ?, ?, 1)",
            [(serial, f"old{n}", f"2026-10-2{n}T01:00:00", f"2026-10-2{n}T01:00:00") for n in range(3)],
        )
        con.execute("INSERT INTO stamp_scan_days VALUES (?, '2026-10-20', 3)", (serial,))
    con.close()
    reopened = CatalogService.open(db_path, create=False)
    try:
        scans.load(reopened, [tmp_path / "new.log"])
        mine = next(s for s in scans.stamps(reopened) if s.serial == serial)
        assert mine.networks == 5 and mine.flags[0].kind == "copied"  # 3 old + 2 new in 14 days
        assert [n for _d, n in scans.stamp_days(reopened, serial)] == [3, 2]
    finally:
        reopened.close()
    with sqlite3.connect(db_path) as con:
        left = [
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("stamp_scan_networks", "stamp_scan_days")
        ]
    con.close()
    assert left == [0, 0]


def test_forget_deletes_the_store(service: CatalogService, db_path: Path, tmp_path: Path) -> None:
    mixed_log(tmp_path / "access.log", SERIALS, 400)
    scans.load(service, [tmp_path / "access.log"])
    store = db_path.with_name("catalogue.scans.duckdb")
    assert store.exists()
    scans.forget(service)
    assert not store.exists() and scans.stamps(service) == []


def test_a_store_held_by_another_process_is_waited_for_then_named_in_plain_words(
    service: CatalogService, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another window or command appending its rows holds the DuckDB file: a reader waits for it (up to
    LOCK_WAIT_S), then says so instead of a DuckDB traceback; once released, the reader reads."""
    mixed_log(tmp_path / "access.log", SERIALS, 400)
    scans.load(service, [tmp_path / "access.log"])
    store = db_path.with_name("catalogue.scans.duckdb")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdin is not None
    assert holder.stdout.readline().strip() == "held"
    monkeypatch.setattr(scan_store, "LOCK_WAIT_S", 0.5)
    with pytest.raises(OcopDeskError, match=r"another OCOPDesk|OCOPDesk khác"):
        scans.stamps(service)
    holder.stdin.close()  # the holder lets go
    assert holder.wait(timeout=60) == 0
    assert sum(s.networks for s in scans.stamps(service)) > 0


HOLD = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("held", flush=True)
sys.stdin.read()
con.close()
"""


def test_an_upgraded_catalogue_shows_the_networks_it_kept_before_its_next_load(
    service: CatalogService, db_path: Path, tmp_path: Path
) -> None:
    """A schema-15 catalogue (its loads numbered 0, its networks and days in SQLite, no store) showed 0
    networks and an empty per-stamp chart until a load took its rows over; they are read where they are."""
    serial = SERIALS[0]
    (tmp_path / "old.log").write_text(
        "\n".join(line(f"198.51.{n}.7", START, stamp_path(serial), PHONES[0]) for n in range(4)) + "\n"
    )
    scans.load(service, [tmp_path / "old.log"])
    service.close()
    db_path.with_name("catalogue.scans.duckdb").unlink()  # as schema 15 left it: no store, loads numbered 0
    with sqlite3.connect(db_path) as con:
        con.execute("UPDATE scan_sources SET gen = 0")
        con.executemany(
            "INSERT INTO stamp_scan_networks VALUES (?, ?, ?, ?, 1)",
            [(serial, f"old{n}", f"2026-11-01T0{n}:00:00", f"2026-11-01T0{n}:00:00") for n in range(4)],
        )
        con.execute("INSERT INTO stamp_scan_days VALUES (?, '2026-11-01', 4)", (serial,))
    con.close()
    reopened = CatalogService.open(db_path, create=False)
    try:
        mine = next(s for s in scans.stamps(reopened) if s.serial == serial)
        assert mine.networks == 4 and "copied" in [f.kind for f in mine.flags]  # (and never issued here)
        assert scans.stamp_days(reopened, serial) == [(dt.date(2026, 11, 1), 4)]
        assert not db_path.with_name("catalogue.scans.duckdb").exists()  # reading made no store
    finally:
        reopened.close()
