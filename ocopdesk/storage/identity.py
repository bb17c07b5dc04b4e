"""Stable identifiers (#24): each entity row's UUID and the catalogue's own id.

Random UUIDs (version 4), not time-ordered ones (version 7): Python 3.11's `uuid` makes only v4, SQLite's
trigger makes the same kind, and an id that travels to other co-ops and the province should not tell when a
record was typed. The index cost of random keys is measured in bench/stable_ids.py.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _
from ocopdesk.storage.migrations import ENTITY_TABLES

if TYPE_CHECKING:
    from ocopdesk.storage.database import CatalogueDB


def new_uuid() -> str:
    return str(uuid.uuid4())


def new_uuids(count: int) -> list[str]:
    """`count` version-4 UUIDs from one read of the system's random source: a stamp issue makes a hundred
    thousand, and `uuid.uuid4()` reads it once per UUID (1.6x slower, bench/stable_ids.py). The version
    digit is set to 4 and the variant digit to one of 8, 9, a, b by its two low bits (RFC 9562)."""
    digits = os.urandom(16 * count).hex()
    out = []
    for start in range(0, 32 * count, 32):
        x = digits[start : start + 32]
        out.append(f"{x[:8]}-{x[8:12]}-4{x[13:16]}-{'89ab'[int(x[16], 16) & 3]}{x[17:20]}-{x[20:]}")
    return out


def checked(value: str | None) -> str:
    """A UUID a writer brings (a row copied from another catalogue) in canonical form, or a new one when it
    brings none; anything else is refused before it reaches the table."""
    if not value:
        return new_uuid()
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise OcopDeskError(_("{value} is not a UUID.").format(value=value)) from None


def with_uuid(cdb: CatalogueDB, table: str, row: dict[str, object]) -> dict[str, object]:
    """The row to insert, given its UUID when its table is an entity table: the one it brings, unless a row
    here holds it already (a copy made inside this catalogue is a new entity), or a new one."""
    if table not in ENTITY_TABLES:
        return row
    return row | {"uuid": given_uuid(cdb, table, str(row.get("uuid") or ""))}


def given_uuid(cdb: CatalogueDB, table: str, brought: str) -> str:
    """The UUID a new row of an entity table gets from a bulk writer (plain INSERT, not `with_uuid`'s row):
    the one it brings unless a row here holds it already, else a new one."""
    if not brought:
        return new_uuid()
    given = checked(brought)
    return new_uuid() if held(cdb, table, given) else given


def held(cdb: CatalogueDB, table: str, uuid: str) -> bool:
    """Whether a row of `table` has this UUID."""
    if table not in ENTITY_TABLES:
        raise ValueError(table)
    return cdb.conn.execute(f"SELECT 1 FROM {table} WHERE uuid = ?", (uuid,)).fetchone() is not None


def uuids(cdb: CatalogueDB, table: str, ids: Sequence[int]) -> dict[int, str]:
    """The UUIDs of some rows of an entity table, by id."""
    if table not in ENTITY_TABLES:
        raise ValueError(table)
    out: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ", ".join("?" * len(chunk))
        out.update(cdb.conn.execute(f"SELECT id, uuid FROM {table} WHERE id IN ({marks})", chunk).fetchall())
    return out


def catalogue_id(cdb: CatalogueDB) -> str:
    """The catalogue's own id, made once when the file was created (or first opened by this version)."""
    return str(cdb.conn.execute("SELECT uuid FROM catalogue").fetchone()[0])
