"""Recognising the header row of a cooperative's spreadsheet by meaning, in Vietnamese or English.

A header is normalised (folded: no diacritics, đ→d, lower case; `*` markers, punctuation and notes in
brackets such as "(đ)", "(VNĐ)", "(*)" dropped) and scored against every field's phrases: the whole header
being a phrase scores 1; a phrase of two or more words found inside it scores by how much of the header it
covers, with a bonus when it starts the header (Vietnamese puts the head noun first: "Địa chỉ cơ sở" is an
address). Words like "OCOP" or "GCN" do not dilute a match. A one-word phrase counts inside a longer header
only when it cannot mean anything else (SKU, GTIN, ĐVT, …), so "Giá trị dinh dưỡng" is not a price.

The best field wins when it is clear; a weak match, or two fields within `TIE` of each other, is a question
for the clerk, never a guess. Units in brackets count when the header with them is a known phrase
("Khối lượng (kg)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    "price": (
        "gia ban",
        "gia",
        "don gia",
        "dg",
        "d gia",
        "don gia ban",
        "gia ban le",
        "gia niem yet",
        "price",
        "unit price",
        "gia vnd",
    ),
    "unit": ("don vi tinh", "dvt", "dv tinh", "d v tinh", "dvtinh", "don vi", "unit", "uom"),
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
    "shelf_life_days": (
        "han su dung ngay",
        "thoi han su dung ngay",
        "hsd ngay",
        "shelf life days",
        "shelf life",
        "han su dung",
        "thoi han su dung",
        "hsd",
    ),
    "ingredients": ("thanh phan", "nguyen lieu", "ingredients"),
    "usage": ("huong dan su dung", "cach dung", "cach su dung", "usage", "how to use"),
    "storage": ("bao quan", "huong dan bao quan", "cach bao quan", "storage"),
    "warnings": ("canh bao", "luu y", "warnings", "warning"),
    "description": ("mo ta", "mo ta san pham", "gioi thieu", "description"),
    "ocop_group": ("nhom ocop", "nhom san pham", "nhom", "bo san pham", "ocop group", "group", "nganh hang"),
    "ocop_subgroup": ("phan nhom", "nhom phu", "phan nhom ocop", "subgroup", "ocop subgroup"),
    "grouping_version": ("phien ban phan nhom", "grouping version"),
    "stars": (
        "hang sao",
        "phan hang",
        "phan hang ocop",
        "hang",
        "so sao",
        "sao ocop",
        "sao",
        "xep hang",
        "xep hang sao",
        "hang ocop",
        "ket qua xep hang",
        "so sao dat",
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
        "ngay cap giay chung nhan",
        "ngay cong nhan ocop",
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
        "chu the san xuat",
        "chu the ocop",
        "ten htx",
        "ten co so",
        "ten doanh nghiep",
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
    # An enterprise's and a cooperative's registration code is also its tax code (Law on Enterprises
    # 59/2020/QH14 Art. 29; Law on Cooperatives 17/2023/QH15): lists head it either way.
    "tax_code": (
        "ma so thue",
        "mst",
        "tax code",
        "ma so doanh nghiep",
        "ma so dn",
        "ma so htx",
        "ma so hop tac xa",
        "ma so thue chu the",
        "tax id",
    ),
    # A household business has a registration certificate (giấy chứng nhận đăng ký kinh doanh) but no
    # business code of its own: "Số GCN ĐKKD", "Số ĐKKD", "Số đăng ký kinh doanh".
    "registration_no": (
        "dkkd",
        "so dkkd",
        "giay dkkd",
        "so chung nhan dkkd",
        "chung nhan dkkd",
        "so dang ky kinh doanh",
        "dang ky kinh doanh",
        "so giay chung nhan dang ky kinh doanh",
        "giay chung nhan dang ky kinh doanh",
        "so giay phep kinh doanh",
        "giay phep kinh doanh",
        "so dang ky",
        "business registration",
        "business registration number",
        "registration number",
        "registration no",
    ),
    "gln": ("gln", "ma gln", "ma dia diem toan cau", "ma dia diem", "global location number"),
    # Circular 02/2024/TT-BKHCN item 8 and Decree 43/2017/NĐ-CP (labels): nhãn hiệu / thương hiệu.
    "brand": (
        "nhan hieu",
        "thuong hieu",
        "nhan hieu san pham",
        "thuong hieu san pham",
        "ten thuong hieu",
        "ten nhan hieu",
        "nhan hieu hang hoa",
        "brand",
        "brand name",
        "trademark",
    ),
    # The standard the product is made to: a national TCVN or the producer's own TCCS, number and title
    # in one cell ("TCCS 01:2024/HTX - Mật ong") or in two columns.
    "standard_number": (
        "tieu chuan ap dung",
        "tieu chuan",
        "so hieu tieu chuan",
        "so tieu chuan",
        "tieu chuan chat luong",
        "tieu chuan cong bo",
        "tieu chuan san pham",
        "tcvn",
        "tccs",
        "tcvn tccs",
        "applied standard",
        "standard",
    ),
    "standard_title": (
        "ten tieu chuan",
        "ten tieu chuan ap dung",
        "ten tieu chuan chat luong",
        "standard title",
    ),
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
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PUNCT = re.compile(r"[^0-9a-z]+")
HEADER_SCAN_ROWS = 30
SURE = 0.75  # below this a match is only a suggestion
TIE = 0.1  # two fields this close are a question
NOISE = frozenset({"ocop", "gcn", "sp", "cua", "theo", "va", "cac", "so"})
# One-word phrases that may stand inside a longer header: they mean one thing only.
# Phrases that name their field only as the whole header: "Đơn vị chủ quản" (the supervising body) is no unit.
EXACT_ONLY = frozenset({("don", "vi"), ("san", "pham"), ("hang",)})
# Words that make a header mean something else: "Giá bán buôn" is the wholesale price, not the one to list.
EXCLUDE: dict[str, frozenset[str]] = {
    "price": frozenset({"buon", "si", "nhap", "von", "goc", "thu", "mua", "cost", "wholesale"}),
    "unit": frozenset({"chu", "quan", "san", "xuat"}),
    "name": frozenset({"nguoi", "lien", "chu", "htx", "doanh", "co", "so", "cong", "ty"}),
    # "Số chứng nhận ĐKKD", "Ngày cấp ĐKKD": the business registration, not the OCOP decision.
    "decision_number": frozenset({"dkkd", "kinh", "doanh"}),
    "signed_on": frozenset({"dkkd", "kinh", "doanh"}),
}
STRONG_WORDS = frozenset(
    {"sku", "gtin", "ean", "barcode", "dvt", "mst", "sdt", "hsd", "email", "htx", "stars"}
    | {"gln", "dkkd", "tcvn", "tccs"}  # the passport's identifiers
)
# Columns that are only row numbers: recognised, so they are not reported as unused.
ROW_NUMBER = frozenset({"stt", "tt", "so tt", "so thu tu", "thu tu", "no", "#"})

_PHRASES: list[tuple[tuple[str, ...], str]] = [
    (tuple(variant.split()), field) for field, variants in SYNONYMS.items() for variant in variants
]
_LOOKUP = {variant: field for field, variants in SYNONYMS.items() for variant in variants}


def header_key(text: object) -> str:
    return _PUNCT.sub(" ", fold(str(text or ""))).strip()


def _words(header: object) -> tuple[str, ...]:
    return tuple(header_key(_PARENS.sub(" ", fold(str(header or "")))).split())


def rank(header: object) -> list[tuple[float, str]]:
    """Every field the header could name, best first, as (score 0–1, field)."""
    full = header_key(header)
    if full in _LOOKUP:  # "Khối lượng (kg)": the unit is part of a known phrase
        return [(1.0, _LOOKUP[full])]
    words = _words(header)
    if not words:
        return []
    meaningful = [w for w in words if w not in NOISE] or list(words)
    best: dict[str, float] = {}
    for phrase, field in _PHRASES:
        if field in EXCLUDE and EXCLUDE[field] & set(words) - set(phrase):
            continue
        score = _phrase_score(words, meaningful, phrase)
        if score > best.get(field, 0.0):
            best[field] = score
    return sorted(((score, field) for field, score in best.items()), reverse=True)


def _phrase_score(words: tuple[str, ...], meaningful: list[str], phrase: tuple[str, ...]) -> float:
    if words == phrase or tuple(meaningful) == phrase:
        return 1.0
    if (len(phrase) == 1 and phrase[0] not in STRONG_WORDS) or phrase in EXACT_ONLY:
        return 0.0
    n = len(phrase)
    for start in range(len(words) - n + 1):
        if words[start : start + n] == phrase:
            covered = n / max(len(meaningful), n)
            return 0.5 + 0.35 * covered + (0.15 if start == 0 else 0.0)
    return 0.0


@dataclass(frozen=True, slots=True)
class ColumnGuess:
    """What one column of the header row was recognised as."""

    column: int  # 0-based
    header: str  # as written in the file
    field: str | None  # the field it will fill, None when unused
    score: float = 0.0
    candidates: tuple[str, ...] = ()  # for a question: the fields it could be, best first
    row_number: bool = False  # an STT column: known, not data

    @property
    def is_question(self) -> bool:
        return self.field is None and bool(self.candidates)

    @property
    def letter(self) -> str:
        return column_letter(self.column)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how the spreadsheet names the column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def recognise(row: list[object]) -> list[ColumnGuess]:
    """Guess every column of a header row. A field goes to one column only: the clearest claim wins and
    the other column becomes a question."""
    guesses: list[ColumnGuess] = []
    for col, cell in enumerate(row):
        header = "" if cell is None else " ".join(str(cell).split())
        if not header:
            continue
        if header_key(header) in ROW_NUMBER:
            guesses.append(ColumnGuess(col, header, None, row_number=True))
            continue
        ranked = rank(header)
        guesses.append(_decide(col, header, ranked))
    return _one_column_per_field(guesses)


def _decide(col: int, header: str, ranked: list[tuple[float, str]]) -> ColumnGuess:
    if not ranked or ranked[0][0] < 0.5:
        return ColumnGuess(col, header, None)
    top, field = ranked[0]
    rivals = tuple(f for s, f in ranked[1:] if s >= top - TIE and s >= 0.5)
    if top >= SURE and (top == 1.0 or not rivals):
        return ColumnGuess(col, header, field, top)
    return ColumnGuess(col, header, None, top, (field, *rivals))


def _one_column_per_field(guesses: list[ColumnGuess]) -> list[ColumnGuess]:
    winner: dict[str, ColumnGuess] = {}
    for guess in guesses:
        if guess.field and (guess.field not in winner or guess.score > winner[guess.field].score):
            winner[guess.field] = guess
    return [
        g if not g.field or winner[g.field] is g else ColumnGuess(g.column, g.header, None, g.score, (g.field,))
        for g in guesses
    ]


_UNIT_WORDS = {
    "nghin dong": "thousand",
    "nghin": "thousand",
    "ngan dong": "thousand",
    "ngan": "thousand",
    "1000 dong": "thousand",
    "1000d": "thousand",
    "1 000 dong": "thousand",
    "trieu dong": "million",
    "trieu": "million",
    "g": "g",
    "gr": "g",
    "gam": "g",
    "gram": "g",
    "kg": "kg",
    "ngay": "day",
    "days": "day",
    "thang": "month",
    "months": "month",
    "nam": "year",
    "years": "year",
}


def unit_of(header: object) -> str | None:
    """The unit a header states in brackets or as its last word: "Giá bán (nghìn đồng)" → thousand,
    "Khối lượng (kg)" → kg, "HSD (tháng)" → month."""
    folded = fold(str(header or ""))
    for inside in re.findall(r"\(([^)]*)\)", folded):
        key = header_key(inside)
        if key in _UNIT_WORDS:
            return _UNIT_WORDS[key]
    words = header_key(folded).split()
    return _UNIT_WORDS.get(words[-1]) if len(words) > 1 and words[-1] in ("kg", "thang", "months") else None


def field_for(header: object) -> str | None:
    """The field a single header names when that is clear (used for mapping overrides and tests)."""
    guess = _decide(0, str(header or ""), rank(header))
    return guess.field


@dataclass(frozen=True, slots=True)
class HeaderGuess:
    index: int  # 0-based row of the header
    columns: list[ColumnGuess]
    depth: int = 1  # 2 when a second header row names the columns under a merged group title

    @property
    def data_start(self) -> int:
        return self.index + self.depth

    @property
    def mapping(self) -> dict[int, str]:
        return {g.column: g.field for g in self.columns if g.field}

    @property
    def strength(self) -> float:
        return sum(g.score for g in self.columns if g.field)


def find_header(rows: list[list[object]]) -> HeaderGuess | None:
    """The header row among the first 30: the one whose recognised columns score highest and that
    names the product (title rows above it are skipped)."""
    best: HeaderGuess | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        filled = [cell for cell in row if cell not in (None, "")]
        if not filled or (len(filled) == 1 and rank(filled[0])[:1] != [(1.0, "name")]):
            continue  # a title line, unless it is exactly a name header (a list of names only)
        guess = HeaderGuess(index, recognise(row))
        name = next((g for g in guess.columns if g.field == "name" or "name" in g.candidates), None)
        # The product name plus another field, or a name header that is exactly one of its phrases.
        plausible = name is not None and (len(guess.mapping) >= 2 or name.score == 1.0)
        if plausible and (best is None or guess.strength > best.strength):
            best = guess
    return _with_sub_header(best, rows) if best is not None else None


def _with_sub_header(guess: HeaderGuess, rows: list[list[object]]) -> HeaderGuess:
    """District lists often group columns under a merged title ("Chứng nhận OCOP" over "Số sao | Số QĐ |
    Ngày cấp"): the row below the header names them. It is a second header row when it names fields in columns
    the first row left unnamed, and has nothing where the product name is."""
    if guess.index + 1 >= len(rows):
        return guess
    below = rows[guess.index + 1]
    named = {g.column for g in guess.columns if g.field or g.row_number}
    name_col = next((g.column for g in guess.columns if g.field == "name"), None)
    if name_col is not None and name_col < len(below) and below[name_col] not in (None, ""):
        return guess
    sub = [g for g in recognise(below) if g.field and g.column not in named]
    if not sub:
        return guess
    taken = {g.field for g in guess.columns if g.field}
    extra = {g.column: g for g in sub if g.field not in taken}
    columns = [g for g in guess.columns if g.column not in extra] + list(extra.values())
    return HeaderGuess(guess.index, sorted(columns, key=lambda g: g.column), depth=2)
