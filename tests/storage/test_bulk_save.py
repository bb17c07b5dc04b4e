"""Bulk saves (#28): new products and certificates go in one statement with the ids SQLite would give them,
two rows that bring one UUID do not both keep it, and an update that changes nothing is not written (its time of
change, its search text and the table's change mark stay)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ocopdesk.domain.errors import NotFoundError
from ocopdesk.domain.ocop import Certificate
from ocopdesk.domain.product import Product, ProductFilter
from ocopdesk.storage import certificates, change_marks, products
from ocopdesk.storage.database import CatalogueDB, open_catalogue

UUID = "6f1c2a4e-8b1d-4c1e-9a7f-0d2b3c4e5f60"


def updated_at(cdb: CatalogueDB) -> dict[int, str]:
    return dict(cdb.conn.execute("SELECT id, updated_at FROM products"))


def test_new_rows_get_the_ids_sqlite_gives_in_order_among_updates(tmp_path: Path) -> None:
    cdb = open_catalogue(tmp_path / "c.sqlite")
    with cdb.write():
        first = products.save_many(cdb, [Product(f"A{n}", f"Mật ong {n}") for n in range(3)])
        cdb.conn.execute("DELETE FROM products WHERE id = ?", (first[-1],))  # the largest id is free again
        saved = products.get(cdb, first[0])
        ids = products.save_many(cdb, [Product("B0", "Chè"), Product(saved.sku, "Mật ong rừng", id=saved.id)])
        ids += products.save_many(cdb, [Product("B1", "Gạo"), Product("B2", "Nem")])
    assert ids == [first[-1], first[0], first[-1] + 1, first[-1] + 2]  # what a plain INSERT would have given
    assert [products.get(cdb, i).sku for i in ids] == ["B0", "A0", "B1", "B2"]
    assert products.search_ids(cdb, ProductFilter(search="ruong")) == []
    assert products.search_ids(cdb, ProductFilter(search="rung")) == [first[0]]
    assert products.search_ids(cdb, ProductFilter(search="nem")) == [ids[-1]]
    cdb.close()


def test_two_rows_bringing_one_uuid_do_not_both_keep_it(tmp_path: Path) -> None:
    cdb = open_catalogue(tmp_path / "c.sqlite")
    with cdb.write():
        ids = products.save_many(cdb, [Product("A", "Mật ong", uuid=UUID), Product("B", "Chè", uuid=UUID)])
        pairs = [(Certificate(3, f"{n}/QĐ", dt.date(2025, 1, 1), uuid=UUID), ids[n]) for n in range(2)]
        cert_ids = certificates.save_many(cdb, pairs)
    assert products.get(cdb, ids[0]).uuid == UUID and products.get(cdb, ids[1]).uuid not in ("", UUID)
    got = dict(cdb.conn.execute("SELECT id, uuid FROM certificates"))
    assert got[cert_ids[0]] == UUID and got[cert_ids[1]] not in ("", UUID)
    cdb.close()


def test_an_update_that_changes_nothing_is_not_written(tmp_path: Path) -> None:
    cdb = open_catalogue(tmp_path / "c.sqlite")
    with cdb.write():
        ids = products.save_many(cdb, [Product("A", "Mật ong", price=100_000), Product("B", "Chè", price=5)])
        certificates.save(cdb, Certificate(4, "1/QĐ", dt.date(2025, 1, 1)), ids[0])
    cdb.conn.execute("UPDATE products SET updated_at = 'then'")
    cdb.conn.execute("UPDATE product_search SET body = 'kept' WHERE rowid = ?", (ids[0],))
    marks = change_marks.current(cdb.conn)
    saved = products.get_many(cdb, ids)
    with cdb.write():
        products.save_many(cdb, list(saved.values()))
        certificates.save(cdb, Certificate(4, "1/QĐ", dt.date(2025, 1, 1)), ids[0])
    assert change_marks.current(cdb.conn) == marks  # nothing written: no table's mark moved
    assert updated_at(cdb) == {ids[0]: "then", ids[1]: "then"}
    with cdb.write():
        products.save_many(cdb, [saved[ids[0]], Product("B", "Chè", price=6, id=ids[1])])
        certificates.save(cdb, Certificate(5, "1/QĐ", dt.date(2025, 1, 1)), ids[0])
    now = updated_at(cdb)
    assert now[ids[0]] == "then" and now[ids[1]] != "then" and products.get(cdb, ids[1]).price == 6
    assert certificates.for_product(cdb, ids[0])[0].stars == 5
    body = cdb.conn.execute("SELECT body FROM product_search WHERE rowid = ?", (ids[0],)).fetchone()[0]
    assert body == "kept"  # the unchanged product's search text was not rewritten
    cdb.close()


def test_an_update_of_a_deleted_product_is_still_refused(tmp_path: Path) -> None:
    cdb = open_catalogue(tmp_path / "c.sqlite")
    with cdb.write():
        (pid,) = products.save_many(cdb, [Product("A", "Mật ong")])
    gone = products.get(cdb, pid)
    with cdb.write():
        products.delete(cdb, pid)
    with pytest.raises(NotFoundError), cdb.write():
        products.save_many(cdb, [gone])
    cdb.close()


def test_skus_in_any_case_are_looked_up_by_an_index_not_a_scan(tmp_path: Path) -> None:
    """Every save and import asks for its SKUs in any case (`same_skus`): answered by the index on upper(sku)
    (#28: 10,000 rows into 100,000 products scanned the table 40 times, 1.3 s)."""
    cdb = open_catalogue(tmp_path / "c.sqlite")
    with cdb.write():
        products.save_many(cdb, [Product(f"A{n}", f"Mật ong {n}") for n in range(50)])
    plan = cdb.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id, sku, name FROM products WHERE upper(sku) IN (?, ?) ORDER BY id", ("A1", "B")
    ).fetchall()
    assert any("USING INDEX products_sku_upper" in row[-1] for row in plan), plan
    assert products.same_skus(cdb, ["a1", "A2", "zz"]) == {
        "A1": [(2, "A1", "Mật ong 1")],
        "A2": [(3, "A2", "Mật ong 2")],
    }
    cdb.close()
