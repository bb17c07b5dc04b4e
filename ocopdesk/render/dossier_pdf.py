"""The quality dossier's PDF (#25): an A4 first page with the product's passport items as label/value rows and
a QR code to its page, then one page per scanned document (its title over the picture, fitted to the page)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QImage, QPainter

from ocopdesk.domain.label import LabelTemplate
from ocopdesk.render.pdf_canvas import PDF_DPI, draw_qr, pdf_painter
from ocopdesk.render.qr import QUIET_ZONE, encode
from ocopdesk.render.stamp_text import font_family

A4 = (210.0, 297.0)
MARGIN = 18.0


def write_dossier(path: Path, title: str, rows: list[tuple[str, str]], url: str, scans: list[tuple[str, Path]]) -> Path:
    """`rows` are (label, value) pairs in page order; `scans` (title, image file) one page each."""
    width, height = A4
    page = LabelTemplate("dossier", "dossier", "sheet", width, height, width, height, 1, 1, 0, 0, width, height)
    with pdf_painter(path, page) as (painter, writer):
        painter.scale(PDF_DPI / 25.4, PDF_DPI / 25.4)
        fonts = _fonts(painter)
        _first_page(painter, fonts, title, rows, url)
        for caption, image_path in scans:
            writer.newPage()
            _scan_page(painter, fonts, caption, image_path)
    return Path(path)


def _fonts(painter: QPainter) -> dict[str, QFont]:
    """Fonts sized in points on paper (the painter works in millimetres, so P pt is P × 25.4 / dpi)."""
    dpi = painter.device().logicalDpiY()
    out = {}
    for name, points, bold in (("title", 16, True), ("label", 9.5, True), ("text", 9.5, False)):
        font = QFont(font_family())
        font.setPointSizeF(points * 25.4 / dpi)
        font.setBold(bold)
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
    top, label_w = MARGIN + side + 10, 52.0
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


def _scan_page(painter: QPainter, fonts: dict[str, QFont], caption: str, image_path: Path) -> None:
    painter.setFont(fonts["label"])
    painter.drawText(QRectF(MARGIN, MARGIN, A4[0] - 2 * MARGIN, 8), int(Qt.AlignmentFlag.AlignLeft), caption)
    image = QImage(str(image_path))
    if image.isNull():
        return
    room = QRectF(MARGIN, MARGIN + 10, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN - 10)
    scale = min(room.width() / image.width(), room.height() / image.height())
    target = QRectF(room.left(), room.top(), image.width() * scale, image.height() * scale)
    painter.drawImage(target, image)
