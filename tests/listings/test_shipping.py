"""Shopee's shipping channels, on Shopee's real basic template of July 2025
(/work/shared/marketplaces/shopee-2025-07-basic.xlsx): read from its header rows, chosen once per
catalogue, written "Mở"/"Tắt" under the right keys in every row; none chosen blocks readiness."""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ocopdesk import i18n
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _
from ocopdesk.marketplaces.shopee import SHIPPING
from ocopdesk.services import listing_export, listings, shipping
from ocopdesk.services.catalog import CatalogService
from tests.site.conftest import DemoSite

REAL = Path("/work/shared/marketplaces/shopee-2025-07-basic.xlsx")
HONEY = "MO-NX-500"
pytestmark = pytest.mark.skipif(not REAL.is_file(), reason="Shopee's real template is not on this machine")


def header_channels(path: Path) -> dict[str, str]:
    """key → header name of every `channel_id.` column, read straight with openpyxl (not with the app)."""
    sheet = load_workbook(path)["Bản đăng tải"]
    return {
        str(key.value): str(sheet.cell(row=3, column=key.column).value)
        for key in sheet[1]
        if str(key.value or "").startswith("channel_id.")
    }


@pytest.fixture
def template(tmp_path: Path) -> Path:
    copy = tmp_path / "Shopee_mass_upload_2025-07_basic_template.xlsx"
    shutil.copyfile(REAL, copy)
    return copy


def test_the_real_template_offers_its_channels_and_the_app_reads_them_all(
    service: CatalogService, template: Path
) -> None:
    expected = header_channels(template)
    assert len(expected) == 5
    found, _changes = shipping.read_template(service, "shopee", template)
    assert {SHIPPING.key_prefix + c.id: c.name for c in found.channels} == expected
    assert found.on == frozenset() and found.source == template.name
    assert found.channels == SHIPPING.built_in, "the built-in list is this template's, caps included"
    assert next(c for c in found.channels if c.id == "5000").max_price == 10_000_000  # "VND10000000.00" in row 6


def test_the_words_written_are_the_templates_own(template: Path) -> None:
    """The sample sheet fills the channel columns with exactly two words; the help row names them."""
    sample = load_workbook(template)["Đăng tải bản mẫu"]
    keys = [c.column for c in sample[1] if str(c.value or "").startswith("channel_id")]
    words = {sample.cell(row=r, column=k).value for r in range(7, sample.max_row + 1) for k in keys}
    assert words == {SHIPPING.on, SHIPPING.off} == {"Mở", "Tắt"}
    assert sample.cell(row=6, column=keys[0]).value == f"{SHIPPING.on} / {SHIPPING.off}"


def test_none_chosen_blocks_shopee_and_says_where_to_choose(demo: DemoSite) -> None:
    service = demo.service
    listings.set_photo_way(service, "shopee", listings.BUNDLE)
    assert listings.check(service, "shopee", [HONEY])[0].ready  # the demo shop has two channels on
    shipping.choose(service, "shopee", [])
    honey = listings.check(service, "shopee", [HONEY])[0]
    assert not honey.ready and [p.field for p in honey.errors] == ["shipping"]
    assert _("Shipping on {market}").format(market="Shopee") in honey.errors[0].message  # the box's title
    assert listings.check(service, "postmart", [HONEY])[0].ready, "only the sheet that switches channels cares"
    with pytest.raises(OcopDeskError, match="No product is ready for Shopee"):
        listing_export.export(service, "shopee", demo.service.path.parent / "out.zip", skus=[HONEY])
    i18n.set_language("vi")  # the clerk reads it in Vietnamese, naming the box as it is titled on screen
    message = listings.check(service, "shopee", [HONEY])[0].errors[0].message
    assert message.startswith("Chưa bật đơn vị vận chuyển nào cho Shopee")
    assert "“Vận chuyển trên Shopee” trong trang Đăng lên sàn" in message


def test_the_filled_real_template_says_mo_and_tat_under_the_right_keys(
    demo: DemoSite, template: Path, tmp_path: Path
) -> None:
    service = demo.service
    listings.set_photo_way(service, "shopee", listings.BUNDLE)
    shipping.read_template(service, "shopee", template)
    shipping.choose(service, "shopee", ["Siêu Tốc - 4 Giờ", "tu nhan hang"])  # by name, with or without marks
    skus = [HONEY, "MO-NX-1000"]
    listing_export.export(service, "shopee", tmp_path / "shopee.zip", skus=skus, template=template)
    with zipfile.ZipFile(tmp_path / "shopee.zip") as archive:
        (tmp_path / "out.xlsx").write_bytes(archive.read("shopee-dang-tai.xlsx"))
    sheet = load_workbook(tmp_path / "out.xlsx")["Bản đăng tải"]
    keys = {str(c.value): c.column for c in sheet[1] if c.value}
    rows = [r for r in range(7, sheet.max_row + 1) if sheet.cell(row=r, column=keys["ps_product_name"]).value]
    assert len(rows) == 2
    for row in rows:
        assert {k: sheet.cell(row=row, column=keys[k]).value for k in header_channels(template)} == {
            "channel_id.5000": "Mở",
            "channel_id.5001": "Tắt",
            "channel_id.5002": "Tắt",
            "channel_id.5004": "Tắt",
            "channel_id.50039": "Mở",
        }
    assert sheet.cell(row=9, column=keys["channel_id.5000"]).value is None, "nothing below the products"


def test_a_newer_template_with_other_channels_works(demo: DemoSite, template: Path, tmp_path: Path) -> None:
    """Shopee adds and retires channels: the template's header rows decide, not the program."""
    book = load_workbook(template)
    sheet = book["Bản đăng tải"]
    column = next(c.column for c in sheet[1] if c.value == "channel_id.5004")
    sheet.cell(row=1, column=column).value = "channel_id.50066"
    sheet.cell(row=3, column=column).value = "Hỏa Tốc - Trong Ngày"
    newer = tmp_path / "newer.xlsx"
    book.save(newer)
    service = demo.service
    listings.set_photo_way(service, "shopee", listings.BUNDLE)
    found, _changes = shipping.read_template(service, "shopee", newer)
    assert [c.id for c in found.channels] == ["5000", "5001", "5002", "50066", "50039"]
    assert found.on == {"5001", "5002"}, "the demo's channels stay on: the new template still has them"
    chosen, _changes = shipping.choose(service, "shopee", ["hoa toc - trong ngay"])
    assert [c.name for c in chosen.chosen] == ["Hỏa Tốc - Trong Ngày"]
    listing_export.export(service, "shopee", tmp_path / "b.zip", skus=[HONEY], template=newer)
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        (tmp_path / "b.xlsx").write_bytes(archive.read("shopee-dang-tai.xlsx"))
    out = load_workbook(tmp_path / "b.xlsx")["Bản đăng tải"]
    assert out.cell(row=7, column=column).value == "Mở" and out.cell(row=1, column=column).value == "channel_id.50066"


def test_an_unknown_channel_or_a_template_without_any_refuses_and_changes_nothing(
    demo: DemoSite, tmp_path: Path
) -> None:
    service = demo.service
    with pytest.raises(OcopDeskError, match="Nhanh") as refused:
        shipping.choose(service, "shopee", ["Nhanh", "Grab"])
    assert "Grab" in refused.value.message
    assert shipping.choice(service, "shopee").on == {"5001", "5002"}
    plain = tmp_path / "plain.xlsx"
    load_workbook(REAL).save(plain)  # then strip the channel columns' keys
    book = load_workbook(plain)
    for cell in book["Bản đăng tải"][1]:
        if str(cell.value or "").startswith("channel_id."):
            cell.value = None
    book.save(plain)
    with pytest.raises(OcopDeskError, match=r"plain\.xlsx"):
        shipping.read_template(service, "shopee", plain)
    assert shipping.choice(service, "shopee").source == ""


def test_a_price_over_a_channels_cap_is_said(demo: DemoSite) -> None:
    """Siêu Tốc carries up to 10 000 000 đ (the template's help row): a dearer product is warned of, and
    blocked when that is the only channel on."""
    service = demo.service
    listings.set_photo_way(service, "shopee", listings.BUNDLE)
    honey = service.product_by_sku(HONEY).product
    service.save_product(replace(honey, price=12_000_000))
    shipping.choose(service, "shopee", ["5000", "5001"])
    found = listings.check(service, "shopee", [HONEY])[0]
    assert found.ready and any(p.field == "shipping" and "10.000.000" in p.message for p in found.problems)
    shipping.choose(service, "shopee", ["5000"])
    found = listings.check(service, "shopee", [HONEY])[0]
    assert [p.field for p in found.errors] == ["shipping"]
