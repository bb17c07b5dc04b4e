"""Converting between domain dataclasses and SQLite rows (ISO dates, no Python objects in SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from ocopdesk.storage.identity import with_uuid

if TYPE_CHECKING:
    from ocopdesk.storage.database import CatalogueDB


def to_row(obj: Any, *, drop: tuple[str, ...] = ("id",)) -> dict[str, Any]:
    """A dataclass as a dict of SQLite values: dates as ISO text. Shallow (the domain's records hold only
    plain values): `dataclasses.asdict` deep-copies every value, a third of an import's writing time."""
    row = {f.name: getattr(obj, f.name) for f in fields(obj) if f.name not in drop}
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


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
