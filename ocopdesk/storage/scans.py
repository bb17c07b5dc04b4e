"""The catalogue's stamp-check aggregates (#27): merged from a log's counts in the caller's transaction,
read back per stamp, and erased. See domain/scans.py for what is kept and why."""

from __future__ import annotations

import secrets

from ocopdesk.domain.scans import StampScans
from ocopdesk.storage.database import CatalogueDB
from ocopdesk.storage.scan_logs import LogCounts

SCAN_KEY_NAME = "scan-network-key-v1"
_TABLES = (
    "stamp_scans",
    "stamp_scan_networks",
    "stamp_scan_days",
    "stamp_scan_devices",
    "stamp_scan_countries",
    "scan_sources",
)


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


def merge(cdb: CatalogueDB, head: str, path: str, fmt: str, consumed: int, counts: LogCounts, now: str) -> None:
    """Add one load's counts and move the file's mark, in the caller's transaction: a load killed
    before the commit leaves neither, so nothing is counted twice or lost."""
    c = cdb.conn
    c.executemany(
        "INSERT INTO stamp_scans (serial, gtin, lot, first_at, last_at, checks) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (serial) DO UPDATE SET first_at = min(first_at, excluded.first_at), "
        "last_at = max(last_at, excluded.last_at), checks = checks + excluded.checks, "
        "gtin = CASE WHEN gtin = '' THEN excluded.gtin ELSE gtin END, "
        "lot = CASE WHEN lot = '' THEN excluded.lot ELSE lot END",
        [(s, g or "", lot or "", f, la, n) for s, g, lot, f, la, n in counts.stamps],
    )
    c.executemany(
        "INSERT INTO stamp_scan_networks VALUES (?, ?, ?, ?, ?) ON CONFLICT (serial, network) DO UPDATE SET "
        "first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at), "
        "checks = checks + excluded.checks",
        counts.networks,
    )
    for table, column, rows in (
        ("stamp_scan_days", "day", counts.days),
        ("stamp_scan_devices", "family", counts.devices),
        ("stamp_scan_countries", "country", counts.countries),
    ):
        c.executemany(
            f"INSERT INTO {table} VALUES (?, ?, ?) ON CONFLICT (serial, {column}) "
            "DO UPDATE SET checks = checks + excluded.checks",
            rows,
        )
    c.execute(
        "INSERT INTO scan_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (head) DO UPDATE SET "
        "path = excluded.path, consumed = excluded.consumed, lines = lines + excluded.lines, "
        "malformed = malformed + excluded.malformed, checks = checks + excluded.checks, loaded_at = excluded.loaded_at",
        (head, path, fmt, consumed, counts.lines, counts.malformed, counts.checks, now),
    )


def prune_networks(cdb: CatalogueDB, before: str) -> int:
    """Drop hashed networks not seen since `before` (ISO): the retention rule of domain/scans.py."""
    return cdb.conn.execute("DELETE FROM stamp_scan_networks WHERE last_at < ?", (before,)).rowcount


def forget(cdb: CatalogueDB) -> int:
    """Erase every check, every log mark and the network key; returns the stamps that had checks."""
    count = int(cdb.conn.execute("SELECT count(*) FROM stamp_scans").fetchone()[0])
    for table in _TABLES:
        cdb.conn.execute(f"DELETE FROM {table}")
    cdb.conn.execute("DELETE FROM secrets WHERE name = ?", (SCAN_KEY_NAME,))
    return count


def all_scans(cdb: CatalogueDB, lot: str | None = None) -> list[StampScans]:
    """Every checked serial (of one lot code when given), with the catalogue's status for it."""
    where, args = ("WHERE lower(x.lot) = lower(?) OR lower(b.lot_code) = lower(?)", [lot, lot]) if lot else ("", [])
    rows = cdb.conn.execute(
        "SELECT x.serial, x.gtin, coalesce(b.lot_code, x.lot), x.first_at, x.last_at, x.checks, "
        "(SELECT count(*) FROM stamp_scan_networks n WHERE n.serial = x.serial), "
        "coalesce(s.status, ''), coalesce(s.print_count, 0) > 0 "
        "FROM stamp_scans x LEFT JOIN stamps s ON s.serial = x.serial "
        f"LEFT JOIN batches b ON b.id = s.batch_id {where} ORDER BY x.checks DESC, x.serial",
        args,
    ).fetchall()
    devices = _per_serial(cdb, "stamp_scan_devices", "family")
    countries = _per_serial(cdb, "stamp_scan_countries", "country")
    return [
        StampScans(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            int(r[5]),
            int(r[6]),
            devices.get(r[0], {}),
            countries.get(r[0], {}),
            r[7],
            bool(r[8]),
        )
        for r in rows
    ]


def _per_serial(cdb: CatalogueDB, table: str, column: str) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for serial, key, checks in cdb.conn.execute(f"SELECT serial, {column}, checks FROM {table}"):
        found.setdefault(serial, {})[key] = int(checks)
    return found


def network_firsts(cdb: CatalogueDB) -> dict[str, list[str]]:
    """Per serial, when each of its networks was first seen (for the copied-stamp signal)."""
    found: dict[str, list[str]] = {}
    for serial, first in cdb.conn.execute("SELECT serial, first_at FROM stamp_scan_networks"):
        found.setdefault(serial, []).append(first)
    return found


def busiest_days(cdb: CatalogueDB) -> dict[str, tuple[str, int]]:
    """Per serial, its day with the most checks."""
    rows = cdb.conn.execute(
        "SELECT serial, day, max(checks) FROM stamp_scan_days GROUP BY serial"
    ).fetchall()  # SQLite returns the day of the max row for a bare column with max()
    return {serial: (day, int(n)) for serial, day, n in rows}


def checks_per_day(cdb: CatalogueDB, serials: list[str] | None = None) -> list[tuple[str, int]]:
    """(day, checks) over all stamps or the given ones, for the chart."""
    if serials is None:
        rows = cdb.conn.execute("SELECT day, sum(checks) FROM stamp_scan_days GROUP BY day ORDER BY day")
        return [(d, int(n)) for d, n in rows]
    totals: dict[str, int] = {}
    for start in range(0, len(serials), 500):
        chunk = serials[start : start + 500]
        for day, n in cdb.conn.execute(
            f"SELECT day, sum(checks) FROM stamp_scan_days WHERE serial IN ({', '.join('?' * len(chunk))}) "
            "GROUP BY day",
            chunk,
        ):
            totals[day] = totals.get(day, 0) + int(n)
    return sorted(totals.items())


def sources(cdb: CatalogueDB) -> list[tuple[str, str, int, int, int, int, str]]:
    """(path, format, bytes counted, lines, malformed, checks, loaded at) of every log loaded."""
    return cdb.conn.execute(
        "SELECT path, format, consumed, lines, malformed, checks, loaded_at FROM scan_sources ORDER BY loaded_at"
    ).fetchall()
