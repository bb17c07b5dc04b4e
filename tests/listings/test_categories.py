"""Marketplace categories by name: the list found in a seller's template by its keys, kept per
marketplace with its date, searched without diacritics, and a suggestion for every demo product
held to the category a person would choose — never applied unless accepted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from ocopdesk.bundled import resource
from ocopdesk.domain.category import Category
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.marketplaces.categories import CategoryIndex, parse_list
from ocopdesk.services import categories, listings
from ocopdesk.services.changes import Changes
from tests.listings import shopee_template
from tests.site.conftest import DemoSite

# What a person would choose for every demo product in the template's tree (tests/listings/shopee_template.py).
EXPECTED = {
    "MO-NX-500": "Mật ong",
    "MO-NX-1000": "Mật ong",
    "MO-NX-BAC": "Mật ong",
    "SAP-ONG-NX": "Sáp, nến & xà phòng thủ công",  # beeswax is a craft material, not hair wax
    "RUOU-MO-NX": "Rượu mạnh",  # honey liquor is a liquor
    "COI-NS-CHIEU": "Chiếu",
    "COI-NS-TUI": "Túi cói & túi đan",
    "COI-NS-HOP": "Hộp đựng đồ",
    "COI-NS-DEP": "Dép đi trong nhà",
    "NM-NS-40": "Nước mắm & nước chấm",
    "NM-NS-30": "Nước mắm & nước chấm",
    "MAM-TEP-NS": "Nước mắm & nước chấm",
    "MUC-KHO-NS": "Hải sản khô",  # dried squid: dried seafood, neither fresh squid nor dried meat
    "BUOI-LV": "Trái cây tươi",
    "GAO-NEP-TX": "Gạo",
    "MIA-TIM-TX": "Đường & chất tạo ngọt",  # sugar-cane molasses, not honey
    "CAM-TX": "Trái cây tươi",  # "đường canh" is the orange's variety, not sugar
    "TRA-SEN-TX": "Trà",
    "DL-CL-HOMESTAY": "Khách sạn & homestay",  # "Kho Mường" is a village, not dried food
    "DL-CL-TOUR": "Tour du lịch",
    "TC-CL-KHAN": "Khăn choàng & khăn quàng cổ",  # a brocade scarf, not a bath towel
    "RUOU-CL": "Rượu mạnh",
    "NEM-HR-10": "Giò, chả & nem",  # nem chua, not a mattress (nệm)
    "NEM-HR-HOP": "Giò, chả & nem",
    "CHA-HR": "Giò, chả & nem",
    "BANH-GAI-HR": "Bánh truyền thống",
    "CHE-LAM-PQ": "Bánh truyền thống",  # chè lam is a sweet, not tea (chè)
    "CHE-LAM-HOP": "Bánh truyền thống",
    "TRA-GUNG-HH": "Trà",  # ginger-honey tea is a tea
    "DAU-SA-HH": "Tinh dầu thiên nhiên",
    "KHOAI-DEO-DH": "Hoa quả sấy",
    "LAN-PL": "Cây cảnh",
}


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return shopee_template.make(tmp_path / "mau-dang-tai-shopee.xlsx")


def by_name(name: str) -> str:
    found = [i for i, path in shopee_template.leaves() if path.split("/")[-1] == name]
    assert len(found) == 1, name
    return found[0]


def test_the_list_is_found_by_its_keys_whatever_the_sheet_is_called(demo: DemoSite, tmp_path: Path) -> None:
    path = shopee_template.make(tmp_path / "mau.xlsx")
    book = load_workbook(path)
    book[shopee_template.CATEGORY_SHEET].title = "Sheet7"  # a seller centre may rename it any day
    book.save(path)
    info = categories.load_list(demo.service, "shopee", path, today=dt.date(2026, 11, 10))
    assert info.count == len(shopee_template.leaves()) > 250 and info.source == "mau.xlsx"
    honey = categories.index(demo.service, "shopee").get("100819")
    assert honey is not None and honey.path == ("Thực phẩm và đồ uống", "Ngũ cốc & mứt", "Mật ong")
    assert categories.index(demo.service, "shopee").get("100862").name == "Rượu mạnh"  # type: ignore[union-attr]


def test_a_workbook_without_a_list_is_refused_and_keeps_the_old_one(demo: DemoSite, template: Path) -> None:
    categories.load_list(demo.service, "shopee", template, today=dt.date(2026, 11, 10))
    bare = shopee_template.make(template.with_name("khong-co-danh-sach.xlsx"), with_categories=False)
    with pytest.raises(OcopDeskError, match="carries no category list"):
        categories.load_list(demo.service, "shopee", bare)
    info = categories.list_info(demo.service, "shopee")
    assert info is not None and info.loaded_on == dt.date(2026, 11, 10) and info.count > 250


def test_lists_are_kept_per_marketplace_and_replaced_whole(demo: DemoSite, template: Path, tmp_path: Path) -> None:
    categories.load_list(demo.service, "shopee", template, today=dt.date(2026, 11, 10))
    assert categories.list_info(demo.service, "tiktok") is None
    small = Workbook()
    sheet = small.active
    assert sheet is not None
    sheet.append(["et_title_category_name", "et_title_category_id"])
    sheet.append(["100819-Thực phẩm và đồ uống/Ngũ cốc & mứt/Mật ong", 100819])
    small.save(tmp_path / "moi.xlsx")
    info = categories.load_list(demo.service, "shopee", tmp_path / "moi.xlsx", today=dt.date(2026, 12, 1))
    assert info.count == 1 and len(categories.index(demo.service, "shopee")) == 1


def test_another_marketplace_template_with_its_own_headers(demo: DemoSite, tmp_path: Path) -> None:
    """A TikTok-style list: "Category ID" and "Category Name" headers, paths with ">"."""
    book = Workbook()
    book.active.append(["Hướng dẫn"])  # type: ignore[union-attr]
    sheet = book.create_sheet("Category")
    sheet.append(["Category Name", "Category ID"])
    sheet.append(["Food & Beverages > Honey & Syrups > Honey", "601450"])
    sheet.append(["Food & Beverages > Alcohol > Liquor", "601460"])
    sheet.append(["Food & Beverages > Alcohol", "601400"])  # a parent, not a leaf
    book.save(tmp_path / "tiktok.xlsx")
    info = categories.load_list(demo.service, "tiktok", tmp_path / "tiktok.xlsx")
    assert info.count == 2
    assert [c.id for c in categories.index(demo.service, "tiktok").search("honey")] == ["601450"]


def test_search_by_name_with_or_without_diacritics(demo: DemoSite, template: Path) -> None:
    categories.load_list(demo.service, "shopee", template)
    index = categories.index(demo.service, "shopee")
    assert index.search("mat ong")[0].name == "Mật ong"
    assert index.search("MẬT ONG")[0].id == "100819"
    assert "Rượu mạnh" in [c.name for c in index.search("ruou")]
    assert index.search("hai san kho")[0].name == "Hải sản khô"
    assert index.search("100862")[0].name == "Rượu mạnh"
    assert index.search("xyz khong co") == []


def test_every_demo_product_gets_the_category_a_person_would_choose(demo: DemoSite, template: Path) -> None:
    categories.load_list(demo.service, "shopee", template)
    found = {item.sku: item for item in categories.suggest(demo.service, "shopee", everyone=True)}
    assert set(found) == set(EXPECTED), "every demo product is in the table"
    wrong = {
        sku: [s.category.name for s in item.suggestions]
        for sku, item in found.items()
        if not item.suggestions or item.suggestions[0].category.id != by_name(EXPECTED[sku])
    }
    assert wrong == {}
    for item in found.values():
        first = item.suggestions[0]
        assert 0 < first.confidence <= 1 and all(s.confidence < first.confidence for s in item.suggestions[1:])
    confident = [sku for sku, item in found.items() if item.suggestions[0].confident]
    assert len(confident) >= 25, "most products are clear enough to accept at once"


def test_the_name_says_what_the_product_is_not_a_shared_ingredient(demo: DemoSite, template: Path) -> None:
    categories.load_list(demo.service, "shopee", template)
    found = {i.sku: i.suggestions for i in categories.suggest(demo.service, "shopee", everyone=True)}
    assert found["RUOU-MO-NX"][0].category.path[-2:] == ("Đồ uống có cồn", "Rượu mạnh")
    assert found["RUOU-MO-NX"][0].confident
    assert found["TRA-GUNG-HH"][0].category.path[-2:] == ("Đồ uống", "Trà")
    assert found["MUC-KHO-NS"][0].category.path[-2:] == ("Đồ khô", "Hải sản khô")


def test_suggestions_wait_for_the_clerk_and_accept_all_takes_only_the_confident(demo: DemoSite, template: Path) -> None:
    service = demo.service
    categories.load_list(service, "shopee", template)
    before = {r.sku: r for r in listings.check(service, "shopee")}
    assert "category" in {p.field for p in before["MUC-KHO-NS"].errors}  # suggested, not applied
    waiting = {i.sku: i for i in categories.suggest(service, "shopee")}
    assert "MUC-KHO-NS" in waiting and "MO-NX-500" not in waiting  # the honey has its seed category
    chosen_by_hand, changes = categories.choose(service, "shopee", "KHOAI-DEO-DH", by_name("Rau củ sấy khô"))
    assert changes.settings
    applied, changes = categories.accept_confident(service, "shopee")
    applied = dict(applied)
    assert changes == Changes(settings=True)  # what the window applies after "accept all"
    assert applied["MUC-KHO-NS"].name == "Hải sản khô" and "KHOAI-DEO-DH" not in applied
    unsure = [sku for sku, i in waiting.items() if not i.suggestions[0].confident]
    assert unsure and not set(unsure) & set(applied)
    after = {r.sku: r for r in listings.check(service, "shopee")}
    assert after["MUC-KHO-NS"].category is not None and after["MUC-KHO-NS"].category.name == "Hải sản khô"
    assert after["KHOAI-DEO-DH"].category == chosen_by_hand  # a choice is never replaced
    for sku in unsure:
        if sku != "KHOAI-DEO-DH":
            assert "category" in {p.field for p in after[sku].errors}, sku


def test_without_a_list_the_seed_ids_keep_working(demo: DemoSite) -> None:
    found = {r.sku: r for r in listings.check(demo.service, "shopee")}
    assert found["MO-NX-500"].listing.category_id == "100819" and found["MO-NX-500"].category_source == "seed"
    assert found["RUOU-MO-NX"].listing.category_id == "100862"  # the liquor rule beats the honey rule
    assert found["TRA-GUNG-HH"].listing.category_id == "100825"
    assert found["MUC-KHO-NS"].category is None  # no longer filed under dried meat
    assert found["MO-NX-500"].listing.category_name == "Mật ong"


def test_names_come_from_the_loaded_list_and_a_lost_id_is_a_problem(demo: DemoSite, template: Path) -> None:
    service = demo.service
    categories.load_list(service, "shopee", template)
    honey = listings.check(service, "shopee", ["MO-NX-500"])[0]
    assert honey.listing.category_name == "Thực phẩm và đồ uống › Ngũ cốc & mứt › Mật ong"
    categories.add_rule(service, "shopee", "999999", "Mật ong cũ", keyword="mật ong")
    honey = listings.check(service, "shopee", ["MO-NX-500"])[0]
    assert any("999999 is not in the Shopee list" in p.message for p in honey.errors)


def test_the_picker_can_take_an_id_by_hand_before_any_list(demo: DemoSite) -> None:
    with pytest.raises(OcopDeskError, match="number"):
        categories.choose_by_hand(demo.service, "tiktok", "MO-NX-500", "mật ong", "Mật ong")
    categories.choose_by_hand(demo.service, "tiktok", "MO-NX-500", "601450", "Mật ong")
    readiness = listings.check(demo.service, "tiktok", ["MO-NX-500"])[0]
    assert readiness.listing.category_id == "601450" and readiness.listing.category_name == "Mật ong"


def test_parse_list_drops_parents_and_reads_number_cells() -> None:
    leaves = parse_list(
        [
            ("et_title_category_id", "et_title_category_name"),
            (100819.0, "100819-Thực phẩm và đồ uống/Ngũ cốc & mứt/Mật ong"),
            ("100800", "Thực phẩm và đồ uống/Ngũ cốc & mứt"),
            (None, "ghi chú"),
        ]
    )
    assert [(c.id, c.path[-1]) for c in leaves] == [("100819", "Mật ong")]


def test_every_seed_rule_names_its_category() -> None:
    data = json.loads(resource("marketplaces", "categories.json").read_text(encoding="utf-8"))
    assert all(rule["name"] and rule["category"].isdigit() for rule in data["shopee"])
    assert not any(rule.get("keyword") in ("kho", "khô") for rule in data["shopee"]), "a shared word is no product"


def test_a_word_typed_with_its_marks_finds_only_that_word() -> None:
    """The fresh walk typed "trà" in the Shopee picker (1,575 categories from the real template) and got
    "Dụng cụ Kiểm tra" and "Trái cây" among the teas: marks typed are meant; no marks still finds all."""
    index = CategoryIndex(
        [
            Category("100825", ("Thực phẩm và đồ uống", "Đồ uống", "Trà & trà túi lọc")),
            Category("101458", ("Ô tô", "Dụng cụ sửa chữa ô tô", "Dụng cụ Kiểm tra, chẩn đoán & sửa chữa")),
            Category("102091", ("Thực phẩm và đồ uống", "Trái cây", "Trái cây nhiệt đới & ngoại lai")),
            Category("100819", ("Thực phẩm và đồ uống", "Mật ong")),
        ]
    )
    assert [c.id for c in index.search("trà")] == ["100825"]
    assert [c.id for c in index.search("TRÀ TÚI")] == ["100825"]
    assert {c.id for c in index.search("tra")} == {"100825", "101458", "102091"}
    assert [c.id for c in index.search("trái")] == ["102091"]
    assert [c.id for c in index.search("mật o")] == ["100819"] == [c.id for c in index.search("mat o")]
    assert index.search("mạt ong") == []  # a wrong mark is a different word
