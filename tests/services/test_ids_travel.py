"""Stable identifiers travel (#24): a restore brings back the backup's catalogue id and every row's UUID, and
the exports that leave the catalogue carry them, read back from the written files."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

from ocopdesk.domain import site_paths
from ocopdesk.services import listing_export
from ocopdesk.services.backup import backup, restore
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.dossier import write_quality_dossier
from ocopdesk.services.epcis_export import export_epcis
from ocopdesk.services.site import build_site
from ocopdesk.storage.migrations import ENTITY_TABLES
from tests.site.conftest import make_demo

SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def every_uuid(path: Path) -> dict[str, list[tuple[int, str]]]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT id, uuid FROM {t} ORDER BY id").fetchall() for t in ENTITY_TABLES}


def test_a_restore_keeps_the_backups_ids_not_the_replaced_files(service: CatalogService, tmp_path: Path) -> None:
    make_demo(service)
    archive = backup(service, tmp_path / "sao-luu.zip")
    with zipfile.ZipFile(archive) as z:
        assert json.loads(z.read("manifest.json"))["catalogue_id"] == service.catalogue_id()
    target = tmp_path / "other" / "catalogue.sqlite"
    other = CatalogService.open(target)  # another catalogue at the place restored into: its id must go
    replaced = other.catalogue_id()
    other.close()
    restore(archive, target, force=True)
    restored = CatalogService.open(target, create=False)
    try:
        assert restored.catalogue_id() == service.catalogue_id() != replaced
        assert every_uuid(target) == every_uuid(service.path)
        assert all(rows for rows in every_uuid(target).values())  # the demo has a row in every table
    finally:
        restored.close()


def test_the_epcis_export_names_the_catalogue_and_each_product_and_lot_by_uuid(
    service: CatalogService, tmp_path: Path
) -> None:
    demo = make_demo(service)
    before = {v.batch.lot_code: v.batch.uuid for v in service.batches()}
    renamed = next(v for v in service.batches() if v.batch.lot_code not in (demo.gtin_lot, demo.short_lot)).batch
    assert renamed.id is not None
    service.rename_lot(renamed.id, "DOI-TEN-1")  # an edit: the lot's code changes, its uuid does not
    document = json.loads(export_epcis(service, tmp_path / "su-kien.jsonld").path.read_text(encoding="utf-8"))
    assert document["sender"] == f"urn:uuid:{service.catalogue_id()}"
    same = {
        element["id"]: [a["attribute"] for a in element["attributes"] if a["id"] == SAME_AS]
        for vocabulary in document["epcisHeader"]["epcisMasterData"]["vocabularyList"]
        for element in vocabulary["vocabularyElementList"]
        if vocabulary["type"].endswith("EPCClass")
    }
    lots = {v.batch.uuid: v for v in service.batches()}
    products = {service.product_by_sku(v.sku).product.uuid for v in lots.values()}
    told = [u.removeprefix("urn:uuid:") for values in same.values() for u in values]
    assert all(len(values) == 1 for values in same.values())
    assert set(told) == set(lots) | products
    assert lots[before[renamed.lot_code]].batch.lot_code == "DOI-TEN-1"


def test_a_listing_bundle_names_each_product_by_uuid_through_a_new_sku(service: CatalogService, tmp_path: Path) -> None:
    make_demo(service)
    honey = service.product_by_sku("MO-NX-500").product
    service.save_product(replace(honey, sku="MO-NX-500-MOI"))  # the SKU a marketplace knows changes
    listing_export.export(service, "postmart", tmp_path / "postmart.zip")
    with zipfile.ZipFile(tmp_path / "postmart.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["catalogue_id"] == service.catalogue_id()
    by_sku = {entry["sku"]: entry["uuid"] for entry in manifest["readiness"]}
    assert by_sku["MO-NX-500-MOI"] == honey.uuid and "MO-NX-500" not in by_sku
    assert all(by_sku[sku] == service.product_by_sku(sku).product.uuid for sku in manifest["products"])


def test_the_quality_dossier_names_the_product_by_its_uuid(service: CatalogService, tmp_path: Path) -> None:
    """Read from the PDF's text as a viewer copies it (pdftotext): a UUID is for copying, not for reading aloud."""
    make_demo(service)
    honey = service.product_by_sku("MO-NX-500").product
    write_quality_dossier(service, "MO-NX-500", tmp_path / "ho-so.pdf")
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(tmp_path / "ho-so.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Record id" in text and honey.uuid in text


def test_the_websites_pages_name_their_product_and_lot_records_for_machines(
    service: CatalogService, tmp_path: Path
) -> None:
    """In the pages' schema.org JSON-LD (for a province office's crawler), not in the text a shopper reads."""
    demo = make_demo(service)
    build_site(service, tmp_path / "site")
    view = next(v for v in service.batches() if v.batch.lot_code == demo.gtin_lot)
    product = service.product_by_sku(view.sku).product
    lot_page = site_paths.lot_path(product.sku, view.batch.lot_code, product.gtin)
    assert record_ids(tmp_path / "site", site_paths.product_path(product.sku)) == [f"urn:uuid:{product.uuid}"]
    assert record_ids(tmp_path / "site", lot_page) == [f"urn:uuid:{view.batch.uuid}"]


def record_ids(site: Path, path: str) -> list[str]:
    page = site / str(site_paths.page_file(path))
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    found = [i for b in blocks for i in json.loads(b).get("identifier", [])]
    return [i["value"] for i in found if i["propertyID"] == "OCOPDesk record"]


def test_codes_in_the_dossier_copy_out_as_typed(service: CatalogService, tmp_path: Path) -> None:
    """A UUID, SKU or lot code with "ff", "fi" or "fl" must not become a ligature glyph (pdftotext gave "ﬀ"
    for the "ff" in about one random UUID in nine, so the copied id matched nothing)."""
    make_demo(service)
    honey = service.product_by_sku("MO-NX-500").product
    service.save_product(replace(honey, name="Mật ong Affinity coffee flow"))
    write_quality_dossier(service, "MO-NX-500", tmp_path / "ho-so.pdf")
    done = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(tmp_path / "ho-so.pdf"), "-"], capture_output=True)
    text = done.stdout.decode()
    assert "Affinity coffee flow" in text, text
