"""Issue #20: OCOPDesk deletes only what it made and can prove (bundle folders, the site manifest, the
preview server), each case tried on real files through the CLI or a real server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.render import owned_folder
from ocopdesk.services import listing_export, site_preview
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.site import MANIFEST
from tests.cli.test_cli import run
from tests.site.conftest import make_demo


@pytest.fixture
def db(db_path: Path) -> str:
    service = CatalogService.open(db_path)
    make_demo(service)
    service.close()
    return str(db_path)


def _bundle(capsys: pytest.CaptureFixture[str], db: str, out: Path) -> tuple[int, str, str]:
    return run(capsys, "export", "bundle", "--marketplace", "voso", "--all", "--out", str(out), "--db", db)


def test_a_bundle_never_replaces_a_folder_holding_the_users_files(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    folder = tmp_path / "ban-giao"
    folder.mkdir()
    kept = folder / "hợp đồng.docx"
    kept.write_bytes(b"the user's document")
    code, _out, err = _bundle(capsys, db, folder)
    assert code == 1 and str(folder) in err and "hợp đồng.docx" in err
    assert kept.read_bytes() == b"the user's document" and sorted(p.name for p in folder.iterdir()) == [kept.name]


def test_a_bundle_replaces_its_own_earlier_folder_but_not_once_the_user_adds_a_file(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    folder = tmp_path / "voso"
    assert _bundle(capsys, db, folder)[0] == 0 and (folder / "manifest.json").is_file()
    assert _bundle(capsys, db, folder)[0] == 0  # ours, proven file by file: replaced
    (folder / "ghi-chu.txt").write_text("note")
    code, _out, err = _bundle(capsys, db, folder)
    assert code == 1 and "ghi-chu.txt" in err and (folder / "ghi-chu.txt").read_text() == "note"
    (folder / "ghi-chu.txt").unlink()
    listed = json.loads((folder / "manifest.json").read_text())["files"][0]["path"]
    (folder / listed).write_bytes(b"edited by the user")  # a file of ours the user changed is theirs now
    assert _bundle(capsys, db, folder)[0] == 1 and (folder / listed).read_bytes() == b"edited by the user"
    assert not list(tmp_path.glob(".voso.*"))  # no partial or old folder left behind


def test_an_empty_existing_folder_takes_the_bundle(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    assert _bundle(capsys, db, folder)[0] == 0 and (folder / "manifest.json").is_file()


def test_manifest_entries_are_untrusted(tmp_path: Path) -> None:
    bad = ["../x", "/etc/passwd", "a/../../b", "C:/Windows/x", "a\\..\\b", "", "./a", "a//b", 5, None, "a\x00"]
    assert [owned_folder.plain_relative(e) for e in bad] == [None] * len(bad)
    assert owned_folder.plain_relative("san-pham/mat-ong/index.html") == "san-pham/mat-ong/index.html"
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "link").symlink_to(outside)
    assert owned_folder.inside(tmp_path / "site", "link/file") is None


def _plant_outside(tmp_path: Path) -> tuple[Path, Path]:
    other = tmp_path / "other"
    other.mkdir()
    (other / "file").write_text("not ours")
    absolute = tmp_path / "absolute.txt"
    absolute.write_text("not ours either")
    return other / "file", absolute


def test_site_build_removes_nothing_a_forged_manifest_names_outside_the_folder(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    web = tmp_path / "web"
    assert run(capsys, "site", "build", "--out", str(web), "--db", db)[0] == 0
    relative, absolute = _plant_outside(tmp_path)
    outside_dir = tmp_path / "elsewhere"
    outside_dir.mkdir()
    (outside_dir / "keep.html").write_text("keep")
    (web / "linked").symlink_to(outside_dir)
    manifest = json.loads((web / MANIFEST).read_text())
    manifest["files"].update({"../other/file": "x", str(absolute): "x", "linked/keep.html": "x"})
    manifest["photo_files"] += ["../other/file", str(absolute), "linked/keep.html"]
    manifest["pending_photos"] = ["../../*", "*"]
    (web / MANIFEST).write_text(json.dumps(manifest))
    code, out, _err = run(capsys, "site", "build", "--out", str(web), "--db", db)
    assert code == 0, out
    assert relative.read_text() == "not ours" and absolute.read_text() == "not ours either"
    assert (outside_dir / "keep.html").read_text() == "keep" and (web / "htx" / "index.html").is_file()
    assert "other/file" not in out and "keep.html" not in out


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_the_preview_server_does_not_follow_a_link_out_of_the_site(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    web = tmp_path / "web"
    assert run(capsys, "site", "build", "--out", str(web), "--db", db)[0] == 0
    os.symlink(db, web / "htx" / "catalogue.html")
    os.symlink(Path(db).parent, web / "htx" / "up")
    server, base = site_preview.start_in_thread(web)
    try:
        assert _get(base + "htx/")[0] == 200
        for path in ("htx/catalogue.html", "htx/up/" + Path(db).name):
            status, body = _get(base + path)
            assert status == 404 and b"SQLite" not in body
    finally:
        server.shutdown()
        server.server_close()


def test_export_photos_will_not_write_through_a_link_planted_in_the_image_folder(
    service: CatalogService, tmp_path: Path
) -> None:
    make_demo(service)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = tmp_path / "images"
    folder.mkdir()
    (folder / "m").symlink_to(elsewhere)
    with pytest.raises(OcopDeskError, match="link"):
        listing_export.prepare_photos(service, ["shopee"], ["MO-NX-500"], folder=folder)
    assert not list(elsewhere.iterdir())
