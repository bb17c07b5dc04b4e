"""Issue #20: restore checks the sum of what a backup unpacks to, repairs photos whose bytes do not match their
hash name, refuses while another program (not only OCOPDesk) holds the catalogue, and tells a newer backup
from a damaged one. Real archives, a real second process holding a sqlite3 connection."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.product import ProductFilter
from ocopdesk.services.backup import CatalogueInUse, backup, restore
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def catalogue_and_backup(tmp_path: Path) -> tuple[Path, Path]:
    target = tmp_path / "data" / "catalogue.sqlite"
    service = CatalogService.open(target)
    load_demo(service)
    archive = backup(service, tmp_path / "sao-luu.zip")
    service.close()
    return target, archive


def _skus(path: Path) -> int:
    service = CatalogService.open(path, create=False)
    try:
        return len(service.search(ProductFilter()))
    finally:
        service.close()


def test_many_members_that_unpack_to_gigabytes_are_refused_before_writing(tmp_path: Path) -> None:
    bomb = tmp_path / "bom-nhieu.zip"
    member = bytes(63 << 20)  # each under the 64 MB single-member floor
    files = {"catalogue.sqlite": "0" * 64} | {f"media/{n:064x}.jpg": "0" * 64 for n in range(48)}
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name in files:
            archive.writestr(name, member)
        archive.writestr("manifest.json", json.dumps({"format": "ocopdesk-backup/1", "files": files}))
    assert bomb.stat().st_size < 20 << 20
    target = tmp_path / "data" / "catalogue.sqlite"
    with pytest.raises(OcopDeskError, match="not a plausible OCOPDesk backup") as refused:
        restore(bomb, target)
    assert str(bomb) in refused.value.message and "49" in refused.value.message
    assert sum(p.stat().st_size for p in target.parent.rglob("*") if p.is_file()) == 0


def test_a_damaged_or_altered_photo_is_replaced_by_the_backups_copy(
    catalogue_and_backup: tuple[Path, Path],
) -> None:
    target, archive = catalogue_and_backup
    media = sorted(target.with_name("catalogue.media").iterdir())
    damaged, altered, intact = media[0], media[1], media[2]
    damaged.write_bytes(damaged.read_bytes()[:100])  # truncated
    altered.write_bytes(intact.read_bytes())  # another picture under its name
    restore(archive, target, force=True)
    for path in media:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name.split(".")[0], path.name


HOLDERS = {
    "reading": "c.execute('BEGIN'); c.execute('SELECT count(*) FROM products').fetchone()",
    "writing": "c.execute('BEGIN IMMEDIATE'); c.execute(\"UPDATE products SET name = name || ' (viewer)'\")",
    "idle": "c.execute('SELECT count(*) FROM products').fetchone()",
}


def _viewer(target: Path, holding: str) -> subprocess.Popen[str]:
    """A database viewer: plain sqlite3 in another process, holding the file as `holding` says, then (on a
    line from us) writing one more row and closing."""
    script = (
        f"import sqlite3, sys; c = sqlite3.connect({str(target)!r}, isolation_level=None); {HOLDERS[holding]};"
        "print('holding', flush=True); sys.stdin.readline();"
        "c.execute('COMMIT') if c.in_transaction else None;"
        "c.execute(\"UPDATE products SET name = 'viewer wrote this' WHERE id = 1\"); c.close(); print('closed')"
    )
    viewer = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert viewer.stdout is not None and viewer.stdout.readline().strip() == "holding"
    return viewer


@pytest.mark.parametrize("holding", sorted(HOLDERS))
def test_restore_refuses_while_another_program_holds_the_catalogue(
    catalogue_and_backup: tuple[Path, Path], holding: str
) -> None:
    target, archive = catalogue_and_backup
    viewer = _viewer(target, holding)
    try:
        with pytest.raises(CatalogueInUse, match="Another program") as refused:
            restore(archive, target, force=True)
        assert str(target) in refused.value.message and not (target.parent / "backups").exists()
    finally:
        out, _err = viewer.communicate("\n", timeout=60)
    assert out.strip() == "closed"
    with sqlite3.connect(target) as conn:  # the viewer's write landed in the catalogue that was kept
        assert conn.execute("SELECT name FROM products WHERE id = 1").fetchone()[0] == "viewer wrote this"
    assert restore(archive, target, force=True) is not None  # closed: now it goes ahead
    assert _skus(target) == 32


def _rewrite(archive: Path, out: Path, change_db: str = "", format_: str = "") -> Path:
    """A copy of `archive` whose database ran `change_db` (hash updated) or whose manifest says `format_`."""
    work = out.with_suffix(".sqlite")
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(out, "w") as dst:
        manifest = json.loads(src.read("manifest.json"))
        work.write_bytes(src.read("catalogue.sqlite"))
        if change_db:
            with sqlite3.connect(work) as conn:
                conn.execute(change_db)
            conn.close()
        manifest["files"]["catalogue.sqlite"] = hashlib.sha256(work.read_bytes()).hexdigest()
        manifest["format"] = format_ or manifest["format"]
        for name in src.namelist():
            if name not in ("manifest.json", "catalogue.sqlite"):
                dst.writestr(name, src.read(name))
        dst.write(work, "catalogue.sqlite")
        dst.writestr("manifest.json", json.dumps(manifest))
    return out


def test_a_backup_from_a_newer_version_says_so_not_damaged(
    catalogue_and_backup: tuple[Path, Path], tmp_path: Path
) -> None:
    target, archive = catalogue_and_backup
    future = "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('ocopdesk', '9999_future', '')"
    for newer in (
        _rewrite(archive, tmp_path / "moi.zip", change_db=future),
        _rewrite(archive, tmp_path / "moi2.zip", format_="ocopdesk-backup/2"),
    ):
        with pytest.raises(OcopDeskError, match="newer version of OCOPDesk") as refused:
            restore(newer, target, force=True)
        assert "is damaged" not in refused.value.message and str(newer) in refused.value.message
    assert _skus(target) == 32
