"""Text lines of a laid-out stamp as 1-bit bitmaps at a thermal printer's own resolution: the same
boxes, font and scale as the PDF back end (render.stamp_sheet), rasterised once at 203 or 300 dpi so
the printer receives exactly the dots it prints — its built-in fonts cannot show Vietnamese marks."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from ocopdesk.domain.stamp_boxes import PT_MM, Rect, TextBox
from ocopdesk.render.stamp_text import REF_PX, ensure_gui, reference_font

_INVERT = bytes(255 - n for n in range(256))
INK_COVER = 0.35  # share of a dot the glyph must cover for the dot to print
_LEVELS = bytes(0 if v < 255 * (1 - INK_COVER) else 255 for v in range(256))


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
        return self.bitmaps([boxes], logo)[0]

    def bitmaps(self, groups: list[list[TextBox]], logo: tuple[Rect, QImage] | None = None) -> list[Bitmap | None]:
        """Each group of boxes as its own bitmap, all painted in one picture stacked downwards (a
        painter and a 1-bit conversion per batch, not per label: 10,000 serial lines in a job)."""
        frames = []
        for boxes in groups:
            rects = [box.ink for box in boxes] + ([logo[0]] if logo else [])
            frames.append(dot_box(rects, self.dpmm) if rects else None)
        width = max((f[2] for f in frames if f), default=0)
        height = sum(f[3] for f in frames if f)
        if not width:
            return [None] * len(groups)
        image = QImage(width, height, QImage.Format.Format_Grayscale8)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setPen(QColor("black"))
        top = 0
        for boxes, frame in zip(groups, frames, strict=True):
            if frame is not None:
                painter.save()
                painter.translate(-frame[0], top - frame[1])
                painter.scale(self.dpmm, self.dpmm)  # millimetres from the label's corner
                self.paint(painter, boxes)
                painter.restore()
                top += frame[3]
        painter.end()
        mono = one_bit(image)
        if logo is not None and frames[0] is not None:  # the constant lines' group (one group then)
            place_logo(mono, logo, frames[0], self.dpmm)
        rows, stride = mono.tobytes().translate(_INVERT), -(-image.bytesPerLine() // 8)  # Pillow's 1 = white
        found: list[Bitmap | None] = []
        top = 0
        for frame in frames:
            if frame is None:
                found.append(None)
                continue
            x, y, w, h = frame
            cut = b"".join(rows[(top + r) * stride : (top + r) * stride + w // 8] for r in range(h))
            found.append(Bitmap(x, y, w // 8, h, cut))
            top += h
        return found

    def paint(self, painter: QPainter, boxes: list[TextBox]) -> None:
        for box in boxes:
            scale = box.size_pt * PT_MM / REF_PX
            painter.save()
            painter.translate(box.x, box.y)
            painter.scale(scale, scale)
            painter.setFont(self.fonts[box.bold])
            painter.drawText(QPointF(0, 0), box.text)
            painter.restore()


def one_bit(image: QImage) -> Image.Image:
    """The text as a 1-bit picture (Pillow's: 1 = white), `bytesPerLine` dots wide: a dot is black where
    the antialiased glyph covers more than INK_COVER of it. Half (a plain threshold) left 1-dot strokes
    at 203 dpi that Tesseract misread (9 as S, Q as O); a little more ink reads right, as a thermal
    head's dot spread does."""
    stride, height = image.bytesPerLine(), image.height()
    grey = bytes(image.constBits())[: stride * height].translate(_LEVELS)
    return Image.frombuffer("L", (stride, height), grey, "raw", "L", 0, 1).convert("1", dither=Image.Dither.NONE)


# A logo's greys, stretched before dithering: darker than LOGO_BLACK prints solid, lighter than LOGO_WHITE
# not at all, between them Floyd–Steinberg. Looked at 48 dots high (6 mm at 203 dpi) on five logos we did
# not draw (Debian's swirl, /usr/share/pixmaps/debian-logo.png; the Requests, urllib3, Node.js and git
# logos shipped in their Debian packages): a plain threshold dropped light fills (urllib3's pale block
# vanished) and plain dithering (Floyd–Steinberg or Bayer) frayed dark strokes and lettering into dots;
# stretched Floyd–Steinberg kept both the strokes solid and the fills visible, where ordered (Bayer)
# dithering drew the same fills as a grid that jagged the swirl's edge.
LOGO_BLACK, LOGO_WHITE = 110, 230
_STRETCH = [
    0 if v <= LOGO_BLACK else 255 if v >= LOGO_WHITE else round((v - LOGO_BLACK) * 255 / (LOGO_WHITE - LOGO_BLACK))
    for v in range(256)
]


def logo_dots(picture: QImage, width: int, height: int) -> Image.Image:
    """The logo at `width` × `height` dots, on white (transparency included), dithered to 1 bit."""
    scaled = picture.scaled(
        width, height, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    grey = QImage(width, height, QImage.Format.Format_Grayscale8)
    grey.fill(QColor("white"))
    painter = QPainter(grey)
    painter.drawImage(0, 0, scaled)
    painter.end()
    stride = grey.bytesPerLine()
    image = Image.frombuffer("L", (stride, height), bytes(grey.constBits())[: stride * height], "raw", "L", 0, 1)
    return image.crop((0, 0, width, height)).point(_STRETCH).convert("1", dither=Image.Dither.FLOYDSTEINBERG)


def place_logo(mono: Image.Image, logo: tuple[Rect, QImage], frame: tuple[int, int, int, int], dpmm: float) -> None:
    """The dithered logo's black dots added to the text bitmap whose top-left dot is `frame`'s corner."""
    r, picture = logo
    width, height = max(1, round(r.w * dpmm)), max(1, round(r.h * dpmm))
    dots = logo_dots(picture, width, height)
    black = dots.point(lambda v: 255 - v).convert("L")  # the mask: where the logo prints
    mono.paste(0, (round(r.x * dpmm) - frame[0], round(r.y * dpmm) - frame[1]), black)
