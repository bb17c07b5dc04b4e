"""Bundles written for real: a Shopee template filled and re-read, image URLs checked against a
real server on 127.0.0.1, kits with their manifests, nothing half-written when an export fails."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import ClassVar

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.datavalidation import DataValidation

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.marketplaces.shopee import COLUMNS
from ocopdesk.services import categories, image_host, listing_export, listings
from ocopdesk.services.progress import Cancelled, CancelToken
from ocopdesk.storage import listings as listing_rows
from tests.http_server import serve_handler
from tests.site.conftest import DemoSite

HONEY = "MO-NX-500"
READY_FOR_SHOPEE = [HONEY, "MO-NX-1000", "MO-NX-BAC"]


@contextmanager
def static_server(folder: Path) -> Iterator[str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def shopee_template(path: Path) -> list[list[object]]:
    """A workbook in Shopee's documented layout; returns its header rows as written."""
    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = "Hướng dẫn"
    guide["A1"] = "Đọc kỹ hướng dẫn trước khi đăng tải"
    sheet = book.create_sheet("Bản đăng tải")
    keys = [c.key for c in COLUMNS]
    header = [
        keys,
        ["basic", "a1b2c3d4e5f6-template-hash"],
        [c.header for c in COLUMNS],
        ["Bắt buộc" if c.required else "Tùy chọn" for c in COLUMNS],
        ["Nhập mã ngành hàng"] + [""] * (len(keys) - 1),
        ["Ví dụ: 100819"],
    ]
    for row in header:
        sheet.append(row)
    rule = DataValidation(type="whole", operator="between", formula1="1000", formula2="120000000")
    sheet.add_data_validation(rule)
    rule.add("E7:E1000")
    book.save(path)
    return header


def test_shopee_template_is_filled_and_its_header_rows_kept(demo: DemoSite, tmp_path: Path) -> None:
    template = tmp_path / "mau-shopee.xlsx"
    header = shopee_template(template)
    images = tmp_path / "site"
    images.mkdir()
    listing_export.prepare_photos(demo.service, ["shopee"], READY_FOR_SHOPEE, images)  # the site publishes them
    with static_server(images) as host:
        report = listing_export.export(
            demo.service,
            "shopee",
            tmp_path / "shopee.zip",
            skus=READY_FOR_SHOPEE,
            template=template,
            image_host=host,
            image_folder=images,
        )
    assert report.exported == READY_FOR_SHOPEE and report.sheet_ready, report.url_failures
    with zipfile.ZipFile(tmp_path / "shopee.zip") as archive:
        (tmp_path / "out.xlsx").write_bytes(archive.read("shopee-dang-tai.xlsx"))
        names = archive.namelist()
    sheet = load_workbook(tmp_path / "out.xlsx")["Bản đăng tải"]
    for number, row in enumerate(header, 1):
        assert [c.value for c in sheet[number]][: len(row)] == [v if v != "" else None for v in row]
    assert str(sheet.data_validations.dataValidation[0].sqref) == "E7:E1000"
    keys = [c.value for c in sheet[1]]
    honey = {k: c.value for k, c in zip(keys, sheet[7], strict=False)}
    assert honey["ps_product_name"].startswith("Mật ong hoa rừng Như Xuân")
    assert honey["ps_price"] == 250000 and honey["ps_category"] == "100819" and honey["ps_weight"] == 800
    assert honey["ps_item_cover_image"] == f"{host}/m/mat-ong-hoa-rung-nhu-xuan--mo-nx-500-01.jpg"
    assert "Xuất xứ: Việt Nam" in honey["ps_product_description"]
    assert sheet.cell(row=10, column=2).value is None  # three products, rows 7–9
    assert (
        images / "m" / "mat-ong-hoa-rung-nhu-xuan--mo-nx-500-01.jpg"
    ).is_file() and "anh/mat-ong-hoa-rung-nhu-xuan--mo-nx-500-01.jpg" in names


class OnceThenGone(BaseHTTPRequestHandler):
    """A host that serves each picture once, then loses it (a site taken down mid-export)."""

    folder = Path()
    asked: ClassVar[set[str]] = set()

    def do_GET(self) -> None:
        path = self.folder / self.path.lstrip("/")
        if self.path in self.asked or not path.is_file():
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            return
        self.asked.add(self.path)
        data = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_image_urls_that_stop_answering_during_the_export_make_the_sheet_not_ready(
    demo: DemoSite, tmp_path: Path
) -> None:
    """Ready at the check, gone by the last step: the bundle says the sheet is not ready."""
    served = tmp_path / "served"
    listing_export.prepare_photos(demo.service, ["shopee"], [HONEY], served)
    OnceThenGone.folder, OnceThenGone.asked = served, set()
    with serve_handler(OnceThenGone) as host:
        report = listing_export.export(
            demo.service, "shopee", tmp_path / "shopee", skus=[HONEY], image_host=host, image_folder=tmp_path / "x"
        )
    assert report.exported == [HONEY], "it was ready when checked"
    assert not report.sheet_ready and "404" in report.url_failures[0]
    manifest = json.loads((tmp_path / "shopee" / "manifest.json").read_text())
    assert manifest["image_urls_answer"] is False
    assert "Địa chỉ ảnh chưa mở được" in (tmp_path / "shopee" / "bao-cao.txt").read_text()


def test_postmart_kit_with_manifest_and_status(demo: DemoSite, tmp_path: Path) -> None:
    out = tmp_path / "postmart.zip"
    report = listing_export.export(demo.service, "postmart", out)
    assert HONEY in report.exported and "DL-CL-HOMESTAY" not in report.left_out
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        for entry in manifest["files"]:
            assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
        names = set(archive.namelist())
        folder = next(n.split("/")[0] for n in names if n.endswith("mo-nx-500/thong-tin.txt"))
        kit = archive.read(f"{folder}/thong-tin.txt").decode()
    assert f"{folder}/anh/01.jpg" in names and "HUONG-DAN.txt" in names and "bao-cao.txt" in names
    assert "=== Tên sản phẩm ===\nMật ong hoa rừng Như Xuân" in kit and "=== Giá bán (đồng) ===\n250000" in kit
    assert all(not n.startswith(".") for n in names)

    service = demo.service
    honey = service.product_by_sku(HONEY).product
    assert honey.id is not None
    status = listings.statuses(service, "postmart")[(honey.id, "postmart")]
    assert status.bundle == "postmart.zip" and not status.changed_since_export
    with service.cdb.write():  # the export happened a day ago, then the product was edited
        service.cdb.conn.execute("UPDATE listings SET exported_at = '2026-01-01T00:00:00+00:00'")
    service.save_product(replace(honey, price=260000))
    assert listings.statuses(service, "postmart")[(honey.id, "postmart")].changed_since_export
    listings.mark_listed(service, HONEY, "postmart", "https://postmart.vn/p/mat-ong-hoa-rung-nhu-xuan-123.html")
    assert listing_rows.statuses(service.cdb, "postmart")[(honey.id, "postmart")].listed_url.endswith("123.html")


def test_a_failed_export_leaves_nothing_behind(demo: DemoSite, tmp_path: Path) -> None:
    out = tmp_path / "tiktok.zip"
    bad_template = tmp_path / "not-a-template.xlsx"
    Workbook().save(bad_template)
    categories.add_rule(demo.service, "tiktok", "601450", keyword="mat ong")
    listings.set_photo_way(demo.service, "tiktok", listings.BUNDLE)
    with pytest.raises(OcopDeskError, match="not a mass-upload template"):
        listing_export.export(
            demo.service,
            "tiktok",
            out,
            skus=[HONEY],
            template=bad_template,
            check_urls=False,
            image_host="http://127.0.0.1:9",
            image_folder=tmp_path / "img",
        )
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        listing_export.export(demo.service, "postmart", out, cancel=cancel)
    assert list(tmp_path.glob("*tiktok*")) == [] and not list(tmp_path.glob(".*partial*"))


def test_nothing_ready_is_a_clear_error(demo: DemoSite, tmp_path: Path) -> None:
    with pytest.raises(OcopDeskError, match="No product is ready for Lazada"):
        listing_export.export(demo.service, "lazada", tmp_path / "lazada.zip")
    assert not (tmp_path / "lazada.zip").exists()


def test_a_product_whose_photo_is_damaged_is_left_out_with_the_reason(demo: DemoSite, tmp_path: Path) -> None:
    detail = demo.service.product_by_sku("MO-NX-BAC")
    path = demo.service.media_path(detail.photos[0])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # a copy cut short
    report = listing_export.export(demo.service, "postmart", tmp_path / "pm.zip", skus=[HONEY, "MO-NX-BAC"])
    assert report.exported == [HONEY]
    assert "damaged or incomplete" in report.left_out["MO-NX-BAC"][0]


def test_the_website_folder_is_the_default_image_host(demo: DemoSite, tmp_path: Path) -> None:
    from ocopdesk.services.site import build_site

    build_site(demo.service, tmp_path / "web")
    with static_server(tmp_path / "web") as host:
        listings.save_listing_settings(demo.service, image_host_url=host)
        assert not listings.check(demo.service, "shopee", [HONEY])[0].ready  # not there yet
        assert listing_export.prepare_photos(demo.service).folder == tmp_path / "web"
        report = listing_export.export(demo.service, "shopee", tmp_path / "shopee.zip", skus=[HONEY])
    assert report.sheet_ready and (tmp_path / "web" / "m" / "mat-ong-hoa-rung-nhu-xuan--mo-nx-500-01.jpg").is_file()
    rebuilt = build_site(demo.service, tmp_path / "web")  # the site build leaves the marketplace images alone
    assert (tmp_path / "web" / "m" / "mat-ong-hoa-rung-nhu-xuan--mo-nx-500-01.jpg").is_file() and not rebuilt.removed


def test_photo_names_are_ascii_with_d_for_dj() -> None:
    assert (
        image_host.photo_name("Khoai lang dẻo Đồng Hới", "KHOAI-DEO-DH", 2)
        == "khoai-lang-deo-dong-hoi--khoai-deo-dh-02.jpg"
    )
    name = image_host.photo_name("Ống hút cỏ", "A/B.1", 1)  # a SKU its slug does not spell: hashed
    assert name.startswith("ong-hut-co--a-b-1--") and name.endswith("-01.jpg") and name.isascii()


def test_catalogue_text_that_looks_like_a_formula_stays_text_in_every_sheet(demo: DemoSite, tmp_path: Path) -> None:
    """A product name or description a spreadsheet would run (CSV/formula injection) is written as text."""
    name = '=HYPERLINK("http://127.0.0.1/x","Mật ong")'
    description = "=cmd|' /C calc'!A0 " + "mật ong rừng nguyên chất " * 6
    detail = demo.service.product_by_sku(HONEY)
    demo.service.save_product(replace(detail.product, name=name, description=description))
    listing_export.export(demo.service, "generic", tmp_path / "generic.zip", skus=[HONEY], check_urls=False)
    with zipfile.ZipFile(tmp_path / "generic.zip") as archive:
        csv_text = archive.read("products.csv").decode("utf-8-sig")
        (tmp_path / "p.xlsx").write_bytes(archive.read("products.xlsx"))
    with zipfile.ZipFile(tmp_path / "p.xlsx") as book:
        sheet_xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml, "a formula element was written"
    cells = [c for row in load_workbook(tmp_path / "p.xlsx").active.iter_rows() for c in row]
    written = {c.value for c in cells}
    assert any(str(v).startswith(name) for v in written), written
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str) and c.value.startswith("="))
    lines = csv_text.splitlines()
    assert "'=HYPERLINK(" in csv_text and "'=cmd|" in csv_text
    assert not any(field.startswith(("=", "+", "@")) for line in lines for field in line.split(","))
