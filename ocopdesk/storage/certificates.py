"""OCOP certificates of a product."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ocopdesk.domain.ocop import Certificate
from ocopdesk.storage.database import CatalogueDB
from ocopdesk.storage.rows import insert, to_date, to_row, update

_COLUMNS = (
    "id",
    "product_id",
    "stars",
    "authority",
    "decision_number",
    "signed_on",
    "expires_on",
    "status",
    "score",
    "ocop_group",
    "ocop_subgroup",
    "grouping_version",
    "uuid",
)


def save(cdb: CatalogueDB, cert: Certificate, product_id: int) -> int:
    """Insert, or update the product's certificate with the same decision number (or its incomplete one)."""
    until = cert.valid_until
    row = to_row(cert) | {
        "product_id": product_id,
        "signed_on": cert.signed_on.isoformat() if cert.signed_on else "",  # '' while incomplete
        "expires_on": until.isoformat() if until else "",
    }
    existing = (
        cdb.conn.execute(
            "SELECT id FROM certificates WHERE product_id = ? AND decision_number = ?",
            (product_id, cert.decision_number),
        ).fetchone()
        or cdb.conn.execute(  # completing a claim: the incomplete certificate becomes this one
            "SELECT id FROM certificates WHERE product_id = ? AND (decision_number = '' OR signed_on = '')"
            " ORDER BY id LIMIT 1",
            (product_id,),
        ).fetchone()
    )
    if existing:
        update(cdb, "certificates", int(existing[0]), row)
        return int(existing[0])
    return insert(cdb, "certificates", row)


def for_product(cdb: CatalogueDB, product_id: int) -> list[Certificate]:
    """Newest first."""
    rows = cdb.conn.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM certificates WHERE product_id = ? ORDER BY signed_on DESC", (product_id,)
    )
    certs = []
    for row in rows:
        values = dict(zip(_COLUMNS, row, strict=True))
        values["signed_on"] = to_date(values["signed_on"])
        values["expires_on"] = to_date(values["expires_on"])
        certs.append(Certificate(**values))
    return certs


def for_products(cdb: CatalogueDB, product_ids: Sequence[int]) -> dict[int, list[Certificate]]:
    """Every listed product's certificates in one query, newest first, by product id (none: no key)."""
    rows = cdb.conn.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM certificates WHERE product_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY product_id, signed_on DESC",
        (json.dumps(list(product_ids)),),
    )
    found: dict[int, list[Certificate]] = {}
    for row in rows:
        values = dict(zip(_COLUMNS, row, strict=True))
        values["signed_on"] = to_date(values["signed_on"])
        values["expires_on"] = to_date(values["expires_on"])
        found.setdefault(values["product_id"], []).append(Certificate(**values))
    return found
