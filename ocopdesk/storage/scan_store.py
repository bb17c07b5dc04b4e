"""The stamp-check rows too many for the catalogue (#27): per stamp and hashed network, and per stamp and
day, kept in a DuckDB file beside the catalogue (`catalogue.scans.duckdb`). A 10M-line log has ~2.5M
network rows; upserting them into SQLite one by one cost 2.6 µs each, while DuckDB appends them from the
counting query itself without a row passing through Python. The catalogue keeps the per-stamp
aggregates and the log marks.

Two files cannot commit together, so every row here carries the *generation* of the load that wrote it,
and the catalogue records the generation each load committed (`scan_sources.gen`, migration
0016_scan_store_27). A load writes and commits its rows here first, then commits its counts and mark in
the catalogue. Readers count only rows of committed generations, and the next load first deletes rows
of any generation the catalogue never committed (a load killed between the two commits). So a killed
load leaves no trace in what is shown, and loading its file again counts it once.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _

T = TypeVar("T")
LOCK_WAIT_S = 60.0  # a load holds the store only while it appends one file's rows: seconds at 10M lines
MEMORY_LIMIT = "200MB"  # DuckDB's buffer pool; the whole load peaks at ~400 MB on 10M lines (README)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS {db}networks (
    serial VARCHAR NOT NULL, net VARCHAR NOT NULL, first TIMESTAMP NOT NULL, last TIMESTAMP NOT NULL,
    n BIGINT NOT NULL, gen BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS {db}stamp_days (
    serial VARCHAR NOT NULL, day DATE NOT NULL, n BIGINT NOT NULL, gen BIGINT NOT NULL
);
"""
_NETWORK_FIRSTS = "SELECT serial, net, min(first) AS first FROM networks WHERE gen <= $gen GROUP BY serial, net"


def store_path(catalogue: Path) -> Path:
    """`catalogue.sqlite` keeps its network and day rows in `catalogue.scans.duckdb` beside it."""
    return catalogue.with_name(catalogue.stem + ".scans.duckdb")


def connect(path: Path | None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection (to the store, or in memory when `path` is None), always with the same
    settings: DuckDB shares one open file among a process's connections only when their settings agree.
    Another process holding the store (a load appending its rows) is waited for, up to LOCK_WAIT_S."""
    spill = Path(tempfile.gettempdir()) / f"ocopdesk-duckdb-{os.getpid()}"  # never DuckDB's default: ./.tmp
    config = {"memory_limit": MEMORY_LIMIT, "preserve_insertion_order": False, "temp_directory": str(spill)}
    if path is None:
        return duckdb.connect(":memory:", config=config)
    con = _waiting(lambda: duckdb.connect(str(path), config=config))
    con.execute(_SCHEMA.format(db=""))
    return con


def _waiting(open_: Callable[[], T]) -> T:
    """`open_()`, retried while another process holds the store's lock; then a plain-words error."""
    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            return open_()
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() > deadline:
                raise OcopDeskError(
                    _(
                        "The stamp checks are being written by another OCOPDesk window or command; "
                        "try again when it has finished."
                    )
                ) from exc
            time.sleep(0.1)


def keep(con: duckdb.DuckDBPyConnection, path: Path, committed: int, gen: int, legacy: Legacy | None = None) -> None:
    """Attach the store at `path` to the counting connection `con` only for this: in one DuckDB
    transaction, drop rows of loads the catalogue never committed, then append this load's rows (from
    `con`'s temp tables `n` and `d`) under generation `gen`, with any rows an older catalogue kept
    itself (`legacy`, which the catalogue deletes in the commit that records `gen`)."""
    quoted = str(path).replace("'", "''")
    _waiting(lambda: con.execute(f"ATTACH '{quoted}' AS store"))
    try:
        con.execute(_SCHEMA.format(db="store."))
        con.execute("BEGIN")
        try:
            for table in ("networks", "stamp_days"):
                con.execute(f"DELETE FROM store.{table} WHERE gen > $c", {"c": committed})
            con.execute("INSERT INTO store.networks SELECT serial, net, first, last, n, $g FROM n", {"g": gen})
            con.execute("INSERT INTO store.stamp_days SELECT serial, day, n, $g FROM d", {"g": gen})
            if legacy is not None:
                _adopt(con, legacy, gen)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.execute("DETACH store")


@dataclass(frozen=True, slots=True)
class Legacy:
    """Rows catalogues of schema 15 kept in SQLite (stamp_scan_networks: serial, network, first, last,
    checks; stamp_scan_days: serial, day, checks; times as ISO text)."""

    networks: Iterable[tuple[Any, ...]]
    days: Iterable[tuple[Any, ...]]


def _adopt(con: duckdb.DuckDBPyConnection, legacy: Legacy, gen: int) -> None:
    """Row by row: only catalogues that loaded logs before this store have any, once."""
    for row in legacy.networks:
        con.execute("INSERT INTO store.networks VALUES (?, ?, ?::TIMESTAMP, ?::TIMESTAMP, ?, ?)", [*row, gen])
    for row in legacy.days:
        con.execute("INSERT INTO store.stamp_days VALUES (?, ?::DATE, ?, ?)", [*row, gen])


def prune(path: Path, before: dt.datetime, committed: int) -> int:
    """Drop committed network rows not seen since `before` (the retention of domain/scans.py). Run after
    the catalogue's commit: a load killed before it leaves old rows for the next load to drop."""
    if not path.exists():
        return 0
    with connect(path) as con:
        row = con.execute(
            "DELETE FROM networks USING (SELECT serial, net FROM networks WHERE gen <= $c GROUP BY serial, net "
            "HAVING max(last) < $b) AS old WHERE networks.serial = old.serial AND networks.net = old.net "
            "AND networks.gen <= $c",
            {"c": committed, "b": before},
        ).fetchone()
        return int(row[0]) if row else 0


def network_summary(path: Path, committed: int, window: dt.timedelta) -> dict[str, tuple[int, int]]:
    """Per serial: its distinct networks, and the most of them first seen within any `window` (the
    copied-stamp signal's figure), from committed rows only."""
    if not path.exists() or committed == 0:
        return {}
    with connect(path) as con:
        rows = con.execute(
            f"WITH r AS ({_NETWORK_FIRSTS}), w AS (SELECT serial, count(*) OVER (PARTITION BY serial ORDER BY "
            "first RANGE BETWEEN $w PRECEDING AND CURRENT ROW) AS c FROM r) "
            "SELECT serial, count(*), max(c) FROM w GROUP BY serial",
            {"gen": committed, "w": window},
        ).fetchall()
    return {serial: (int(n), int(densest)) for serial, n, densest in rows}


def stamp_days(path: Path, committed: int, serial: str) -> list[tuple[str, int]]:
    """(day ISO, checks) of one stamp, committed rows only."""
    if not path.exists() or committed == 0:
        return []
    with connect(path) as con:
        rows = con.execute(
            "SELECT strftime(day, '%Y-%m-%d'), sum(n) FROM stamp_days WHERE serial = $s AND gen <= $g "
            "GROUP BY day ORDER BY day",
            {"s": serial, "g": committed},
        ).fetchall()
    return [(d, int(n)) for d, n in rows]


def snapshot(path: Path, target: Path, committed: int) -> bool:
    """Copy the rows of loads up to generation `committed` (those of the catalogue snapshot a backup took
    just before) into a new store at `target`, through DuckDB: a consistent copy while another window may
    be loading. False, and no file, when there is no store or nothing committed."""
    if not path.exists() or committed == 0:
        return False
    with connect(path) as con:
        quoted = str(target).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS snap")
        con.execute(_SCHEMA.format(db="snap."))
        for table in ("networks", "stamp_days"):
            con.execute(f"INSERT INTO snap.{table} SELECT * FROM {table} WHERE gen <= $c", {"c": committed})
        con.execute("DETACH snap")
    return True


def files(path: Path) -> tuple[Path, Path]:
    """The store and DuckDB's write-ahead log beside it."""
    return path, path.with_name(path.name + ".wal")


def erase(path: Path) -> None:
    """Delete the store (and DuckDB's write-ahead log beside it): a forget keeps nothing."""
    for file in files(path):
        file.unlink(missing_ok=True)
