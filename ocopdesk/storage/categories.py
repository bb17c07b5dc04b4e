"""Marketplace category lists (loaded from seller-centre templates) and the categories chosen for
products. A list is replaced whole: a new template is the marketplace's tree as it is now."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from ocopdesk.domain.category import Category, CategoryExample, CategoryListInfo, ChosenCategory
from ocopdesk.storage import products
from ocopdesk.storage.database import CatalogueDB, now_iso


def replace_list(
    cdb: CatalogueDB, marketplace: str, leaves: Iterable[Category], loaded_on: dt.date, source: str
) -> int:
    cdb.conn.execute("DELETE FROM categories WHERE marketplace = ?", (marketplace,))
    rows = [(marketplace, c.id, json.dumps(list(c.path), ensure_ascii=False)) for c in leaves]
    cdb.conn.executemany("INSERT OR REPLACE INTO categories (marketplace, category_id, path) VALUES (?, ?, ?)", rows)
    count = cdb.conn.execute("SELECT count(*) FROM categories WHERE marketplace = ?", (marketplace,)).fetchone()[0]
    cdb.conn.execute(
        "INSERT INTO category_lists (marketplace, loaded_on, source, count) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(marketplace) DO UPDATE SET loaded_on = excluded.loaded_on, source = excluded.source, "
        "count = excluded.count",
        (marketplace, loaded_on.isoformat(), source, count),
    )
    return int(count)


def list_info(cdb: CatalogueDB, marketplace: str) -> CategoryListInfo | None:
    row = cdb.conn.execute(
        "SELECT loaded_on, source, count FROM category_lists WHERE marketplace = ?", (marketplace,)
    ).fetchone()
    if row is None:
        return None
    return CategoryListInfo(marketplace, dt.date.fromisoformat(row[0]), row[1], int(row[2]))


def leaves(cdb: CatalogueDB, marketplace: str) -> list[Category]:
    rows = cdb.conn.execute(
        "SELECT category_id, path FROM categories WHERE marketplace = ? ORDER BY rowid", (marketplace,)
    )
    return [Category(r[0], tuple(json.loads(r[1]))) for r in rows]


def choose(cdb: CatalogueDB, product_id: int, marketplace: str, category: Category) -> None:
    """Record the clerk's choice; the product counts as changed, so an exported sheet shows as stale."""
    now = now_iso()
    cdb.conn.execute(
        "INSERT INTO product_categories (product_id, marketplace, category_id, path, chosen_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(product_id, marketplace) DO UPDATE SET "
        "category_id = excluded.category_id, path = excluded.path, chosen_at = excluded.chosen_at",
        (product_id, marketplace, category.id, json.dumps(list(category.path), ensure_ascii=False), now),
    )
    products.touch(cdb, product_id, now)


def chosen(cdb: CatalogueDB, marketplace: str) -> dict[int, ChosenCategory]:
    rows = cdb.conn.execute(
        "SELECT product_id, category_id, path FROM product_categories WHERE marketplace = ?", (marketplace,)
    )
    return {r[0]: ChosenCategory(r[0], marketplace, r[1], tuple(json.loads(r[2]))) for r in rows}


def examples(cdb: CatalogueDB, marketplace: str) -> list[CategoryExample]:
    """Every product with a chosen (or accepted) category here, by name and group: what the
    suggestions learn from. The choices are the catalogue's own rows, so nothing extra is stored."""
    rows = cdb.conn.execute(
        "SELECT p.name, p.ocop_group, c.category_id FROM product_categories c JOIN products p ON p.id = c.product_id "
        "WHERE c.marketplace = ? ORDER BY c.product_id",
        (marketplace,),
    )
    return [CategoryExample(r[0], r[1], r[2]) for r in rows]
