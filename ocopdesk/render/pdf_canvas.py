"""The PDF page under stamp sheets and posters: a painter in millimetres on a page of the template's size,
written under a temporary name and renamed only when painting succeeded, and QR codes as vector runs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QSizeF, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter

from ocopdesk.domain.label import LabelTemplate
from ocopdesk.render.qr import QUIET_ZONE, QrSymbol
from ocopdesk.render.stamp_text import ensure_gui

PDF_DPI = 600


class _Rects(dict[tuple[int, int], QRect]):
    """Module rectangles of one symbol width by their run's offsets, each QRect made once: a
    10,000-stamp job draws 3.6 million runs from a few thousand distinct ones, and making a QRect
    costs more than finding it."""

    def __init__(self, stride: int) -> None:
        super().__init__()
        self.stride = stride

    def __missing__(self, span: tuple[int, int]) -> QRect:
        row, col = divmod(span[0], self.stride)
        rect = self[span] = QRect(col - QUIET_ZONE, row - QUIET_ZONE, span[1] - span[0], 1)
        return rect


_RECTS: dict[int, _Rects] = {}  # by stride; at most a stride² × stride rectangles each, bounded by QR version 40
_BLACK = QColor("black")


def draw_qr(painter: QPainter, x: float, y: float, module: float, symbol: QrSymbol) -> None:
    """Modules in a local system where one unit is one module: every rectangle has small
    integer coordinates, which keeps the PDF content stream short (≈0.5 KB a stamp)."""
    rects = _RECTS.get(symbol.stride)
    if rects is None:
        rects = _RECTS[symbol.stride] = _Rects(symbol.stride)
    painter.save()
    painter.translate(x, y)
    painter.scale(module, module)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_BLACK)
    painter.drawRects(list(map(rects.__getitem__, symbol.spans)))  # a C loop: 366 runs a stamp
    painter.restore()


@contextlib.contextmanager
def pdf_painter(path: Path, template: LabelTemplate) -> Iterator[tuple[QPainter, QPdfWriter]]:
    """A painter on a PDF of the template's page size, written to a temporary name and renamed
    only when painting succeeded: never half a PDF under the final name."""
    ensure_gui()
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    writer = QPdfWriter(str(partial))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(page_layout(template))
    writer.setCreator("OCOPDesk")
    painter = QPainter(writer)
    try:
        yield painter, writer
    except BaseException:
        painter.end()
        partial.unlink(missing_ok=True)
        raise
    painter.end()
    partial.replace(path)


def page_layout(template: LabelTemplate) -> QPageLayout:
    return QPageLayout(
        QPageSize(QSizeF(template.page_w, template.page_h), QPageSize.Unit.Millimeter),
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
    )
