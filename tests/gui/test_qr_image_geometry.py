"""The PDF's QR codes are 1-bit images since #26 (for speed): rendered by poppler they must still put
every module where its geometry says, as the vector rectangles they replaced did."""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

import zxingcpp
from PIL import Image
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from ocopdesk.domain.label import LabelTemplate
from ocopdesk.render.pdf_canvas import PDF_DPI, draw_qr, pdf_painter
from ocopdesk.render.qr import encode


def modules_at(start_mm: float, module_mm: float, count: int, dpi: int) -> list[int | None]:
    """For each device pixel along one axis, the module holding its centre (-1 before the symbol,
    `count` past it), or None when that centre lies within two device pixels of a module's edge."""
    px_mm = 25.4 / dpi
    found: list[int | None] = []
    for n in range(round((start_mm + (count + 2) * module_mm) / px_mm)):
        at = ((n + 0.5) * px_mm - start_mm) / module_mm  # in modules from the symbol's edge
        if at < 0 or at >= count:
            index, edge = (-1, -at) if at < 0 else (count, at - count)
        else:
            index, edge = int(at), min(at % 1, 1 - at % 1)
        found.append(index if edge * module_mm >= 2 * px_mm else None)
    return found


def test_the_pdf_qr_image_puts_every_module_where_its_geometry_says_within_two_device_pixels(
    qapp: object, tmp_path: Path
) -> None:
    """The QR code went from 366 vector runs to one 1-bit image (#26, for speed). Rendered by poppler
    at 300, 600 and 1200 dpi, with modules that fall between device pixels, every pixel more than two
    device pixels from a module edge has its module's colour (white around the symbol), as with
    rectangles, and the code decodes. (Poppler spreads an image's pixels over whole device pixels from
    its rounded corner: edges land up to 1.5 px off at 600 dpi where rectangles land within 0.5 px;
    a 0.2-module shift, 4 px at 1200 dpi, fails this test.)"""
    url = "https://truyxuat.example.vn/01/08938500121005/10/CHE-LAM-PQ-261120/21/0SSZ080YQB?k=KEFVAQX5Q5PF4"
    symbol = encode(url)
    module, x, y = 0.4531, 3.17, 5.29  # millimetres: no module edge on a whole pixel
    page = LabelTemplate("qr", "qr", "sheet", 40, 40, 40, 40, 1, 1, 0, 0, 40, 40)
    for way in ("image", "rects"):  # the rectangles: the test's own check that it measures rightly
        with pdf_painter(tmp_path / f"{way}.pdf", page) as (painter, _writer):
            painter.scale(PDF_DPI / 25.4, PDF_DPI / 25.4)
            if way == "image":
                draw_qr(painter, x, y, module, symbol)
            else:
                for r, c in itertools.product(range(symbol.size), repeat=2):
                    if symbol.dark(r, c):
                        painter.fillRect(QRectF(x + c * module, y + r * module, module, module), QColor("black"))
        for dpi in (300, 600, 1200):
            out = tmp_path / f"{way}-{dpi}"
            subprocess.run(
                ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(tmp_path / f"{way}.pdf"), str(out)],
                check=True,
            )
            image = Image.open(f"{out}.png").convert("L")
            pixels, width = image.tobytes(), image.size[0]
            columns, rows = modules_at(x, module, symbol.size, dpi), modules_at(y, module, symbol.size, dpi)
            wrong = checked = 0
            for py, r in enumerate(rows):
                for px, c in enumerate(columns):
                    if r is None or c is None:
                        continue
                    inside = 0 <= r < symbol.size and 0 <= c < symbol.size
                    checked += 1
                    wrong += (pixels[py * width + px] < 128) != (inside and symbol.dark(r, c))
            assert checked > symbol.size**2 and wrong == 0, (way, dpi, wrong)
            assert [b.text for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)] == [url]
