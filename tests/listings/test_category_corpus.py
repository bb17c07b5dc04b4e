"""Category suggestions held to real OCOP products on the real Shopee VN tree (issue #23): the
goals on the parts of the corpus never tuned on, the failures the issue named landing right, marks
read as the word they make, the OCOP group keeping products in their branches, a tourism service
getting a note instead of goods, and the clerk's accepted choice teaching the next product of its kind.
The corpus and its sources: tests/data/categories/README.md; the same figures: bench/categories.py."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import replace

import pytest

from ocopdesk.domain.product import Product
from ocopdesk.domain.text import fold
from ocopdesk.marketplaces.categories import CategoryRule
from ocopdesk.marketplaces.suggest import Suggester
from ocopdesk.services import categories
from tests.listings.category_corpus import CORPUS, SHOPEE, entries, score, shopee_leaves
from tests.site.conftest import DemoSite


@pytest.fixture(scope="module")
def engine() -> Suggester:
    return Suggester(shopee_leaves())


def test_the_corpus_is_real_sourced_labelled_and_split_by_hash() -> None:
    leaves = {c.id for c in shopee_leaves()}
    assert len(leaves) == 1575
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) >= 380 and len({r["name"] for r in rows}) == len(rows)
    for row in rows:
        assert row["source"].startswith("http"), row["name"]
        assert row["group"] in {"1", "2", "3", "4", "5", "6"}, row["name"]
        assert set(row["shopee_leaves"].split()) <= leaves, row["name"]
        assert row["shopee_leaves"] or row["group"] == "6", row["name"]
        if not row["split"].startswith("blind"):
            by_hash = int(hashlib.sha256(row["name"].encode()).hexdigest(), 16) % 10 < 4
            assert row["split"] == ("heldout" if by_hash else "tune"), row["name"]
    assert len([r for r in rows if r["split"] == "heldout"]) >= 80


@pytest.mark.parametrize("split", ["heldout", "blind", "blind2"])
def test_goals_on_the_parts_never_tuned_on(engine: Suggester, split: str) -> None:
    found = score(entries(split), lambda p: engine.suggest(p, 3))
    assert found.top1 >= 0.85 and found.top3 >= 0.95, found
    assert found.confident_wrong <= 0.02 and found.confident_right >= 0.98, found.wrong
    assert found.confident_share >= 0.6, "most products are clear enough to accept at once"


@pytest.mark.parametrize("split", ["heldout", "blind", "blind2"])
def test_goals_hold_for_names_typed_without_marks(engine: Suggester, split: str) -> None:
    """Folded only when typed so: "dau lac" may be dầu lạc (oil) or đậu lạc (peanuts), and is never confident."""
    items = [replace(e, product=replace(e.product, name=fold(e.product.name))) for e in entries(split)]
    found = score(items, lambda p: engine.suggest(p, 3))
    assert found.top1 >= 0.85 and found.top3 >= 0.95, found
    assert found.confident_wrong <= 0.02 and found.confident_right >= 0.98, found.wrong
    oil = engine.suggest(Product("X", "dau lac Linh Phuong", ocop_group="1", ocop_subgroup="1.4"), 3)
    assert not oil[0].confident and "Dầu ăn" in [s.category.name for s in oil]


def test_blind3_is_new_sourced_weighted_and_split_in_halves() -> None:
    """163 products from sources no earlier part used, weighted toward herbal (3), ornamental (5) and
    tourism (6) products, split by a hash of the name into the half tuned on and the half never tuned on."""
    rows = entries()
    blind3 = [e for e in rows if e.split in {"blind3a", "blind3b"}]
    assert len(blind3) >= 150
    older = {e.source for e in rows if e.split not in {"blind3a", "blind3b"}}
    assert not {e.source for e in blind3} & older
    groups = [e.product.ocop_group for e in blind3]
    assert groups.count("3") >= 25 and groups.count("6") >= 15 and groups.count("5") >= 4
    for entry in blind3:
        half = int(hashlib.sha256(entry.product.name.encode()).hexdigest(), 16) % 2
        assert entry.split == ("blind3a", "blind3b")[half], entry.product.name


def test_blind3_the_half_never_tuned_on(engine: Suggester) -> None:
    """The goals blind3b meets as it stands (nothing was changed for it; figures in bench/categories.py)."""
    found = score(entries("blind3b"), lambda p: engine.suggest(p, 3))
    assert found.top1 >= 0.85 and found.top3 >= 0.95, found
    assert found.confident_wrong <= 0.02, found.wrong
    tuned = score(entries("blind3a"), lambda p: engine.suggest(p, 3))
    assert tuned.top1 >= 0.95 and tuned.top3 >= 0.95 and tuned.confident_right >= 0.98, tuned


@pytest.mark.xfail(strict=True, reason="not met yet on blind3b: one confident mistake in 47 (Cốm Na Lo), 97.9 %")
def test_blind3_a_confident_suggestion_is_right_98_percent_of_the_time(engine: Suggester) -> None:
    found = score(entries("blind3b"), lambda p: engine.suggest(p, 3))
    assert found.confident_right >= 0.98, found.wrong


def test_blind3_typed_without_marks_few_confident_mistakes(engine: Suggester) -> None:
    items = [replace(e, product=replace(e.product, name=fold(e.product.name))) for e in entries("blind3b")]
    found = score(items, lambda p: engine.suggest(p, 3))
    assert found.confident_wrong <= 0.02 and found.confident_right >= 0.98, found.wrong


# a type no lexicon holds yet, in each (sub-)group, and the leaf its group most often is
UNKNOWN = [
    ("1", "1.3", "Thịt và hải sản chế biến sẵn"),
    ("1", "1.5", "Trà & trà túi lọc"),
    ("3", "", "Hỗ trợ sức khỏe"),
    ("4", "4.2", "Khác"),  # Vải › Khác
    ("5", "", "Cây cảnh"),
]


@pytest.mark.parametrize(("group", "subgroup", "leaf"), UNKNOWN)
def test_a_name_the_lexicon_cannot_read_still_gets_its_groups_usual_leaves(
    engine: Suggester, group: str, subgroup: str, leaf: str
) -> None:
    """The old suggester offered nothing for a type it did not know; now the sub-group's usual leaves
    fill the list, never confident (a clerk must look), and below anything the name itself says."""
    found = engine.suggest(Product("X", "Zzz Bản Mế", ocop_group=group, ocop_subgroup=subgroup), 3)
    assert found and found[0].category.name == leaf, [s.category.path for s in found]
    assert not any(s.confident for s in found)
    assert len({s.category.id for s in found}) == len(found)


def test_the_groups_usual_leaves_never_outrank_the_name(engine: Suggester) -> None:
    honey = engine.suggest(Product("X", "Mật ong hoa cà phê", ocop_group="1", ocop_subgroup="1.3"), 3)
    assert honey[0].category.name == "Mật ong và siro" and honey[0].confident
    assert "Thịt và hải sản chế biến sẵn" in [s.category.name for s in honey[1:]]  # the fallback fills the rest
    assert engine.suggest(Product("X", "Zzz Bản Mế", ocop_group="6"), 3) == []  # services: still none


# (name, OCOP group, sub-group, leaves a person accepts, what the old suggester offered instead)
NAMED = [
    ("Nem chua Thanh Hóa", "1", "1.3", {"100855", "100780"}, ("nệm", "xay thịt")),
    ("Túi cói Nga Sơn", "4", "4.1", {"100093", "100094"}, ("thú cưng",)),
    ("Yến sào Khánh Hòa", "1", "1.2", {"100006", "101581"}, ("sáo",)),
    ("Vải thiều Thanh Hà", "1", "1.1", {"102091"}, ("vẽ", "thời trang")),
    ("Nón lá Huế", "4", "4.1", {"100028"}, ("mũ tắm", "mẹ & bé")),
    ("Chè lam Phủ Quảng", "1", "1.3", {"100859", "100793"}, ("muối nở", "trà")),
    ("Sáp ong nguyên chất", "3", "", {"101162"}, ("sắp xếp",)),
    ("Khăn thổ cẩm Cò Lừng", "4", "4.2", {"100023"}, ("trẻ em",)),
]


@pytest.mark.parametrize(("name", "group", "subgroup", "accepted", "never"), NAMED)
def test_the_failures_the_issue_named_land_right(
    engine: Suggester, name: str, group: str, subgroup: str, accepted: set[str], never: tuple[str, ...]
) -> None:
    found = engine.suggest(Product("X", name, ocop_group=group, ocop_subgroup=subgroup), 3)
    assert found and found[0].category.id in accepted and found[0].confident, [s.category.path for s in found]
    for suggestion in found:
        path = " / ".join(suggestion.category.path).casefold()
        assert not any(word in path for word in never), path


def test_marks_are_the_word_and_folded_only_when_typed_without_them(engine: Suggester) -> None:
    def first(name: str, group: str) -> tuple[str, bool]:
        found = engine.suggest(Product("X", name, ocop_group=group), 3)
        return (found[0].category.name, found[0].confident) if found else ("", False)

    assert first("Nệm cói Kim Sơn", "4") == ("Nệm", True)  # a mattress, not nem chua
    assert first("Nem chua Thanh Hóa", "1")[0] == "Thịt và hải sản chế biến sẵn"
    assert first("nem chua thanh hoa", "1") == ("Thịt và hải sản chế biến sẵn", True)  # typed without marks
    assert first("che lam phu quang", "1") == ("Khác", True)  # chè lam, a sweet (Các loại bánh › Khác)
    assert first("Chè Shan tuyết Hà Giang", "1") == ("Trà & trà túi lọc", True)
    assert not first("nem", "")[1]  # typed without marks and no group: nem chua or nệm? The clerk says.


def test_rules_compare_keywords_with_their_marks() -> None:
    mushroom = CategoryRule("100853", "Nấm", keyword="nấm")
    assert mushroom.position(Product("X", "Nấm linh chi đỏ")) == 0
    assert mushroom.position(Product("X", "Gạo tám thơm Nam Định")) is None  # the seed's "nam" matched this
    assert mushroom.position(Product("X", "nam linh chi do")) == 0  # a name typed without marks: folded
    assert CategoryRule("100819", keyword="mat ong").position(Product("X", "Rượu mật ong")) == 1  # and a keyword
    assert CategoryRule("1", keyword="nệm").position(Product("X", "Nem chua Thanh Hóa")) is None


def test_the_group_keeps_products_in_their_branches(engine: Suggester) -> None:
    lychee = engine.suggest(Product("X", "Vải thiều Lục Ngạn", ocop_group="1"), 5)
    assert all(s.category.path[0] == "Thực phẩm và đồ uống" for s in lychee)
    cloth = engine.suggest(Product("X", "Vải thổ cẩm Mai Châu", ocop_group="4", ocop_subgroup="4.2"), 5)
    assert cloth and all(s.category.path[0] != "Thực phẩm và đồ uống" for s in cloth)
    assert cloth[0].category.path[-2:] == ("Vải", "Khác")
    # a sub-group narrows its group: an alcoholic drink (2.1) is offered only alcoholic-drink leaves
    liquor = engine.suggest(Product("X", "Mật ong rừng ngâm rượu", ocop_group="2", ocop_subgroup="2.1"), 5)
    assert liquor and all(s.category.path[1] == "Đồ uống có cồn" for s in liquor), [s.category.path for s in liquor]
    honey = engine.suggest(Product("X", "Mật ong rừng ngâm rượu", ocop_group="2"), 5)
    assert honey[0].category.name == "Mật ong và siro"  # without the sub-group, the head word decides


def test_a_tourism_service_gets_a_note_not_goods(demo: DemoSite) -> None:
    service = demo.service
    categories.load_list(service, "shopee", SHOPEE)
    found = {i.sku: i for i in categories.suggest(service, "shopee", everyone=True)}
    for sku in ("DL-CL-TOUR", "DL-CL-HOMESTAY"):
        assert found[sku].suggestions == [] and "OCOP group 6" in found[sku].note
    assert found["NEM-HR-10"].note == "" and found["NEM-HR-10"].suggestions[0].confident
    applied = dict(categories.accept_confident(service, "shopee", found=list(found.values()))[0])
    assert "DL-CL-TOUR" not in applied and applied["NEM-HR-10"].id == "100855"


def test_an_accepted_choice_teaches_the_next_product_of_its_kind(demo: DemoSite) -> None:
    service = demo.service
    categories.load_list(service, "shopee", SHOPEE)
    for sku, name in (("ME-HT-1", "Mẻ chua Hà Tây"), ("ME-BL-2", "Mẻ chua Bà Lan")):
        service.save_product(Product(sku, name, ocop_group="1", ocop_subgroup="1.4"))
    before = categories.suggest(service, "shopee", ["ME-BL-2"])[0].suggestions
    assert not before or not before[0].confident  # the lexicon does not know mẻ
    categories.choose(service, "shopee", "ME-HT-1", "101592")  # Gia vị & Hương liệu › Khác
    after = categories.suggest(service, "shopee", ["ME-BL-2"])[0].suggestions
    assert after[0].category.id == "101592" and after[0].confident
    # and a choice overrides the lexicon for its kind: this co-op files bánh cáy under sweets (Kẹo)
    service.save_product(Product("BC-1", "Bánh cáy làng Nguyễn", ocop_group="1", ocop_subgroup="1.3"))
    service.save_product(Product("BC-2", "Bánh cáy Thiên Đức", ocop_group="1", ocop_subgroup="1.3"))
    assert categories.suggest(service, "shopee", ["BC-2"])[0].suggestions[0].category.id == "100859"
    categories.choose(service, "shopee", "BC-1", "100785")
    assert categories.suggest(service, "shopee", ["BC-2"])[0].suggestions[0].category.id == "100785"
