"""Each marketplace's limits, the label items and the category rules, on real catalogue data."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

from ocopdesk.domain.listing import ERROR
from ocopdesk.marketplaces.base import registry
from ocopdesk.services import categories, listing_export, listings
from ocopdesk.services.catalog import CatalogService
from tests.listings.test_export import static_server
from tests.site.conftest import DemoSite

HONEY = "MO-NX-500"


def problems(service: CatalogService, market: str, sku: str = HONEY) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for p in listings.check(service, market, [sku])[0].problems:
        if p.severity == ERROR:
            found.setdefault(p.field, []).append(p.message)
    return found


def test_every_marketplace_has_a_module() -> None:
    assert list(registry()) == ["postmart", "voso", "shopee", "tiktok", "lazada", "tiki", "generic"]


def test_the_demo_honey_is_ready_for_shopee_and_postmart(demo: DemoSite, tmp_path: Path) -> None:
    for market in ("postmart", "voso", "generic"):
        assert problems(demo.service, market) == {}, market
    assert list(problems(demo.service, "shopee")) == ["image_host"]  # its photos are on no host yet
    listing_export.prepare_photos(demo.service, ["shopee"], [HONEY], tmp_path / "web")
    with static_server(tmp_path / "web") as host:
        listings.save_listing_settings(demo.service, image_host_url=host)
        assert problems(demo.service, "shopee") == {}
    listing = listings.check(demo.service, "shopee", [HONEY])[0].listing
    assert listing.category_id == "100819" and listing.price == 250000 and listing.weight == 800
    for item in ("Xuất xứ: Việt Nam", "Thành phần:", "Hạn sử dụng: 730 ngày", "Sản xuất tại:", "OCOP 4 sao"):
        assert item in listing.description, item
    assert "https://truyxuat.example.vn/sp/MO-NX-500" in listing.description


def test_title_length_is_counted_in_nfc(demo: DemoSite) -> None:
    service = demo.service
    detail = service.product_by_sku(HONEY)
    long_name = "Mật ong hoa rừng " * 7 + "Như Xuân"  # 127 characters in NFC
    service.save_product(replace(detail.product, name=long_name))
    assert "name" in problems(service, "shopee")
    assert "name" not in problems(service, "lazada")  # Lazada allows 255
    fits = ("Mật ong " * 14).strip()  # 111 in NFC, 151 code points if typed as NFD
    assert len(unicodedata.normalize("NFD", fits)) > 120
    service.save_product(replace(detail.product, name=unicodedata.normalize("NFD", fits)))
    assert "name" not in problems(service, "shopee")


def test_prices_out_of_range(demo: DemoSite) -> None:
    service = demo.service
    detail = service.product_by_sku(HONEY)
    service.save_product(replace(detail.product, price=500))
    assert "price" in problems(service, "shopee") and "price" not in problems(service, "tiktok")
    service.save_product(replace(detail.product, price=150_000_000))
    assert "price" in problems(service, "shopee") and "price" not in problems(service, "tiktok")
    service.save_product(replace(detail.product, price=None))
    assert "price" in problems(service, "postmart")


def test_too_few_photos_and_missing_label_items(demo: DemoSite) -> None:
    service = demo.service
    detail = service.product_by_sku(HONEY)
    service.save_product(replace(detail.product, ingredients="", storage=""), photos=[])
    found = problems(service, "shopee")
    assert {"photos", "ingredients", "storage"} <= set(found)
    mat = service.product_by_sku("COI-NS-CHIEU")  # a sleeping mat: no food label, so warnings only
    service.save_product(replace(mat.product, ingredients=""))
    assert "ingredients" not in problems(service, "postmart", "COI-NS-CHIEU")


def test_no_category_rule_is_an_error_until_one_is_added(demo: DemoSite) -> None:
    service = demo.service
    assert "category" in problems(service, "lazada")
    categories.add_rule(service, "lazada", "10001234", "Mật ong", keyword="mật ong")
    assert "category" not in problems(service, "lazada")
    assert listings.check(service, "lazada", [HONEY])[0].listing.category_id == "10001234"
    assert listings.check(service, "lazada", [HONEY])[0].listing.weight == 0.8  # kilograms on Lazada


def test_description_is_cut_but_never_the_label(demo: DemoSite) -> None:
    service = demo.service
    detail = service.product_by_sku(HONEY)
    service.save_product(replace(detail.product, description="Mật ong rừng thơm ngon. " * 300))
    readiness = listings.check(service, "shopee", [HONEY])[0]
    text = readiness.listing.description
    assert len(text) <= 3000 and text.split("\n\n")[0].endswith("…")
    assert "Thành phần: Mật ong hoa rừng nguyên chất 100%" in text
    assert any(p.field == "description" and p.severity == "warning" for p in readiness.problems)


def test_tiki_needs_certificate_scans(demo: DemoSite) -> None:
    assert "documents" in problems(demo.service, "tiki")
