"""A proof PDF says "BẢN XEM THỬ" across every page, read back by Tesseract from pdftoppm's picture;
the PDF for printing carries no mark; the proof's QR codes still decode (the mark is light)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from ocopdesk.domain.print_request import PrintRequest
from ocopdesk.services import stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.stamp_print import FOR_PRINT, PROOF, pdf_for_lot
from tests.services.test_thermal_print import lot  # noqa: F401  # the fixture


def pages(pdf: Path, tmp: Path) -> list[Image.Image]:
    assert shutil.which("pdftoppm"), "pdftoppm is missing (Debian: poppler-utils)"
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp / "page")], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(tmp.glob("page-*.png"))]


def reddish(page: Image.Image) -> Image.Image:
    """The mark's pixels black on white: clearly redder than grey (the stamps print black)."""
    r, g, _b = page.split()
    return Image.frombytes(
        "L", page.size, bytes(0 if a - b > 25 else 255 for a, b in zip(r.tobytes(), g.tobytes(), strict=True))
    )


def read(image: Image.Image, tmp: Path) -> str:
    framed = Image.new("L", (image.width + 60, image.height + 60), 255)
    framed.paste(image, (30, 30))
    framed.save(tmp / "mark.png")
    done = subprocess.run(
        ["tesseract", str(tmp / "mark.png"), "stdout", "-l", "vie", "--psm", "7"], capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return unicodedata.normalize("NFC", done.stdout.strip())


@pytest.mark.parametrize("stock", ["a4-21-63x38", "roll-40x25"])
def test_a_proof_pdf_reads_ban_xem_thu_and_the_pdf_to_print_does_not(
    service: CatalogService,
    lot: str,  # noqa: F811
    stock: str,
    tmp_path: Path,
) -> None:
    proof_dir, print_dir = tmp_path / "proof", tmp_path / "print"
    proof_dir.mkdir()
    print_dir.mkdir()
    pdf_for_lot(service, PrintRequest(lot, stock, last=2), proof_dir / "p.pdf", PROOF)
    proof = pages(proof_dir / "p.pdf", proof_dir)
    for page in proof:
        mark = reddish(page)
        box = Image.eval(mark, lambda v: 255 - v).getbbox()
        assert box is not None, "no mark on a proof page"
        crop = mark.crop(box)
        readings = []
        for height in (30, 40, 24, 50):  # Tesseract reads best near 30 px capitals (see test_stamp_layout)
            size = (round(crop.width * height / crop.height), height)
            readings.append(read(crop.resize(size, Image.Resampling.LANCZOS), proof_dir))
            if readings[-1] == "BẢN XEM THỬ":
                break
        assert readings[-1] == "BẢN XEM THỬ", readings
    urls = sorted(url for s, url in stamps.urls_for(service, stamps.find_lot(service, lot)) if s.number <= 2)
    assert sorted(b.text for page in proof for b in zxingcpp.read_barcodes(page.convert("L"))) == urls
    pdf_for_lot(service, PrintRequest(lot, stock, last=2), print_dir / "p.pdf", FOR_PRINT)
    for page in pages(print_dir / "p.pdf", print_dir):
        assert Image.eval(reddish(page), lambda v: 255 - v).getbbox() is None, "a PDF to print carries the mark"
