"""Stable ids (#24): what the UUID costs. Issuing stamps into a catalogue with the uuid column, its unique
index and its triggers (the row function giving each stamp its UUID, as stamps are issued; and a writer that
leaves it to the trigger) against the same inserts into a schema-8 catalogue (no uuid at all), in one process;
then migration 0009 on a catalogue of that many products and stamps.

    python bench/stable_ids.py [--count 100000]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlite_utils import Database

from ocopdesk.domain.stamp import new_serial
from ocopdesk.storage import stamps as stamp_rows
from ocopdesk.storage.database import APPLICATION_ID, open_catalogue
from ocopdesk.storage.migrations import NAMES, REINDEX_KEY, migrations

OLD_INSERT = "INSERT INTO stamps (batch_id, number, serial, issued_at) VALUES (?, ?, ?, ?)"


IDS_MIGRATION = next(n for n in NAMES if n.endswith("_stable_ids_24"))  # its number is set at merge


def schema_8(path: Path, products: int = 1) -> None:
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before=IDS_MIGRATION)
    db.execute("DELETE FROM settings WHERE key = ?", (REINDEX_KEY,))  # a real file had its index built long ago
    db.execute("INSERT INTO producers (name, name_fold, created_at, updated_at) VALUES ('HTX', 'htx', 'x', 'x')")
    db.conn.executemany(
        "INSERT INTO products (sku, name, name_sort, producer_id, created_at, updated_at) "
        "VALUES (?, ?, ?, 1, 'x', 'x')",
        [(f"SP{n}", f"Sản phẩm {n}", f"san pham {n}") for n in range(products)],
    )
    db.execute(
        "INSERT INTO batches (product_id, lot_code, produced_on, created_at) VALUES (1, 'L1', '2026-01-01', 'x')"
    )
    db.conn.commit()
    db.close()


def timed(conn: sqlite3.Connection, write: object) -> float:
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    write()  # type: ignore[operator]
    conn.execute("COMMIT")
    return time.perf_counter() - start


def issue_runs(tmp: Path, count: int) -> None:
    """Each way twice, in turn; the second round is printed (the first warms the caches for all three)."""
    for round_ in (1, 2):
        base, given, trigger = issue_round(tmp / str(round_), count)
    print(f"issue {count:,} stamps, schema 8 (no uuid):        {base:6.2f} s")
    print(f"  uuid given by the row function (what runs):     {given:6.2f} s  ({given / base:.2f}x)")
    print(f"  uuid left to the trigger (a forgetful writer):  {trigger:6.2f} s  ({trigger / base:.2f}x)")


def issue_round(tmp: Path, count: int) -> tuple[float, float, float]:
    tmp.mkdir()
    serials = [new_serial() for _ in range(count)]
    rows = [(1, n + 1, s, "2026-12-07T00:00:00+00:00") for n, s in enumerate(serials)]
    schema_8(tmp / "old.sqlite")
    old = sqlite3.connect(tmp / "old.sqlite", isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "cache_size = -65536", "foreign_keys = ON"):
        old.execute(f"PRAGMA {pragma}")  # as storage/database.py opens a catalogue
    base = timed(old, lambda: old.executemany(OLD_INSERT, rows))
    old.close()
    schema_8(tmp / "given.sqlite")
    with open_catalogue(tmp / "given.sqlite") as cdb:
        cdb.conn.isolation_level = None
        given = timed(cdb.conn, lambda: stamp_rows.insert_many(cdb, 1, 1, serials))
    schema_8(tmp / "trigger.sqlite")
    with open_catalogue(tmp / "trigger.sqlite") as cdb:
        cdb.conn.isolation_level = None
        trigger = timed(cdb.conn, lambda: cdb.conn.executemany(OLD_INSERT, rows))
    return base, given, trigger


def migration_run(tmp: Path, count: int) -> None:
    path = tmp / "big.sqlite"
    schema_8(path, products=count)
    conn = sqlite3.connect(path)
    conn.executemany(OLD_INSERT, [(1, n + 1, new_serial(), "x") for n in range(count)])
    conn.commit()
    conn.close()
    start = time.perf_counter()
    open_catalogue(path).close()  # backs the file up, then migrates (and rebuilds the search index)
    took = time.perf_counter() - start
    print(f"open + back up + migrate {count:,} products and {count:,} stamps to the current schema: {took:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        issue_runs(Path(tmp), args.count)
        migration_run(Path(tmp), args.count)


if __name__ == "__main__":
    main()
