"""Products table and its search index: save, load, search (folded FTS5) and list summaries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ocopdesk.domain.errors import NotFoundError
from ocopdesk.domain.product import Product, ProductFilter, ProductSummary
from ocopdesk.domain.text import query_words, sort_key
from ocopdesk.i18n import _
from ocopdesk.storage import product_search
from ocopdesk.storage.database import CatalogueDB, now_iso
from ocopdesk.storage.product_order import matching_ids, name_order
from ocopdesk.storage.rows import NewUuids, insert_many, next_id, to_row

_COLUMNS = (
    "id",
    "sku",
    "name",
    "producer_id",
    "gtin",
    "ocop_group",
    "ocop_subgroup",
    "grouping_version",
    "price",
    "unit",
    "net_quantity",
    "weight_g",
    "length_cm",
    "width_cm",
    "height_cm",
    "shelf_life_days",
    "ingredients",
    "usage",
    "storage",
    "warnings",
    "description",
    "brand",
    "standard_number",
    "standard_title",
    "uuid",
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM products"
_BEST_STARS = """(SELECT max(c.stars) FROM certificates c WHERE c.product_id = p.id
                  AND c.status = 'valid' AND c.expires_on >= :today)"""


def save(cdb: CatalogueDB, product: Product) -> int:
    """Insert or update one product by id (see `save_many`). Caller holds the transaction."""
    return save_many(cdb, [product])[0]


def save_many(cdb: CatalogueDB, items: Sequence[Product]) -> list[int]:
    """Insert the products without an id, update those with one, then rewrite their search text at once;
    returns their ids in order. Plain statements, one `executemany` for the new and one for the saved (not
    sqlite-utils' per-row insert, which looks the table up again for every row): an import writes 10,000
    products. A product deleted meanwhile raises NotFoundError. Caller holds the transaction."""
    now = now_iso()
    ids: list[int | None] = []
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    uuids = NewUuids(cdb, "products")
    for product in items:
        row = to_row(product) | {"name_sort": sort_key(product.name), "updated_at": now}
        if product.id is None:
            row["created_at"] = now
            row["uuid"] = uuids.give(product.uuid)
            inserts.append(row)
        else:
            del row["uuid"]  # fixed when the row was made: never part of an update (the table refuses a change)
            updates.append(row | {"id": product.id})
        ids.append(product.id)
    new_ids = iter(insert_many(cdb, "products", inserts, next_id(cdb, "products")))
    done = [product_id if product_id is not None else next(new_ids) for product_id in ids]
    changed = _changed(cdb, updates)
    _update_rows(cdb, changed)
    written = {r["id"] for r in changed}
    reindex(cdb, [i for i, given in zip(done, ids, strict=True) if given is None or i in written])
    return done


def _changed(cdb: CatalogueDB, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The updates that change something: a row equal to the saved one, but for `updated_at`, is not written,
    so its product keeps its time of change (an exported sheet stays current, the website's change marks stay)
    and its search text is not rewritten. A re-import of an unchanged list writes nothing (#28). A row whose
    product is gone stays in, for `_update_rows` to refuse."""
    if not rows:
        return []
    names = [k for k in rows[0] if k not in ("id", "updated_at")]
    saved: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(rows), 500):
        chunk = [r["id"] for r in rows[start : start + 500]]
        found = cdb.conn.execute(
            f"SELECT id, {', '.join(names)} FROM products WHERE id IN ({', '.join('?' * len(chunk))})", chunk
        )
        saved.update((r[0], r[1:]) for r in found)
    return [r for r in rows if saved.get(r["id"]) != tuple(r[k] for k in names)]


def _update_rows(cdb: CatalogueDB, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    assignments = ", ".join(f"{k} = :{k}" for k in rows[0] if k != "id")
    changed = cdb.conn.executemany(f"UPDATE products SET {assignments} WHERE id = :id", rows).rowcount
    if changed != len(rows):
        found = get_many(cdb, [r["id"] for r in rows])
        missing = next(r["id"] for r in rows if r["id"] not in found)
        raise NotFoundError(_("Product {id} does not exist.").format(id=missing))


def touch(cdb: CatalogueDB, product_id: int, now: str) -> None:
    """Count the product as changed (its marketplace category was chosen), so an exported sheet shows as stale."""
    cdb.conn.execute("UPDATE products SET updated_at = ? WHERE id = ?", (now, product_id))


def get_many(cdb: CatalogueDB, product_ids: Sequence[int]) -> dict[int, Product]:
    """The saved products with these ids, by id (one query per 500)."""
    found: dict[int, Product] = {}
    for start in range(0, len(product_ids), 500):
        chunk = list(product_ids[start : start + 500])
        rows = cdb.conn.execute(f"{_SELECT} WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
        found.update((row[0], _from_row(row)) for row in rows)
    return found


def reindex(cdb: CatalogueDB, product_ids: Sequence[int]) -> None:
    """Rewrite the folded search text of these products (after a product or producer changed)."""
    product_search.rewrite(cdb.conn, product_ids)


def delete(cdb: CatalogueDB, product_id: int) -> None:
    cdb.conn.execute("DELETE FROM product_search WHERE rowid = ?", (product_id,))
    cdb.conn.execute("DELETE FROM products WHERE id = ?", (product_id,))


def _from_row(row: tuple) -> Product:  # type: ignore[type-arg]
    return Product(**dict(zip(_COLUMNS, row, strict=True)))


def get(cdb: CatalogueDB, product_id: int) -> Product:
    row = cdb.conn.execute(f"{_SELECT} WHERE id = ?", (product_id,)).fetchone()
    if row is None:
        raise NotFoundError(_("Product {id} does not exist.").format(id=product_id))
    return _from_row(row)


def find_by_sku(cdb: CatalogueDB, sku: str) -> Product | None:
    """The product with this SKU, typed in any case: exactly as typed first, then in capitals (how
    SKUs are saved), then a SKU an older version saved in small letters, unless two such differ."""
    wanted = sku.strip()
    rows = cdb.conn.execute(f"{_SELECT} WHERE sku IN (?, ?)", (wanted, wanted.upper())).fetchall()
    if not rows:  # the SKU index cannot answer a case-blind question: only now scan
        rows = cdb.conn.execute(f"{_SELECT} WHERE upper(sku) = ?", (wanted.upper(),)).fetchall()
        if len(rows) > 1:
            return None
    exact = [r for r in rows if r[1] == wanted]
    row = exact[0] if exact else rows[0] if rows else None
    return _from_row(row) if row else None


def same_skus(cdb: CatalogueDB, skus: Sequence[str]) -> dict[str, list[tuple[int, str, str]]]:
    """(id, SKU, name) of the products whose SKU equals one of `skus` ignoring case, by upper-cased
    SKU: what a new or imported SKU must not clash with. One pass over the table per 500 SKUs."""
    keys = sorted({s.upper() for s in skus})
    found: dict[str, list[tuple[int, str, str]]] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows = cdb.conn.execute(
            f"SELECT id, sku, name FROM products WHERE upper(sku) IN ({', '.join('?' * len(chunk))}) ORDER BY id",
            chunk,
        )
        for product_id, sku, name in rows:
            found.setdefault(sku.upper(), []).append((product_id, sku, name))
    return found


def all_skus(cdb: CatalogueDB) -> list[tuple[int, str, str, bool]]:
    """(id, SKU, name, has a GTIN) of every product, for checking saved SKUs against today's rule."""
    rows = cdb.conn.execute("SELECT id, sku, name, gtin FROM products ORDER BY id")
    return [(product_id, sku, name, bool(gtin)) for product_id, sku, name, gtin in rows]


def ids_by_sku(cdb: CatalogueDB, skus: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(skus), 500):
        chunk = list(skus[start : start + 500])
        found.update(
            cdb.conn.execute(f"SELECT sku, id FROM products WHERE sku IN ({', '.join('?' * len(chunk))})", chunk)
        )
    return found


_SORT_SQL = {
    "sku": "p.sku",
    "price": "p.price",
    "unit": "p.unit",
    "stars": _BEST_STARS,
    "producer": "(SELECT pr.name_fold FROM producers pr WHERE pr.id = p.producer_id)",
}


def search_ids(cdb: CatalogueDB, flt: ProductFilter, today: dt.date | None = None) -> list[int]:
    """Ids of matching products, filtered in SQL. Name order (the default) comes from the cached
    name order (see product_order), because sorting a broad match in SQL is the slow part."""
    words = query_words(flt.search)
    match = product_search.match_expression(words)
    if not match and flt.search.strip():
        return []  # only punctuation typed: nothing can match
    where, params = _filter_clauses(flt, today or dt.date.today())
    if match and product_search.rebuild_pending(cdb.conn):  # being rebuilt in the background (#28)
        where += _scan_clauses(words, params)
        match = ""
    elif match:
        where.append("p.id IN (SELECT rowid FROM product_search WHERE product_search MATCH :match)")
        params["match"] = match
    if flt.sort in _SORT_SQL:
        direction = "DESC" if flt.descending else "ASC"
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        sql = f"SELECT p.id FROM products p {clause} ORDER BY {_SORT_SQL[flt.sort]} {direction}, p.name_sort"
        return [r[0] for r in cdb.conn.execute(sql, params)]
    first_keystrokes = len(words) == 1 and len(words[0][0]) <= 3  # may match every product
    ids = _in_name_order(cdb, where, params, match, first_keystrokes)
    return ids[::-1] if flt.descending else ids


def _scan_clauses(words: list[tuple[str, bool]], params: dict[str, object]) -> list[str]:
    """While the search index is rebuilt after an upgrade (seconds at 100,000 products), a word is looked for
    in the name and SKU: folded in the name's sort key, or, typed with marks, in the name as written (lower
    case), so marks still carry meaning. Every word is required, as in the index. Words are letters and digits
    (domain.text.query_words), so nothing typed is a LIKE wildcard."""
    clauses = []
    for n, (term, marked) in enumerate(words):
        params[f"w{n}"] = f"%{term}%"
        name = "py_lower(p.name)" if marked else "p.name_sort"  # the sort key's text stops at its NUL for LIKE
        clauses.append(f"({name} LIKE :w{n} OR p.sku LIKE :w{n})")
    return clauses


def _in_name_order(
    cdb: CatalogueDB, where: list[str], params: dict[str, object], match: str, first_keystrokes: bool
) -> list[int]:
    order = name_order(cdb)
    if not where:
        return order.ids.tolist()
    if len(where) == 1 and match:  # text only
        if first_keystrokes:  # a first keystroke or two may match everything:
            count = cdb.conn.execute("SELECT count(*) FROM product_search WHERE product_search MATCH ?", (match,))
            if count.fetchone()[0] == len(order.ids):  # counting is cheaper than listing them all
                return order.ids.tolist()
        return order.arrange(matching_ids(cdb, match))  # one FTS pass, ids packed in one string
    rows = cdb.conn.execute(f"SELECT p.id FROM products p WHERE {' AND '.join(where)}", params)
    return order.arrange([r[0] for r in rows])


def _filter_clauses(flt: ProductFilter, today: dt.date) -> tuple[list[str], dict[str, object]]:
    where: list[str] = []
    params: dict[str, object] = {"today": today.isoformat()}
    if flt.ocop_group:
        where.append("p.ocop_group = :group")
        params["group"] = flt.ocop_group
    if flt.producer_id is not None:
        where.append("p.producer_id = :producer")
        params["producer"] = flt.producer_id
    if flt.stars is not None:
        where.append(f"{_BEST_STARS} = :stars")
        params["stars"] = flt.stars
    if flt.expiring_within_days is not None:
        where.append("""EXISTS (SELECT 1 FROM certificates c WHERE c.product_id = p.id
                        AND c.status = 'valid' AND c.expires_on BETWEEN :today AND :until)""")
        params["until"] = (today + dt.timedelta(days=flt.expiring_within_days)).isoformat()
    return where, params


def summaries(cdb: CatalogueDB, ids: Sequence[int], today: dt.date | None = None) -> list[ProductSummary]:
    """List rows for these ids, in the order given (a page of the table model)."""
    if not ids:
        return []
    params: dict[str, object] = {"today": (today or dt.date.today()).isoformat()}
    params.update({f"i{n}": v for n, v in enumerate(ids)})
    marks = ", ".join(f":i{n}" for n in range(len(ids)))
    rows = cdb.conn.execute(
        f"""
        SELECT p.id, p.sku, p.name, p.price, p.unit, p.ocop_group, {_BEST_STARS},
               coalesce(pr.name, ''),
               (SELECT m.sha256 || m.ext FROM product_media m WHERE m.product_id = p.id
                AND m.kind = 'photo' ORDER BY m.position LIMIT 1)
        FROM products p LEFT JOIN producers pr ON pr.id = p.producer_id WHERE p.id IN ({marks})
    """,
        params,
    ).fetchall()
    by_id = {r[0]: ProductSummary(*r) for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def count(cdb: CatalogueDB) -> int:
    return int(cdb.conn.execute("SELECT count(*) FROM products").fetchone()[0])
