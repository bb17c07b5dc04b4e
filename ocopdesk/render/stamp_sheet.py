"""Drawing stamps on label stock with QPainter — one routine for preview, PDF and printer, so what
you preview is what prints. The layout (ocopdesk.domain.stamp_layout) decides where every box goes;
this back end measures text for it and draws the boxes, nothing else. A printer's own language (a
thermal printer's ZPL, say) would be a second back end drawing the same boxes.

QR modules are vector rectangles (merged runs); text uses the shipped DejaVu Sans so Vietnamese
prints the same everywhere. Text is measured and drawn at one reference size (REF_PX pixels to the
em) under a scale, so the ink the layout was given is the ink every device gets."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QPainter,
    QPen,
)

from ocopdesk.domain.label import LabelTemplate
from ocopdesk.domain.print_request import Calibration
from ocopdesk.domain.stamp_layout import (
    CAPTION,
    PT_MM,
    LabelLayout,
    LabelOptions,
    LabelPlan,
    QrBox,
    StampText,
    layout_label,
    plan_label,
    serial_room,
)
from ocopdesk.render import calibration_marks
from ocopdesk.render.pdf_canvas import PDF_DPI, draw_qr, page_layout, pdf_painter
from ocopdesk.render.poster_pdf import write_poster
from ocopdesk.render.qr import QrSymbol, encode, encode_many
from ocopdesk.render.stamp_text import REF_PX, ensure_gui, load_logo, measure, reference_font

# Also re-exported: the pieces that moved to stamp_text, pdf_canvas and poster_pdf, where callers import them.
__all__ = ["CAPTION", "PDF_DPI", "Calibration", "SheetJob", "StampContent", "measure", "page_layout", "write_poster"]


@dataclass(frozen=True, slots=True)
class StampContent:
    url: str
    product_name: str
    lot: str
    serial: str
    number: int
    stars: int = 0  # 0: no valid certificate, so no stars may be printed

    @property
    def text(self) -> StampText:
        return StampText(self.product_name, self.lot, self.serial, self.number, self.stars)


@dataclass(frozen=True, slots=True)
class SheetJob:
    """What the renderer draws: stamps on a stock, where to start, how to shift, what to add."""

    template: LabelTemplate
    contents: list[StampContent]
    start_at: int = 1
    calibration: Calibration = field(default_factory=Calibration)
    outlines: bool = False
    copies: int = 1
    options: LabelOptions = field(default_factory=LabelOptions)

    @property
    def labels(self) -> int:
        return len(self.contents) * self.copies


def one_label(template: LabelTemplate, content: StampContent, options: LabelOptions | None = None) -> LabelLayout:
    """The boxes of one stamp, as the renderer will draw them (the tests read these)."""
    options = options or LabelOptions()
    logo = load_logo(options.logo)
    aspect = logo.width() / logo.height() if logo is not None else None
    return layout_label(template, content.text, options, encode(content.url).size, measure(), aspect)


class JobLayouts:
    """Plans a job's labels once per lot (and QR size) and swaps each stamp's serial in: the fitting
    runs a handful of times per job, not per label, and every string is measured once."""

    def __init__(self, job: SheetJob) -> None:
        self.job, self.measure = job, measure()
        self.room = serial_room(((c.serial, c.number) for c in job.contents), self.measure)
        self.logo = load_logo(job.options.logo)
        self.aspect = self.logo.width() / self.logo.height() if self.logo is not None else None
        self.plans: dict[tuple[str, str, int, int], LabelPlan] = {}
        self.scaled_logo: QImage | None = None

    def layout(self, content: StampContent, modules: int) -> LabelLayout:
        key = (content.product_name, content.lot, content.stars, modules)
        plan = self.plans.get(key)
        if plan is None:
            plan = self.plans[key] = plan_label(
                self.job.template,
                content.product_name,
                content.lot,
                content.stars,
                self.job.options,
                modules,
                self.measure,
                self.room,
                self.aspect,
            )
        return plan.place(content.serial, content.number)

    def logo_for(self, layout: LabelLayout) -> QImage | None:
        """The logo once, at 600 dpi of its printed size: one picture embedded in the PDF, not one a label."""
        if self.logo is None or layout.logo is None:
            return None
        if self.scaled_logo is None:
            px = PDF_DPI / 25.4
            self.scaled_logo = self.logo.scaled(
                max(1, round(layout.logo.w * px)),
                max(1, round(layout.logo.h * px)),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        return self.scaled_logo


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


class QPainterBackend:
    """Draws laid-out labels on any QPaintDevice whose coordinates are millimetres."""

    def __init__(self, painter: QPainter) -> None:
        self.p = painter
        self.fonts = {bold: reference_font(bold) for bold in (False, True)}

    def outline(self, x: float, y: float, template: LabelTemplate) -> None:
        self.p.setPen(QPen(QColor("#999999"), 0.1))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawRoundedRect(
            QRectF(x, y, template.label_w, template.label_h), template.corner_radius, template.corner_radius
        )

    def label(self, x: float, y: float, layout: LabelLayout, symbol: QrSymbol, logo: QImage | None = None) -> None:
        self.qr(x, y, layout.qr, symbol)
        self.p.setPen(QColor("black"))
        for box in layout.texts:
            scale = box.size_pt * PT_MM / REF_PX
            self.p.save()
            self.p.translate(x + box.x, y + box.y)
            self.p.scale(scale, scale)
            self.p.setFont(self.fonts[box.bold])
            self.p.drawText(QPointF(0, 0), box.text)
            self.p.restore()
        if logo is not None and layout.logo is not None:
            r = layout.logo
            self.p.drawImage(QRectF(x + r.x, y + r.y, r.w, r.h), logo)

    def qr(self, x: float, y: float, box: QrBox, symbol: QrSymbol) -> None:
        left, top = box.code_origin
        draw_qr(self.p, x + left, y + top, box.module, symbol)


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
    job: SheetJob,
    new_page: Callable[[], object] | None = None,
    max_pages: int | None = None,
) -> int:
    """The one drawing routine: PDF writer, printer and preview all come through here.
    Returns the number of pages painted."""
    painter.save()
    painter.scale(dpi / 25.4, dpi / 25.4)  # from here on, millimetres
    backend = QPainterBackend(painter)
    layouts = JobLayouts(job)
    template, cal, copies = job.template, job.calibration, job.copies
    labels = job.labels
    if max_pages is not None:
        labels = min(labels, max_pages * template.per_page - (job.start_at - 1))
    wanted = job.contents[: -(-labels // copies)]
    symbols = symbols_for([item.url for item in wanted])
    symbol = None
    painted = 0
    for n, page in enumerate(pages(template, labels, job.start_at)):
        if n and new_page is not None:
            new_page()
        for slot, index in page:
            item, copy = divmod(index, copies)
            if copy == 0:
                symbol = next(symbols)
            assert symbol is not None
            content = wanted[item]
            layout = layouts.layout(content, symbol.size)
            x, y = template.position(slot)
            x = x * cal.scale_x + cal.offset_x
            y = y * cal.scale_y + cal.offset_y
            if job.outlines:
                backend.outline(x, y, template)
            backend.label(x, y, layout, symbol, layouts.logo_for(layout))
        painted += 1
    painter.restore()
    return painted


def write_pdf(path: Path, job: SheetJob) -> Path:
    with pdf_painter(path, job.template) as (painter, writer):
        paint_pages(painter, PDF_DPI, job, writer.newPage)
    return Path(path)


def preview(job: SheetJob, dpi: float = 110) -> QImage:
    """The first page as a picture, drawn by the same routine as the PDF and the printer."""
    ensure_gui()
    template = job.template
    image = QImage(round(template.page_w / 25.4 * dpi), round(template.page_h / 25.4 * dpi), QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    try:
        paint_pages(painter, dpi, job, max_pages=1)
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
    calibration_marks.paint_numbers(painter, template)
    calibration_marks.paint_instructions(painter, template)
    painter.restore()


def write_calibration_pdf(path: Path, template: LabelTemplate, calibration: Calibration) -> Path:
    with pdf_painter(path, template) as (painter, _writer):
        paint_calibration(painter, PDF_DPI, template, calibration)
    return Path(path)
