"""A sheet a person can read and Shopee still takes: the seller's own template filled and opened
again with openpyxl — its rows above row 7 and its hash untouched, the data from row 7 under the
template's own machine keys, numbers as numbers where the template's column takes numbers, codes
as text, long text wrapped in wide columns, and each category id with its name in a note."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ocopdesk.services import categories, listing_export, markets
from tests.listings import shopee_template
from tests.listings.test_export import static_server
from tests.site.conftest import DemoSite

SKUS = ["MO-NX-500", "RUOU-MO-NX", "MUC-KHO-NS", "NM-NS-40"]


@pytest.fixture
def filled(demo: DemoSite, tmp_path: Path) -> Path:
    """The demo's products exported into the generated Shopee template, as a seller would."""
    template = shopee_template.make(tmp_path / "mau-shopee.xlsx")
    service = demo.service
    categories.load_list(service, "shopee", template)
    categories.accept_confident(service, "shopee", SKUS)
    web = tmp_path / "web"
    listing_export.prepare_photos(service, ["shopee"], SKUS, web)
    with static_server(web) as host:
        report = listing_export.export(
            service, "shopee", tmp_path / "shopee.zip", skus=SKUS, template=template, image_host=host
        )
    assert report.exported == SKUS and report.sheet_ready, report.left_out
    with zipfile.ZipFile(tmp_path / "shopee.zip") as archive:
        (tmp_path / "filled.xlsx").write_bytes(archive.read("shopee-dang-tai.xlsx"))
        (tmp_path / "bao-cao.txt").write_bytes(archive.read("bao-cao.txt"))
    return tmp_path / "filled.xlsx"


def rows_of(path: Path, sheet: str) -> list[list[object]]:
    return [list(r) for r in load_workbook(path)[sheet].iter_rows(values_only=True)]


def test_round_trip_keeps_the_template_and_puts_data_under_its_keys(filled: Path, tmp_path: Path) -> None:
    template = tmp_path / "mau-shopee.xlsx"
    before = rows_of(template, shopee_template.DATA_SHEET)
    after = rows_of(filled, shopee_template.DATA_SHEET)
    assert after[:6] == before[:6], "rows 1–6 (keys, basic + hash, headers, flags, help) untouched"
    assert after[1][:2] == ["basic", shopee_template.HASH]
    keys = after[0]
    data = [dict(zip(keys, row, strict=True)) for row in after[6:]]
    assert [row["ps_sku_parent_short"] for row in data] == SKUS
    honey, liquor, squid = data[0], data[1], data[2]
    assert honey["ps_product_name"].startswith("Mật ong hoa rừng Như Xuân")
    assert honey["ps_category"] == 100819 and liquor["ps_category"] == 100862  # the template's column is whole numbers
    assert squid["ps_category"] == int(next(i for i, p in shopee_template.leaves() if p.endswith("/Hải sản khô")))
    assert honey["ps_price"] == 250000 and isinstance(honey["ps_weight"], int) and honey["ps_stock"] > 0
    assert honey["ps_item_cover_image"].endswith("/m/mat-ong-hoa-rung-nhu-xuan--mo-nx-500-01.jpg")
    assert honey["et_title_variation_1"] is None
    for row in data:  # the demo shop has Nhanh and Tiết kiệm on; every other channel is off, in every row
        assert {k: row[k] for k in shopee_template.CHANNELS} == {
            "channel_id.5000": "Tắt",
            "channel_id.5001": "Mở",
            "channel_id.5002": "Mở",
            "channel_id.5004": "Tắt",
            "channel_id.50039": "Tắt",
        }
    for name in ("Hướng dẫn", "Thuộc tính", shopee_template.CATEGORY_SHEET):
        assert rows_of(filled, name) == rows_of(template, name), name
    report = (tmp_path / "bao-cao.txt").read_text()
    assert "ngành hàng: Thực phẩm và đồ uống › Đồ uống có cồn › Rượu mạnh (100862)" in report


def test_the_filled_sheet_is_readable(filled: Path) -> None:
    sheet = load_workbook(filled)[shopee_template.DATA_SHEET]
    column = {c.value: c.column for c in sheet[1]}
    honey_category = sheet.cell(row=7, column=column["ps_category"])
    assert honey_category.comment is not None
    assert honey_category.comment.text == "Thực phẩm và đồ uống › Ngũ cốc & mứt › Mật ong"
    squid_category = sheet.cell(row=9, column=column["ps_category"])
    assert "Hải sản khô" in squid_category.comment.text
    description = sheet.cell(row=7, column=column["ps_product_description"])
    assert description.alignment.wrap_text and "Xuất xứ: Việt Nam" in description.value

    def width(key: str) -> float:
        return sheet.column_dimensions[get_column_letter(column[key])].width

    assert width("ps_product_description") >= 60 and 30 <= width("ps_product_name") <= 60
    assert width("ps_item_cover_image") == 48, "a long address is cut on screen at a readable width"
    assert sheet.row_dimensions[7].height and sheet.row_dimensions[7].height <= 120
    assert sheet.row_dimensions[3].height is None, "the template's own rows keep their height"
    assert sheet.cell(row=7, column=column["ps_sku_parent_short"]).data_type == "s"


def test_our_own_layout_reads_the_same_way(demo: DemoSite, tmp_path: Path) -> None:
    """Without a template: numbers as numbers, the GTIN as text, names in notes, frozen headers."""
    service = demo.service
    listing_export.prepare_photos(service, ["shopee"], ["MO-NX-500"], tmp_path / "web")
    with static_server(tmp_path / "web") as host:
        listing_export.export(service, "shopee", tmp_path / "out", skus=["MO-NX-500"], image_host=host)
    sheet = load_workbook(tmp_path / "out" / "shopee-dang-tai.xlsx").active
    column = {c.value: c.column for c in sheet[1]}
    assert sheet.freeze_panes == "A7"
    assert sheet.cell(row=7, column=column["ps_price"]).value == 250000
    gtin = sheet.cell(row=7, column=column["ps_gtin_code"])
    assert gtin.data_type == "s" and gtin.value.isdigit()
    assert sheet.cell(row=7, column=column["ps_category"]).comment.text == "Mật ong"


def test_a_marketplace_can_bring_its_own_writer(demo: DemoSite) -> None:
    """A new kind of output is a writer on the marketplace's profile, not an edit of the exporter."""
    from dataclasses import replace

    from ocopdesk.services import listing_files, listings

    def one_line_each(market, chosen, template, warnings):  # type: ignore[no-untyped-def]
        return {"list.txt": "\n".join(f"{e.listing.sku};{e.listing.title}" for e in chosen).encode()}

    market = replace(markets.marketplace("generic"), writer=one_line_each)
    chosen = [listing_files.Entry(r) for r in listings.check(demo.service, "generic", ["MO-NX-500"])]
    files = listing_files.layout(market, chosen, None, [])
    assert list(files) == ["list.txt"] and files["list.txt"].decode().startswith("MO-NX-500;")
    generic = listing_files.layout(markets.marketplace("generic"), chosen, None, [])
    assert set(generic) == {"products.csv", "products.xlsx", "products.json"}
