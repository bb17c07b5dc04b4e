"""The calibration page explains itself (issue #22, seam 14): numbers at the ruler ticks and, on a sheet,
what to do with the page, read back from the printed PDF by Tesseract (vie)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

from ocopdesk import i18n
from ocopdesk.domain.print_request import Calibration
from ocopdesk.services.stamp_print import calibration_pdf


def ocr_page(pdf: Path, folder: Path, language: str = "vie") -> str:
    assert shutil.which("pdftoppm") and shutil.which("tesseract"), "needs poppler-utils and tesseract-ocr-vie"
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(folder / "page")], check=True)
    done = subprocess.run(
        ["tesseract", str(folder / "page.png"), "stdout", "-l", language], capture_output=True, text=True, check=True
    )
    return " ".join(unicodedata.normalize("NFC", done.stdout).split())


def test_a_sheets_calibration_page_says_how_to_read_it_and_numbers_its_rulers(tmp_path: Path) -> None:
    i18n.set_language("vi")
    pdf = calibration_pdf(tmp_path / "can-chinh.pdf", "a4-65-38x21", Calibration(0.0, 0.0, 1.0, 1.0))
    seen = ocr_page(pdf, tmp_path)
    assert "Trang căn chỉnh" in seen and "Lệch X (mm)" in seen, seen
    assert "soi cả hai lên chỗ sáng" in seen, seen
    numbers = set(seen.split())
    read = numbers & {str(mm) for mm in range(10, 210, 10)}
    assert len(read) >= 10, seen  # ruler numbers at the ticks (mm from the page's edge); OCR misses a few


def test_a_small_roll_gets_numbers_but_no_text_box(tmp_path: Path) -> None:
    i18n.set_language("vi")
    pdf = calibration_pdf(tmp_path / "cuon.pdf", "roll-30x20", Calibration(0.0, 0.0, 1.0, 1.0))
    assert "Trang căn chỉnh" not in ocr_page(pdf, tmp_path)
