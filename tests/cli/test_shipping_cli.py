"""`ocopdesk shipping list|load|set` and what `export check` says with no channel on, on a real catalogue
file and Shopee's real template (the same service as the Marketplaces page's box)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocopdesk import i18n
from ocopdesk.services import shipping
from ocopdesk.services.catalog import CatalogService
from tests.cli.test_cli import run
from tests.listings.test_shipping import REAL
from tests.site.conftest import make_demo

pytestmark = pytest.mark.skipif(not REAL.is_file(), reason="Shopee's real template is not on this machine")


@pytest.fixture
def db(db_path: Path) -> str:
    service = CatalogService.open(db_path)
    make_demo(service)
    service.close()
    return str(db_path)


def check(capsys: pytest.CaptureFixture[str], db: str) -> tuple[int, dict[str, dict[str, object]], str]:
    args = ("export", "check", "--marketplace", "shopee", "--photos", "bundle", "--sku", "MO-NX-500", "--db", db)
    code, out, _ = run(capsys, *args, "--json")
    found = {r["sku"]: r for r in json.loads(out)}
    _code, _out, err = run(capsys, *args)
    return code, found, err


def test_list_an_unknown_channel_refused_and_load_from_the_real_template(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, _ = run(capsys, "shipping", "list", "--db", db)
    assert code == 0 and "[✓] 5001     Nhanh" in out and "[ ] 5000     Siêu Tốc - 4 Giờ (up to 10.000.000 đ)" in out
    code, found, _ = check(capsys, db)
    assert code == 0 and found["MO-NX-500"]["ready"]
    code, out, err = run(capsys, "shipping", "set", "Grab", "--db", db)
    assert code == 1 and "Grab" in err and "5001 (Nhanh)" in err
    code, found, _ = check(capsys, db)
    assert code == 0 and found["MO-NX-500"]["ready"]  # a refused `set` changed nothing
    code, out, _ = run(capsys, "shipping", "load", str(REAL), "--db", db)
    assert code == 0 and "shopee-2025-07-basic.xlsx" in out and "[✓] 5002     Tiết kiệm" in out


def test_check_with_no_channel_on(capsys: pytest.CaptureFixture[str], db: str) -> None:
    service = CatalogService.open(Path(db))
    shipping.choose(service, "shopee", [])
    service.close()
    i18n.set_language("vi")
    code, found, err = check(capsys, db)
    problems = found["MO-NX-500"]["problems"]
    assert code == 1 and [p["field"] for p in problems] == ["shipping"]
    assert "“Vận chuyển trên Shopee” trong trang Đăng lên sàn" in problems[0]["message"]
    assert "ocopdesk shipping set --marketplace shopee" in err
    code, out, _ = run(capsys, "shipping", "set", "nhanh", "5000", "--db", db)
    assert code == 0 and "[✓] 5001     Nhanh" in out and "[✓] 5000" in out
    assert check(capsys, db)[0] == 0
