"""Managed media: files named by SHA-256 in the folder beside the database, rows in product_media.

Files are written before the transaction that references them (temporary name, then rename); a
file whose transaction rolls back is an unreferenced duplicate-free orphan, never a broken link.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ocopdesk.domain.media import MediaFile
from ocopdesk.storage.database import CatalogueDB
from ocopdesk.storage.identity import checked, held, new_uuid

_COLUMNS = ("kind", "sha256", "ext", "original_name", "title", "position", "id", "public", "uuid")


def _media(row: Sequence[Any]) -> MediaFile:
    """A row of `_COLUMNS` as the item it holds (one place, so a new column cannot shift one reader only)."""
    kind, sha256, ext, original_name, title, position, id_, public, uuid = row
    return MediaFile(kind, sha256, ext, original_name, title, position, id_, bool(public), uuid)


def store_bytes(media_dir: Path, data: bytes, ext: str) -> str:
    """Write `data` once under its content hash; returns the hash."""
    digest = hashlib.sha256(data).hexdigest()
    target = media_dir / f"{digest}{ext}"
    if not target.exists():
        media_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        partial.write_bytes(data)
        partial.replace(target)
    return digest


def for_product(cdb: CatalogueDB, product_id: int, kind: str | None = None) -> list[MediaFile]:
    sql = f"SELECT {', '.join(_COLUMNS)} FROM product_media WHERE product_id = ?"
    params: list[object] = [product_id]
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    rows = cdb.conn.execute(sql + " ORDER BY kind, position", params)
    return [_media(r) for r in rows]


def replace_all(cdb: CatalogueDB, product_id: int, kind: str, files: list[MediaFile]) -> None:
    """Set the ordered list of photos (or documents) of a product; the first photo is the main one.
    An item that stays keeps its UUID: the one it carries, else the one its file had here before."""
    before = dict(
        cdb.conn.execute(
            "SELECT sha256, uuid FROM product_media WHERE product_id = ? AND kind = ?", (product_id, kind)
        ).fetchall()
    )
    cdb.conn.execute("DELETE FROM product_media WHERE product_id = ? AND kind = ?", (product_id, kind))
    given: set[str] = set()
    rows = []
    for n, f in enumerate(files):
        uuid = checked(f.uuid or before.get(f.sha256))
        if uuid in given or held(cdb, "product_media", uuid):  # the same file twice, or an item copied from elsewhere
            uuid = new_uuid()
        given.add(uuid)
        rows.append((product_id, kind, n, f.sha256, f.ext, f.original_name, f.title, int(f.public), uuid))
    cdb.conn.executemany(
        "INSERT INTO product_media (product_id, kind, position, sha256, ext, original_name, title, public, uuid)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def path_of(cdb: CatalogueDB, media: MediaFile) -> Path:
    return cdb.media_dir / media.file_name


def for_products(cdb: CatalogueDB, product_ids: Sequence[int]) -> dict[int, list[MediaFile]]:
    """Every listed product's photos and documents in one query, in their order, by product id."""
    rows = cdb.conn.execute(
        f"SELECT product_id, {', '.join(_COLUMNS)} FROM product_media "
        "WHERE product_id IN (SELECT value FROM json_each(?)) ORDER BY product_id, kind, position",
        (json.dumps(list(product_ids)),),
    )
    found: dict[int, list[MediaFile]] = {}
    for product_id, *row in rows:
        found.setdefault(product_id, []).append(_media(row))
    return found
