"""Issue #20: one bad photo is named for its product and the rest goes on (export check, bundle, site, export
photos, import, logo), and photo work stays within a measured memory budget whatever the worker count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.render import photos, stamp_text
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.media_sources import MediaError
from tests.cli.test_cli import run
from tests.safety.hostile_pictures import jpeg_bomb, png, png_bomb
from tests.safety.photo_memory import attach, big_catalogue, peak
from tests.site.conftest import make_demo

BOMBS = {"MO-NX-500": (jpeg_bomb(), ".jpg"), "CHA-HR": (png_bomb(), ".png")}
BUDGET_MB = 600


@pytest.fixture
def db(db_path: Path) -> str:
    service = CatalogService.open(db_path)
    make_demo(service)
    for sku, (data, ext) in BOMBS.items():
        attach(service, sku, data, ext)
    service.close()
    return str(db_path)


def test_the_bombs_are_small_files_declaring_180_megapixels() -> None:
    for data, _ext in BOMBS.values():
        assert len(data) < 1000
        with pytest.raises(photos.PhotoError, match="too large"):
            photos.check(data)
    photos.check(png(9_990, 6_000, "legal"))  # 59.9 MP: just under the limit, accepted


def test_readiness_names_the_bad_photo_before_export(capsys: pytest.CaptureFixture[str], db: str) -> None:
    _code, out, _ = run(capsys, "export", "check", "--marketplace", "voso", "--photos", "bundle", "--db", db, "--json")
    found = {r["sku"]: r for r in json.loads(out)}
    for sku in BOMBS:
        assert not found[sku]["ready"]
        assert any(p["field"] == "photos" and "Photo 1" in p["message"] for p in found[sku]["problems"]), sku
    assert found["BUOI-LV"]["ready"]


def test_bundle_site_and_photos_go_on_past_a_bad_photo(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "export", "bundle", "--marketplace", "voso", "--all", "--out", str(tmp_path / "v.zip"), "--db", db
    )
    assert code == 0 and "32 products" in out and all(f"{sku}: photo 1" in out + err for sku in BOMBS)
    code, out, err = run(capsys, "site", "build", "--out", str(tmp_path / "web"), "--db", db)
    assert code == 0 and all(f"{sku}: a photo was left out" in out + err for sku in BOMBS)
    assert (tmp_path / "web" / "img").is_dir() and len(list((tmp_path / "web" / "img").iterdir())) >= 30
    code, out, err = run(capsys, "export", "photos", "--marketplace", "shopee", "--db", db)
    assert code == 0 and all(f"{sku}: photo 1" in out + err for sku in BOMBS) and "30 photos" in out + err
    assert "Unexpected" not in out + err


def test_import_and_logo_refuse_a_bomb_by_name(service: CatalogService, tmp_path: Path) -> None:
    bomb = tmp_path / "anh-lon.jpg"
    bomb.write_bytes(jpeg_bomb())
    with pytest.raises(MediaError, match=r"anh-lon\.jpg"):
        service.add_media(str(bomb))
    assert not list(service.cdb.media_dir.glob("*.jpg"))
    with pytest.raises(OcopDeskError, match=r"anh-lon\.jpg"):
        stamp_text.load_logo(str(bomb))


@pytest.mark.parametrize("workers", [2, 8])
def test_eight_60_megapixel_pngs_stay_within_the_memory_budget(tmp_path: Path, workers: int) -> None:
    """Measured in a child process (peak RSS): before #20 a build of twelve took 1,974 MB with 2 workers and
    6,492 MB with 8; a lone 60 MP transparent PNG needs ~480 MB, so the budget leaves room for one.

    Eight photos, not twelve (issue #21: a third of the test's time): as many as the most workers tried
    here, so every worker can hold a photo at once, which is what the budget must stop. With two of #20's
    fixes undone in the child (no shared budget, glibc not told to return big blocks) eight took 1,003 MB
    (2 workers) and 3,740 MB (8) for the site build, far over the budget; as shipped, 540 and 543 MB.
    Twelve, for the record: `python -m tests.safety.photo_memory`."""
    db = tmp_path / "catalogue.sqlite"
    big_catalogue(db, count=8)
    site = peak(db, workers, "site", "build", "--out", str(tmp_path / "web"))
    assert site["code"] == 0 and site["peak_mb"] <= BUDGET_MB, site
    made = peak(db, workers, "export", "photos", "--marketplace", "shopee")
    assert made["code"] == 0 and made["peak_mb"] <= BUDGET_MB, made
