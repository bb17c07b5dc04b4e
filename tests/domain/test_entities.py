import datetime as dt
import unicodedata

import pytest

from ocopdesk.domain.batch import Batch, validate_batch
from ocopdesk.domain.codes import validate_lot_code
from ocopdesk.domain.producer import Producer, validate_producer
from ocopdesk.domain.product import Product, validate_product


def fields(errors: list) -> set[str]:
    return {e.field for e in errors}


def test_product_is_normalized_to_nfc_on_the_way_in() -> None:
    p = Product(sku=" mo-1 ", name=unicodedata.normalize("NFD", "Mật  ong"), gtin="893 4588 012228").normalized()
    assert p.name == "Mật ong" and unicodedata.is_normalized("NFC", p.name)
    assert p.sku == "MO-1" and p.gtin == "8934588012228"


def test_product_validation_reports_each_field() -> None:
    errors = validate_product(
        Product(sku="bad sku!", name="", gtin="8934588012229", price=-1, ocop_group="9", weight_g=0)
    )
    assert fields(errors) == {"sku", "name", "gtin", "price", "ocop_group", "weight_g"}
    assert validate_product(Product(sku="A1", name="Chè", ocop_group="1", ocop_subgroup="1.5", price=0)) == []
    assert fields(validate_product(Product(sku="A1", name="Chè", ocop_group="2", ocop_subgroup="1.5"))) == {
        "ocop_subgroup"
    }


def test_lot_codes_must_be_gs1_cset82_without_vietnamese_letters() -> None:
    assert validate_lot_code("L2026-11/01") == []
    for bad in ("Lô 1", "L 1", "LOT#1", "A" * 21, ""):
        assert fields(validate_lot_code(bad)) == {"lot_code"}


def test_batch_expiry_cannot_precede_production() -> None:
    b = Batch(1, "L1", dt.date(2026, 1, 2), dt.date(2026, 1, 1), quantity=-1)
    assert fields(validate_batch(b)) == {"expires_on", "quantity"}


def test_producer_validation_checks_codes_against_the_2025_list() -> None:
    ok = Producer(name="HTX Cói Nga Sơn", province_code="38", commune_code="16093", tax_code="2802345678")
    assert validate_producer(ok) == []
    bad = Producer(name=" ", kind="x", tax_code="12", phone="abc", email="a@", province_code="99", commune_code="00004")
    assert fields(validate_producer(bad)) == {
        "name",
        "kind",
        "tax_code",
        "phone",
        "email",
        "province_code",
        "commune_code",
    }
    wrong_province = Producer(name="X", province_code="01", commune_code="16093")
    assert fields(validate_producer(wrong_province)) == {"commune_code"}


@pytest.mark.parametrize(
    "entity",
    [
        Producer(name="HTX Mật ong", id=7, uuid="0b6f2c1e-5d1a-4c4e-9d51-8f1f7f4f2a10"),
        Batch(3, "L-01", dt.date(2026, 5, 1), id=9, uuid="5d3c1f6e-2a9b-4b0c-8e7d-1a2b3c4d5e6f"),
    ],
)
def test_normalizing_keeps_the_identity(entity: object) -> None:
    """A save normalizes first: an id or a stable uuid lost there would make a re-save a new record elsewhere
    (Producer.normalized and Batch.normalized rebuilt the object field by field and dropped uuid)."""
    cleaned = entity.normalized()  # type: ignore[attr-defined]
    assert (cleaned.id, cleaned.uuid) == (entity.id, entity.uuid)  # type: ignore[attr-defined]
