"""Listing status per product and marketplace."""

from __future__ import annotations

from collections.abc import Sequence

from ocopdesk.domain.listing import ListingStatus
from ocopdesk.storage.database import CatalogueDB, now_iso


def record_export(cdb: CatalogueDB, product_ids: Sequence[int], marketplace: str, bundle: str) -> None:
    now = now_iso()
    cdb.conn.executemany(
        "INSERT INTO listings (product_id, marketplace, exported_at, bundle) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(product_id, marketplace) DO UPDATE SET exported_at = excluded.exported_at, "
        "bundle = excluded.bundle",
        [(pid, marketplace, now, bundle) for pid in product_ids],
    )


def record_listed(cdb: CatalogueDB, product_id: int, marketplace: str, url: str) -> None:
    cdb.conn.execute(
        "INSERT INTO listings (product_id, marketplace, listed_url, listed_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(product_id, marketplace) DO UPDATE SET listed_url = excluded.listed_url, "
        "listed_at = excluded.listed_at",
        (product_id, marketplace, url, now_iso() if url else ""),
    )


def statuses(cdb: CatalogueDB, marketplace: str | None = None) -> dict[tuple[int, str], ListingStatus]:
    sql = (
        "SELECT l.product_id, l.marketplace, l.exported_at, l.bundle, l.listed_url, l.listed_at, "
        "l.exported_at != '' AND p.updated_at > l.exported_at FROM listings l JOIN products p ON p.id = l.product_id"
    )
    params: tuple[str, ...] = ()
    if marketplace:
        sql += " WHERE l.marketplace = ?"
        params = (marketplace,)
    return {(r[0], r[1]): ListingStatus(*r[:6], bool(r[6])) for r in cdb.conn.execute(sql, params)}
