"""The products' search text: what each product is found by, in the FTS5 table `product_search`, and the
FTS5 query a clerk's words become. Two columns (#28, "tone marks carry meaning"): `body` holds the text folded
(đ→d, no marks), which a word typed without marks is matched against; `marked` holds the words that carry marks,
as written (NFC, lower case; the tokenizer keeps marks), which a word typed with marks is matched against, so
"trà" finds Trà and not "tra" or "Trái", while "tra" finds all three.

It needs a connection only, not the open catalogue: opening a catalogue rebuilds it after a migration
(storage/database.py), and saving a product or producer rewrites it (storage/products.py), so it sits below
both and neither imports the other."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import lru_cache

from ocopdesk.domain.text import fold, marked_words
from ocopdesk.storage.migrations import REINDEX_KEY

REBUILD_CHUNK = 5_000  # products per transaction of a background rebuild: a clerk's save waits for one chunk
# Up to this many products the rebuild is done on opening even when the caller would defer it (~0.3 s of CPU):
# a new or small catalogue starts no background process for it.
DEFER_OVER = 2_000


def rewrite(conn: sqlite3.Connection, product_ids: Sequence[int]) -> None:
    """Rewrite the search text of these products. Caller holds the transaction."""
    for start in range(0, len(product_ids), 500):
        chunk = list(product_ids[start : start + 500])
        conn.execute(f"DELETE FROM product_search WHERE rowid IN ({', '.join('?' * len(chunk))})", chunk)
        _index(conn, chunk)


def _index(conn: sqlite3.Connection, chunk: list[int]) -> None:
    """Index these products (at most 500, none indexed now)."""
    rows = conn.execute(
        f"""
        SELECT p.id, p.name, p.sku, p.description, p.gtin, pr.name, pr.commune_code
        FROM products p LEFT JOIN producers pr ON pr.id = p.producer_id WHERE p.id IN ({", ".join("?" * len(chunk))})
    """,
        chunk,
    ).fetchall()
    conn.executemany(
        "INSERT INTO product_search(rowid, body, marked) VALUES (?, ?, ?)",
        [(r[0], *search_text(*r[1:])) for r in rows],
    )


def search_text(
    name: str, sku: str, description: str, gtin: str, producer: str | None, commune_code: str | None
) -> tuple[str, str]:
    """(body, marked): what a product is found by (name, SKU, barcode, description, producer, commune), folded,
    and its words that carry marks."""
    from ocopdesk.domain.address import describe  # data load only when indexing

    parts = [_searched(p) for p in (name, sku, gtin, description, producer or "", describe(commune_code)) if p]
    body = " ".join(folded for folded, _marked in parts if folded)
    return body, " ".join(dict.fromkeys(word for _folded, marked in parts for word in marked))


@lru_cache(maxsize=4096)  # a list's products share descriptions, producers and communes (#28)
def _searched(part: str) -> tuple[str, tuple[str, ...]]:
    """One part of a product's search text, folded, and its marked words. The whole text's `fold` and
    `marked_words` are the parts' joined by spaces: both work within runs of non-space (white space is never
    composed with a mark, nor made by folding), so a part is folded word by word too, and a name's words
    ("Mật", "ong", "rừng") are folded once per catalogue."""
    words = [_word(w) for w in part.split()]
    folded = " ".join(f for f, _m in words if f)
    return folded, tuple(dict.fromkeys(m for _f, marked in words for m in marked))


@lru_cache(maxsize=16384)
def _word(word: str) -> tuple[str, tuple[str, ...]]:
    return fold(word), tuple(marked_words(word).split())


def match_expression(words: Sequence[tuple[str, bool]]) -> str:
    """The FTS5 query for a clerk's words (domain.text.query_words): every word a prefix, all required; a word
    typed with marks against the `marked` column ("ĐỒNG hoi" → marked : "đồng"* AND "hoi"*). A word typed
    without marks needs no column: any marked word it starts has its folded form in `body`, so the rows are the
    same, and the filter cost 5–8 % (measured at 100,000 products). Words are letters and digits only, so
    nothing typed (quotes, AND/OR/NOT, *, :, parentheses) becomes FTS5 syntax; empty when no word was typed."""
    return " AND ".join(f'{"marked : " if marked else ""}"{term}"*' for term, marked in words)


def rebuild_pending(conn: sqlite3.Connection) -> bool:
    """Whether a migration asked for the index to be rebuilt and it has not been yet: searches then scan names
    (storage/products.py), since the index is empty or half made."""
    return conn.execute("SELECT 1 FROM settings WHERE key = ?", (REINDEX_KEY,)).fetchone() is not None


def worth_deferring(conn: sqlite3.Connection) -> bool:
    """Whether a pending rebuild is big enough to leave to the background (`DEFER_OVER`)."""
    if not rebuild_pending(conn):
        return False
    return conn.execute("SELECT count(*) FROM products").fetchone()[0] > DEFER_OVER


def pending_chunks(conn: sqlite3.Connection) -> list[list[int]]:
    """The products to index, in chunks of `REBUILD_CHUNK`, for a rebuild a transaction at a time."""
    ids = [r[0] for r in conn.execute("SELECT id FROM products ORDER BY id")]
    return [ids[start : start + REBUILD_CHUNK] for start in range(0, len(ids), REBUILD_CHUNK)]


def finish_rebuild(conn: sqlite3.Connection) -> None:
    """After every chunk was rewritten: merge the index into one segment (see `rewrite_all`) and let searches
    use it. Caller holds the transaction. A product saved while the chunks ran rewrote its own row (`rewrite`
    deletes before it inserts), so the index is whole."""
    conn.execute("INSERT INTO product_search(product_search) VALUES ('optimize')")
    conn.execute("DELETE FROM settings WHERE key = ?", (REINDEX_KEY,))


def rewrite_all(conn: sqlite3.Connection) -> None:
    """Rebuild the whole search index (after a migration created it). Caller holds the transaction.

    Then 'optimize' merges the index into one segment: a rebuild writes it in hundreds of pieces, and every
    query reads each piece (#28, measured at 100,000 products, bench/catalogue.py's catalogue: FTS time of the
    benchmark's queries 70 → 42 ms in all; 'dong hoi' 5.0 → 2.6 ms)."""
    conn.execute("DELETE FROM product_search")
    product_ids = [r[0] for r in conn.execute("SELECT id FROM products")]
    for start in range(0, len(product_ids), 500):
        _index(conn, product_ids[start : start + 500])
    conn.execute("INSERT INTO product_search(product_search) VALUES ('optimize')")
