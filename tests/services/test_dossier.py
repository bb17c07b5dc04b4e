"""The quality dossier (#25) read back the way its reader meets it: the PDF rendered by pdftoppm, its first page
read by Tesseract (Vietnamese) and its QR code by zxing-cpp, a scanned certificate as its own page, the scans in
the ZIP byte for byte."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from ocopdesk.i18n import set_language
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.dossier import write_quality_dossier
from ocopdesk.services.profile import CooperativeProfile, save_profile

HONEY = "MO-NX-500"


@pytest.fixture
def demo(service: CatalogService) -> CatalogService:
    set_language("vi")
    load_demo(service, today=dt.date(2026, 11, 10))
    save_profile(service, CooperativeProfile(name="HTX", resolver_base_url="https://truyxuat.example.vn"))
    return service


def render(pdf: Path, dpi: int = 150) -> list[Image.Image]:
    assert shutil.which("pdftoppm"), "poppler-utils is needed: sh scripts/install-linux-deps.sh --test"
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(prefix)], check=True)
    return [Image.open(p) for p in sorted(pdf.parent.glob(f"{prefix.name}-*.png"))]


def ocr(image: Image.Image, tmp: Path) -> str:
    binary = shutil.which("tesseract")
    assert binary, "tesseract-ocr and tesseract-ocr-vie are needed: sh scripts/install-linux-deps.sh --test"
    image.save(tmp / "page.png")
    # psm 6 reads the page as one block, line by line: a label and its value come out on one line
    args = [binary, str(tmp / "page.png"), "stdout", "-l", "vie", "--psm", "6"]
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return unicodedata.normalize("NFC", done.stdout)


def test_the_dossier_reads_back_with_its_items_qr_and_scans(demo: CatalogService, tmp_path: Path) -> None:
    scan = tmp_path / "giay-chung-nhan.png"
    picture = Image.new("RGB", (1240, 1754), "white")
    ImageDraw.Draw(picture).rectangle((80, 80, 1160, 1674), outline="black", width=12)
    picture.save(scan)
    detail = demo.product_by_sku(HONEY)
    document = replace(demo.add_media(str(scan), "document"), title="Giấy chứng nhận OCOP")
    demo.save_product(detail.product, documents=[document])
    out = tmp_path / "ho-so.pdf"
    report = write_quality_dossier(demo, HONEY, out, tmp_path / "ho-so.zip")
    assert (report.scans, report.files) == (1, 1)
    pages = render(out)
    assert len(pages) == 2  # the items, then the certificate scan
    text = " ".join(ocr(pages[0], tmp_path).split())
    for expected in ("Tiêu chuẩn áp dụng", "TCCS 01:2024/HTXNX", "Mã số thuế", "2801234567", "Cảnh báo an toàn"):
        assert expected in text, (expected, text)
    codes = [r.text for r in zxingcpp.read_barcodes(pages[0], formats=zxingcpp.BarcodeFormat.QRCode)]
    assert codes == ["https://truyxuat.example.vn/sp/MO-NX-500"]
    assert "Giấy chứng nhận OCOP" in " ".join(ocr(pages[1], tmp_path).split())
    with zipfile.ZipFile(tmp_path / "ho-so.zip") as bundle:
        [name] = bundle.namelist()
        assert name.endswith(".png") and bundle.read(name) == scan.read_bytes()


def test_an_undeclared_item_reads_not_declared(demo: CatalogService, tmp_path: Path) -> None:
    out = tmp_path / "buoi.pdf"
    write_quality_dossier(demo, "BUOI-LV", out)
    text = " ".join(ocr(render(out)[0], tmp_path).split())
    for label in ("Tiêu chuẩn áp dụng", "Cảnh báo an toàn"):  # OCR may read a speck as a dot between them
        assert re.search(label + r"\W{0,3}chưa khai báo", text), text
