"""The quality dossier's PDF (#25): an A4 first page with the product's passport items as label/value rows and
a QR code to its page, an index of the documents, then each document's pages: a picture as one page, a PDF
(a test report, a certificate as the lab sent it) page by page, rasterised by Qt's own PDF engine (QtPdf), each
under its title."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QImage, QPainter
from PySide6.QtPdf import QPdfDocument

from ocopdesk.domain.label import LabelTemplate
from ocopdesk.render.pdf_canvas import PDF_DPI, draw_qr, pdf_painter
from ocopdesk.render.qr import QUIET_ZONE, encode
from ocopdesk.render.stamp_text import font_family

A4 = (210.0, 297.0)
MARGIN = 18.0
SCAN_DPI = 150  # a PDF page drawn into the dossier: as sharp as a scanner's usual setting, 2 MP per page


@dataclass(frozen=True, slots=True)
class Scan:
    """A document drawn into the dossier: a picture (`pages` 0) or the first `pages` pages of a PDF."""

    caption: str
    path: Path
    pages: int = 0


def pdf_page_count(path: Path) -> int | None:
    """How many pages the PDF has, or None when QtPdf cannot open it (damaged, password-protected)."""
    document = QPdfDocument()
    try:
        if document.load(str(path)) != QPdfDocument.Error.None_:
            return None
        return document.pageCount() or None
    finally:
        document.close()


def write_dossier(
    path: Path,
    title: str,
    rows: list[tuple[str, str]],
    url: str,
    scans: list[Scan],
    index: tuple[str, list[tuple[str, str]]] | None = None,
) -> Path:
    """`rows` are (label, value) pairs in page order; `index` a heading and (document, where) rows for the page
    after the first; then each scan's pages."""
    width, height = A4
    page = LabelTemplate("dossier", "dossier", "sheet", width, height, width, height, 1, 1, 0, 0, width, height)
    with pdf_painter(path, page) as (painter, writer):
        painter.scale(PDF_DPI / 25.4, PDF_DPI / 25.4)
        fonts = _fonts(painter)
        _first_page(painter, fonts, title, rows, url)
        if index is not None:
            writer.newPage()
            painter.setFont(fonts["title"])
            painter.drawText(QRectF(MARGIN, MARGIN, A4[0] - 2 * MARGIN, 12), int(Qt.AlignmentFlag.AlignLeft), index[0])
            _rows(painter, fonts, index[1], MARGIN + 16, 70.0)
        for scan in scans:
            for number in range(scan.pages or 1):
                writer.newPage()
                if scan.pages:
                    caption = f"{scan.caption} ({number + 1}/{scan.pages})"
                    _scan_page(painter, fonts, caption, _pdf_page(scan.path, number))
                else:
                    _scan_page(painter, fonts, scan.caption, QImage(str(scan.path)))
    return Path(path)


def _pdf_page(path: Path, number: int) -> QImage:
    """One page of a PDF as a picture at SCAN_DPI (opened per page: one page's pixels in memory at a time), on
    white and without an alpha channel: a page with a transparent background reads as on paper, and the PDF
    writer embeds no soft mask (measured: half the time to write a 5-page report, 4.7 → 2.2 s on a busy machine)."""
    document = QPdfDocument()
    try:
        document.load(str(path))
        size = document.pagePointSize(number)
        pixels = QSize(round(size.width() * SCAN_DPI / 72), round(size.height() * SCAN_DPI / 72))
        rendered = document.render(number, pixels)
    finally:
        document.close()
    page = QImage(rendered.size(), QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)
    painter = QPainter(page)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return page


def _fonts(painter: QPainter) -> dict[str, QFont]:
    """Fonts sized in points on paper (the painter works in millimetres, so P pt is P × 25.4 / dpi). Without
    ligatures: the dossier's ids, SKUs, lot codes and URLs are copied out of the PDF, and an "ff" drawn as one
    "ﬀ" glyph copies as that glyph (one random UUID in nine then matched nothing)."""
    dpi = painter.device().logicalDpiY()
    out = {}
    for name, points, bold in (("title", 16, True), ("label", 9.5, True), ("text", 9.5, False)):
        font = QFont(font_family())
        font.setPointSizeF(points * 25.4 / dpi)
        font.setBold(bold)
        for feature in ("liga", "clig", "dlig"):
            font.setFeature(QFont.Tag(feature), 0)
        out[name] = font
    return out


def _first_page(painter: QPainter, fonts: dict[str, QFont], title: str, rows: list[tuple[str, str]], url: str) -> None:
    width = A4[0] - 2 * MARGIN
    symbol = encode(url)
    side = 38.0
    module = side / (symbol.size + 2 * QUIET_ZONE)
    draw_qr(painter, A4[0] - MARGIN - side + QUIET_ZONE * module, MARGIN + QUIET_ZONE * module, module, symbol)
    painter.setFont(fonts["title"])
    wrap = int(Qt.TextFlag.TextWordWrap)
    head = QRectF(MARGIN, MARGIN, width - side - 4, side)
    painter.drawText(head, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) | wrap, title)
    painter.setFont(fonts["text"])
    painter.drawText(QRectF(MARGIN, MARGIN + side, width, 6), int(Qt.AlignmentFlag.AlignRight), url)
    _rows(painter, fonts, rows, MARGIN + side + 10, 52.0)


def _rows(painter: QPainter, fonts: dict[str, QFont], rows: list[tuple[str, str]], top: float, label_w: float) -> None:
    """Label/value rows from `top` down, each as tall as its longer side, never past the page's margin."""
    width = A4[0] - 2 * MARGIN
    wrap = int(Qt.TextFlag.TextWordWrap)
    for label, value in rows:
        painter.setFont(fonts["label"])
        box = painter.boundingRect(QRectF(MARGIN, top, label_w - 3, 200), wrap, label)
        painter.drawText(box, wrap, label)
        painter.setFont(fonts["text"])
        text = painter.boundingRect(QRectF(MARGIN + label_w, top, width - label_w, 400), wrap, value)
        painter.drawText(text, wrap, value)
        top += max(box.height(), text.height()) + 2.2
        if top > A4[1] - MARGIN:
            break  # the items fit one page with room to spare; never draw off the paper


def _scan_page(painter: QPainter, fonts: dict[str, QFont], caption: str, image: QImage) -> None:
    painter.setFont(fonts["label"])
    painter.drawText(QRectF(MARGIN, MARGIN, A4[0] - 2 * MARGIN, 8), int(Qt.AlignmentFlag.AlignLeft), caption)
    if image.isNull():
        return
    room = QRectF(MARGIN, MARGIN + 10, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN - 10)
    scale = min(room.width() / image.width(), room.height() / image.height())
    target = QRectF(room.left(), room.top(), image.width() * scale, image.height() * scale)
    painter.drawImage(target, image)
