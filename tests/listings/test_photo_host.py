"""Ready means ready: a sheet that links photos is ready only while those addresses answer with the
pictures, on a real server on 127.0.0.1; the readiness check, the readiness screen's call and the
export agree; and the honest second way — photo columns empty, numbered photos in the bundle with
the steps to add them in the seller centre."""

from __future__ import annotations

import json
import socket
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ocopdesk import i18n
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.services import listing_export, listings
from tests.listings.test_export import static_server
from tests.site.conftest import DemoSite

HONEY = "MO-NX-500"
HONEYS = [HONEY, "MO-NX-1000", "MO-NX-BAC"]


def host_problems(demo: DemoSite, sku: str = HONEY, market: str = "shopee") -> list[str]:
    found = listings.check(demo.service, market, [sku])[0]
    return [p.message for p in found.errors if p.field == "image_host"]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_check_matrix_and_export_agree_before_and_after_the_photos_are_published(
    demo: DemoSite, tmp_path: Path
) -> None:
    service = demo.service
    folder = tmp_path / "web"
    folder.mkdir()
    with static_server(folder) as host:
        listings.save_listing_settings(service, image_host_url=host, image_folder=str(folder))
        checked = {r.sku: r for r in listings.check(service, "shopee", HONEYS)}
        matrix = {r.sku: r for r in listings.check_all(service, ["shopee", "postmart"])["shopee"]}
        assert not checked[HONEY].ready and not matrix[HONEY].ready
        reason = host_problems(demo)[0]
        assert "404" in reason and reason.startswith("Photo 1 ")  # by number: a file name would not wrap (#22)
        assert matrix[HONEY].errors == checked[HONEY].errors
        with pytest.raises(OcopDeskError, match="No product is ready for Shopee"):
            listing_export.export(service, "shopee", tmp_path / "early.zip", skus=HONEYS)
        assert not (tmp_path / "early.zip").exists()

        made = listing_export.prepare_photos(service, ["shopee"], HONEYS)
        assert made.written == 3 and (folder / "m" / "mat-ong-hoa-rung-nhu-xuan--mo-nx-500-01.jpg").is_file()
        assert all(r.ready for r in listings.check(service, "shopee", HONEYS))
        assert all(r.ready for r in listings.check_all(service, ["shopee"], HONEYS)["shopee"])
        report = listing_export.export(service, "shopee", tmp_path / "shopee.zip", skus=HONEYS)
    assert report.exported == HONEYS and report.sheet_ready and report.url_failures == []
    with zipfile.ZipFile(tmp_path / "shopee.zip") as archive:
        how_to = archive.read("HUONG-DAN.txt").decode()
        manifest = json.loads(archive.read("manifest.json"))
    assert f"{host}/m/" in how_to and "Ảnh sản phẩm" in how_to
    assert manifest["photos"] == "host" and manifest["image_urls_answer"] is True


def test_a_host_that_does_not_answer_says_so(demo: DemoSite) -> None:
    listings.save_listing_settings(demo.service, image_host_url=f"http://127.0.0.1:{closed_port()}")
    problems = host_problems(demo)
    assert problems and "no answer" in problems[0]
    assert problems[0].startswith("Photo 1 ") and "127.0.0.1" not in problems[0]  # no address filling the list (#22)
    assert "check the Internet connection" in problems[0] and "Error" not in problems[0]  # not "(ConnectionError)"
    # and the way that works offline, named as its button reads (the third walk: the message never said it)
    assert "“Photos in the bundle instead”" in problems[0]
    i18n.set_language("vi")
    assert "“Đưa ảnh vào gói”" in host_problems(demo)[0]
    assert host_problems(demo, market="postmart") == []  # a kit carries its photos itself


def test_no_image_host_names_the_two_honest_ways(demo: DemoSite) -> None:
    listings.save_listing_settings(demo.service, image_host_url="")
    from dataclasses import replace

    from ocopdesk.services.profile import load_profile, save_profile

    save_profile(demo.service, replace(load_profile(demo.service), resolver_base_url=""))
    problem = host_problems(demo)[0]
    assert "no image host is set" in problem and "traceability website" in problem and "bundle" in problem


def test_photos_in_the_bundle_leave_the_photo_columns_empty(demo: DemoSite, tmp_path: Path) -> None:
    service = demo.service
    listings.save_listing_settings(service, image_host_url=f"http://127.0.0.1:{closed_port()}")
    listings.set_photo_way(service, "shopee", listings.BUNDLE)
    assert host_problems(demo) == [] and listings.check(service, "shopee", [HONEY])[0].ready
    assert host_problems(demo, market="tiktok"), "the choice is per marketplace"
    report = listing_export.export(service, "shopee", tmp_path / "shopee.zip", skus=HONEYS)
    assert report.photo_way == "bundle" and report.sheet_ready
    with zipfile.ZipFile(tmp_path / "shopee.zip") as archive:
        names = archive.namelist()
        (tmp_path / "s.xlsx").write_bytes(archive.read("shopee-dang-tai.xlsx"))
        how_to = archive.read("HUONG-DAN.txt").decode()
        manifest = json.loads(archive.read("manifest.json"))
    assert "anh/001-mo-nx-500/01.jpg" in names and "anh/003-mo-nx-bac/01.jpg" in names
    sheet = load_workbook(tmp_path / "s.xlsx")["Bản đăng tải"]
    keys = [c.value for c in sheet[1]]
    honey = dict(zip(keys, [c.value for c in sheet[7]], strict=False))
    assert honey["ps_product_name"].startswith("Mật ong hoa rừng") and honey["ps_item_cover_image"] is None
    assert "để trống" in how_to and "01 là ảnh bìa" in how_to and "Shopee" in how_to
    assert manifest["photos"] == "bundle"


def test_a_picture_that_answered_is_remembered_a_while_but_a_missing_one_never(tmp_path: Path) -> None:
    """The readiness screen is checked after every edit; the export's last check asks afresh."""
    from ocopdesk.services import image_host

    (tmp_path / "m").mkdir()
    catalogue = type("Catalogue", (), {})()  # what the memory belongs to: one open catalogue
    with static_server(tmp_path) as host:
        url = f"{host}/m/a.jpg"
        assert "404" in image_host.probe([url], memory=catalogue)[url]
        (tmp_path / "m" / "a.jpg").write_bytes(b"\xff\xd8\xff\xe0 not much of a jpeg")
        assert image_host.probe([url], memory=catalogue)[url] == ""  # the 404 was not remembered
        (tmp_path / "m" / "a.jpg").unlink()
        assert image_host.probe([url], memory=catalogue)[url] == ""  # remembered
        assert "404" in image_host.probe([url])[url]  # asked afresh
        assert "404" in listing_export.check_image_urls([url])[0]
