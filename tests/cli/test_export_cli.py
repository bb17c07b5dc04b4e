"""`ocopdesk export` and `site build` from the command line, on a real catalogue file."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from ocopdesk.services.catalog import CatalogService
from tests.cli.test_cli import run
from tests.site.conftest import make_demo


@pytest.fixture
def db(db_path: Path) -> str:
    service = CatalogService.open(db_path)
    make_demo(service)
    service.close()
    return str(db_path)


def test_export_check_exit_codes_and_json(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = run(capsys, "export", "check", "--marketplace", "shopee", "--db", db, "--json")
    found = {r["sku"]: r for r in json.loads(out)}
    assert code == 1 and not found["MO-NX-500"]["ready"]  # its photos are on no image host yet
    assert [p["field"] for p in found["MO-NX-500"]["problems"]] == ["image_host"]
    args = ("export", "check", "--marketplace", "shopee", "--photos", "bundle", "--db", db, "--json")
    code, out, _ = run(capsys, *args)
    found = {r["sku"]: r for r in json.loads(out)}
    assert code == 0 and found["MO-NX-500"]["ready"] and not found["COI-NS-TUI"]["ready"]
    assert found["MO-NX-500"]["category"] == {"id": "100819", "path": ["Mật ong"]}
    assert any(p["field"] == "category" for p in found["COI-NS-TUI"]["problems"])
    code, out, _ = run(capsys, "export", "check", "--marketplace", "lazada", "--db", db)
    assert code == 1 and "0 of 32 products are ready." in out
    code, _, err = run(capsys, "export", "--marketplace", "ebay", "--out", "x.zip", "--db", db)
    assert code == 2 and "ebay" in err


def test_export_a_kit_then_record_the_listing(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    out_zip = tmp_path / "voso.zip"
    code, out, _err = run(capsys, "export", "--marketplace", "voso", "--out", str(out_zip), "--db", db)
    assert code == 0 and "voso" in out and out_zip.is_file()
    with zipfile.ZipFile(out_zip) as archive:
        assert "manifest.json" in archive.namelist()
    url = "https://voso.vn/san-pham/mat-ong-hoa-rung-nhu-xuan-1"
    assert (
        run(capsys, "export", "listed", "--marketplace", "voso", "--sku", "MO-NX-500", "--url", url, "--db", db)[0] == 0
    )
    code, out, _ = run(capsys, "export", "status", "--marketplace", "voso", "--db", db)
    assert code == 0 and url in out and "voso.zip" in out


def test_site_build_from_the_command_line(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    code, _out, _ = run(capsys, "site", "build", "--out", str(tmp_path / "web"), "--db", db)
    assert code == 0 and (tmp_path / "web" / "htx" / "index.html").is_file()
    code, _, err = run(capsys, "site", "build", "--out", str(tmp_path), "--db", db)  # not empty, not ours
    assert code == 1 and "not empty" in err


def test_category_rules_from_the_command_line(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = run(capsys, "categories", "list", "--marketplace", "shopee", "--db", db)
    assert code == 0 and "100819" in out and "keyword=mật ong" in out  # seed keywords keep their marks (#23)
    code, _, err = run(capsys, "categories", "add", "--marketplace", "lazada", "--category", "9999", "--db", db)
    assert code == 1 and "keyword" in err  # a rule must match something
    args = ["categories", "add", "--marketplace", "lazada", "--category", "10001234", "--keyword", "mật ong"]
    assert run(capsys, *args, "--db", db)[0] == 0
    code, out, _ = run(capsys, "export", "check", "--marketplace", "lazada", "--sku", "MO-NX-500", "--json", "--db", db)
    assert not any(p["field"] == "category" for p in json.loads(out)[0]["problems"])


def test_export_actions_are_subcommands_and_the_old_spellings_still_work(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "export", "bundle", "--marketplace", "voso", "--out", str(tmp_path / "a.zip"), "--db", db
    )
    assert code == 0 and (tmp_path / "a.zip").is_file() and "old spelling" not in err
    code, out, err = run(capsys, "--db", db, "export", "--marketplace", "voso", "--out", str(tmp_path / "b.zip"))
    assert code == 0 and (tmp_path / "b.zip").is_file() and "export bundle" in err and "voso" in out
    # the action word after the options, as the old optional positional allowed; JSON on stdout stays clean
    code, out, err = run(capsys, "export", "--marketplace", "shopee", "--db", db, "--json", "check")
    assert code == 1 and "export check" in err and {r["sku"] for r in json.loads(out)} >= {"MO-NX-500"}
    code, out, err = run(capsys, "export", "--marketplace", "voso", "--sku", "status", "--db", db, "status")
    assert code == 0 and "export status" in err  # `--sku status` is a value, the last word the action
    code, _, err = run(capsys, "export", "bogus", "--marketplace", "voso", "--db", db)
    assert code == 2 and "bogus" in err


def test_argparse_words_are_translated(capsys: pytest.CaptureFixture[str], db: str) -> None:
    from ocopdesk import i18n

    i18n.set_language("vi")
    try:
        code, _, err = run(capsys, "export", "check", "--marketplace", "ebay", "--db", db)
        assert code == 2 and "cách dùng:" in err and "lỗi: tham số --marketplace: lựa chọn không hợp lệ: 'ebay'" in err
        code, _, err = run(capsys, "stamps", "issue", "--db", db)
        assert code == 2 and "thiếu các tham số bắt buộc: --lot, --count" in err
    finally:
        i18n.set_language("en")
