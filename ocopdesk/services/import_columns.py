"""Recognising the header row of a cooperative's spreadsheet, in Vietnamese or English.

Headers are compared folded (no diacritics, đ→d, lower case), with `*` required-markers and
parenthesised units dropped, so "Tên sản phẩm *", "TEN SAN PHAM" and "Product name" all match.
"""

from __future__ import annotations

import re

from ocopdesk.domain.text import fold

SYNONYMS: dict[str, tuple[str, ...]] = {
    "sku": ("ma san pham", "ma sp", "ma hang", "ma hang hoa", "sku", "product code", "item code", "code"),
    "name": (
        "ten san pham",
        "ten sp",
        "ten hang",
        "ten hang hoa",
        "san pham",
        "product name",
        "name",
        "product",
        "ten",
    ),
    "gtin": ("ma vach", "barcode", "gtin", "ean", "ma gtin", "ma ean"),
    "price": ("gia ban", "gia", "don gia", "gia ban le", "gia niem yet", "price", "unit price", "gia vnd"),
    "unit": ("don vi tinh", "dvt", "don vi", "unit", "uom"),
    "net_quantity": (
        "khoi luong tinh",
        "trong luong tinh",
        "the tich thuc",
        "dung tich",
        "quy cach",
        "net quantity",
        "net weight",
        "net content",
        "khoi luong",
    ),
    "weight_g": (
        "khoi luong g",
        "khoi luong dong goi g",
        "can nang g",
        "trong luong g",
        "weight g",
        "package weight g",
        "khoi luong dong goi",
        "can nang",
        "weight",
    ),
    "weight_kg": (
        "khoi luong kg",
        "khoi luong dong goi kg",
        "can nang kg",
        "trong luong kg",
        "weight kg",
        "package weight kg",
    ),
    "length_cm": ("dai", "chieu dai", "length"),
    "width_cm": ("rong", "chieu rong", "width"),
    "height_cm": ("cao", "chieu cao", "height"),
    "shelf_life_days": ("han su dung ngay", "thoi han su dung ngay", "hsd ngay", "shelf life days", "shelf life"),
    "ingredients": ("thanh phan", "nguyen lieu", "ingredients"),
    "usage": ("huong dan su dung", "cach dung", "cach su dung", "usage", "how to use"),
    "storage": ("bao quan", "huong dan bao quan", "cach bao quan", "storage"),
    "warnings": ("canh bao", "luu y", "warnings", "warning"),
    "description": ("mo ta", "mo ta san pham", "gioi thieu", "description"),
    "ocop_group": ("nhom ocop", "nhom san pham", "nhom", "bo san pham", "ocop group", "group"),
    "ocop_subgroup": ("phan nhom", "nhom phu", "phan nhom ocop", "subgroup", "ocop subgroup"),
    "grouping_version": ("phien ban phan nhom", "grouping version"),
    "stars": (
        "hang sao",
        "so sao",
        "sao ocop",
        "sao",
        "xep hang",
        "hang ocop",
        "stars",
        "ocop stars",
        "ocop rating",
        "rating",
    ),
    "decision_number": (
        "so quyet dinh",
        "quyet dinh cong nhan",
        "so qd",
        "so chung nhan",
        "decision number",
        "certificate number",
        "decision",
    ),
    "signed_on": (
        "ngay quyet dinh",
        "ngay cong nhan",
        "ngay cap",
        "ngay ky",
        "decision date",
        "certificate date",
        "recognised on",
    ),
    "cert_expires_on": (
        "ngay het han chung nhan",
        "hieu luc den",
        "het han chung nhan",
        "certificate expiry",
        "valid until",
    ),
    "authority": ("co quan cong nhan", "cap cong nhan", "co quan cap", "authority"),
    "score": ("diem", "diem danh gia", "score"),
    "producer": (
        "chu the",
        "ten chu the",
        "co so san xuat",
        "don vi san xuat",
        "htx",
        "hop tac xa",
        "nha san xuat",
        "producer",
        "manufacturer",
        "cooperative",
    ),
    "producer_kind": ("loai hinh", "loai chu the", "producer kind"),
    "tax_code": ("ma so thue", "mst", "tax code"),
    "phone": ("dien thoai", "so dien thoai", "sdt", "dt", "phone"),
    "email": ("email", "e mail", "thu dien tu"),
    "representative": ("nguoi dai dien", "dai dien", "representative"),
    "province": ("tinh", "tinh thanh", "tinh thanh pho", "province"),
    "commune": ("xa", "xa phuong", "phuong xa", "xa phuong dac khu", "commune", "ward"),
    "address": ("dia chi", "address", "dia chi san xuat"),
    "photos": ("anh", "hinh anh", "anh san pham", "hinh", "photos", "photo", "images", "image"),
    "documents": ("tai lieu", "giay chung nhan", "ho so", "documents", "certificates"),
    "public_documents": (
        "tai lieu cong khai",
        "giay chung nhan cong khai",
        "cong khai",
        "public documents",
        "published documents",
    ),
}
_LOOKUP = {variant: field for field, variants in SYNONYMS.items() for variant in variants}
_PARENS = re.compile(r"\([^)]*\)")
_PUNCT = re.compile(r"[^0-9a-z]+")
HEADER_SCAN_ROWS = 30


def header_key(text: object) -> str:
    return _PUNCT.sub(" ", fold(str(text or ""))).strip()


def field_for(header: object) -> str | None:
    """The catalogue field a header names, or None. Units in parentheses count only when the
    header with them is known ("Khối lượng (kg)"), otherwise they are ignored ("Giá bán (VNĐ)")."""
    full = header_key(header)
    if full in _LOOKUP:
        return _LOOKUP[full]
    bare = header_key(_PARENS.sub(" ", fold(str(header or ""))))
    return _LOOKUP.get(bare)


def find_header(rows: list[list[object]]) -> tuple[int, dict[int, str]] | None:
    """The header row (0-based index) and its column → field map: the row among the first 30 that
    names the most fields and includes the product name. Title rows above it are skipped."""
    best: tuple[int, dict[int, str]] | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping: dict[int, str] = {}
        for col, cell in enumerate(row):
            field = field_for(cell)
            if field and field not in mapping.values():
                mapping[col] = field
        if "name" in mapping.values() and len(mapping) >= 2 and (best is None or len(mapping) > len(best[1])):
            best = (index, mapping)
    return best
