"""Drawing stamps on label stock with QPainter — one routine for preview, PDF and printer, so what
you preview is what prints. QR modules are vector rectangles (merged runs), text uses the shipped
DejaVu Sans so Vietnamese prints the same everywhere."""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRect, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.label import MIN_QR_MODULE_MM, LabelTemplate
from ocopdesk.i18n import _
from ocopdesk.paths import resource
from ocopdesk.render.qr import QUIET_ZONE, QrSymbol, encode, encode_many

PDF_DPI = 600
CAPTION = "Quét mã để truy xuất nguồn gốc"  # printed on every stamp, in Vietnamese on purpose


@dataclass(frozen=True, slots=True)
class StampContent:
    url: str
    product_name: str
    lot: str
    serial: str
    number: int
    stars: int = 0  # 0: no valid certificate, so no stars may be printed


@dataclass(frozen=True, slots=True)
class Calibration:
    """Per printer and template: shift (mm) and scale, found with the calibration grid."""

    offset_x: float = 0.0
    offset_y: float = 0.0
    scale_x: float = 1.0
    scale_y: float = 1.0


def ensure_gui() -> None:
    """Fonts and painting need a QGuiApplication; the CLI gets an offscreen one."""
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication([])


_FAMILY: list[str] = []


def font_family() -> str:
    if not _FAMILY:
        ensure_gui()
        families = []
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
            families += QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _FAMILY.append(families[0] if families else "Sans Serif")
    return _FAMILY[0]


def qr_side_mm(template: LabelTemplate) -> float:
    """The QR (quiet zone included) takes the label's height inside the safe margin, at most 60 % of its width."""
    return min(template.label_h - 2 * template.safe_margin, template.label_w * 0.6)


def check_fits(template: LabelTemplate, symbol: QrSymbol) -> float:
    """Module size in mm; refuses a layout whose modules would be smaller than GS1's minimum."""
    module = qr_side_mm(template) / (symbol.size + 2 * QUIET_ZONE)
    if module < MIN_QR_MODULE_MM:
        raise OcopDeskError(
            _(
                "On {template} the QR code would have {module:.3f} mm modules, below the 0.396 mm minimum: it may not "
                "scan. Choose a larger label, or a shorter traceability address."
            ).format(template=template.name, module=module)
        )
    return module


def pages(template: LabelTemplate, count: int, start_at: int = 1) -> Iterator[list[tuple[int, int]]]:
    """Yield, page by page, (label position on the page, item index) pairs; `start_at` skips the
    labels already used on a partly used first sheet."""
    slot, item = start_at - 1, 0
    while item < count:
        page = []
        while slot < template.per_page and item < count:
            page.append((slot, item))
            slot, item = slot + 1, item + 1
        yield page
        slot = 0


class StampPainter:
    """Draws on any QPaintDevice whose coordinates are millimetres after `begin_page`."""

    def __init__(self, painter: QPainter, template: LabelTemplate, calibration: Calibration = Calibration()) -> None:
        self.p, self.t, self.cal = painter, template, calibration
        family = font_family()
        self.regular, self.bold = QFont(family), QFont(family)
        self.bold.setBold(True)
        self._sizes: dict[tuple[object, ...], float] = {}

    def label(self, slot: int, content: StampContent, symbol: QrSymbol | None = None, outline: bool = False) -> None:
        x, y = self.t.position(slot)
        x = x * self.cal.scale_x + self.cal.offset_x
        y = y * self.cal.scale_y + self.cal.offset_y
        if outline:
            self.p.setPen(QPen(QColor("#999999"), 0.1))
            self.p.setBrush(Qt.BrushStyle.NoBrush)
            self.p.drawRoundedRect(
                QRectF(x, y, self.t.label_w, self.t.label_h), self.t.corner_radius, self.t.corner_radius
            )
        symbol = symbol or encode(content.url)
        module = check_fits(self.t, symbol)
        margin = self.t.safe_margin
        self.draw_qr(x + margin, y + margin, module, symbol)
        text_x = x + margin + (symbol.size + 2 * QUIET_ZONE) * module
        self._texts(
            QRectF(text_x, y + margin, x + self.t.label_w - margin - text_x, self.t.label_h - 2 * margin), content
        )

    def draw_qr(self, x: float, y: float, module: float, symbol: QrSymbol) -> None:
        """Modules in a local system where one unit is one module: every rectangle has small
        integer coordinates, which keeps the PDF content stream short (≈0.5 KB a stamp)."""
        self.p.save()
        self.p.translate(x + QUIET_ZONE * module, y + QUIET_ZONE * module)
        self.p.scale(module, module)
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(QColor("black"))
        self.p.drawRects([QRect(c, r, n, 1) for r, c, n in symbol.runs])
        self.p.restore()

    def _texts(self, box: QRectF, content: StampContent) -> None:
        if box.width() < 5:
            return
        self.p.setPen(QColor("black"))
        lines = [(self.bold, content.product_name, 2)]
        if content.stars:
            lines.append((self.regular, "OCOP " + "★" * content.stars, 1))
        lines += [
            (self.regular, f"Lô {content.lot}", 1),
            (self.regular, f"{content.serial} · {content.number}", 1),
            (self.regular, CAPTION, 2),
        ]
        heights = [0.24, 0.14, 0.14, 0.14, 0.12]  # share of the box height per line
        top = box.top()
        for (font, text, max_lines), share in zip(lines, heights, strict=False):
            height = box.height() * share * max_lines / (2 if max_lines == 2 else 1)
            rect = QRectF(box.left(), top, box.width(), height)
            self.fit_text(font, text, rect, max_lines, max_points=min(12.0, 4.0 + box.height() / 5))
            top += height

    def fit_text(
        self, font: QFont, text: str, rect: QRectF, max_lines: int, max_points: float = 7.0, center: bool = False
    ) -> None:
        """Largest size (≤ max_points) at which the text fits the rectangle; diacritics intact.

        The painter works in millimetres, so a font meant to be P points on paper gets the point
        size P × 25.4 / dpi; measured against the device, its metrics then come out in mm."""
        horizontal = Qt.AlignmentFlag.AlignHCenter if center else Qt.AlignmentFlag.AlignLeft
        wrap = int(Qt.TextFlag.TextWordWrap) if max_lines > 1 else 0
        flags = int(horizontal | Qt.AlignmentFlag.AlignVCenter) | wrap
        dpi = self.p.device().logicalDpiY()
        key = (text, font.bold(), round(rect.width(), 3), round(rect.height(), 3), max_lines, dpi, max_points, center)
        if key in self._sizes:  # name, lot, stars and caption repeat on every stamp of a lot
            font.setPointSizeF(self._sizes[key])
            self.p.setFont(font)
            self.p.drawText(rect, flags, text)
            return
        points = min(max_points, rect.height() / max_lines * 72 / 25.4 / 1.2)
        while True:
            font.setPointSizeF(points * 25.4 / dpi)
            bound = QFontMetricsF(font, self.p.device()).boundingRect(rect, flags, text)
            if points <= 3.0 or (bound.width() <= rect.width() + 1e-3 and bound.height() <= rect.height() + 1e-3):
                break
            points -= 0.25
        if len(self._sizes) < 64:
            self._sizes[key] = font.pointSizeF()
        self.p.setFont(font)
        self.p.drawText(rect, flags, text)


PARALLEL_FROM = 2000  # below this, starting a worker process costs more than it saves
_CHUNK = 250
LOOKAHEAD = 4  # chunks encoded ahead of drawing


def symbols_for(urls: list[str]) -> Iterator[QrSymbol]:
    """QR symbols in order. For big jobs a worker process encodes chunks ahead while this process
    draws, so both cores work (encoding and drawing each take about half the time). At most
    LOOKAHEAD chunks are in flight: the encoder is faster than drawing, and unbounded it filled
    memory with finished symbols (832 MiB at 100,000 stamps)."""
    if len(urls) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        yield from (encode(url) for url in urls)
        return
    chunks = (urls[i : i + _CHUNK] for i in range(0, len(urls), _CHUNK))
    workers = max(1, (os.cpu_count() or 2) - 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn")) as pool:
        pending: deque[Future[list[QrSymbol]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(encode_many, chunk))
            if len(pending) >= LOOKAHEAD:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def paint_pages(
    painter: QPainter,
    dpi: float,
    template: LabelTemplate,
    items: list[StampContent],
    start_at: int = 1,
    calibration: Calibration = Calibration(),
    outlines: bool = False,
    new_page: Callable[[], object] | None = None,
    max_pages: int | None = None,
) -> int:
    """The one drawing routine: PDF writer, printer and preview all come through here.
    Returns the number of pages painted."""
    painter.save()
    painter.scale(dpi / 25.4, dpi / 25.4)  # from here on, millimetres
    stamp = StampPainter(painter, template, calibration)
    symbols = symbols_for([item.url for item in items])
    painted = 0
    for n, page in enumerate(pages(template, len(items), start_at)):
        if max_pages is not None and n >= max_pages:
            break
        if n and new_page is not None:
            new_page()
        for slot, index in page:
            stamp.label(slot, items[index], next(symbols), outline=outlines)
        painted += 1
    painter.restore()
    return painted


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


def write_pdf(
    path: Path,
    template: LabelTemplate,
    contents: Iterable[StampContent],
    count: int,
    start_at: int = 1,
    calibration: Calibration = Calibration(),
    outlines: bool = False,
) -> Path:
    with pdf_painter(path, template) as (painter, writer):
        paint_pages(painter, PDF_DPI, template, list(contents)[:count], start_at, calibration, outlines, writer.newPage)
    return Path(path)


def page_layout(template: LabelTemplate) -> QPageLayout:
    return QPageLayout(
        QPageSize(QSizeF(template.page_w, template.page_h), QPageSize.Unit.Millimeter),
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
    )


def preview(
    template: LabelTemplate,
    items: list[StampContent],
    start_at: int = 1,
    calibration: Calibration = Calibration(),
    dpi: float = 110,
    outlines: bool = True,
) -> QImage:
    """The first page as a picture, drawn by the same routine as the PDF and the printer."""
    ensure_gui()
    image = QImage(round(template.page_w / 25.4 * dpi), round(template.page_h / 25.4 * dpi), QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        paint_pages(painter, dpi, template, items[: template.per_page], start_at, calibration, outlines, max_pages=1)
    finally:
        painter.end()
    return image


def paint_calibration(painter: QPainter, dpi: float, template: LabelTemplate, calibration: Calibration) -> None:
    """A calibration page: every label's outline and centre cross where the printer puts them,
    plus a 10 mm ruler along the top and left edges, to measure how far the printer drifts."""
    painter.save()
    painter.scale(dpi / 25.4, dpi / 25.4)
    painter.setPen(QPen(QColor("black"), 0.15))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for slot in range(template.per_page):
        x, y = template.position(slot)
        x = x * calibration.scale_x + calibration.offset_x
        y = y * calibration.scale_y + calibration.offset_y
        painter.drawRoundedRect(
            QRectF(x, y, template.label_w, template.label_h), template.corner_radius, template.corner_radius
        )
        cx, cy = x + template.label_w / 2, y + template.label_h / 2
        painter.drawLine(QPointF(cx - 3, cy), QPointF(cx + 3, cy))
        painter.drawLine(QPointF(cx, cy - 3), QPointF(cx, cy + 3))
    for mm in range(0, int(template.page_w) + 1, 10):
        painter.drawLine(QPointF(mm, 0), QPointF(mm, 4 if mm % 50 else 7))
    for mm in range(0, int(template.page_h) + 1, 10):
        painter.drawLine(QPointF(0, mm), QPointF(4 if mm % 50 else 7, mm))
    painter.restore()


def write_calibration_pdf(path: Path, template: LabelTemplate, calibration: Calibration) -> Path:
    with pdf_painter(path, template) as (painter, _writer):
        paint_calibration(painter, PDF_DPI, template, calibration)
    return Path(path)


def write_poster(
    path: Path, poster_size: tuple[float, float], url: str, title: str, line: str = "", stars: int = 0
) -> Path:
    """A6–A4 poster: the name, one large QR (vector, quiet zone kept), a short line and the caption."""
    width, height = poster_size
    page = LabelTemplate("poster", "poster", "sheet", width, height, width, height, 1, 1, 0, 0, width, height)
    symbol = encode(url)
    with pdf_painter(path, page) as (painter, _writer):
        painter.scale(PDF_DPI / 25.4, PDF_DPI / 25.4)
        stamp = StampPainter(painter, page)
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
