import re

import pytest

from ocopdesk.domain.digital_link import parse
from ocopdesk.domain.stamp import (
    CODE_LENGTH,
    CROCKFORD,
    NotAStamp,
    code_matches,
    new_secret,
    new_serial,
    parse_range,
    read_scan,
    stamp_url,
    verification_code,
)


def test_serials_are_random_crockford_and_cset82() -> None:
    serials = {new_serial() for _ in range(5000)}
    assert len(serials) == 5000
    assert all(re.fullmatch(f"[{CROCKFORD}]{{10}}", s) for s in serials)
    assert not set("ILOU") & set("".join(serials))


def test_codes_depend_on_the_secret_and_read_forgivingly() -> None:
    key, other = new_secret(), new_secret()
    code = verification_code(key, "7K3M9Q2XPA")
    assert len(code) == CODE_LENGTH and code == verification_code(key, "7K3M9Q2XPA")
    assert code != verification_code(other, "7K3M9Q2XPA") and code != verification_code(key, "7K3M9Q2XPB")
    assert code_matches(key, "7K3M9Q2XPA", code.lower().replace("0", "o"))
    assert not code_matches(key, "7K3M9Q2XPA", code[:-1] + ("0" if code[-1] != "0" else "1"))


def test_stamp_url_is_a_valid_digital_link_or_the_short_form() -> None:
    url = stamp_url("https://truyxuat.example.vn", "7K3M9Q2XPA", "ABCDEFGHJKMNP", gtin="8934588012228", lot="L2611-01")
    assert url == "https://truyxuat.example.vn/01/08934588012228/10/L2611-01/21/7K3M9Q2XPA?k=ABCDEFGHJKMNP"
    assert parse(url).serial == "7K3M9Q2XPA"
    assert (
        stamp_url("https://truyxuat.example.vn/", "7K3M9Q2XPA", "ABCDEFGHJKMNP")
        == "https://truyxuat.example.vn/s/7K3M9Q2XPA?k=ABCDEFGHJKMNP"
    )


def test_scans_of_every_form_are_read() -> None:
    long = read_scan("https://x.vn/01/08934588012228/10/L1/21/7K3M9Q2XPA?k=ABCDEFGHJKMNP")
    assert (long.serial, long.code, long.gtin, long.lot, long.base) == (
        "7K3M9Q2XPA",
        "ABCDEFGHJKMNP",
        "08934588012228",
        "L1",
        "https://x.vn",
    )
    short = read_scan(" https://x.vn/tx/s/7K3M9Q2XPA?k=abcdefghjkmnp\n")
    assert (short.serial, short.code, short.base) == ("7K3M9Q2XPA", "ABCDEFGHJKMNP", "https://x.vn/tx")
    typed = read_scan("7k3m9q2xpa ABCD-EFGH-JKMNP")
    assert (typed.serial, typed.code) == ("7K3M9Q2XPA", "ABCDEFGHJKMNP")
    for garbage in ("", "hello", "https://x.vn/01/09520123456789/21/A", "https://x.vn/about"):
        with pytest.raises(NotAStamp):
            read_scan(garbage)


def test_ranges() -> None:
    assert parse_range("5-12") == (5, 12) and parse_range("7") == (7, 7) and parse_range(" 3 – 4 ") == (3, 4)
    for bad in ("0-3", "9-2", "a-b", ""):
        with pytest.raises(ValueError):
            parse_range(bad)


def test_a_serial_typed_alone_is_read_by_crockford_rules_with_no_code() -> None:
    from ocopdesk.domain.stamp import NotAStamp, read_scan

    for typed in ("06X8D1PBDC", "o6x8d1pbdc", "06X8D-1PBDC", " 06x8d 1pbdc "):
        scan = read_scan(typed)
        assert (scan.serial, scan.code) == ("06X8D1PBDC", "")
    with pytest.raises(NotAStamp):
        read_scan("06X8D1PBD")  # nine characters: not a serial
