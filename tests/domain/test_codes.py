"""The one rule for lot codes and the one for SKUs, table by table, and file names made from SKUs."""

from __future__ import annotations

import random

import pytest

from ocopdesk.domain import codes, site_paths
from ocopdesk.domain.codes import validate_lot_code as batch_validate_lot_code
from ocopdesk.domain.product import Product, validate_product
from ocopdesk.services.image_host import photo_name

GOOD_LOTS = ["L2026-11/01", "ab", "A", "L.1", "a_b", "X" * 20, "CONSOLE", "NULL", "COM10", "LPT", "A/CONX"]

BAD_LOTS = [  # code, a piece of the message that must say why
    ("", "Enter the lot code"),
    ("A" * 21, "21 characters"),
    ("Lô1", "Not allowed: “ô”"),
    ("L 1", "Not allowed: space"),
    ("A+B", "Not allowed: “+”"),  # GS1 CSET 82 has "+", but a web folder name is safer without it
    ("LOT#1", "“#”"),
    ("L1?x", "“?”"),
    ("L1%20", "“%”"),
    ("-L1", "begin and end with a letter or digit"),
    ("L1-", "begin and end"),
    (".L1", "begin and end"),
    ("L1/", "begin and end"),
    ("L..1", "both sides"),
    ("L//1", "both sides"),
    ("L/.x", "both sides"),
    ("L-_1", "both sides"),
    ("CON", "“CON” is a name Windows keeps for a device"),
    ("con", "“con” is a name Windows keeps"),
    ("NUL.TXT", "“NUL.TXT” is a name Windows keeps"),
    ("nul.tar.gz", "Windows keeps"),
    ("L1/COM1", "“COM1” is a name Windows keeps"),
    ("Lpt9.a", "Windows keeps"),
    ("aux", "Windows keeps"),
    ("PRN", "Windows keeps"),
]


@pytest.mark.parametrize("code", GOOD_LOTS)
def test_good_lot_codes_pass(code: str) -> None:
    assert codes.validate_lot_code(code) == []


@pytest.mark.parametrize(("code", "why"), BAD_LOTS)
def test_bad_lot_codes_are_refused_saying_why(code: str, why: str) -> None:
    errors = codes.validate_lot_code(code)
    assert errors and {e.field for e in errors} == {"lot_code"}
    assert any(why in e.message for e in errors), [e.message for e in errors]


def test_the_batch_module_uses_the_same_rule() -> None:
    assert batch_validate_lot_code is codes.validate_lot_code


def test_every_broken_part_of_the_rule_is_named_once() -> None:
    messages = [e.message for e in codes.validate_lot_code("A+B/CON/" + "1" * 13)]
    assert len(messages) == 3  # too long, “+”, the device name
    assert "printed in the stamp's QR code" in messages[1]


GOOD_SKUS = ["MO-1", "MO.1", "MO/1", "MO_1", "A/B.1", "X" * 40, "mo-1", "COM", "CON-1", "9"]

BAD_SKUS = [
    ("", "Enter the SKU"),
    ("X" * 41, "41 characters"),
    ("MO 1", "Not allowed: space"),
    ("MỘT", "“Ộ”"),
    ("MO+1", "“+”"),
    ("MO..1", "both sides"),
    ("-MO", "begin and end"),
    ("MO/", "begin and end"),
    ("CON", "“CON” is a name Windows keeps"),
    ("NUL.TXT", "“NUL.TXT” is a name Windows keeps"),
    ("aux.tar.gz", "Windows keeps"),
    ("A/LPT1", "“LPT1”"),
    ("COM0", "Windows keeps"),
]


@pytest.mark.parametrize("sku", GOOD_SKUS)
def test_good_skus_pass(sku: str) -> None:
    assert codes.validate_sku(sku) == []


@pytest.mark.parametrize(("sku", "why"), BAD_SKUS)
def test_bad_skus_are_refused_saying_why(sku: str, why: str) -> None:
    errors = codes.validate_sku(sku)
    assert errors and {e.field for e in errors} == {"sku"}
    assert any(why in e.message for e in errors), [e.message for e in errors]


@pytest.mark.parametrize(("sku", "why"), [(s, w) for s, w in BAD_SKUS if s])
def test_product_validation_applies_the_sku_rule(sku: str, why: str) -> None:
    errors = [e for e in validate_product(Product(sku=sku, name="Mật ong")) if e.field == "sku"]
    assert any(why.upper() in e.message.upper() for e in errors)


def test_case_only_twins_point_at_the_oldest() -> None:
    assert codes.case_twins([(3, "ab"), (1, "AB"), (2, "x"), (7, "Ab"), (5, "X")]) == {3: 1, 7: 1, 5: 2}
    assert codes.key("mo.1") == codes.key("MO.1") != codes.key("MO-1")


def test_twin_messages_name_the_existing_code() -> None:
    assert "ab" in codes.lot_case_twin("AB", "ab", "MO-1").message
    message = codes.sku_case_twin("AB", "ab", "Mật ong").message
    assert "ab" in message and "“Mật ong”" in message


SKU_ALPHABET = "ABMO019._/-abmo"


def test_file_stems_differ_whenever_skus_differ() -> None:
    skus = ["MO.1", "MO-1", "MO/1", "MO_1", "mo-1", "Mo-1", "MO1", "MO-1--X", "MO--1"]
    rng = random.Random(16)
    skus += ["".join(rng.choice(SKU_ALPHABET) for _ in range(rng.randint(1, 6))) for _ in range(20_000)]
    skus = sorted(set(skus))
    stems = {codes.file_stem(s) for s in skus}
    assert len(stems) == len(skus)
    # and differ on a case-blind disk (Windows, macOS) too
    assert len({s.upper() for s in stems}) == len(skus)
    assert codes.file_stem("MO-1") == "mo-1"  # readable when the slug already spells the SKU
    for stem in stems:
        assert stem.isascii() and stem == stem.lower() and "/" not in stem and not codes.is_device_name(stem)


def test_photo_names_differ_for_different_skus_even_when_name_and_sku_overlap() -> None:
    assert photo_name("Mật ong", "MO-1", 1) != photo_name("Mật", "ONG-MO-1", 1)
    assert photo_name("Mật ong", "MO-1", 1) != photo_name("Mật ong", "MO-1", 2)
    names = {photo_name("Mật ong", sku, 1) for sku in ("MO.1", "MO-1", "MO/1")}
    assert len(names) == 3 and all(n.startswith("mat-ong--mo-1") and n.endswith("-01.jpg") for n in names)
    assert photo_name("", "CON1", 1) == "sp--con1-01.jpg"


@pytest.mark.parametrize(
    "path", ["sp/CON/", "sp/nul.txt/", "01/08938500121005/10/COM1/", "sp/A/lo/L1./", "sp/A./", "sp/A/lo/../"]
)
def test_the_site_never_writes_a_folder_windows_refuses(path: str) -> None:
    assert site_paths.page_file(path) is None


def test_the_site_still_writes_ordinary_folders() -> None:
    assert site_paths.page_file("sp/CON-1/lo/L.1/") == "sp/CON-1/lo/L.1/index.html"
