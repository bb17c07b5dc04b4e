"""Drawing stamps on label stock with QPainter — one routine for preview, PDF and printer, so what
you preview is what prints. The layout (ocopdesk.domain.stamp_layout) decides where every box goes;
this back end measures text for it and draws the boxes, nothing else. A printer's own language (a
thermal printer's ZPL, say) would be a second back end drawing the same boxes.

QR modules are vector rectangles (merged runs); text uses the shipped DejaVu Sans so Vietnamese
prints the same everywhere. Text is measured and drawn at one reference size (REF_PX pixels to the
em) under a scale, so the ink the layout was given is the ink every device gets."""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRect, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QImageReader,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.label import LabelTemplate
from ocopdesk.domain.print_request import Calibration
from ocopdesk.domain.stamp_layout import (
    CAPTION,
    PT_MM,
    Ink,
    LabelLayout,
    LabelOptions,
    LabelPlan,
    QrBox,
    StampText,
    layout_label,
    plan_label,
    serial_room,
)
from ocopdesk.i18n import _
from ocopdesk.paths import resource
from ocopdesk.render.qr import QUIET_ZONE, QrSymbol, encode, encode_many

__all__ = ["CAPTION", "Calibration", "SheetJob", "StampContent"]

PDF_DPI = 600
REF_PX = 1024  # text is measured and drawn at this many pixels to the em, then scaled


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


def reference_font(bold: bool) -> QFont:
    font = QFont(font_family())
    font.setPixelSize(REF_PX)
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


class QtMeasure:
    """The ink of a string in em, from its glyph outlines (stacked Vietnamese marks included),
    measured once per distinct string: a lot's name, lot and caption repeat on every stamp, and a
    stamp's serial line is measured for the job's room and found again when the stamp is drawn.
    The cache stops growing at CACHE_LIMIT strings (≈15 MB), so 100,000 stamps do not hold 100,000
    serials in memory; past it a serial line is measured twice (about 10 µs each)."""

    CACHE_LIMIT = 60_000

    def __init__(self) -> None:
        self.metrics = {bold: QFontMetricsF(reference_font(bold)) for bold in (False, True)}
        self.cache: dict[tuple[str, bool], Ink] = {}
        self.measured = 0  # strings actually measured (for bench/stamps.py)

    def __call__(self, text: str, bold: bool) -> Ink:
        key = (text, bold)
        found = self.cache.get(key)
        if found is None:
            self.measured += 1
            r = self.metrics[bold].tightBoundingRect(text)
            found = Ink(r.left() / REF_PX, r.top() / REF_PX, r.right() / REF_PX, r.bottom() / REF_PX)
            if not text.strip():
                found = Ink(0.0, 0.0, 0.0, 0.0)
            if len(self.cache) < self.CACHE_LIMIT:
                self.cache[key] = found
        return found


_MEASURE: list[QtMeasure] = []


def measure() -> QtMeasure:
    if not _MEASURE:
        ensure_gui()
        _MEASURE.append(QtMeasure())
    return _MEASURE[0]


def load_logo(path: str) -> QImage | None:
    """The cooperative's logo, or None without one; an unreadable picture is refused by name."""
    if not path:
        return None
    ensure_gui()
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        raise OcopDeskError(
            _("The logo {file} cannot be read as a picture ({reason}). Choose a PNG or JPEG file.").format(
                file=Path(path).name, reason=reader.errorString()
            )
        )
    return image


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


def write_pdf(path: Path, job: SheetJob) -> Path:
    with pdf_painter(path, job.template) as (painter, writer):
        paint_pages(painter, PDF_DPI, job, writer.newPage)
    return Path(path)


def page_layout(template: LabelTemplate) -> QPageLayout:
    return QPageLayout(
        QPageSize(QSizeF(template.page_w, template.page_h), QPageSize.Unit.Millimeter),
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
    )


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
    painter.restore()


def write_calibration_pdf(path: Path, template: LabelTemplate, calibration: Calibration) -> Path:
    with pdf_painter(path, template) as (painter, _writer):
        paint_calibration(painter, PDF_DPI, template, calibration)
    return Path(path)


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
