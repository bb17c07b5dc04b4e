"""OCOP certificates of a product."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ocopdesk.domain.ocop import Certificate
from ocopdesk.storage.database import CatalogueDB
from ocopdesk.storage.rows import NewUuids, insert_many, next_id, to_date, to_row

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

# What an update would write, in the order read back: an update equal to the saved row is not written (#28).
_COMPARED = (
    "id",
    "product_id",
    "decision_number",
    "signed_on",
    *(c for c in _COLUMNS[2:] if c not in ("decision_number", "signed_on", "uuid")),
)


def save(cdb: CatalogueDB, cert: Certificate, product_id: int) -> int:
    """Insert, or update the product's certificate with the same decision number (or its incomplete one)."""
    return save_many(cdb, [(cert, product_id)])[0]


def save_many(cdb: CatalogueDB, items: Sequence[tuple[Certificate, int]]) -> list[int]:
    """`save` for many (certificate, product id) pairs: the products' saved certificates are read once,
    not twice per pair. Caller holds the transaction."""
    saved: dict[int, list[tuple[int, str, str]]] = {}  # product id → (id, decision number, signed on), by id
    columns: dict[int, tuple[Any, ...]] = {}  # certificate id → its _COMPARED columns
    product_ids = sorted({product_id for _cert, product_id in items})
    for start in range(0, len(product_ids), 500):
        chunk = product_ids[start : start + 500]
        rows = cdb.conn.execute(
            f"SELECT {', '.join(_COMPARED)} FROM certificates"
            f" WHERE product_id IN ({', '.join('?' * len(chunk))}) ORDER BY id",
            chunk,
        )
        for row in rows:
            cert_id, product_id, decision, signed = row[:4]
            saved.setdefault(product_id, []).append((cert_id, decision, signed))
            columns[cert_id] = row
    ids: list[int] = []
    # Written together at the end, the new first (an update may name one): a re-import updates every
    # certificate, a first import inserts every one.
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    uuids = NewUuids(cdb, "certificates")
    first = next_id(cdb, "certificates")
    for cert, product_id in items:
        known = saved.setdefault(product_id, [])
        row = _row(cert, product_id)
        same = next((i for i, decision, _s in known if decision == cert.decision_number), None)
        if same is None:  # completing a claim: the incomplete certificate becomes this one
            same = next((i for i, decision, signed in known if decision == "" or signed == ""), None)
        if same is None:
            row["uuid"] = uuids.give(cert.uuid)
            inserts.append(row)
            same = first + len(inserts) - 1  # the id insert_many gives it
        else:
            known[:] = [k for k in known if k[0] != same]
            del row["uuid"]  # an update never changes a uuid
            if columns.get(same) != tuple((row | {"id": same})[k] for k in _COMPARED):  # a re-import: unchanged
                updates.append(row | {"id": same})
        known.append((same, cert.decision_number, row["signed_on"]))
        known.sort()
        ids.append(same)
    insert_many(cdb, "certificates", inserts, first)
    if updates:
        assignments = ", ".join(f"{k} = :{k}" for k in updates[0] if k != "id")
        cdb.conn.executemany(f"UPDATE certificates SET {assignments} WHERE id = :id", updates)
    return ids


def _row(cert: Certificate, product_id: int) -> dict[str, Any]:
    until = cert.valid_until
    return to_row(cert, drop=("id", "product_id")) | {
        "product_id": product_id,
        "signed_on": cert.signed_on.isoformat() if cert.signed_on else "",  # '' while incomplete
        "expires_on": until.isoformat() if until else "",
    }


def for_product(cdb: CatalogueDB, product_id: int) -> list[Certificate]:
    """Newest first."""
    return for_products(cdb, [product_id]).get(product_id, [])


def for_products(cdb: CatalogueDB, product_ids: Sequence[int]) -> dict[int, list[Certificate]]:
    """The certificates of these products, newest first, by product (one query per 500 products)."""
    found: dict[int, list[Certificate]] = {}
    for start in range(0, len(product_ids), 500):
        chunk = list(product_ids[start : start + 500])
        rows = cdb.conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM certificates"
            f" WHERE product_id IN ({', '.join('?' * len(chunk))}) ORDER BY signed_on DESC, id",
            chunk,
        )
        for row in rows:
            values = dict(zip(_COLUMNS, row, strict=True))
            values["signed_on"] = to_date(values["signed_on"])
            values["expires_on"] = to_date(values["expires_on"])
            found.setdefault(values["product_id"], []).append(Certificate(**values))
    return found
