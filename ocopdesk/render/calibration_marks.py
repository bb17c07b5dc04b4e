"""The words on a calibration page: millimetre numbers at the ruler ticks and, where the page has room, how
to read the page and what to type, so a clerk can measure the printer's drift without a manual."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from ocopdesk.domain.label import LabelTemplate
from ocopdesk.i18n import _
from ocopdesk.render.stamp_text import font_family

NUMBER_MM = 2.2  # the ruler numbers' height: readable on paper, small beside a 10 mm step


def how_to_read() -> str:
    return _(
        "Calibration page. 1. Print this page on plain paper with the settings you print stamps with. "
        "2. Lay it on a sheet of labels and hold both against the light. 3. If the frames sit to the right of "
        "the labels, enter a negative Offset X (mm) by that much (left: positive); lower than the labels: a "
        "negative Offset Y (up: positive). The numbers on the rulers are millimetres from the page's edge. "
        "4. Print the page again until frames and labels match; the offsets are kept for this stock and printer."
    )


def _font(size_mm: float) -> QFont:
    font = QFont(font_family())
    font.setPixelSize(max(1, round(size_mm * 10)))  # drawn at a 1/10 scale: fonts need whole pixels
    return font


def paint_numbers(painter: QPainter, template: LabelTemplate) -> None:
    """The mm value beside every 10 mm tick of the top and left rulers (painter in millimetres)."""
    painter.save()
    painter.scale(0.1, 0.1)
    painter.setFont(_font(NUMBER_MM))
    painter.setPen(QColor("black"))
    for mm in range(10, int(template.page_w), 10):
        painter.drawText(QPointF(mm * 10 + 5, 75), str(mm))
    for mm in range(10, int(template.page_h), 10):
        painter.drawText(QPointF(50, mm * 10 + 8), str(mm))
    painter.restore()


def paint_instructions(painter: QPainter, template: LabelTemplate) -> None:
    """How to read the page, in a white box at the page's middle; a small roll has no room and gets none."""
    if template.page_w < 90 or template.page_h < 90:
        return
    box = QRectF(template.page_w * 0.15, template.page_h * 0.42, template.page_w * 0.7, template.page_h * 0.15)
    painter.save()
    painter.setPen(QColor("black"))
    painter.setBrush(QColor("white"))
    painter.drawRect(box)
    painter.scale(0.1, 0.1)
    painter.setFont(_font(3.2))
    inner = QRectF(box.x() * 10 + 30, box.y() * 10 + 30, box.width() * 10 - 60, box.height() * 10 - 60)
    painter.drawText(inner, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft), how_to_read())
    painter.restore()
