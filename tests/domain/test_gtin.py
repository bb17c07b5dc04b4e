import pytest

from ocopdesk.domain.gtin import check_digit, is_valid_gtin, normalize_gtin, to_gtin14


@pytest.mark.parametrize(
    "code", ["12312312312326", "09520123456788", "4006381333931", "96385074", "036000291452", "8934588012228"]
)
def test_valid_gtins_of_every_length(code: str) -> None:
    assert is_valid_gtin(code)


@pytest.mark.parametrize(
    "code", ["09520123456789", "4006381333932", "123", "abcdefghijklm", "893458801222", "８９３４５８８０１２２２８"]
)
def test_invalid_gtins(code: str) -> None:
    assert not is_valid_gtin(code)


def test_check_digit_uses_weights_3_1_from_the_right() -> None:
    # 629104150021: 6·1+2·3+9·1+1·3+0·1+4·3+1·1+5·3+0·1+0·3+2·1+1·3 = 57 → 3
    assert check_digit("629104150021") == 3


def test_to_gtin14_left_pads() -> None:
    assert to_gtin14("96385074") == "00000096385074"
    with pytest.raises(ValueError):
        to_gtin14("96385075")


def test_normalize_strips_separators_and_float_tail() -> None:
    assert normalize_gtin(" 893-4588 012228 ") == "8934588012228"
    assert normalize_gtin("8934588012228.0") == "8934588012228"
