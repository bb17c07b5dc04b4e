"""A document reaches the traceability website only when the clerk marked it public."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlite_utils import Database

from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.importer import import_file
from ocopdesk.services.profile import load_profile, save_profile
from ocopdesk.services.site import build_site
from ocopdesk.services.site_model import document_name
from ocopdesk.storage.database import APPLICATION_ID, open_catalogue
from ocopdesk.storage.migrations import migrations

PRIVATE = b"%PDF-1.4 the cooperative's bank contract, not for the public"
CERTIFICATE = b"%PDF-1.4 OCOP certificate 3 stars"


def imported(service: CatalogService, folder: Path) -> Path:
    (folder / "contract.pdf").write_bytes(PRIVATE)
    (folder / "cert.pdf").write_bytes(CERTIFICATE)
    sheet = folder / "sp.csv"
    sheet.write_text(
        "Mã SP,Tên sản phẩm,Tài liệu,Tài liệu công khai\nMO-1,Mật ong Như Xuân,contract.pdf,cert.pdf\n",
        encoding="utf-8",
    )
    import_file(service, sheet)
    save_profile(service, replace(load_profile(service), resolver_base_url="https://truyxuat.example.vn"))
    return sheet


def every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_only_public_documents_are_published(service: CatalogService, tmp_path: Path) -> None:
    imported(service, tmp_path)
    detail = service.product_by_sku("MO-1")
    assert [(d.original_name, d.public) for d in detail.documents] == [("contract.pdf", False), ("cert.pdf", True)]
    site = tmp_path / "site"
    build_site(service, site)
    published = every_byte(site)
    assert CERTIFICATE in published and PRIVATE not in published
    private_name = document_name(detail.documents[0])
    assert not (site / private_name).exists()
    assert private_name.split("/")[-1].encode() not in published  # not even linked


def test_documents_of_an_older_catalogue_stay_published(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="0005_public_documents")
    db.execute("INSERT INTO products (sku, name, name_sort, created_at, updated_at) VALUES ('A', 'A', 'a', 'x', 'x')")
    db.execute(
        "INSERT INTO product_media (product_id, kind, position, sha256, ext) VALUES "
        "(1, 'document', 0, 'aa', '.pdf'), (1, 'photo', 0, 'bb', '.jpg')"
    )
    db.conn.commit()
    db.close()
    with open_catalogue(path) as cdb:
        rows = cdb.conn.execute("SELECT kind, public FROM product_media ORDER BY kind").fetchall()
    assert rows == [("document", 1), ("photo", 0)]
