"""Stamps table and the catalogue's stamp key."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

from ocopdesk.domain.stamp import Stamp, new_secret, utc_now
from ocopdesk.storage.database import CatalogueDB
from ocopdesk.storage.identity import new_uuids

_COLUMNS = (
    "batch_id",
    "number",
    "serial",
    "status",
    "issued_at",
    "print_count",
    "last_printed_at",
    "reprints",
    "voided_at",
    "void_reason",
    "id",
    "uuid",
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM stamps"
SECRET_NAME = "stamp-key-v1"

DuplicateSerial = sqlite3.IntegrityError


def secret(cdb: CatalogueDB) -> bytes:
    """The catalogue's stamp key, created on first use inside the caller's transaction."""
    row = cdb.conn.execute("SELECT value FROM secrets WHERE name = ?", (SECRET_NAME,)).fetchone()
    if row:
        return bytes(row[0])
    key = new_secret()
    cdb.conn.execute("INSERT INTO secrets (name, value) VALUES (?, ?)", (SECRET_NAME, key))
    return key


def next_number(cdb: CatalogueDB, batch_id: int) -> int:
    return int(
        cdb.conn.execute("SELECT coalesce(max(number), 0) + 1 FROM stamps WHERE batch_id = ?", (batch_id,)).fetchone()[
            0
        ]
    )


def insert_many(cdb: CatalogueDB, batch_id: int, first: int, serials: Sequence[str]) -> None:
    """Raises DuplicateSerial if any serial exists already (the caller draws new ones). Each stamp's UUID is
    made here rather than by the table's trigger, which would update every row a second time."""
    now = utc_now()
    uuids = new_uuids(len(serials))
    cdb.conn.executemany(
        "INSERT INTO stamps (batch_id, number, serial, issued_at, uuid) VALUES (?, ?, ?, ?, ?)",
        [(batch_id, first + n, serial, now, uuids[n]) for n, serial in enumerate(serials)],
    )


def existing_serials(cdb: CatalogueDB, serials: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(serials), 500):
        chunk = list(serials[start : start + 500])
        found.update(
            r[0]
            for r in cdb.conn.execute(
                f"SELECT serial FROM stamps WHERE serial IN ({', '.join('?' * len(chunk))})", chunk
            )
        )
    return found


def by_serial(cdb: CatalogueDB, serial: str) -> Stamp | None:
    row = cdb.conn.execute(f"{_SELECT} WHERE serial = ?", (serial,)).fetchone()
    return Stamp(*row) if row else None


def for_batch(cdb: CatalogueDB, batch_id: int, low: int = 1, high: int | None = None) -> list[Stamp]:
    rows = cdb.conn.execute(
        f"{_SELECT} WHERE batch_id = ? AND number BETWEEN ? AND ? ORDER BY number",
        (batch_id, low, high if high is not None else 2**62),
    )
    return [Stamp(*r) for r in rows]


def void_range(cdb: CatalogueDB, batch_id: int, low: int, high: int, reason: str) -> int:
    """Void the issued stamps numbered low..high. A void is never dated before the stamp's issue (a clock set
    back would otherwise say it was voided before it existed): the later of now and the issue time is kept;
    both are UTC ISO texts of one format, so SQLite's max() of the texts is the later time."""
    cur = cdb.conn.execute(
        "UPDATE stamps SET status = 'voided', voided_at = max(?, issued_at), void_reason = ? "
        "WHERE batch_id = ? AND number BETWEEN ? AND ? AND status = 'issued'",
        (utc_now(), reason, batch_id, low, high),
    )
    return cur.rowcount


def mark_printed(cdb: CatalogueDB, ids: Sequence[int]) -> None:
    """A stamp printed again is a reprint of the same serial, never a new one."""
    now = utc_now()
    cdb.conn.executemany(
        "UPDATE stamps SET print_count = print_count + 1, last_printed_at = ?, "
        "reprints = reprints + (print_count > 0) WHERE id = ?",
        [(now, i) for i in ids],
    )


def count_for_batch(cdb: CatalogueDB, batch_id: int) -> dict[str, int]:
    """Issued (still valid), voided and printed stamps of a lot, counted in SQL."""
    row = cdb.conn.execute(
        "SELECT coalesce(sum(status = 'issued'), 0), coalesce(sum(status = 'voided'), 0), "
        "coalesce(sum(print_count > 0), 0) FROM stamps WHERE batch_id = ?",
        (batch_id,),
    ).fetchone()
    return {"issued": int(row[0]), "voided": int(row[1]), "printed": int(row[2])}


def secret_readonly(cdb: CatalogueDB) -> bytes:
    """The stamp key without creating one (verifying must never write); empty if none exists."""
    row = cdb.conn.execute("SELECT value FROM secrets WHERE name = ?", (SECRET_NAME,)).fetchone()
    return bytes(row[0]) if row else b""


def published_rows(cdb: CatalogueDB) -> list[tuple[int, int, str, str, str]]:
    """(batch_id, number, serial, status, voided_at) of every stamp: what the website's check needs."""
    return cdb.conn.execute("SELECT batch_id, number, serial, status, voided_at FROM stamps ORDER BY serial").fetchall()


def epcis_rows(cdb: CatalogueDB, batch_ids: Sequence[int] | None, *, voided: bool) -> Iterator[tuple[int, str, str]]:
    """(batch_id, serial, time): every stamp with its issue time, or the voided ones with the time they were
    voided, in lot, time and number order, read lazily so that an EPCIS export of a hundred thousand stamps
    never holds them all (services/epcis_export.py)."""
    time = "voided_at" if voided else "issued_at"
    where = ["status = 'voided'"] if voided else []
    if batch_ids is not None:
        where.append(f"batch_id IN ({', '.join('?' * len(batch_ids))})")
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    sql = f"SELECT batch_id, serial, {time} FROM stamps {clause} ORDER BY batch_id, {time}, number"
    yield from cdb.conn.execute(sql, tuple(batch_ids or ()))
