"""The PDF page under stamp sheets and posters: a painter in millimetres on a page of the template's size,
written under a temporary name and renamed only when painting succeeded, and QR codes as vector runs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QSizeF, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter

from ocopdesk.domain.label import LabelTemplate
from ocopdesk.render.qr import QrSymbol
from ocopdesk.render.stamp_text import ensure_gui

PDF_DPI = 600


def draw_qr(painter: QPainter, x: float, y: float, module: float, symbol: QrSymbol) -> None:
    """Modules in a local system where one unit is one module: every rectangle has small
    integer coordinates, which keeps the PDF content stream short (≈0.5 KB a stamp)."""
    painter.save()
    painter.translate(x, y)
    painter.scale(module, module)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    painter.drawRects([QRect(c, r, n, 1) for r, c, n in symbol.runs])
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
