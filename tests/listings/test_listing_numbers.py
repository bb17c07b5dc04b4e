"""Numbers stay numbers from the listing to the writer (#24): the listing holds đồng, grams or kilograms as
numbers, a sheet cell gets the number, a kit's text and a seller form get its digits; nothing is written as
text and parsed back."""

from __future__ import annotations

import dataclasses

import pytest

from ocopdesk.domain.listing import Listing
from ocopdesk.services import listing_files, listings, markets
from tests.site.conftest import DemoSite


def a_listing(**changes: object) -> Listing:
    base = Listing("SKU-1", "Mật ong", "Mô tả", 120000, 7, 0.8, 20.0, None, 5.5, "", "HTX")
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_the_listing_gives_numbers_as_numbers_and_none_when_unknown() -> None:
    fields = a_listing().fields()
    assert fields["price"] == 120000 and isinstance(fields["price"], int)
    assert fields["weight"] == 0.8 and fields["length_cm"] == 20.0 and fields["width_cm"] is None
    assert fields["stock"] == 7


def test_writers_put_numbers_in_their_own_form() -> None:
    assert [listing_files.cell_value(v) for v in (120000, 20.0, 0.8, None, "x")] == [120000, 20, 0.8, "", "x"]
    assert [listing_files.number_text(v) for v in (120000, 20.0, 0.8, 0.1234, None)] == [
        "120000",
        "20",
        "0.8",
        "0.123",
        "",
    ]


def test_a_listing_built_by_the_check_cannot_be_edited_by_the_export(demo: DemoSite) -> None:
    checked = listings.check(demo.service, "lazada", ["MO-NX-500"])[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        checked.listing.title = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        checked.problems = []  # type: ignore[misc]
    entry = listing_files.Entry(checked, ("https://anh.example/m/1.jpg",), ("chung-nhan/a.pdf",))
    sheet = listing_files.sheet_data(markets.marketplace("lazada"), [entry])
    weights = [v for k, v in sheet.rows[0].items() if "weight" in k.lower()]
    assert weights and all(isinstance(w, int | float) for w in weights)  # kilograms, a number in the cell
    assert entry.fields()["image_1"] == "https://anh.example/m/1.jpg" and "image_1" not in checked.listing.fields()
