import unicodedata

import pytest

from ocopdesk.domain.text import clean_line, fold, marked_words, marks_carried, nfc, query_words, slug, sort_key


@pytest.mark.parametrize("typed", ["dong hoi", "Đồng Hới", "ĐỒNG HỚI", unicodedata.normalize("NFD", "Đồng Hới")])
def test_fold_makes_every_spelling_of_dong_hoi_equal(typed: str) -> None:
    assert fold(typed) == "dong hoi"


def test_fold_maps_d_with_stroke_which_has_no_decomposition() -> None:
    assert unicodedata.decomposition("đ") == ""
    assert fold("Đắk Lắk đường") == "dak lak duong"


def test_nfc_recomposes_what_windows_input_methods_type() -> None:
    nfd = unicodedata.normalize("NFD", "  Hòa  ")
    assert len(nfd.strip()) == 4
    assert nfc(nfd) == "Hòa" and len(nfc(nfd)) == 3


def test_clean_line_collapses_inner_spaces() -> None:
    assert clean_line(" Mật   ong\trừng ") == "Mật ong rừng"


def test_slug_is_ascii_and_turns_d_into_d_not_dj() -> None:
    assert slug("Mật ong Đồng Hới (500ml)") == "mat-ong-dong-hoi-500ml"


def test_sort_key_orders_accented_words_with_their_plain_letters() -> None:
    names = ["Đường", "Dừa", "Cà phê", "Ấm"]
    assert sorted(names, key=sort_key) == ["Ấm", "Cà phê", "Dừa", "Đường"]


def test_query_words_keep_typed_marks_and_drop_punctuation() -> None:
    assert query_words("  Mật-ong, ĐỒNG!! dong") == [("mật", True), ("ong", False), ("đồng", True), ("dong", False)]
    assert query_words(unicodedata.normalize("NFD", "Hới")) == [("hới", True)]  # an IME typing NFD
    assert query_words('"x" OR y* (z:1)') == [("x", False), ("or", False), ("y", False), ("z", False), ("1", False)]
    assert query_words("*** -- ") == []


def test_a_word_carries_marks_when_folding_would_lose_them() -> None:
    assert [marks_carried(w) for w in ("đ", "trà", "Ơ", "tra", "SP01", "茶", "Straße")] == [
        True, True, True, False, False, False, False
    ]  # fmt: skip


def test_marked_words_are_the_non_ascii_words_once_in_lower_case() -> None:
    assert marked_words("Mật ong ĐỒNG Hới, mật ong 100% đóng gói") == "mật đồng hới đóng gói"


def _fold_by_the_rule(value: str) -> str:
    """DOMAIN.md §8 written out step by step: đ→d, NFD, drop combining marks, casefold, one space."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def test_fold_by_table_equals_the_rule_for_every_character_alone_and_with_marks_typed_apart() -> None:
    """#28 folds precomposed Latin letters with one translate table; the rule must still hold for every code
    point of the Basic Multilingual Plane (all of Latin is there), alone, before a mark typed apart, in NFD."""
    marks = "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        for text in (ch, f"a{ch}b", ch + marks[code % len(marks)], unicodedata.normalize("NFD", f" {ch}Ệ ")):
            assert fold(text) == _fold_by_the_rule(text), hex(code)


def test_fold_leaves_non_latin_scripts_and_symbols_as_the_rule_does() -> None:
    for text in ("Ω ω", "Ｍật ong", "北京", "ǅ ǈ ǋ", "ﬁ ß ẞ", "Æ Œ Ø", "₫ № ™"):
        assert fold(text) == _fold_by_the_rule(text)
