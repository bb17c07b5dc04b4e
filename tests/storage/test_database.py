import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from ocopdesk.domain.product import Product, ProductFilter
from ocopdesk.storage import products
from ocopdesk.storage.database import APPLICATION_ID, CatalogueFileError, check_file, open_catalogue
from ocopdesk.storage.migrations import KNOWN, NAMES, migrations


def fingerprint(path: Path) -> tuple[str, float]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime


def make_v1_database(path: Path) -> None:
    """A catalogue as OCOPDesk schema version 1 wrote it: no search index yet, one product."""
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="0002_product_search")
    db.execute(
        "INSERT INTO producers (name, name_fold, created_at, updated_at) "
        "VALUES ('HTX Đồng Hới', 'htx dong hoi', 'x', 'x')"
    )
    db.execute(
        "INSERT INTO products (sku, name, name_sort, producer_id, created_at, updated_at) "
        "VALUES ('KD1', 'Khoai dẻo', 'khoai deo', 1, 'x', 'x')"
    )
    db.conn.commit()
    db.close()


def test_opening_a_version_1_database_backs_it_up_then_upgrades_it(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    make_v1_database(path)
    with open_catalogue(path) as cdb:
        applied = [r[0] for r in cdb.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert applied == NAMES and NAMES[:2] == ["0001_create_catalogue", "0002_product_search"]
        assert products.search_ids(cdb, ProductFilter(search="ĐỒNG HỚI")) == [1]  # indexed on upgrade
    backups = list((tmp_path / "backups").glob("old-before-0002_product_search-*.sqlite"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:  # the copy is the untouched version 1 database
        assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == 1
        assert conn.execute("SELECT name FROM products").fetchone()[0] == "Khoai dẻo"


def test_a_new_catalogue_needs_no_backup_and_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    with open_catalogue(tmp_path / "new.sqlite") as cdb:
        assert cdb.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cdb.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError), cdb.write():
            products.save(cdb, Product(sku="A", name="x", producer_id=999))
    assert not (tmp_path / "backups").exists()


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"Danh sach san pham\n" * 400)
    before = fingerprint(path)
    with pytest.raises(CatalogueFileError, match="not an OCOPDesk catalogue"):
        open_catalogue(path)
    assert fingerprint(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]


def test_a_database_from_a_newer_ocopdesk_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    open_catalogue(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('ocopdesk', '0099_from_the_future', 'x')"
    )
    conn.commit()
    conn.close()  # the last connection checkpoints the WAL into the file
    before = fingerprint(path)
    with pytest.raises(CatalogueFileError, match="newer version"):
        open_catalogue(path)
    assert fingerprint(path) == before
    assert "0099_from_the_future" not in KNOWN


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = fingerprint(path)
    with pytest.raises(CatalogueFileError, match="another program"):
        open_catalogue(path)
    assert fingerprint(path) == before


def test_check_file_reports_damage(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with open_catalogue(path) as cdb, cdb.write():
        for n in range(300):
            products.save(cdb, Product(sku=f"S{n}", name=f"Sản phẩm {n}", description="x" * 500))
    assert check_file(path) == NAMES
    data = bytearray(path.read_bytes())
    data[8192:12288] = b"\xff" * 4096  # overwrite a page in the middle
    path.write_bytes(bytes(data))
    with pytest.raises(CatalogueFileError):
        check_file(path)


def test_a_failed_write_rolls_back_everything(tmp_path: Path) -> None:
    with open_catalogue(tmp_path / "c.sqlite") as cdb:
        with pytest.raises(RuntimeError), cdb.write():
            products.save(cdb, Product(sku="A", name="a"))
            raise RuntimeError("boom")
        assert products.count(cdb) == 0
        assert cdb.conn.execute("SELECT count(*) FROM product_search").fetchone()[0] == 0


MARKS_28 = next(name for name in NAMES if name.endswith("_search_marks_28"))


def test_the_search_index_gains_one_letter_prefixes_and_keeps_what_it_held(tmp_path: Path) -> None:
    """#28: a catalogue of schema 8 gets the search index rebuilt with one-letter prefixes, from the folded
    text it stored (no product is read again), behind the usual safety copy. The later marks migration
    rebuilds the index from the products; up to it, the stored text is what the index holds."""
    path = tmp_path / "eight.sqlite"
    with open_catalogue(path) as cdb, cdb.write():
        for n, name in enumerate(["Mật ong rừng", "Mắm tép", "Gạo loại 1", "Chè Shan tuyết"]):
            products.save(cdb, Product(sku=f"P{n}", name=name))
    with sqlite3.connect(path) as conn:  # back to schema 9: the index as it was made before
        conn.executescript("""
        DROP TABLE product_search;
        CREATE VIRTUAL TABLE product_search USING fts5(
            body, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3');
        INSERT INTO product_search(rowid, body) SELECT id, 'legacy ' || name_sort FROM products;
        DELETE FROM _sqlite_migrations WHERE name LIKE '%search%\\_28' ESCAPE '\\';
        """)
    db = Database(path)
    migrations.apply(db, stop_before=MARKS_28)
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'product_search'").fetchone()[0]
    assert "prefix = '1 2 3 4'" in sql  # 0010 gave it one-letter prefixes, 0012 four-letter ones
    legacy = db.execute("SELECT count(*) FROM product_search WHERE product_search MATCH 'legacy'").fetchone()[0]
    assert legacy == 4  # the stored text, kept
    db.close()
    with open_catalogue(path) as cdb:
        names = {s.sku for s in products.summaries(cdb, products.search_ids(cdb, ProductFilter(search="m")))}
        assert names == {"P0", "P1"}
        assert products.search_ids(cdb, ProductFilter(search="loai 1")) == [3]
        assert products.search_ids(cdb, ProductFilter(search="loai")) == [3]  # a four-letter prefix


def test_the_search_index_learns_marks_from_the_products(tmp_path: Path) -> None:
    """#28, "tone marks carry meaning": a catalogue whose index holds only folded text (schema 12) gets the
    `marked` column, filled from the products on opening, behind a safety copy that keeps the old index."""
    path = tmp_path / "twelve.sqlite"
    with open_catalogue(path) as cdb, cdb.write():
        for sku, name in (("TRA", "Trà xanh"), ("TRAI", "Trái cây"), ("CA", "Cá tra")):
            products.save(cdb, Product(sku=sku, name=name))
    with sqlite3.connect(path) as conn:  # back to schema 12
        conn.executescript(f"""
        DROP TABLE product_search;
        CREATE VIRTUAL TABLE product_search USING fts5(
            body, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3 4');
        INSERT INTO product_search(rowid, body) VALUES (1, 'tra xanh'), (2, 'trai cay'), (3, 'ca tra');
        DELETE FROM _sqlite_migrations WHERE name = '{MARKS_28}';
        """)
    with open_catalogue(path) as cdb:
        assert products.search_ids(cdb, ProductFilter(search="trà")) == [1]
        assert sorted(products.search_ids(cdb, ProductFilter(search="tra"))) == [1, 2, 3]
        marked = dict(cdb.conn.execute("SELECT rowid, marked FROM product_search"))
        assert marked == {1: "trà", 2: "trái cây", 3: "cá"}
    (backup,) = (tmp_path / "backups").glob(f"twelve-before-{MARKS_28}-*.sqlite")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT body FROM product_search WHERE rowid = 3").fetchone()[0] == "ca tra"
