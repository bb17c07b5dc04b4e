"""The products' search text: what each product is found by, folded, in the FTS5 table `product_search`.

It needs a connection only, not the open catalogue: opening a catalogue rebuilds it after a migration
(storage/database.py), and saving a product or producer rewrites it (storage/products.py), so it sits below
both and neither imports the other."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from ocopdesk.domain.text import fold


def rewrite(conn: sqlite3.Connection, product_ids: Sequence[int]) -> None:
    """Rewrite the search text of these products. Caller holds the transaction."""
    for start in range(0, len(product_ids), 500):
        chunk = list(product_ids[start : start + 500])
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(
            f"""
            SELECT p.id, p.name, p.sku, p.description, p.gtin, pr.name, pr.commune_code
            FROM products p LEFT JOIN producers pr ON pr.id = p.producer_id WHERE p.id IN ({marks})
        """,
            chunk,
        ).fetchall()
        conn.execute(f"DELETE FROM product_search WHERE rowid IN ({marks})", chunk)
        conn.executemany(
            "INSERT INTO product_search(rowid, body) VALUES (?, ?)", [(r[0], search_body(*r[1:])) for r in rows]
        )


def search_body(
    name: str, sku: str, description: str, gtin: str, producer: str | None, commune_code: str | None
) -> str:
    """The folded text a product is found by: name, SKU, barcode, description, producer, commune."""
    from ocopdesk.domain.address import describe  # data load only when indexing

    parts = [name, sku, gtin, description, producer or "", describe(commune_code)]
    return fold(" ".join(p for p in parts if p))


def rewrite_all(conn: sqlite3.Connection) -> None:
    """Rebuild the whole search index (after a migration created it). Caller holds the transaction."""
    rewrite(conn, [r[0] for r in conn.execute("SELECT id FROM products")])
