"""Counts and short lists for the overview screen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ocopdesk.storage.database import CatalogueDB
from ocopdesk.storage.rows import to_date


@dataclass(frozen=True, slots=True)
class ExpiringCertificate:
    product_id: int
    sku: str
    name: str
    stars: int
    expires_on: dt.date


def counts(cdb: CatalogueDB) -> dict[str, int]:
    one = lambda sql: int(cdb.conn.execute(sql).fetchone()[0])  # noqa: E731
    return {
        "products": one("SELECT count(*) FROM products"),
        "producers": one("SELECT count(*) FROM producers"),
        "batches": one("SELECT count(*) FROM batches"),
    }


def products_by_group(cdb: CatalogueDB) -> dict[str, int]:
    return dict(cdb.conn.execute("SELECT ocop_group, count(*) FROM products GROUP BY ocop_group ORDER BY 1"))


def products_by_stars(cdb: CatalogueDB, today: dt.date) -> dict[int, int]:
    """Products by the stars of their best certificate valid today (0: none)."""
    rows = cdb.conn.execute(
        """
        SELECT coalesce(best, 0), count(*) FROM (
          SELECT (SELECT max(stars) FROM certificates c WHERE c.product_id = p.id AND c.status = 'valid'
                  AND c.expires_on >= ?) AS best FROM products p) GROUP BY 1 ORDER BY 1""",
        (today.isoformat(),),
    )
    return {int(stars): int(n) for stars, n in rows}


def expiring(cdb: CatalogueDB, today: dt.date, within_days: int, limit: int = 50) -> list[ExpiringCertificate]:
    rows = cdb.conn.execute(
        """
        SELECT p.id, p.sku, p.name, c.stars, c.expires_on FROM certificates c JOIN products p ON p.id = c.product_id
        WHERE c.status = 'valid' AND c.expires_on BETWEEN ? AND ? ORDER BY c.expires_on LIMIT ?""",
        (today.isoformat(), (today + dt.timedelta(days=within_days)).isoformat(), limit),
    )
    return [ExpiringCertificate(r[0], r[1], r[2], r[3], to_date(r[4])) for r in rows]  # type: ignore[arg-type]


def stamps_per_month(cdb: CatalogueDB, months: int = 12) -> list[tuple[str, int]]:
    """(yyyy-mm, stamps issued) for the most recent months that had any, oldest first."""
    rows = cdb.conn.execute(
        "SELECT substr(issued_at, 1, 7) AS month, count(*) FROM stamps GROUP BY month ORDER BY month DESC LIMIT ?",
        (months,),
    ).fetchall()
    return [(m, int(n)) for m, n in reversed(rows)]
