"""The saved SKUs and lot codes that may break today's rule: every code is read (through the codes'
own indexes, not the wide rows), `domain.codes.suspects` picks the few the rule must judge, and only
their rows are read in full. Issue #28: the rule applied to each of 100,000 SKUs cost 1.6 s."""

from __future__ import annotations

from ocopdesk.domain import codes
from ocopdesk.storage.database import CatalogueDB


def suspect_skus(cdb: CatalogueDB) -> list[tuple[int, str, str, bool]]:
    """(id, SKU, name, has a GTIN) of the products whose SKU the rule may refuse or that equals
    another's ignoring case (all of each such group)."""
    rows = cdb.conn.execute("SELECT id, sku FROM products").fetchall()
    picked = [rows[n][0] for n in codes.suspects([sku for _id, sku in rows], codes.SKU_MAX_LENGTH)]
    found: list[tuple[int, str, str, bool]] = []
    for start in range(0, len(picked), 500):
        chunk = picked[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        query = f"SELECT id, sku, name, gtin FROM products WHERE id IN ({marks})"
        found += [(pid, sku, name, bool(gtin)) for pid, sku, name, gtin in cdb.conn.execute(query, chunk)]
    return sorted(found)


def suspect_lots(cdb: CatalogueDB) -> list[tuple[int, int, str]]:
    """(id, product id, lot code) of the lots whose code the rule may refuse or that equals another
    lot's of the same product ignoring case."""
    rows = cdb.conn.execute("SELECT id, product_id, lot_code FROM batches ORDER BY id").fetchall()
    twins = {n for n in codes.suspects([f"{pid}/{lot}" for _id, pid, lot in rows], None)}
    shaped = set(codes.suspects([lot for _id, _pid, lot in rows], codes.LOT_MAX_LENGTH))
    return [tuple(rows[n]) for n in sorted(twins | shaped)]  # type: ignore[misc]
