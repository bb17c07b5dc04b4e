"""Key–value settings kept inside the catalogue (they travel with its backups)."""

from __future__ import annotations

import json
from typing import Any

from ocopdesk.storage.database import CatalogueDB


def get_all(cdb: CatalogueDB, prefix: str) -> dict[str, Any]:
    rows = cdb.conn.execute(
        "SELECT key, value FROM settings WHERE key LIKE ? ESCAPE '\\'", (prefix.replace("_", "\\_") + "%",)
    )
    return {key[len(prefix) :]: json.loads(value) for key, value in rows}


def put_all(cdb: CatalogueDB, prefix: str, values: dict[str, Any]) -> None:
    cdb.conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [(prefix + key, json.dumps(value, ensure_ascii=False)) for key, value in values.items()],
    )
