"""What a copy-paste kit says to the clerk (issue #22, seams 10 and 11): every folder HUONG-DAN.txt names
is in the kit, and the listing assistant labels its fields in the window's language while the kit's files
keep the Vietnamese of the seller forms."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ocopdesk.services import listing_export, listing_files, listings
from tests.site.conftest import DemoSite


@pytest.mark.parametrize("market", ["postmart", "voso"])
def test_the_how_to_names_no_folder_the_kit_lacks(demo: DemoSite, tmp_path: Path, market: str) -> None:
    out = tmp_path / f"{market}.zip"
    listing_export.export(demo.service, market, out)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        how_to = archive.read("HUONG-DAN.txt").decode()
    has_scans = any("/chung-nhan/" in n for n in names)
    assert "chung-nhan/" in how_to
    if has_scans:
        assert "chỉ thư mục của" in how_to
    else:
        assert "không có thư mục chung-nhan/" in how_to and "Tài liệu" in how_to


def test_the_assistant_labels_follow_the_language_and_the_kit_stays_vietnamese(demo: DemoSite) -> None:
    checked = listings.check(demo.service, "postmart", ["MO-NX-500"])[0]
    listing = checked.listing
    assert listing_files.kit_fields(listing, "en")[0] == ("Product name", listing.title)
    assert [label for label, _v in listing_files.kit_fields(listing)][:2] == ["Tên sản phẩm", "Giá bán (đồng)"]
    assert "=== Tên sản phẩm ===" in listing_files.kit_text(listing_files.Entry(checked))
