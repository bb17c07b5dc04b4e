"""TCVN3 and VNI text read as Unicode: the code tables, conversion, the Caps Lock rule and column detection.

The expected tables below are written out letter by letter from public tables (khiemdoan/VBKey mdlCodeTable.bas and
tomwillow/SmartCharsetConverter Vietnamese.cpp agree on every entry) in a different shape from the module's
(which composes marks), and TCVN3 is compared with glibc's iconv as well, so a slip in either shows up.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterator

import pytest

from ocopdesk.domain.legacy_text import convert_column, detect, from_unicode, scheme_for_font, to_unicode

# Unicode letter = VNI spelling as a latin-1 reading shows it.
VNI_TABLE = """
    à=aø á=aù ả=aû ã=aõ ạ=aï â=aâ ầ=aà ấ=aá ẩ=aå ẫ=aã ậ=aä ă=aê ằ=aè ắ=aé ẳ=aú ẵ=aü ặ=aë
    đ=ñ
    è=eø é=eù ẻ=eû ẽ=eõ ẹ=eï ê=eâ ề=eà ế=eá ể=eå ễ=eã ệ=eä
    ì=ì í=í ỉ=æ ĩ=ó ị=ò
    ò=oø ó=où ỏ=oû õ=oõ ọ=oï ô=oâ ồ=oà ố=oá ổ=oå ỗ=oã ộ=oä ơ=ô ờ=ôø ớ=ôù ở=ôû ỡ=ôõ ợ=ôï
    ù=uø ú=uù ủ=uû ũ=uõ ụ=uï ư=ö ừ=öø ứ=öù ử=öû ữ=öõ ự=öï
    ỳ=yø ý=yù ỷ=yû ỹ=yõ ỵ=î
    À=AØ Á=AÙ Ả=AÛ Ã=AÕ Ạ=AÏ Â=AÂ Ầ=AÀ Ấ=AÁ Ẩ=AÅ Ẫ=AÃ Ậ=AÄ Ă=AÊ Ằ=AÈ Ắ=AÉ Ẳ=AÚ Ẵ=AÜ Ặ=AË
    Đ=Ñ
    È=EØ É=EÙ Ẻ=EÛ Ẽ=EÕ Ẹ=EÏ Ê=EÂ Ề=EÀ Ế=EÁ Ể=EÅ Ễ=EÃ Ệ=EÄ
    Ì=Ì Í=Í Ỉ=Æ Ĩ=Ó Ị=Ò
    Ò=OØ Ó=OÙ Ỏ=OÛ Õ=OÕ Ọ=OÏ Ô=OÂ Ồ=OÀ Ố=OÁ Ổ=OÅ Ỗ=OÃ Ộ=OÄ Ơ=Ô Ờ=ÔØ Ớ=ÔÙ Ở=ÔÛ Ỡ=ÔÕ Ợ=ÔÏ
    Ù=UØ Ú=UÙ Ủ=UÛ Ũ=UÕ Ụ=UÏ Ư=Ö Ừ=ÖØ Ứ=ÖÙ Ử=ÖÛ Ữ=ÖÕ Ự=ÖÏ
    Ỳ=YØ Ý=YÙ Ỷ=YÛ Ỹ=YÕ Ỵ=Î
"""
# Unicode letter = TCVN3 byte (hex): the 67 lowercase letters and the 7 capitals TCVN3 has.
TCVN3_TABLE = """
    à=B5 á=B8 ả=B6 ã=B7 ạ=B9 â=A9 ầ=C7 ấ=CA ẩ=C8 ẫ=C9 ậ=CB ă=A8 ằ=BB ắ=BE ẳ=BC ẵ=BD ặ=C6
    đ=AE
    è=CC é=D0 ẻ=CE ẽ=CF ẹ=D1 ê=AA ề=D2 ế=D5 ể=D3 ễ=D4 ệ=D6
    ì=D7 í=DD ỉ=D8 ĩ=DC ị=DE
    ò=DF ó=E3 ỏ=E1 õ=E2 ọ=E4 ô=AB ồ=E5 ố=E8 ổ=E6 ỗ=E7 ộ=E9 ơ=AC ờ=EA ớ=ED ở=EB ỡ=EC ợ=EE
    ù=EF ú=F3 ủ=F1 ũ=F2 ụ=F4 ư=AD ừ=F5 ứ=F8 ử=F6 ữ=F7 ự=F9
    ỳ=FA ý=FD ỷ=FB ỹ=FC ỵ=FE
    Ă=A1 Â=A2 Ê=A3 Ô=A4 Ơ=A5 Ư=A6 Đ=A7
"""


def _pairs(table: str) -> list[tuple[str, str]]:
    return [tuple(item.split("=", 1)) for item in table.split()]  # type: ignore[misc]


VNI_PAIRS = _pairs(VNI_TABLE)
TCVN3_PAIRS = [(letter, chr(int(code, 16))) for letter, code in _pairs(TCVN3_TABLE)]

# The Vietnamese alphabet with every tone on every vowel, lower and upper case.
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
VOWELS = "aăâeêioôơuưy"
LOWER_ALPHABET = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + list("bcdđghklmnpqrstvx")
ALPHABET = LOWER_ALPHABET + [letter.upper() for letter in LOWER_ALPHABET]


def test_the_tables_cover_the_whole_alphabet_once() -> None:
    assert len(VNI_PAIRS) == 134 and len({u for u, _ in VNI_PAIRS}) == 134
    assert len(TCVN3_PAIRS) == 74 and len({b for _, b in TCVN3_PAIRS}) == 74
    non_ascii = {ch for ch in ALPHABET if not ch.isascii()}
    assert {u for u, _ in VNI_PAIRS} == non_ascii


@pytest.mark.parametrize(("letter", "vni"), VNI_PAIRS)
def test_vni_table_letter_by_letter(letter: str, vni: str) -> None:
    assert to_unicode(vni, "vni") == letter
    assert from_unicode(letter, "vni") == vni


@pytest.mark.parametrize(("letter", "code"), TCVN3_PAIRS)
def test_tcvn3_table_letter_by_letter(letter: str, code: str) -> None:
    assert to_unicode(code, "tcvn3") == letter
    assert from_unicode(letter, "tcvn3") == code


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs glibc iconv")
def test_tcvn3_agrees_with_glibc_iconv_on_every_byte() -> None:
    """glibc's TCVN5712-1 is VN1, a superset of TCVN3 (VN3): its lowercase letters, the seven capitals and NBSP
    are TCVN3; its capitals with tones and combining marks are not, and must be left alone."""
    codes = range(0xA0, 0x100)
    done = subprocess.run(
        ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=b"\n".join(bytes([c]) for c in codes), capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("this iconv has no TCVN5712-1")
    glibc = dict(zip(codes, done.stdout.decode("utf-8").split("\n"), strict=True))
    in_tcvn3 = {c: u for c, u in glibc.items() if u == "\xa0" or u.islower() or u in "ĂÂÊÔƠƯĐ"}
    assert len(in_tcvn3) == 75  # Wikipedia (VSCII): 67 lowercase + 7 capitals + NBSP
    for code in codes:
        expected = in_tcvn3.get(code, chr(code))
        assert to_unicode(chr(code), "tcvn3") == expected, hex(code)


@pytest.mark.parametrize("letter", ALPHABET)
def test_every_letter_round_trips_through_vni(letter: str) -> None:
    word = f"x{letter}n"
    assert to_unicode(from_unicode(word, "vni"), "vni") == word


@pytest.mark.parametrize("letter", LOWER_ALPHABET)
def test_every_lowercase_letter_round_trips_through_tcvn3(letter: str) -> None:
    word = f"x{letter}n"
    assert to_unicode(from_unicode(word, "tcvn3"), "tcvn3") == word


@pytest.mark.parametrize("letter", [ch.upper() for ch in LOWER_ALPHABET])
def test_tcvn3_capitals_come_back_in_capital_fonts_and_caps_lock_cells(letter: str) -> None:
    """TCVN3 has no capitals with tones: .VnTimeH draws the lowercase code as a capital."""
    encoded = from_unicode(letter, "tcvn3")
    assert to_unicode(encoded, "tcvn3", uppercase=True) == letter
    assert to_unicode(from_unicode(f"NG{letter}N", "tcvn3"), "tcvn3") == f"NG{letter}N"


@pytest.mark.parametrize(
    ("scheme", "legacy", "unicode"),
    [
        # Samples quoted by public sources, checked against the tables above.
        ("tcvn3", "Hµ Néi", "Hà Nội"),
        ("vni", "Haø Noäi", "Hà Nội"),
        ("vni", "Xin chaøo caùc baïn", "Xin chào các bạn"),  # vietnamese-conversion README
        ("tcvn3", "B¶o Th¾ng", "Bảo Thắng"),
        ("tcvn3", "B¸t X¸t", "Bát Xát"),
        ("tcvn3", "M\xadêng Kh\xad¬ng", "Mường Khương"),  # ư is the soft hyphen U+00AD
        # Co-operative words, encoded by hand from the tables.
        ("tcvn3", "MËt ong", "Mật ong"),
        ("tcvn3", "Hîp t¸c x·", "Hợp tác xã"),
        ("tcvn3", "N\xadíc m¾m", "Nước mắm"),
        ("tcvn3", "§ång Híi", "Đồng Hới"),
        ("tcvn3", "Qu¶ng B×nh", "Quảng Bình"),
        ("tcvn3", "Thanh Hãa", "Thanh Hóa"),
        ("tcvn3", "HTX N«ng nghiÖp MËt ong rõng §ång Híi", "HTX Nông nghiệp Mật ong rừng Đồng Hới"),
        ("vni", "Maät ong", "Mật ong"),
        ("vni", "Hôïp taùc xaõ", "Hợp tác xã"),
        ("vni", "Nöôùc maém", "Nước mắm"),
        ("vni", "Ñoàng Hôùi", "Đồng Hới"),
        ("vni", "Quaûng Bình", "Quảng Bình"),
        ("vni", "Thanh Hoùa", "Thanh Hóa"),
        ("vni", "Nöôùc maém Phuù Quoác 40 ñoä ñaïm", "Nước mắm Phú Quốc 40 độ đạm"),
        ("vni", "HÔÏP TAÙC XAÕ ÑOÀNG HÔÙI", "HỢP TÁC XÃ ĐỒNG HỚI"),
        # Caps Lock in TCVN3: the whole cell, or single words next to lowercase ones.
        ("tcvn3", "HîP T¸C X· §åNG HíI", "HỢP TÁC XÃ ĐỒNG HỚI"),
        ("tcvn3", "§\xadêng §ÆNG V¡N NG÷", "Đường ĐẶNG VĂN NGỮ"),
        ("tcvn3", "PH¹M THµNH Mü", "PHẠM THÀNH MỸ"),  # giaiphapexcel.com's example of a capital-font name
        ("tcvn3", "Phong Ên", "Phong ấn"),  # one capital is Title Case, not Caps Lock
        ("tcvn3", "M· SP", "Mã SP"),
        ("tcvn3", "HTX Hµ", "HTX Hà"),
    ],
)
def test_known_samples_convert(scheme: str, legacy: str, unicode: str) -> None:
    assert to_unicode(legacy, scheme) == unicode
    assert unicodedata.is_normalized("NFC", to_unicode(legacy, scheme))


@pytest.mark.parametrize("scheme", ["tcvn3", "vni"])
@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_both_ways_of_reading_the_bytes_give_the_same_text(scheme: str, codec: str) -> None:
    """A CSV read as cp1252 shows 0x96 as "–"; read as latin-1 it is a C1 control. Both come out as "–"."""
    raw = from_unicode("Mật ong rừng Quảng Bình", scheme).encode("latin-1") + b" \x96 \x93500 ml\x94"
    assert to_unicode(raw.decode(codec), scheme) == "Mật ong rừng Quảng Bình – “500 ml”"


@pytest.mark.parametrize("scheme", ["tcvn3", "vni"])
@pytest.mark.parametrize("text", ["Hợp tác xã Đồng Hới", "Mật ong rừng", unicodedata.normalize("NFD", "Thanh Hóa")])
def test_cells_already_in_unicode_are_left_alone(scheme: str, text: str) -> None:
    assert to_unicode(text, scheme) == unicodedata.normalize("NFC", text)


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        to_unicode("x", "viscii")


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", ("tcvn3", False)),
        (".VnTimeH", ("tcvn3", True)),
        (".VnArial NarrowH", ("tcvn3", True)),
        ("VNI-Times", ("vni", False)),
        ("Times New Roman", (None, False)),
        (None, (None, False)),
    ],
)
def test_font_names_tell_the_scheme(font: str | None, expected: tuple[str | None, bool]) -> None:
    assert scheme_for_font(font) == expected


# --- detection ------------------------------------------------------------------------------------------------

COLUMN = [
    "Mật ong rừng Quảng Bình",
    "Nước mắm Phú Quốc 40 độ đạm",
    "Hợp tác xã Nông nghiệp Đồng Hới",
    "Trà xanh Thái Nguyên",
    "Gạo ST25 Sóc Trăng",
    "Cà phê Buôn Ma Thuột",
    "Bánh đa nem Thanh Hóa",
]
MIXED_CELLS = [None, "", "SP-001", "8936012345678", 35000, "35.000", "https://ocop.example.vn/sp/1", "a@htx.vn"]


@pytest.mark.parametrize("scheme", ["tcvn3", "vni"])
def test_detect_finds_a_legacy_column_among_codes_and_blanks(scheme: str) -> None:
    column = [*MIXED_CELLS, *(from_unicode(cell, scheme) for cell in COLUMN)]
    assert detect(column) == scheme
    found, converted = convert_column(column)
    assert found == scheme
    assert converted == [*MIXED_CELLS, *COLUMN]


@pytest.mark.parametrize(("scheme", "cell"), [("tcvn3", "Hµ Néi"), ("vni", "Haø Noäi")])
def test_detect_one_cell_of_two_words(scheme: str, cell: str) -> None:
    assert detect([cell]) == scheme


@pytest.mark.parametrize("scheme", ["tcvn3", "vni"])
def test_detect_tolerates_a_few_odd_cells(scheme: str) -> None:
    column = [from_unicode(cell, scheme) for cell in COLUMN * 2] + ["Señor Müller", "x²"]
    assert detect(column) == scheme


NOT_LEGACY = [
    # Unicode Vietnamese, including words made of latin-1 letters only.
    "Hà Nội",
    "Mật ong rừng Quảng Bình",
    "HỢP TÁC XÃ ĐỒNG HỚI",
    "Cô Tô",
    "Hoàng",
    "Hoàng Toàn",  # VNI would read "Hồng Tồn": valid too, so it proves nothing
    "Cà phê Ban Mê ©",  # TCVN3 would read "Cà phờ Ban Mờ â", but "à" is no TCVN3 code
    "Khoá học",
    "Bà Rịa – Vũng Tàu",
    "Thanh Hoá",
    unicodedata.normalize("NFD", "Nước mắm"),
    # Prices, codes, web.
    "35.000đ",
    "120.000 ₫",
    "£5",
    "€12,50",
    "© 2024 ACME",
    "SP-001",
    "info@htx-dongoi.vn",
    "https://www.example.com/café?x=1",
    "½ kg",
    "25°C",
    "100 µm",
    # English, French, Spanish, German.
    "Wild honey from Quang Binh",
    "Café Crème",
    "Crème brûlée",
    "Pâté de campagne",
    "Thé vert",
    "Déjà vu",
    "Señor",
    "Niño",
    "España",
    "Müller",
    "naïve résumé",
    "Zoë",
    "Noël",
    "São Paulo",
    "façade",
    "«Bio» – ‘fair’",
]


@pytest.mark.parametrize("cell", NOT_LEGACY)
def test_detect_stays_silent_on_a_cell_that_is_not_legacy(cell: str) -> None:
    assert detect([cell]) is None
    assert detect([cell] * 5) is None


def test_detect_stays_silent_on_a_whole_column_of_them() -> None:
    assert len(NOT_LEGACY) >= 30
    assert detect(NOT_LEGACY + MIXED_CELLS) is None
    assert convert_column(NOT_LEGACY) == (None, NOT_LEGACY)


def test_detect_stays_silent_on_plain_ascii_and_empty_input() -> None:
    assert detect(["Mat ong", "HTX Dong Hoi", "SP-001"]) is None
    assert detect([]) is None


def test_detect_refuses_readings_that_break_vietnamese_tone_rules() -> None:
    """A final c/ch/p/t takes only sắc or nặng: "Hàt Bàc" is no Vietnamese, "Hát Bác" is."""
    assert detect(["Hµt Bµc", "Mµt Nµp"]) is None
    assert detect(["H¸t B¸c", "M¹t N¹p"]) == "tcvn3"


@pytest.mark.parametrize("scheme", ["tcvn3", "vni"])
def test_detect_says_none_when_a_third_of_the_cells_are_something_else(scheme: str) -> None:
    legacy = [from_unicode(cell, scheme) for cell in COLUMN[:4]]
    assert detect(legacy) == scheme
    assert detect([*legacy, "Señor Müller", "Crème brûlée", "Zoë naïve"]) is None


@pytest.mark.parametrize("scheme", ["tcvn3", "vni"])
def test_detect_says_none_when_most_cells_are_real_unicode(scheme: str) -> None:
    column = COLUMN * 2 + [from_unicode(COLUMN[0], scheme)]
    assert detect(column) is None


def test_detect_reads_a_sample_not_the_whole_sheet() -> None:
    legacy = from_unicode("Hợp tác xã Mật ong", "tcvn3")

    def cells() -> Iterator[str]:
        for _ in range(200):
            yield "SP-001"  # ASCII cells are skipped and not counted
            yield legacy
        raise AssertionError("detect read past its sample")

    assert detect(cells()) == "tcvn3"
