"""Drawing stamps on label stock with QPainter — one routine for preview, PDF and printer, so what
you preview is what prints. The layout (ocopdesk.domain.stamp_layout) decides where every box goes;
this back end measures text for it and draws the boxes, nothing else. The page loop is
render.label_job's (Qt-free); a thermal printer's own language (render.zpl, render.tspl) is a peer
back end drawing the same boxes.

QR codes are 1-bit images, one pixel a module; text uses the shipped DejaVu Sans so Vietnamese
prints the same everywhere. Text is measured and drawn at one reference size (REF_PX pixels to the
em) under a scale, so the ink the layout was given is the ink every device gets."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
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
from ocopdesk.domain.stamp_boxes import PT_MM, LabelLayout, LabelOptions, QrBox
from ocopdesk.domain.stamp_layout import LabelPlan, layout_label, plan_label
from ocopdesk.domain.stamp_lines import serial_room
from ocopdesk.render import calibration_marks
from ocopdesk.render.label_job import PROOF_MARK, PlacedLabel, SheetJob, StampContent, label_count, run_pages
from ocopdesk.render.pdf_canvas import PDF_DPI, draw_qr, pdf_painter, qr_image
from ocopdesk.render.qr import QrSymbol, encode, encode_many
from ocopdesk.render.stamp_text import REF_PX, ShapedLines, ensure_gui, load_logo, measure, reference_font

# (SheetJob and StampContent live in the Qt-free render.label_job.)

PER_STAMP = {"serial"}  # the lines that differ from stamp to stamp; the others are shaped once a lot


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


class QPainterBackend:
    """Draws laid-out labels on any QPaintDevice whose coordinates are millimetres."""

    def __init__(self, painter: QPainter) -> None:
        self.p = painter
        self.fonts = {bold: reference_font(bold) for bold in (False, True)}
        self.shaped = ShapedLines()

    def outline(self, x: float, y: float, template: LabelTemplate) -> None:
        self.p.setPen(QPen(QColor("#999999"), 0.1))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawRoundedRect(
            QRectF(x, y, template.label_w, template.label_h), template.corner_radius, template.corner_radius
        )

    def label(
        self, x: float, y: float, layout: LabelLayout, symbol: QrSymbol | QImage, logo: QImage | None = None
    ) -> None:
        self.qr(x, y, layout.qr, symbol)
        self.p.setPen(QColor("black"))
        for box in layout.texts:
            scale = box.size_pt * PT_MM / REF_PX
            self.p.save()
            self.p.translate(x + box.x, y + box.y)
            self.p.scale(scale, scale)
            if box.role in PER_STAMP:
                self.p.setFont(self.fonts[box.bold])
                self.p.drawText(QPointF(0, 0), box.text)
            else:  # the same on every stamp of the lot: shaped once
                self.shaped.draw(self.p, box.text, box.bold)
            self.p.restore()
        if logo is not None and layout.logo is not None:
            r = layout.logo
            self.p.drawImage(QRectF(x + r.x, y + r.y, r.w, r.h), logo)

    def proof_mark(self, template: LabelTemplate) -> None:
        """PROOF_MARK across the middle of the page, in a light translucent red: plain to a person,
        white to a QR decoder's threshold, so a proof still scans as its stamps will."""
        font = self.fonts[True]
        ink = measure()(PROOF_MARK, True)
        scale = min(0.8 * template.page_w / ink.width, 0.3 * template.page_h / (ink.bottom - ink.top)) / REF_PX
        self.p.save()
        self.p.translate(
            (template.page_w - ink.width * REF_PX * scale) / 2 - ink.left * REF_PX * scale,
            (template.page_h - (ink.bottom - ink.top) * REF_PX * scale) / 2 - ink.top * REF_PX * scale,
        )
        self.p.scale(scale, scale)
        self.p.setFont(font)
        self.p.setPen(QColor(220, 0, 0, 80))
        self.p.drawText(QPointF(0, 0), PROOF_MARK)
        self.p.restore()

    def qr(self, x: float, y: float, box: QrBox, symbol: QrSymbol | QImage) -> None:
        left, top = box.code_origin
        draw_qr(self.p, x + left, y + top, box.module, symbol)


PARALLEL_FROM = 2000  # below this, starting a worker process costs more than it saves
_CHUNK = 250
LOOKAHEAD = 4  # chunks encoded ahead of drawing


def symbols_for(urls: list[str]) -> Iterator[QrSymbol]:
    """QR symbols in order. For big jobs worker processes encode chunks ahead while this process
    draws. There is one worker a core, not a core less: encoding now costs more CPU than drawing
    (≈0.4 against ≈0.3 ms a stamp), so while this process waits for a chunk both cores encode, and
    while it draws the system shares the cores among the three. At most LOOKAHEAD chunks are in
    flight: unbounded, finished symbols filled memory (832 MiB at 100,000 stamps)."""
    if len(urls) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        yield from (encode(url) for url in urls)
        return
    chunks = (urls[i : i + _CHUNK] for i in range(0, len(urls), _CHUNK))
    workers = os.cpu_count() or 2
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn")) as pool:
        pending: deque[Future[list[QrSymbol]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(encode_many, chunk))
            if len(pending) >= LOOKAHEAD:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


class PainterPages:
    """The QPainter peer of the page loop: encodes each stamp's QR code (ahead, in a worker process,
    for big jobs), lays the stamp out and draws it; a new page on the device between pages."""

    def __init__(self, painter: QPainter, job: SheetJob, labels: int, new_page: Callable[[], object] | None) -> None:
        self.backend, self.job, self.new_page = QPainterBackend(painter), job, new_page
        self.layouts = JobLayouts(job)
        self.symbols = symbols_for([item.url for item in job.contents[: -(-labels // job.copies)]])
        self.image: QImage | None = None  # the stamp's QR code, drawn again for its copies (one PDF image)

    def begin_page(self, index: int) -> None:
        if index and self.new_page is not None:
            self.new_page()

    def label(self, placed: PlacedLabel) -> None:
        if placed.copy == 0:
            self.image = qr_image(next(self.symbols))
        assert self.image is not None
        layout = self.layouts.layout(placed.content, self.image.width())
        if self.job.outlines:
            self.backend.outline(placed.x, placed.y, self.job.template)
        self.backend.label(placed.x, placed.y, layout, self.image, self.layouts.logo_for(layout))

    def end_page(self, index: int) -> None:
        if self.job.proof:
            self.backend.proof_mark(self.job.template)


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
    try:
        return run_pages(job, PainterPages(painter, job, label_count(job, max_pages), new_page), max_pages)
    finally:
        painter.restore()


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
