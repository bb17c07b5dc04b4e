"""Passport completeness (#25) on a real migrated catalogue: what the readiness table and the stamp print
dialog say is missing, and that the new fields survive a save and a reload."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from ocopdesk.domain.batch import BatchEvent
from ocopdesk.domain.errors import ValidationError
from ocopdesk.domain.listing import WARNING
from ocopdesk.domain.print_request import PrintRequest
from ocopdesk.domain.producer import validate_producer
from ocopdesk.i18n import set_language
from ocopdesk.services import listings, passport, stamp_print, stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.profile import CooperativeProfile, save_profile

HONEY, POMELO = "MO-NX-500", "BUOI-LV"


@pytest.fixture
def demo_day() -> dt.date:
    return dt.date(2026, 11, 10)


@pytest.fixture
def demo(service: CatalogService, demo_db: Path) -> CatalogService:
    set_language("vi")
    save_profile(service, CooperativeProfile(name="HTX", resolver_base_url="https://truyxuat.example.vn/"))
    return service


def test_the_demo_honey_declares_every_item_and_the_pomelo_does_not(demo: CatalogService) -> None:
    honey = demo.product_by_sku(HONEY)
    assert passport.product_gaps(honey) == []
    assert honey.producer is not None and honey.producer.gln == "8938500120008"
    lot = demo.batches(HONEY)[0].batch
    assert passport.lot_missing(demo, lot, honey) == []
    assert passport.product_gaps(demo.product_by_sku(POMELO)) == ["standard", "warnings"]


def test_a_stage_without_a_place_code_makes_the_lot_incomplete(demo: CatalogService) -> None:
    honey = demo.product_by_sku(HONEY)
    lot = demo.batches(HONEY)[0].batch
    assert lot.id is not None
    demo.add_event(BatchEvent(lot.id, "other", dt.date(2026, 11, 9), place="Chợ huyện"))
    assert passport.lot_missing(demo, lot, honey) == ["stages"]


def test_readiness_warns_and_opens_the_editor_at_the_first_missing_field(demo: CatalogService) -> None:
    found = [p for p in listings.check(demo, "postmart", [POMELO])[0].problems if "Hộ chiếu" in p.message]
    assert len(found) == 1 and found[0].severity == WARNING and found[0].field == "standard_number"
    assert "Tiêu chuẩn áp dụng, Cảnh báo an toàn" in found[0].message
    assert not [p for p in listings.check(demo, "postmart", [HONEY])[0].problems if "Hộ chiếu" in p.message]


def test_the_print_job_says_what_is_missing_before_printing(demo: CatalogService) -> None:
    lot = demo.batches(POMELO)[0].batch.lot_code
    stamps.issue(demo, lot, 2, sku=POMELO)
    job = stamp_print.prepare(demo, PrintRequest(lot=lot, stock="a4-65-38x21", sku=POMELO))
    assert job.passport_note == "Hộ chiếu số sản phẩm chưa đủ, chưa khai báo: Tiêu chuẩn áp dụng, Cảnh báo an toàn."
    honey_lot = demo.batches(HONEY)[0].batch.lot_code
    stamps.issue(demo, honey_lot, 1, sku=HONEY)
    assert stamp_print.prepare(demo, PrintRequest(lot=honey_lot, stock="a4-65-38x21", sku=HONEY)).passport_note == ""


def test_new_fields_survive_a_reload_and_bad_codes_are_refused(demo: CatalogService, db_path: Path) -> None:
    pomelo = demo.product_by_sku(POMELO).product
    declared = {"standard_number": "TCVN 0000:2026", "standard_title": "Bưởi quả tươi", "brand": "Luận Văn"}
    demo.save_product(replace(pomelo, **declared))
    lot = demo.batches(POMELO)[0].batch
    assert lot.id is not None
    day = dt.date(2026, 11, 1)
    event = BatchEvent(lot.id, "harvest", day, "Vườn", "Ông Lâm", "", "05:45", "15499", "8938500120015")
    demo.add_event(event)
    demo.close()
    again = CatalogService.open(db_path)
    product = again.product_by_sku(POMELO).product
    assert (product.standard_number, product.standard_title, product.brand) == (
        "TCVN 0000:2026",
        "Bưởi quả tươi",
        "Luận Văn",
    )
    saved = next(e for e in again.events(lot.id) if e.actor == "Ông Lâm")
    assert (saved.occurred_time, saved.commune_code, saved.place_gln) == ("05:45", "15499", "8938500120015")
    with pytest.raises(ValidationError) as bad:
        again.add_event(replace(event, occurred_time="25:00", place_gln="8938500120016", commune_code="99999"))
    assert {e.field for e in bad.value.errors} == {"occurred_time", "place_gln", "commune_code"}
    producer = again.product_by_sku(POMELO).producer
    assert producer is not None
    assert [e.field for e in validate_producer(replace(producer, gln="8938500120009"))] == ["gln"]
    again.close()
