"""GS1 Digital Link: the generation examples and the rejections listed in shared/DOMAIN.md §3."""

import pytest

from ocopdesk.domain.digital_link import DigitalLinkError, build, encode, parse


def test_generation_examples_from_gs1() -> None:
    assert (
        build("https://id.gs1.org", "12312312312326", serial="abc123")
        == "https://id.gs1.org/01/12312312312326/21/abc123"
    )
    assert (
        build("https://example.com", "12312312312333", lot="ABC+123", query={"99": "XYZ+QWERTY"})
        == "https://example.com/01/12312312312333/10/ABC%2B123?99=XYZ%2BQWERTY"
    )
    assert build("https://example.com/", "12312312312326") == "https://example.com/01/12312312312326"


def test_short_gtins_are_padded_and_qualifiers_ordered() -> None:
    uri = build(
        "https://truyxuat.example.vn/tx",
        "8934588012228",
        lot="L2611/01",
        serial="7K3M9Q2XPA",
        query={"17": "271122", "k": "Q8H2"},
    )
    assert uri == ("https://truyxuat.example.vn/tx/01/08934588012228/10/L2611%2F01/21/7K3M9Q2XPA?17=271122&k=Q8H2")
    link = parse(uri)
    assert (link.stem, link.gtin, link.lot, link.serial) == (
        "https://truyxuat.example.vn/tx",
        "08934588012228",
        "L2611/01",
        "7K3M9Q2XPA",
    )
    assert link.query == {"17": "271122", "k": "Q8H2"} and link.uri() == uri


@pytest.mark.parametrize(
    "uri",
    [
        "https://example.com/01/9520123456788/10/L1",  # 13-digit GTIN
        "https://example.com/01/09520123456789",  # bad check digit
        "https://example.com/01/09520123456788/21/SN1/10/L1",  # qualifiers out of order
        "https://example.com/01/09520123456788?10=L1",  # path qualifier in the query
        "https://example.com/01/09520123456788/10/L1/",  # trailing slash
        "https://example.com/01/09520123456788?12345=x",  # unknown numeric key
        "https://example.com/01/09520123456788?k=a&k=b",  # duplicate key
        "https://example.com/01/09520123456788?17=2711",  # a date that is not YYMMDD
        "https://example.com/01/09520123456788/10/L%C3%B4",  # a Vietnamese letter in a lot
        "https://example.com/09520123456788",  # no /01/
    ],
)
def test_invalid_uris_are_rejected(uri: str) -> None:
    with pytest.raises(DigitalLinkError):
        parse(uri)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lot": "Lô 1"}, "CSET 82"),
        ({"serial": "A" * 21}, "CSET 82"),
        ({"lot": "L 1"}, "CSET 82"),
        ({"query": {"21": "X"}}, "path"),
        ({"query": {"k": ""}}, "empty"),
    ],
)
def test_build_refuses_what_gs1_refuses(kwargs: dict, message: str) -> None:
    with pytest.raises(DigitalLinkError, match=message):
        build("https://example.com", "09520123456788", **kwargs)


def test_encoding_uses_upper_case_hex_and_keeps_unreserved() -> None:
    assert encode("A-b.c_d~e/f+g h") == "A-b.c_d~e%2Ff%2Bg%20h"
    with pytest.raises(DigitalLinkError):
        build("ftp://example.com", "09520123456788")
