"""`ocopdesk categories suggest` on the real Shopee VN template (2025-07, 1,575 leaves): nem chua lands
among processed meats and is applied with --accept, a tourism service gets the plain note instead of a
category and is never applied, and a choice made with `categories set` teaches the next product of its kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocopdesk.domain.product import Product
from ocopdesk.services.catalog import CatalogService
from tests.cli.test_cli import run
from tests.listings.category_corpus import SHOPEE
from tests.site.conftest import make_demo


@pytest.fixture
def db(db_path: Path) -> str:
    service = CatalogService.open(db_path)
    make_demo(service)
    service.save_product(Product("ME-1", "Mẻ chua Hà Tây", ocop_group="1", ocop_subgroup="1.4"))
    service.save_product(Product("ME-2", "Mẻ chua Bà Lan", ocop_group="1", ocop_subgroup="1.4"))
    service.close()
    return str(db_path)


def test_suggest_on_the_real_tree(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, _, _ = run(capsys, "categories", "load", "--marketplace", "shopee", str(SHOPEE), "--db", db)
    assert code == 0
    code, out, _ = run(capsys, "categories", "suggest", "--marketplace", "shopee", "--sku", "DL-CL-TOUR", "--db", db)
    assert code == 0 and "OCOP group 6" in out and "not goods" in out
    code, out, _ = run(capsys, "categories", "suggest", "--marketplace", "shopee", "--json", "--db", db)
    found = {item["sku"]: item for item in json.loads(out)}
    assert found["DL-CL-TOUR"]["suggestions"] == [] and "OCOP group 6" in found["DL-CL-TOUR"]["note"]
    nem = found["NEM-HR-10"]["suggestions"][0]
    assert nem["id"] == "100855" and nem["confident"] and "Nệm" not in nem["path"]
    code, out, _ = run(capsys, "categories", "suggest", "--marketplace", "shopee", "--accept", "--db", db)
    code, out, _ = run(capsys, "categories", "suggest", "--marketplace", "shopee", "--json", "--db", db)
    waiting = {item["sku"]: item for item in json.loads(out)}
    assert "NEM-HR-10" not in waiting and "DL-CL-TOUR" in waiting and "ME-2" in waiting

    set_args = ("categories", "set", "--marketplace", "shopee", "--sku", "ME-1", "--category", "101592")
    assert run(capsys, *set_args, "--db", db)[0] == 0
    code, out, _ = run(
        capsys, "categories", "suggest", "--marketplace", "shopee", "--sku", "ME-2", "--json", "--db", db
    )
    first = json.loads(out)[0]["suggestions"][0]
    assert first["id"] == "101592" and first["confident"]
