"""Place posters: one big page with the name, one large QR code and the caption, the text fitted in its
rectangles largest size first. Drawn on the same PDF canvas and fonts as the stamp sheets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter

from ocopdesk.domain.label import LabelTemplate
from ocopdesk.domain.stamp_layout import CAPTION
from ocopdesk.render.pdf_canvas import PDF_DPI, draw_qr, pdf_painter
from ocopdesk.render.qr import QUIET_ZONE, QrSymbol, encode
from ocopdesk.render.stamp_text import font_family


class _PosterPainter:
    """Posters are one big page: their text is fitted in rectangles, largest size first."""

    def __init__(self, painter: QPainter) -> None:
        self.p = painter
        family = font_family()
        self.regular, self.bold = QFont(family), QFont(family)
        self.bold.setBold(True)

    def draw_qr(self, x: float, y: float, module: float, symbol: QrSymbol) -> None:
        draw_qr(self.p, x + QUIET_ZONE * module, y + QUIET_ZONE * module, module, symbol)

    def fit_text(
        self, font: QFont, text: str, rect: QRectF, max_lines: int, max_points: float = 7.0, center: bool = False
    ) -> None:
        """Largest size (≤ max_points) at which the text fits the rectangle. The painter works in
        millimetres, so a font meant to be P points on paper gets the point size P × 25.4 / dpi."""
        horizontal = Qt.AlignmentFlag.AlignHCenter if center else Qt.AlignmentFlag.AlignLeft
        wrap = int(Qt.TextFlag.TextWordWrap) if max_lines > 1 else 0
        flags = int(horizontal | Qt.AlignmentFlag.AlignVCenter) | wrap
        dpi = self.p.device().logicalDpiY()
        points = min(max_points, rect.height() / max_lines * 72 / 25.4 / 1.2)
        while True:
            font.setPointSizeF(points * 25.4 / dpi)
            bound = QFontMetricsF(font, self.p.device()).boundingRect(rect, flags, text)
            if points <= 3.0 or (bound.width() <= rect.width() + 1e-3 and bound.height() <= rect.height() + 1e-3):
                break
            points -= 0.25
        self.p.setFont(font)
        self.p.drawText(rect, flags, text)


def write_poster(
    path: Path, poster_size: tuple[float, float], url: str, title: str, line: str = "", stars: int = 0
) -> Path:
    """A6–A4 poster: the name, one large QR (vector, quiet zone kept), a short line and the caption."""
    width, height = poster_size
    page = LabelTemplate("poster", "poster", "sheet", width, height, width, height, 1, 1, 0, 0, width, height)
    symbol = encode(url)
    with pdf_painter(path, page) as (painter, _writer):
        painter.scale(PDF_DPI / 25.4, PDF_DPI / 25.4)
        stamp = _PosterPainter(painter)
        margin = width * 0.08
        side = width - 2 * margin
        module = side / (symbol.size + 2 * QUIET_ZONE)
        title_box = QRectF(margin, margin, side, height * 0.14)
        stamp.fit_text(stamp.bold, title, title_box, 2, max_points=40, center=True)
        top = title_box.bottom() + margin * 0.3
        if stars:
            star_box = QRectF(margin, top, side, height * 0.05)
            stamp.fit_text(stamp.regular, "OCOP " + "★" * stars, star_box, 1, max_points=24, center=True)
            top = star_box.bottom()
        stamp.draw_qr(margin, top, module, symbol)
        bottom = top + side + margin * 0.2
        if line:
            stamp.fit_text(
                stamp.regular, line, QRectF(margin, bottom, side, height * 0.08), 2, max_points=18, center=True
            )
            bottom += height * 0.08
        stamp.fit_text(
            stamp.regular, CAPTION, QRectF(margin, bottom, side, height * 0.05), 1, max_points=16, center=True
        )
    return Path(path)
