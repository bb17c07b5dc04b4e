import hashlib
import zipfile
from pathlib import Path

import pytest

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.services.backup import RestoreRefused, backup, restore
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo


def test_backup_then_restore_brings_back_products_and_photos(service: CatalogService, tmp_path: Path) -> None:
    load_demo(service)
    archive = backup(service, tmp_path / "out" / "sao-luu")
    assert archive.name == "sao-luu.zip" and not list(archive.parent.glob(".*partial"))
    target = tmp_path / "restored" / "catalogue.sqlite"
    assert restore(archive, target) is None
    restored = CatalogService.open(target, create=False)
    assert restored.count_products() == service.count_products() == 32
    photo = restored.product_by_sku("MO-NX-500").photos[0]
    data = restored.media_path(photo).read_bytes()
    assert hashlib.sha256(data).hexdigest() == photo.sha256
    restored.close()


def test_restore_refuses_to_overwrite_without_force_and_keeps_a_safety_copy_with_it(
    service: CatalogService, tmp_path: Path
) -> None:
    empty = CatalogService.open(tmp_path / "empty.sqlite")
    archive = backup(empty, tmp_path / "empty.zip")
    empty.close()
    load_demo(service)
    service.close()
    with pytest.raises(RestoreRefused, match="--force"):
        restore(archive, service.path)
    assert CatalogService.open(service.path).count_products() == 32
    safety = restore(archive, service.path, force=True)
    assert safety is not None and safety.exists()
    assert CatalogService.open(service.path).count_products() == 0
    assert CatalogService.open(safety, create=False).count_products() == 32


def test_a_damaged_or_foreign_archive_changes_nothing(service: CatalogService, tmp_path: Path) -> None:
    archive = backup(service, tmp_path / "b.zip")
    tampered = tmp_path / "t.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[:-10] + b"x" * 10 if item.filename == "catalogue.sqlite" else data)
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"hello")
    target = tmp_path / "new" / "c.sqlite"
    for bad in (tampered, junk):
        with pytest.raises(OcopDeskError, match="not an OCOPDesk backup"):
            restore(bad, target)
    assert not target.exists()
