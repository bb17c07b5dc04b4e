"""The catalogue's stamp-check aggregates (#27): merged from a log's counts in the caller's transaction,
read back per stamp, and erased. See domain/scans.py for what is kept and why; the per-network and
per-day rows live in the scan store beside the catalogue (storage/scan_store.py), tied to the loads this
catalogue committed by `scan_sources.gen`."""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from contextlib import closing
from pathlib import Path

from ocopdesk.domain.scans import StampScans
from ocopdesk.storage.database import CatalogueDB
from ocopdesk.storage.scan_logs import DEVICE_FAMILIES, LogCounts
from ocopdesk.storage.scan_store import Legacy

SCAN_KEY_NAME = "scan-network-key-v1"
LOAD_CACHE_KIB = -32768  # 32 MiB of page cache while a load writes millions of aggregate rows
_LEGACY = ("stamp_scan_networks", "stamp_scan_days")  # schema 15 kept these here; now the scan store does
_TABLES = ("stamp_scans", "scan_days", "stamp_scan_countries", "scan_sources", *_LEGACY)
_DEVICES = ("ios", "android", "windows", "macos", "linux", "other")  # columns, in DEVICE_FAMILIES order


def network_key(cdb: CatalogueDB) -> bytes:
    """The key the networks are hashed under, created on first use (a forget makes a new one, so
    hashes from before a forget cannot be linked to those after)."""
    row = cdb.conn.execute("SELECT value FROM secrets WHERE name = ?", (SCAN_KEY_NAME,)).fetchone()
    if row:
        return bytes(row[0])
    key = secrets.token_bytes(32)
    cdb.conn.execute("INSERT INTO secrets (name, value) VALUES (?, ?)", (SCAN_KEY_NAME, key))
    return key


def source(cdb: CatalogueDB, head: str) -> tuple[int, str] | None:
    """(bytes already counted, path it was loaded from) of the log that starts with `head`."""
    row = cdb.conn.execute("SELECT consumed, path FROM scan_sources WHERE head = ?", (head,)).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def generation(cdb: CatalogueDB) -> int:
    """The last load generation this catalogue committed (0 before any): the scan store's rows of later
    generations belong to loads killed before their commit here."""
    return int(cdb.conn.execute("SELECT coalesce(max(gen), 0) FROM scan_sources").fetchone()[0])


def generation_in(path: Path) -> int:
    """`generation` of a catalogue file no one writes (a backup's snapshot), read only."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return int(conn.execute("SELECT coalesce(max(gen), 0) FROM scan_sources").fetchone()[0])


def legacy(cdb: CatalogueDB) -> Legacy | None:
    """The network and day rows a schema-15 catalogue kept itself, for the scan store to take over (the
    merge that records the taking load's generation deletes them here); None when there are none."""
    if not has_legacy(cdb):
        return None
    return Legacy(
        cdb.conn.execute("SELECT serial, network, first_at, last_at, checks FROM stamp_scan_networks").fetchall(),
        cdb.conn.execute("SELECT serial, day, checks FROM stamp_scan_days").fetchall(),
    )


def has_legacy(cdb: CatalogueDB) -> bool:
    """Whether this catalogue still keeps network or day rows itself (schema 15, before its first load
    since). Every load's commit deletes them, so while they exist no load has been committed and the
    scan store has no rows to count: readers read these instead."""
    return any(cdb.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in _LEGACY)


def legacy_network_summary(cdb: CatalogueDB, window: dt.timedelta) -> dict[str, tuple[int, int]]:
    """scan_store.network_summary over the rows a schema-15 catalogue kept: per serial its networks and
    the most of them first seen within any `window` (times to whole seconds, as they were written)."""
    rows = cdb.conn.execute(
        "WITH r AS (SELECT serial, CAST(strftime('%s', min(first_at)) AS INTEGER) AS first "
        "FROM stamp_scan_networks GROUP BY serial, network), "
        "w AS (SELECT serial, count(*) OVER (PARTITION BY serial ORDER BY first "
        "RANGE BETWEEN ? PRECEDING AND CURRENT ROW) AS c FROM r) "
        "SELECT serial, count(*), max(c) FROM w GROUP BY serial",
        (int(window.total_seconds()),),
    )
    return {serial: (int(n), int(densest)) for serial, n, densest in rows}


def legacy_stamp_days(cdb: CatalogueDB, serial: str) -> list[tuple[str, int]]:
    """(day ISO, checks) of one stamp from the rows a schema-15 catalogue kept."""
    rows = cdb.conn.execute(
        "SELECT day, sum(checks) FROM stamp_scan_days WHERE serial = ? GROUP BY day ORDER BY day", (serial,)
    )
    return [(d, int(n)) for d, n in rows]


def source_at(cdb: CatalogueDB, path: str) -> tuple[str, int] | None:
    """(first-line identity, bytes counted) of the log last loaded from `path` (a file or address)."""
    row = cdb.conn.execute(
        "SELECT head, consumed FROM scan_sources WHERE path = ? ORDER BY loaded_at DESC, rowid DESC LIMIT 1", (path,)
    ).fetchone()
    return (str(row[0]), int(row[1])) if row else None


def merge(
    cdb: CatalogueDB, head: str, path: str, fmt: str, consumed: int, counts: LogCounts, now: str, gen: int
) -> None:
    """Add one load's counts and move the file's mark, recording the load's generation, in the caller's
    transaction: a load killed before the commit leaves neither, so nothing is counted twice or lost.
    The busiest day is kept per load and merged by the larger (the same day's checks in two loads are
    added). Rows the scan store has taken over (`legacy`) are deleted here in the same commit."""
    c = cdb.conn
    devices = ", ".join(_DEVICES)
    statements = {
        "stamps": f"INSERT INTO stamp_scans (serial, gtin, lot, first_at, last_at, checks, peak_day, peak_checks, "
        f"{devices}) VALUES ({', '.join('?' * (8 + len(_DEVICES)))}) "
        "ON CONFLICT (serial) DO UPDATE SET first_at = min(first_at, excluded.first_at), "
        "last_at = max(last_at, excluded.last_at), checks = checks + excluded.checks, "
        "gtin = CASE WHEN gtin = '' THEN excluded.gtin ELSE gtin END, "
        "lot = CASE WHEN lot = '' THEN excluded.lot ELSE lot END, "
        "peak_checks = CASE WHEN peak_day = excluded.peak_day THEN peak_checks + excluded.peak_checks "
        "ELSE max(peak_checks, excluded.peak_checks) END, "
        "peak_day = CASE WHEN excluded.peak_checks > peak_checks THEN excluded.peak_day ELSE peak_day END, "
        + ", ".join(f"{d} = {d} + excluded.{d}" for d in _DEVICES),
        "days": "INSERT INTO scan_days VALUES (?, ?, ?, ?) ON CONFLICT (gtin, lot, day) "
        "DO UPDATE SET checks = checks + excluded.checks",
        "countries": "INSERT INTO stamp_scan_countries VALUES (?, ?, ?) ON CONFLICT (serial, country) "
        "DO UPDATE SET checks = checks + excluded.checks",
    }
    cache = c.execute("PRAGMA cache_size").fetchone()[0]
    c.execute(f"PRAGMA cache_size = {LOAD_CACHE_KIB}")
    try:
        for table, statement in statements.items():
            for batch in counts.batches(table):
                c.executemany(statement, batch)
    finally:
        c.execute(f"PRAGMA cache_size = {int(cache)}")
    c.execute(
        "INSERT INTO scan_sources (head, path, format, consumed, lines, malformed, checks, loaded_at, gen) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (head) DO UPDATE SET "
        "path = excluded.path, consumed = excluded.consumed, lines = lines + excluded.lines, "
        "malformed = malformed + excluded.malformed, checks = checks + excluded.checks, "
        "loaded_at = excluded.loaded_at, gen = excluded.gen",
        (head, path, fmt, consumed, counts.lines, counts.malformed, counts.checks, now, gen),
    )
    for table in _LEGACY:
        c.execute(f"DELETE FROM {table}")


def forget(cdb: CatalogueDB) -> int:
    """Erase every check, every log mark and the network key; returns the stamps that had checks."""
    count = int(cdb.conn.execute("SELECT count(*) FROM stamp_scans").fetchone()[0])
    for table in _TABLES:
        cdb.conn.execute(f"DELETE FROM {table}")
    cdb.conn.execute("DELETE FROM secrets WHERE name = ?", (SCAN_KEY_NAME,))
    return count


def all_scans(cdb: CatalogueDB, lot: str | None = None) -> list[StampScans]:
    """Every checked serial (of one lot code when given), with the catalogue's status for it; `networks`
    is 0 here (the scan store counts them: services/scans.py fills it in)."""
    where, args = ("WHERE lower(x.lot) = lower(?) OR lower(b.lot_code) = lower(?)", [lot, lot]) if lot else ("", [])
    rows = cdb.conn.execute(
        "SELECT x.serial, x.gtin, coalesce(b.lot_code, x.lot), x.first_at, x.last_at, x.checks, 0, "
        f"coalesce(s.status, ''), coalesce(s.print_count, 0) > 0, {', '.join('x.' + d for d in _DEVICES)} "
        "FROM stamp_scans x LEFT JOIN stamps s ON s.serial = x.serial "
        f"LEFT JOIN batches b ON b.id = s.batch_id {where} ORDER BY x.checks DESC, x.serial",
        args,
    ).fetchall()
    countries = _countries(cdb)
    return [
        StampScans(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            int(r[5]),
            int(r[6]),
            {f: int(n) for f, n in zip(DEVICE_FAMILIES, r[9:], strict=True) if n},
            countries.get(r[0], {}),
            r[7],
            bool(r[8]),
        )
        for r in rows
    ]


def lots(cdb: CatalogueDB) -> list[str]:
    """The lot codes of the checked stamps (the catalogue's code where it issued the stamp, else the
    lot in the URL), for the screen's lot filter."""
    rows = cdb.conn.execute(
        "SELECT DISTINCT coalesce(b.lot_code, x.lot) FROM stamp_scans x LEFT JOIN stamps s ON s.serial = x.serial "
        "LEFT JOIN batches b ON b.id = s.batch_id"
    )
    return sorted(lot for (lot,) in rows if lot)


def _countries(cdb: CatalogueDB) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for serial, key, checks in cdb.conn.execute("SELECT serial, country, checks FROM stamp_scan_countries"):
        found.setdefault(serial, {})[key] = int(checks)
    return found


def busiest_days(cdb: CatalogueDB) -> dict[str, tuple[str, int]]:
    """Per serial, its day with the most checks."""
    rows = cdb.conn.execute("SELECT serial, peak_day, peak_checks FROM stamp_scans")
    return {serial: (day, int(n)) for serial, day, n in rows}


def checks_per_day(cdb: CatalogueDB, lot: str | None = None) -> list[tuple[str, int]]:
    """(day, checks) over all stamps or one lot code's (read from the GS1 URL; short-form stamps count
    in the total only, their URL names no lot), for the chart."""
    where, args = ("WHERE lower(lot) = lower(?)", [lot]) if lot else ("", [])
    rows = cdb.conn.execute(f"SELECT day, sum(checks) FROM scan_days {where} GROUP BY day ORDER BY day", args)
    return [(d, int(n)) for d, n in rows]


def sources(cdb: CatalogueDB) -> list[tuple[str, str, int, int, int, int, str]]:
    """(path, format, bytes counted, lines, malformed, checks, loaded at) of every log loaded."""
    return cdb.conn.execute(
        "SELECT path, format, consumed, lines, malformed, checks, loaded_at FROM scan_sources ORDER BY loaded_at"
    ).fetchall()
