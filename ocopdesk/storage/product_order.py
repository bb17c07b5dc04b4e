"""Vietnamese name order of all products, cached per connection, so a search sorts its hits
without a SQL sort over the whole catalogue.

Measured at 100,000 products: fetching every id costs ~30 ms in Python, and SQLite's own
materialize-and-sort of a broad FTS match ~120 ms; ordering hits by a cached rank array costs
1–3 ms. The cache is rebuilt after our own commits (CatalogueDB.generation) and other
connections' commits (PRAGMA data_version).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from ocopdesk.storage.database import CatalogueDB

_SPARSE = 8  # below 1/8 of the catalogue, sorting hits by rank beats filtering the whole order


@dataclass(frozen=True, slots=True)
class NameOrder:
    key: tuple[int, int]
    ids: array  # type: ignore[type-arg]  # product ids in name order
    rank: array  # type: ignore[type-arg]  # rank[product id] = position in `ids`

    def arrange(self, hits: Sequence[int]) -> list[int]:
        """`hits` (any order, no duplicates) in name order."""
        if len(hits) == len(self.ids):
            return self.ids.tolist()
        if len(hits) * _SPARSE < len(self.ids):
            return sorted(hits, key=self.rank.__getitem__)
        mask = bytearray(len(self.rank))
        for product_id in hits:
            mask[product_id] = 1
        return [product_id for product_id in self.ids if mask[product_id]]


def name_order(cdb: CatalogueDB) -> NameOrder:
    key = (cdb.generation, cdb.conn.execute("PRAGMA data_version").fetchone()[0])
    cached: NameOrder | None = getattr(cdb, "_name_order", None)
    if cached is not None and cached.key == key:
        return cached
    # Hex-packed in one string: array() unpacks it in C instead of 100,000 Python tuples.
    packed = cdb.conn.execute(
        "SELECT group_concat(printf('%08x', id), '') FROM (SELECT id FROM products ORDER BY name_sort)"
    ).fetchone()[0]
    ids = array("I", bytes.fromhex(packed or ""))
    if ids.itemsize == 4 and array("I", [1]).tobytes()[0] == 1:
        ids.byteswap()  # the hex is big-endian; this machine is little-endian
    rank = array("I", bytes(4 * (max(ids, default=0) + 1)))
    for position, product_id in enumerate(ids):
        rank[product_id] = position
    order = NameOrder(key, ids, rank)
    cdb._name_order = order  # type: ignore[attr-defined]
    return order
