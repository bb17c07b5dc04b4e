"""A lot's constant stamp lines are drawn from glyph runs shaped once (render.stamp_text.ShapedLines, #26):
they must put exactly the pixels drawText puts, Vietnamese marks, kerning and bold included."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter

from ocopdesk.render.stamp_text import ShapedLines, reference_font


def draw(text: str, bold: bool, shaped: ShapedLines | None) -> bytes:
    image = QImage(900, 120, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("black"))
    painter.translate(7.3, 80.6)
    painter.scale(0.031, 0.029)
    if shaped is None:
        painter.setFont(reference_font(bold))
        painter.drawText(QPointF(0, 0), text)
    else:
        shaped.draw(painter, text, bold)
    painter.end()
    return bytes(image.constBits())


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize(
    "text", ["Mật ong hoa rừng Như Xuân", "Quét mã để truy xuất nguồn gốc", "OCOP ★★★★", "AVAWAY Tô Ngọc Ữ"]
)
def test_shaped_lines_put_exactly_the_pixels_draw_text_puts(qapp: object, text: str, bold: bool) -> None:
    shaped = ShapedLines()
    expected = draw(text, bold, None)
    assert expected.count(0) > 100  # ink was drawn
    assert draw(text, bold, shaped) == expected
    assert draw(text, bold, shaped) == expected  # and again from the cache
