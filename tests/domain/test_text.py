import unicodedata

import pytest

from ocopdesk.domain.text import clean_line, fold, nfc, search_terms, slug, sort_key


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


def test_search_terms_drop_punctuation() -> None:
    assert search_terms("  Mật-ong, ĐỒNG!! ") == ["mat", "ong", "dong"]
