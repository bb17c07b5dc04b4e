"""Converting between domain dataclasses and SQLite rows (ISO dates, no Python objects in SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ocopdesk.storage.identity import given_uuid, new_uuid, new_uuids, with_uuid

if TYPE_CHECKING:
    from ocopdesk.storage.database import CatalogueDB


def to_row(obj: Any, *, drop: tuple[str, ...] = ("id",)) -> dict[str, Any]:
    """A dataclass as a dict of SQLite values: dates as ISO text. Shallow (the domain's records hold only
    plain values): `dataclasses.asdict` deep-copies every value, a third of an import's writing time."""
    row = {name: getattr(obj, name) for name in _names(type(obj), drop)}
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


@lru_cache(maxsize=64)
def _names(kind: type, drop: tuple[str, ...]) -> tuple[str, ...]:
    """A record type's field names but `drop`, found once per type (#28: `fields()` on each of 20,000 rows)."""
    return tuple(f.name for f in fields(kind) if f.name not in drop)


def to_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def insert(cdb: CatalogueDB, table: str, row: dict[str, Any]) -> int:
    """Insert one row with sqlite-utils (a savepoint inside the caller's transaction); returns its id.
    An entity row gets its UUID here (the one it brings, or a new one)."""
    return int(cdb.db[table].insert(with_uuid(cdb, table, row)).last_pk)


def update(cdb: CatalogueDB, table: str, row_id: int, row: dict[str, Any]) -> None:
    """Update one row by id with sqlite-utils; a missing row raises (it was deleted meanwhile). A row's UUID
    is never part of an update: it was fixed when the row was made (and the table refuses a change)."""
    cdb.db[table].update(row_id, {k: v for k, v in row.items() if k != "uuid"})


def next_id(cdb: CatalogueDB, table: str) -> int:
    """The id SQLite would give the next row inserted without one: one more than the table's largest (none of
    our tables' INTEGER PRIMARY KEYs has AUTOINCREMENT). Under the caller's write transaction it stays so."""
    return int(cdb.conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def insert_many(cdb: CatalogueDB, table: str, rows: list[dict[str, Any]], first: int) -> list[int]:
    """Insert rows that all have the same columns in one `executemany`, with the ids `first`, `first` + 1, …
    (from `next_id`, taken in the same write transaction), which are returned in order: the ids SQLite would
    give them, without one statement per row for its `lastrowid` (#28)."""
    ids = list(range(first, first + len(rows)))
    if rows:
        names = ", ".join(rows[0])
        marks = ", ".join(f":{k}" for k in rows[0])
        cdb.conn.executemany(
            f"INSERT INTO {table} (id, {names}) VALUES (:id, {marks})",
            [row | {"id": row_id} for row, row_id in zip(rows, ids, strict=True)],
        )
    return ids


class NewUuids:
    """The UUIDs a bulk insert gives its new rows (`given_uuid`), none twice in one insert: two rows that bring
    the same UUID cannot both keep it, and rows written together cannot see each other in the table."""

    def __init__(self, cdb: CatalogueDB, table: str) -> None:
        self.cdb, self.table = cdb, table
        self.taken: set[str] = set()
        self.fresh: list[str] = []

    def give(self, brought: str) -> str:
        if not brought:  # the usual case: new UUIDs, read from the system's random source 256 at a time
            if not self.fresh:
                self.fresh = new_uuids(256)
            uuid = self.fresh.pop()
        else:
            uuid = given_uuid(self.cdb, self.table, brought)
        if uuid in self.taken:
            uuid = new_uuid()
        self.taken.add(uuid)
        return uuid
