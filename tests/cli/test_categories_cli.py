"""`ocopdesk categories load|search|suggest|set` and `export check|photos` on a real catalogue file
with the generated Shopee template: the date shown dd/mm/yyyy, suggestions with id, name path and
confidence, --accept applying only the confident ones, and readiness agreeing with the export."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from ocopdesk.services.catalog import CatalogService
from tests.cli.test_cli import run
from tests.listings import shopee_template
from tests.listings.test_export import static_server
from tests.site.conftest import make_demo


@pytest.fixture
def db(db_path: Path) -> str:
    service = CatalogService.open(db_path)
    make_demo(service)
    service.close()
    return str(db_path)


@pytest.fixture
def template(tmp_path: Path) -> str:
    return str(shopee_template.make(tmp_path / "mau-shopee.xlsx"))


def test_load_list_and_search(capsys: pytest.CaptureFixture[str], db: str, template: str) -> None:
    code, out, _ = run(capsys, "categories", "list", "--marketplace", "shopee", "--db", db)
    assert code == 0 and "No category list loaded" in out
    code, out, _ = run(capsys, "categories", "load", "--marketplace", "shopee", template, "--db", db)
    today = dt.date.today().strftime("%d/%m/%Y")
    assert code == 0 and f"Loaded {len(shopee_template.leaves())} categories for shopee" in out and today in out
    code, out, _ = run(capsys, "categories", "list", "--marketplace", "shopee", "--db", db)
    assert f"loaded on {today} from mau-shopee.xlsx" in out
    code, out, _ = run(capsys, "categories", "search", "--marketplace", "shopee", "mat", "ong", "--db", db)
    assert code == 0 and out.splitlines()[0] == "100819     Thực phẩm và đồ uống › Ngũ cốc & mứt › Mật ong"
    code, _, err = run(capsys, "categories", "load", "--marketplace", "shopee", str(Path(template).parent), "--db", db)
    assert code == 1 and "Traceback" not in err


def test_suggest_then_accept_only_the_confident(capsys: pytest.CaptureFixture[str], db: str, template: str) -> None:
    run(capsys, "categories", "load", "--marketplace", "shopee", template, "--db", db)
    code, out, _ = run(capsys, "categories", "suggest", "--marketplace", "shopee", "--json", "--db", db)
    found = {item["sku"]: item for item in json.loads(out)}
    squid = found["MUC-KHO-NS"]
    assert code == 0 and squid["current"] is None and not squid["accepted"]
    first = squid["suggestions"][0]
    assert first["id"] and first["path"][-1] == "Hải sản khô" and 0 < first["confidence"] <= 1 and first["confident"]
    assert "MO-NX-500" not in found  # it has its category already
    unsure = sorted(sku for sku, item in found.items() if not item["suggestions"][0]["confident"])
    assert unsure, "some suggestions are not sure enough to apply"

    code, out, _ = run(capsys, "categories", "suggest", "--marketplace", "shopee", "--accept", "--db", db)
    applied = int(re.search(r"(\d+) confident suggestions applied", out).group(1))  # type: ignore[union-attr]
    assert code == 0 and applied == len(found) - len(unsure)
    code, out, _ = run(capsys, "categories", "suggest", "--marketplace", "shopee", "--json", "--db", db)
    assert sorted(item["sku"] for item in json.loads(out)) == unsure  # only the unsure wait now

    khoai = next(i for i, p in shopee_template.leaves() if p.endswith("/Hoa quả sấy"))
    args = ("categories", "set", "--marketplace", "shopee", "--sku", "KHOAI-DEO-DH", "--category", khoai)
    code, out, _ = run(capsys, *args, "--db", db)
    assert code == 0 and "Hoa quả sấy" in out
    code, _, err = run(
        capsys, "categories", "set", "--marketplace", "shopee", "--sku", "CAM-TX", "--category", "1", "--db", db
    )
    assert code == 1 and "no category 1" in err


def test_check_and_export_agree_once_the_photos_are_published(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    web = tmp_path / "web"
    web.mkdir()
    with static_server(web) as host:
        common = ("--marketplace", "shopee", "--sku", "MO-NX-500", "--image-host", host, "--db", db)
        code, out, err = run(capsys, "export", "check", *common)
        assert code == 1 and "0 of 1 products are ready." in out and "export photos" in err
        code, _, err = run(capsys, "export", *common, "--out", str(tmp_path / "a.zip"))
        assert code == 1 and "No product is ready for Shopee" in err
        code, _, err = run(capsys, "export", "photos", "--marketplace", "postmart", "--db", db)
        assert code == 1 and "no image host is needed" in err
        code, out, _ = run(capsys, "export", "photos", *common, "--image-folder", str(web))
        assert code == 0 and "Wrote" in out
        code, out, _ = run(capsys, "export", "check", *common)
        assert code == 0 and "1 of 1 products are ready." in out and "category: Mật ong (100819)" in out
        code, out, err = run(capsys, "export", *common, "--out", str(tmp_path / "b.zip"))
        assert code == 0 and "1 products" in out, err
