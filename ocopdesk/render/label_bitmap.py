"""Text lines of a laid-out stamp as 1-bit bitmaps at a thermal printer's own resolution: the same
boxes, font and scale as the PDF back end (render.stamp_sheet), rasterised once at 203 or 300 dpi so
the printer receives exactly the dots it prints — its built-in fonts cannot show Vietnamese marks."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from ocopdesk.domain.stamp_layout import PT_MM, Rect, TextBox
from ocopdesk.render.stamp_text import REF_PX, ensure_gui, reference_font

_INVERT = bytes(255 - n for n in range(256))
INK_COVER = 0.35  # share of a dot the glyph must cover for the dot to print
_LEVELS = [0 if v < 255 * (1 - INK_COVER) else 255 for v in range(256)]


@dataclass(frozen=True, slots=True)
class Bitmap:
    """Rows of dots, most significant bit leftmost, 1 = black; `x`, `y` in dots from the label's corner."""

    x: int
    y: int
    width_bytes: int
    height: int
    rows: bytes

    @property
    def width(self) -> int:
        return self.width_bytes * 8


def dot_box(rects: list[Rect], dots_per_mm: float) -> tuple[int, int, int, int]:
    """The whole-dot rectangle (x, y, width, height) around `rects`, one dot of air on every side,
    the width a whole number of bytes."""
    left = math.floor(min(r.x for r in rects) * dots_per_mm) - 1
    top = math.floor(min(r.y for r in rects) * dots_per_mm) - 1
    right = math.ceil(max(r.right for r in rects) * dots_per_mm) + 1
    bottom = math.ceil(max(r.bottom for r in rects) * dots_per_mm) + 1
    width = -(-(right - left) // 8) * 8
    return max(0, left), max(0, top), width, bottom - top


class TextRaster:
    """Draws text boxes (and the logo) into a 1-bit bitmap at `dpi`; one per job, fonts made once."""

    def __init__(self, dpi: int) -> None:
        ensure_gui()
        self.dpmm = dpi / 25.4
        self.fonts = {bold: reference_font(bold) for bold in (False, True)}

    def bitmap(self, boxes: list[TextBox], logo: tuple[Rect, QImage] | None = None) -> Bitmap | None:
        """The boxes' ink (and the logo) as one bitmap; None when there is nothing to draw."""
        rects = [box.ink for box in boxes] + ([logo[0]] if logo else [])
        if not rects:
            return None
        x, y, w, h = dot_box(rects, self.dpmm)
        image = QImage(w, h, QImage.Format.Format_Grayscale8)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-x, -y)
        painter.scale(self.dpmm, self.dpmm)  # millimetres from the label's corner
        painter.setPen(QColor("black"))
        for box in boxes:
            scale = box.size_pt * PT_MM / REF_PX
            painter.save()
            painter.translate(box.x, box.y)
            painter.scale(scale, scale)
            painter.setFont(self.fonts[box.bold])
            painter.drawText(QPointF(0, 0), box.text)
            painter.restore()
        if logo is not None:
            r, picture = logo
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(r.x, r.y, r.w, r.h), picture)
        painter.end()
        return Bitmap(x, y, w // 8, h, one_bit(image, w // 8))


def one_bit(image: QImage, width_bytes: int) -> bytes:
    """Rows of `width_bytes` bytes, 1 = black: a dot is black where the antialiased glyph covers
    more than INK_COVER of it. Half (a plain threshold) left 1-dot strokes at 203 dpi that Tesseract
    misread (9 as S, Q as O); a little more ink reads right, as a thermal head's dot spread does."""
    stride, height = image.bytesPerLine(), image.height()
    grey = Image.frombuffer("L", (stride, height), bytes(image.constBits())[: stride * height], "raw", "L", 0, 1)
    mono = grey.crop((0, 0, width_bytes * 8, height)).point(_LEVELS, "1")
    return mono.tobytes().translate(_INVERT)  # Pillow's 1-bit rows: 1 = white
