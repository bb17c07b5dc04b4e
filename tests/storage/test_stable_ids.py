"""Stable identifiers (#24) in storage: every entity row gets a UUID however it is written, keeps it through
edits, and the file refuses to change it; the catalogue's own id is made once and never changes."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from sqlite_utils import Database

from ocopdesk.domain.batch import Batch
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.media import MediaFile
from ocopdesk.domain.product import Product
from ocopdesk.storage import batches, identity, media, products
from ocopdesk.storage.database import APPLICATION_ID, CatalogueDB, open_catalogue
from ocopdesk.storage.migrations import ENTITY_TABLES, NAMES, migrations

IDS_MIGRATION = next(n for n in NAMES if n.endswith("_stable_ids_24"))  # its number is set at merge


def is_uuid4(value: str) -> bool:
    parsed = uuid.UUID(value)
    return str(parsed) == value and parsed.version == 4 and parsed.variant == uuid.RFC_4122


def make_v8_catalogue(path: Path) -> None:
    """A catalogue as schema 8 wrote it (before ids), with one row in every entity table."""
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before=IDS_MIGRATION)
    db.executescript("""
    INSERT INTO producers (name, name_fold, created_at, updated_at) VALUES ('HTX A', 'htx a', 'x', 'x');
    INSERT INTO products (sku, name, name_sort, producer_id, created_at, updated_at)
        VALUES ('MO', 'Mật ong', 'mat ong', 1, 'x', 'x'), ('TR', 'Trà', 'tra', 1, 'x', 'x');
    INSERT INTO certificates (product_id, stars, decision_number, signed_on, expires_on)
        VALUES (1, 4, '12/QĐ', '2025-01-01', '2028-01-01');
    INSERT INTO product_media (product_id, kind, position, sha256, ext) VALUES (1, 'photo', 0, 'ab', '.jpg');
    INSERT INTO batches (product_id, lot_code, produced_on, created_at) VALUES (1, 'L1', '2026-01-01', 'x');
    INSERT INTO stamps (batch_id, number, serial, issued_at) VALUES (1, 1, 'S1', 'x'), (1, 2, 'S2', 'x');
    """)
    db.conn.commit()
    db.close()


def uuids(cdb: CatalogueDB, table: str) -> list[str]:
    return [r[0] for r in cdb.conn.execute(f"SELECT uuid FROM {table} ORDER BY id")]


def test_an_old_catalogue_gives_every_row_its_own_uuid_once(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    make_v8_catalogue(path)
    with open_catalogue(path) as cdb:
        first = {table: uuids(cdb, table) for table in ENTITY_TABLES}
        catalogue = identity.catalogue_id(cdb)
    every = [u for values in first.values() for u in values] + [catalogue]
    assert len(every) == 9 and all(is_uuid4(u) for u in every) and len(set(every)) == 9
    with open_catalogue(path) as cdb:  # opened again: nothing is made anew
        assert {table: uuids(cdb, table) for table in ENTITY_TABLES} == first
        assert identity.catalogue_id(cdb) == catalogue


def test_two_new_catalogues_have_two_ids(tmp_path: Path) -> None:
    with open_catalogue(tmp_path / "a.sqlite") as a, open_catalogue(tmp_path / "b.sqlite") as b:
        assert is_uuid4(identity.catalogue_id(a)) and identity.catalogue_id(a) != identity.catalogue_id(b)


def test_a_product_keeps_its_uuid_through_edits(tmp_path: Path) -> None:
    with open_catalogue(tmp_path / "c.sqlite") as cdb, cdb.write():
        product_id = products.save(cdb, Product(sku="MO", name="Mật ong"))
        made = products.get(cdb, product_id).uuid
        products.save(cdb, replace(products.get(cdb, product_id), name="Mật ong rừng"))
        products.save(cdb, Product(sku="MO", name="Mật ong bạc hà", id=product_id))  # a form that forgot it
        assert is_uuid4(made) and products.get(cdb, product_id).uuid == made
        assert products.get(cdb, product_id).name == "Mật ong bạc hà"


def test_the_file_refuses_to_change_an_id(tmp_path: Path) -> None:
    with open_catalogue(tmp_path / "c.sqlite") as cdb:
        with cdb.write():
            products.save(cdb, Product(sku="MO", name="Mật ong"))
        for sql in (
            "UPDATE products SET uuid = '00000000-0000-4000-8000-000000000000'",
            "UPDATE products SET uuid = NULL",
            "UPDATE catalogue SET uuid = '00000000-0000-4000-8000-000000000000'",
            "DELETE FROM catalogue",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="never changes"):
                cdb.conn.execute(sql)


def test_a_writer_that_forgets_the_uuid_still_gets_one(tmp_path: Path) -> None:
    """Raw SQL past the row functions (a future module, a repair script): the table's trigger fills it."""
    with open_catalogue(tmp_path / "c.sqlite") as cdb, cdb.write():
        cdb.conn.execute(
            "INSERT INTO products (sku, name, name_sort, created_at, updated_at) "
            "VALUES ('A', 'a', 'a', 'x', 'x'), ('B', 'b', 'b', 'x', 'x')"
        )
        cdb.conn.execute(
            "INSERT INTO products (sku, name, name_sort, created_at, updated_at, uuid) "
            "VALUES ('C', 'c', 'c', 'x', 'x', '')"
        )
        made = uuids(cdb, "products")
        assert len(set(made)) == 3 and all(is_uuid4(u) for u in made)


def test_a_uuid_brought_from_elsewhere_is_kept_and_a_copy_here_gets_a_new_one(tmp_path: Path) -> None:
    foreign = "6F9619FF-8B86-4011-B42D-00CF4FC964FF"
    with open_catalogue(tmp_path / "c.sqlite") as cdb, cdb.write():
        first = products.save(cdb, Product(sku="A", name="a", uuid=foreign))
        assert products.get(cdb, first).uuid == foreign.lower()  # the canonical form
        second = products.save(cdb, Product(sku="B", name="b", uuid=foreign))
        assert products.get(cdb, second).uuid not in ("", foreign.lower())
        with pytest.raises(OcopDeskError, match="not a UUID"):
            products.save(cdb, Product(sku="C", name="c", uuid="product-1"))


def test_photos_keep_their_uuids_when_reordered_or_saved_again(tmp_path: Path) -> None:
    with open_catalogue(tmp_path / "c.sqlite") as cdb, cdb.write():
        one = products.save(cdb, Product(sku="A", name="a"))
        two = products.save(cdb, Product(sku="B", name="b"))
        media.replace_all(cdb, one, "photo", [MediaFile("photo", "aa", ".jpg"), MediaFile("photo", "bb", ".jpg")])
        saved = media.for_product(cdb, one)
        media.replace_all(cdb, one, "photo", list(reversed(saved)))
        assert [m.uuid for m in media.for_product(cdb, one)] == [saved[1].uuid, saved[0].uuid]
        media.replace_all(cdb, one, "photo", [MediaFile("photo", "aa", ".jpg")])  # rebuilt without its uuid
        assert media.for_product(cdb, one)[0].uuid == saved[0].uuid
        media.replace_all(cdb, two, "photo", [media.for_product(cdb, one)[0]])  # the same photo on another product
        assert media.for_product(cdb, two)[0].uuid != saved[0].uuid


def test_a_lot_keeps_its_uuid_when_edited(tmp_path: Path) -> None:
    with open_catalogue(tmp_path / "c.sqlite") as cdb, cdb.write():
        product_id = products.save(cdb, Product(sku="A", name="a"))
        batch_id = batches.save(cdb, Batch(product_id, "L1", dt.date(2026, 1, 1)))
        made = batches.get(cdb, batch_id)
        assert made is not None and is_uuid4(made.uuid)
        batches.save(cdb, replace(made, notes="moved", uuid=""))
        again = batches.get(cdb, batch_id)
        assert again is not None and again.uuid == made.uuid and again.notes == "moved"
