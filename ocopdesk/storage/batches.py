"""Batches (lots) and batch events."""

from __future__ import annotations

from collections.abc import Iterable

from ocopdesk.domain.batch import Batch, BatchEvent
from ocopdesk.storage.database import CatalogueDB, now_iso
from ocopdesk.storage.rows import insert, to_date, to_row, update

_COLUMNS = ("id", "product_id", "lot_code", "lot_name", "produced_on", "expires_on", "quantity", "notes", "uuid")
_EVENT_COLUMNS = (
    "id",
    "batch_id",
    "kind",
    "occurred_on",
    "place",
    "actor",
    "note",
    "occurred_time",
    "commune_code",
    "place_gln",
)


def _from_row(row: tuple) -> Batch:  # type: ignore[type-arg]
    v = dict(zip(_COLUMNS, row, strict=True))
    v["produced_on"], v["expires_on"] = to_date(v["produced_on"]), to_date(v["expires_on"])
    return Batch(**v)


def find(cdb: CatalogueDB, product_id: int, lot_code: str) -> Batch | None:
    row = cdb.conn.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM batches WHERE product_id = ? AND lot_code = ?", (product_id, lot_code)
    ).fetchone()
    return _from_row(row) if row else None


def save(cdb: CatalogueDB, batch: Batch) -> int:
    row = to_row(batch)
    if batch.id is None:
        row["created_at"] = now_iso()
        return insert(cdb, "batches", row)
    update(cdb, "batches", batch.id, row)
    return batch.id


def list_batches(cdb: CatalogueDB, product_id: int | None = None) -> list[Batch]:
    sql = f"SELECT {', '.join(_COLUMNS)} FROM batches"
    params: tuple[object, ...] = ()
    if product_id is not None:
        sql += " WHERE product_id = ?"
        params = (product_id,)
    return [_from_row(r) for r in cdb.conn.execute(sql + " ORDER BY produced_on DESC, id DESC", params)]


def add_event(cdb: CatalogueDB, event: BatchEvent) -> int:
    """The stage and the lots it used, in the caller's transaction."""
    row = to_row(event, drop=("id", "inputs"))
    event_id = insert(cdb, "batch_events", row)
    cdb.conn.executemany(
        "INSERT INTO batch_event_inputs (event_id, input_batch_id) VALUES (?, ?)",
        [(event_id, batch_id) for batch_id in event.inputs],
    )
    return event_id


def events(cdb: CatalogueDB, batch_id: int) -> list[BatchEvent]:
    rows = cdb.conn.execute(
        f"SELECT {', '.join(_EVENT_COLUMNS)} FROM batch_events WHERE batch_id = ? ORDER BY occurred_on, id", (batch_id,)
    )
    inputs = cdb.conn.execute(
        "SELECT i.event_id, i.input_batch_id FROM batch_event_inputs i JOIN batch_events e ON e.id = i.event_id"
        " WHERE e.batch_id = ? ORDER BY i.event_id, i.input_batch_id",
        (batch_id,),
    )
    return _events(rows, _by_event(inputs))


def all_events(cdb: CatalogueDB) -> dict[int, list[BatchEvent]]:
    """Every lot's timeline in one query (the website shows all of them)."""
    rows = cdb.conn.execute(f"SELECT {', '.join(_EVENT_COLUMNS)} FROM batch_events ORDER BY batch_id, occurred_on, id")
    inputs = cdb.conn.execute(
        "SELECT event_id, input_batch_id FROM batch_event_inputs ORDER BY event_id, input_batch_id"
    )
    out: dict[int, list[BatchEvent]] = {}
    for event in _events(rows, _by_event(inputs)):
        out.setdefault(event.batch_id, []).append(event)
    return out


def _by_event(rows: Iterable[tuple[int, int]]) -> dict[int, tuple[int, ...]]:
    out: dict[int, list[int]] = {}
    for event_id, batch_id in rows:
        out.setdefault(event_id, []).append(batch_id)
    return {k: tuple(v) for k, v in out.items()}


def _events(rows: Iterable[tuple], inputs: dict[int, tuple[int, ...]]) -> list[BatchEvent]:  # type: ignore[type-arg]
    out = []
    for row in rows:
        v = dict(zip(_EVENT_COLUMNS, row, strict=True))
        v["occurred_on"] = to_date(v["occurred_on"])
        out.append(BatchEvent(**v, inputs=inputs.get(v["id"], ())))
    return out


def find_by_lot(cdb: CatalogueDB, lot_code: str, *, ignore_case: bool = False) -> list[Batch]:
    """Lots with this code in any product (codes are unique per product only)."""
    where = "upper(lot_code) = upper(?)" if ignore_case else "lot_code = ?"
    rows = cdb.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM batches WHERE {where} ORDER BY id", (lot_code,))
    return [_from_row(r) for r in rows]


def same_lots(cdb: CatalogueDB, product_id: int, lot_code: str) -> list[Batch]:
    """The product's lots whose code equals `lot_code` ignoring case (the same folder on Windows),
    oldest first. The table's own UNIQUE constraint compares exactly, so this is the real check."""
    rows = cdb.conn.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM batches WHERE product_id = ? AND upper(lot_code) = upper(?) ORDER BY id",
        (product_id, lot_code),
    )
    return [_from_row(r) for r in rows]


def all_codes(cdb: CatalogueDB) -> list[tuple[int, int, str]]:
    """(id, product id, lot code) of every lot, for checking saved codes against today's rule."""
    return list(cdb.conn.execute("SELECT id, product_id, lot_code FROM batches ORDER BY id"))


def rename(cdb: CatalogueDB, batch_id: int, lot_code: str) -> None:
    cdb.conn.execute("UPDATE batches SET lot_code = ? WHERE id = ?", (lot_code, batch_id))


def get(cdb: CatalogueDB, batch_id: int) -> Batch | None:
    row = cdb.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM batches WHERE id = ?", (batch_id,)).fetchone()
    return _from_row(row) if row else None


def made_from(cdb: CatalogueDB, batch_id: int) -> set[int]:
    """The lot and every lot it was made from, through any number of stages (rice → rice paper → a gift box):
    a stage may not use a lot that is already downstream of it."""
    rows = cdb.conn.execute(
        "WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT i.input_batch_id FROM batch_event_inputs i"
        " JOIN batch_events e ON e.id = i.event_id JOIN up ON e.batch_id = up.id) SELECT id FROM up",
        (batch_id,),
    )
    return {row[0] for row in rows}
