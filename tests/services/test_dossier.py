"""The quality dossier (#25) read back the way its reader meets it: the PDF rendered by pdftoppm, its first page
read by Tesseract (Vietnamese) and its QR code by zxing-cpp, a scanned certificate as its own page, the scans in
the ZIP byte for byte."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from ocopdesk.i18n import set_language
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.dossier import write_quality_dossier
from ocopdesk.services.profile import CooperativeProfile, save_profile
from tests.ocr import tesseract_many

HONEY = "MO-NX-500"


@pytest.fixture
def demo_day() -> dt.date:
    return dt.date(2026, 11, 10)


@pytest.fixture
def demo(service: CatalogService, demo_db: Path) -> CatalogService:
    set_language("vi")
    save_profile(service, CooperativeProfile(name="HTX", resolver_base_url="https://truyxuat.example.vn"))
    return service


def render(pdf: Path, dpi: int = 150, last: int | None = None) -> list[Image.Image]:
    """The PDF's pages (up to `last`: a test that reads pages 2-5 of 35 need not draw the other 30)."""
    assert shutil.which("pdftoppm"), "poppler-utils is needed: sh scripts/install-linux-deps.sh --test"
    prefix = pdf.with_suffix("")
    pages = ["-l", str(last)] if last else []
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", *pages, str(pdf), str(prefix)], check=True)
    return [Image.open(p) for p in sorted(pdf.parent.glob(f"{prefix.name}-*.png"))]


def ocr(*images: Image.Image, tmp: Path) -> list[str]:
    """Each page's text, all pages read by one Tesseract run (tests/ocr.py: one start and one load of the
    Vietnamese model, on one thread), as one line of words. psm 6 reads a page as one block, line by line:
    a label and its value come out on one line."""
    return [" ".join(text.split()) for text in tesseract_many(images, tmp, "6")]


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
    assert len(pages) == 3  # the items, the index, then the certificate scan
    text, certificate = ocr(pages[0], pages[2], tmp=tmp_path)
    for expected in ("Tiêu chuẩn áp dụng", "TCCS 01:2024/HTXNX", "Mã số thuế", "2801234567", "Cảnh báo an toàn"):
        assert expected in text, (expected, text)
    codes = [r.text for r in zxingcpp.read_barcodes(pages[0], formats=zxingcpp.BarcodeFormat.QRCode)]
    assert codes == ["https://truyxuat.example.vn/sp/MO-NX-500"]
    assert "Giấy chứng nhận OCOP" in certificate
    with zipfile.ZipFile(tmp_path / "ho-so.zip") as bundle:
        [name] = bundle.namelist()
        assert name.endswith(".png") and bundle.read(name) == scan.read_bytes()


def test_an_undeclared_item_reads_not_declared(demo: CatalogService, tmp_path: Path) -> None:
    out = tmp_path / "buoi.pdf"
    write_quality_dossier(demo, "BUOI-LV", out)
    [text] = ocr(render(out)[0], tmp=tmp_path)
    for label in ("Tiêu chuẩn áp dụng", "Cảnh báo an toàn"):  # OCR may read a speck as a dot between them
        assert re.search(label + r"\W{0,3}chưa khai báo", text), text


FONT = Path(__file__).parents[2] / "resources" / "fonts" / "DejaVuSans.ttf"


def printed(text: str) -> Image.Image:
    """An A4 page at 150 dpi with printed Vietnamese text."""
    page = Image.new("RGB", (1240, 1754), "white")
    ImageDraw.Draw(page).multiline_text((100, 150), text, fill="black", font=ImageFont.truetype(str(FONT), 44))
    return page


def scanned_pdf(path: Path, pages: list[str]) -> Path:
    """A PDF as a scanner writes one: each page a picture, made by Pillow."""
    images = [printed(text) for text in pages]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=150.0)
    return path


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]


def test_pdf_documents_are_drawn_page_by_page_and_listed_in_the_index(demo: CatalogService, tmp_path: Path) -> None:
    """A two-page test report (a scanner's PDF) is pages 3–4 under its title; a PDF Tesseract made searchable (a
    second producer) page 5; a 32-page scan only its first 30; a damaged PDF and a file that is no longer a
    picture stay out of the PDF, and the index on page 2 says why and where each is in the ZIP."""
    report = scanned_pdf(tmp_path / "kq.pdf", ["PHIẾU KẾT QUẢ THỬ NGHIỆM\nMẫu: Mật ong hoa rừng", "Hàm lượng HMF đạt"])
    printed("GIẤY CHỨNG NHẬN").save(tmp_path / "cn.png")
    subprocess.run(["tesseract", str(tmp_path / "cn.png"), str(tmp_path / "ocr"), "-l", "vie", "pdf"], check=True)
    long_scan = scanned_pdf(tmp_path / "dai.pdf", [f"Trang {n}" for n in range(1, 33)])
    damaged = tmp_path / "hong.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    picture = tmp_path / "anh.png"
    Image.new("RGB", (400, 300), "white").save(picture)
    titles = ["Phiếu kết quả thử nghiệm", "Giấy chứng nhận", "Hồ sơ dài", "Tệp hỏng", "Ảnh đã mất"]
    files = [report, tmp_path / "ocr.pdf", long_scan, damaged, picture]
    documents = [replace(demo.add_media(str(f), "document"), title=t) for f, t in zip(files, titles, strict=True)]
    detail = demo.product_by_sku(HONEY)
    demo.save_product(detail.product, documents=documents)
    demo.media_path(documents[4]).write_bytes(b"<html>not a picture any more</html>")  # changed on disk since
    out = tmp_path / "ho-so.pdf"
    result = write_quality_dossier(demo, HONEY, out, tmp_path / "ho-so.zip")
    assert (result.scans, result.files) == (2 + 1 + 30, 5)
    assert page_count(out) == 2 + 2 + 1 + 30
    pages = render(out, dpi=110, last=5)
    index, first, second, third = ocr(*pages[1:5], tmp=tmp_path)
    assert "Danh mục tài liệu trong hồ sơ" in index, index
    for expected in (r"thử nghiệm trang 3.4", r"Giấy chứng nhận trang 5", r"trang 6.35; 30 trang đầu trong tổng số 32"):
        assert re.search(expected, index), (expected, index)
    assert re.search(r"Tệp hỏng không có trong tệp PDF này: không đọc được tệp PDF", index), index
    assert re.search(r"Ảnh đã mất không có trong tệp PDF này: không phải ảnh hay tài liệu PDF", index), index
    assert "Phiếu kết quả thử nghiệm (1/2)" in first and "PHIẾU KẾT QUẢ THỬ NGHIỆM" in first, first
    assert "Hàm lượng HMF" in second
    assert "GIẤY CHỨNG NHẬN" in third
    with zipfile.ZipFile(tmp_path / "ho-so.zip") as bundle:
        names = bundle.namelist()
        assert names[0] == "01 Phiếu kết quả thử nghiệm.pdf" and bundle.read(names[0]) == report.read_bytes()
    assert "trong tệp ZIP: 01 Phiếu kết quả thử nghiệm.pdf" in index
