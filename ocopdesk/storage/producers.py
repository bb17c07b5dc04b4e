"""Producers table: insert, update, look up by name (folded) or id."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ocopdesk.domain.errors import NotFoundError
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.text import fold
from ocopdesk.i18n import _
from ocopdesk.storage.database import CatalogueDB, now_iso
from ocopdesk.storage.rows import insert, to_row, update

_COLUMNS = (
    "id",
    "name",
    "kind",
    "tax_code",
    "phone",
    "email",
    "representative",
    "province_code",
    "commune_code",
    "address_scheme",
    "street",
    "legacy_address",
    "registration_no",
    "gln",
    "private_items",
    "uuid",
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM producers"


def _from_row(row: tuple) -> Producer:  # type: ignore[type-arg]
    values = dict(zip(_COLUMNS, row, strict=True))
    return Producer(**values)


def save(cdb: CatalogueDB, producer: Producer) -> int:
    """Insert or update; returns the id. The caller holds the write transaction."""
    row = to_row(producer) | {"name_fold": fold(producer.name), "updated_at": now_iso()}
    if producer.id is None:
        row["created_at"] = row["updated_at"]
        return insert(cdb, "producers", row)
    update(cdb, "producers", producer.id, row)
    return producer.id


def get(cdb: CatalogueDB, producer_id: int) -> Producer:
    row = cdb.conn.execute(f"{_SELECT} WHERE id = ?", (producer_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("Producer {id} does not exist.").format(id=producer_id))
    return _from_row(row)


def find_by_name(cdb: CatalogueDB, name: str) -> Producer | None:
    """Producers are matched by name without regard to case, diacritics or NFC/NFD form."""
    row = cdb.conn.execute(f"{_SELECT} WHERE name_fold = ? ORDER BY id LIMIT 1", (fold(name),)).fetchone()
    return _from_row(row) if row else None


def all_producers(cdb: CatalogueDB) -> list[Producer]:
    return [_from_row(r) for r in cdb.conn.execute(f"{_SELECT} ORDER BY name_fold")]


def product_ids(cdb: CatalogueDB, producer_id: int) -> list[int]:
    return [r[0] for r in cdb.conn.execute("SELECT id FROM products WHERE producer_id = ?", (producer_id,))]


def get_many(cdb: CatalogueDB, producer_ids: Sequence[int]) -> dict[int, Producer]:
    """Many producers in one query, by id (the ids travel as one JSON array)."""
    rows = cdb.conn.execute(
        f"{_SELECT} WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(list(producer_ids)),)
    )
    return {producer.id: producer for producer in map(_from_row, rows) if producer.id is not None}
