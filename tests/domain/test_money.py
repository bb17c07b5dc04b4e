import pytest

from ocopdesk.domain.money import PriceError, format_vnd, parse_price


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("120.000", 120_000),
        ("120.000đ", 120_000),
        ("120.000 đ", 120_000),
        ("120,000 VND", 120_000),
        ("120.000 VNĐ", 120_000),
        ("1,2 triệu", 1_200_000),
        ("1.5tr", 1_500_000),
        ("50k", 50_000),
        ("45 nghìn", 45_000),
        ("1.250.000 ₫", 1_250_000),
        ("85000", 85_000),
        (85000, 85_000),
        (85000.0, 85_000),
        ("120000.00", 120_000),
        ("2 triệu", 2_000_000),
    ],
)
def test_parse_price_understands_vietnamese_ways_of_writing(text: object, expected: int) -> None:
    assert parse_price(text) == expected


@pytest.mark.parametrize("text", ["abc", "", "12.5", "1,2345678 triệu", "-5000", "12.50.000", "5 đô", True, None, 1.5])
def test_parse_price_rejects_what_is_not_whole_dong(text: object) -> None:
    with pytest.raises(PriceError):
        parse_price(text)


def test_format_uses_dots_no_break_space_and_dong_sign() -> None:
    assert format_vnd(1_250_000) == "1.250.000\u00a0₫"
    assert format_vnd(0) == "0\u00a0₫"
