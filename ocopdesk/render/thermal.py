"""What the ZPL and TSPL back ends share: a roll stock in printer dots, the QR code the printer draws
(error level and whole-dot module chosen to fit the layout's box), and the page loop's peer that lays
each stamp out once per lot, rasterises the lot's constant lines once (a stored graphic) and per label
only its serial line. A language (render.zpl, render.tspl) turns these pieces into its commands."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Protocol

from ocopdesk.domain.label import MIN_QR_MODULE_MM, LabelTemplate, ThermalMedia
from ocopdesk.domain.stamp_boxes import LabelLayout, LayoutRefused, QrBox, TextBox
from ocopdesk.i18n import _
from ocopdesk.render.label_bitmap import Bitmap, TextRaster
from ocopdesk.render.label_job import PlacedLabel, SheetJob, run_pages
from ocopdesk.render.qr import byte_mode_modules
from ocopdesk.render.stamp_sheet import JobLayouts

DPIS = (203, 300)
EC_LEVELS = ("M", "L")  # M as the PDF has it; L only when M's modules would fall below GS1's minimum


@dataclass(frozen=True, slots=True)
class QrPrint:
    """A QR code as the printer draws it: symbol corner (dots, quiet zone outside), dots a module."""

    x: int
    y: int
    dots: int
    ec: str
    modules: int


def qr_print(box: QrBox, url: str, dpmm: float, stock: str, dpi: int) -> QrPrint:
    """The highest error level whose whole-dot modules reach GS1's 0.396 mm inside the layout's box
    (quiet zone included), centred in it; refused when none does at this resolution."""
    side = int(box.rect.w * dpmm + 1e-6)
    for ec in EC_LEVELS:
        modules = byte_mode_modules(url, ec)
        dots = side // (modules + 8)
        if dots / dpmm >= MIN_QR_MODULE_MM - 1e-9:
            inset = (side - modules * dots) // 2
            return QrPrint(round(box.rect.x * dpmm) + inset, round(box.rect.y * dpmm) + inset, dots, ec, modules)
    advice = (
        _("Choose 300 dpi, a larger label or QR size, or a shorter traceability address.")
        if dpi < max(DPIS)
        else _("Choose a larger label or QR size, or a shorter traceability address.")
    )
    raise LayoutRefused(
        _(
            "On {template} at {dpi} dpi the QR code cannot have whole-dot modules of at least 0.396 mm: "
            "it may not scan."
        ).format(template=stock, dpi=dpi)
        + " "
        + advice
    )


@dataclass(frozen=True, slots=True)
class Media:
    """The roll in the printer's dots, with its feed settings."""

    width: int  # dots across the liner
    height: int  # dots down one label
    dpi: int
    settings: ThermalMedia
    page_w_mm: float
    label_h_mm: float
    shift: tuple[int, int] = (0, 0)  # the calibration offset the printer applies itself: dots right, down


def media_for(template: LabelTemplate, dpi: int) -> Media:
    """Refuses sheet stock: thermal printers print rolls."""
    if template.thermal is None:
        raise LayoutRefused(
            _("{template} is sheet stock; thermal printer commands are made for roll stock only.").format(
                template=template.name
            )
        )
    if dpi not in DPIS:
        raise LayoutRefused(_("A thermal printer prints at 203 or 300 dpi, not {dpi}.").format(dpi=dpi))
    dpmm = dpi / 25.4
    return Media(
        round(template.page_w * dpmm),
        round(template.label_h * dpmm),
        dpi,
        template.thermal,
        template.page_w,
        template.label_h,
    )


@dataclass(slots=True)
class LabelParts:
    """One label's pieces in dots: the stored graphic's name and corner, the serial bitmap, the QR."""

    stored: tuple[str, int, int] | None
    serial: Bitmap | None
    qr: QrPrint
    url: str


@dataclass(slots=True)
class Stored:
    name: str
    bitmap: Bitmap


class ThermalLanguage(Protocol):
    """ZPL or TSPL: the bytes for the job's settings, a stored graphic, a page of labels, the clean-up,
    and how far (dots right, dots down, either sign) its own shift command moves a whole label."""

    def shift_limits(self, dpi: int) -> tuple[int, int]: ...

    def header(self, media: Media) -> bytes: ...

    def stored(self, name: str, bitmap: Bitmap) -> bytes: ...

    def page(self, media: Media, labels: list[LabelParts]) -> bytes: ...

    def footer(self, names: list[str]) -> bytes: ...


BATCH = 128  # serial lines rasterised in one picture: one QImage, painter and 1-bit conversion for many


@dataclass
class ThermalPages:
    """The page loop's peer for printer languages: collects each page's labels as LabelParts; a lot's
    constant lines become one stored graphic, sent before the first page that uses it. Serial lines
    are rasterised BATCH at a time when the pages are written (`finish`)."""

    job: SheetJob
    dpi: int
    language: ThermalLanguage
    chunks: list[bytes | list[LabelParts]] = field(default_factory=list)
    stored: list[Stored] = field(default_factory=list)
    serials: list[tuple[LabelParts, list[TextBox], int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.media = media_for(self.job.template, self.dpi)
        self.dpmm = self.dpi / 25.4
        self.layouts = JobLayouts(self.job)
        self.raster = TextRaster(self.dpi)
        self.plans: dict[tuple[str, str, int, int, int], tuple[Stored | None, QrPrint]] = {}
        self.page: list[LabelParts] = []

    def begin_page(self, index: int) -> None:
        self.page = []

    def label(self, placed: PlacedLabel) -> None:
        content = placed.content
        layout = self.layouts.layout(content, byte_mode_modules(content.url, EC_LEVELS[0]))
        key = (content.product_name, content.lot, content.stars, layout.qr.modules, len(content.url.encode("utf-8")))
        stored, qr = self.plan(key, layout, content.url)
        dx = round(placed.x * self.dpmm)
        dy = round((placed.y - self.job.template.first_y) * self.dpmm)  # the printer's y starts at the label
        at = (stored.name, dot(stored.bitmap.x + dx), dot(stored.bitmap.y + dy)) if stored else None
        parts = LabelParts(at, None, QrPrint(dot(qr.x + dx), dot(qr.y + dy), qr.dots, qr.ec, qr.modules), content.url)
        self.serials.append((parts, [box for box in layout.texts if box.role == "serial"], dx, dy))
        self.page.append(parts)

    def plan(self, key: tuple[str, str, int, int, int], layout: LabelLayout, url: str) -> tuple[Stored | None, QrPrint]:
        """Once per lot text and URL length: the constant lines' graphic and the QR's placement."""
        found = self.plans.get(key)
        if found is None:
            constant = [box for box in layout.texts if box.role != "serial"]
            logo = self.layouts.logo
            picture = (layout.logo, logo) if logo is not None and layout.logo is not None else None
            bitmap = self.raster.bitmap(constant, picture)
            stored = None
            if bitmap is not None:
                stored = Stored(f"OCOP{len(self.stored) + 1}", bitmap)
                self.stored.append(stored)
                self.chunks.append(self.language.stored(stored.name, bitmap))
            qr = qr_print(layout.qr, url, self.dpmm, self.job.template.name, self.dpi)
            found = self.plans[key] = (stored, qr)
        return found

    def end_page(self, index: int) -> None:
        self.chunks.append(self.page)

    def finish(self) -> list[bytes]:
        """Rasterise the serial lines, then write the pages (stored graphics where they came)."""
        for start in range(0, len(self.serials), BATCH):
            batch = self.serials[start : start + BATCH]
            for (parts, _boxes, dx, dy), bitmap in zip(
                batch, self.raster.bitmaps([boxes for _parts, boxes, _dx, _dy in batch]), strict=True
            ):
                if bitmap is not None:
                    x, y = dot(bitmap.x + dx), dot(bitmap.y + dy)
                    parts.serial = Bitmap(x, y, bitmap.width_bytes, bitmap.height, bitmap.rows)
        return [c if isinstance(c, bytes) else self.language.page(self.media, c) for c in self.chunks]


def dot(position: int) -> int:
    """A printer position is never negative (ZPL ^FO and TSPL refuse it). Offsets are clipped to keep
    the safe area on the label (domain.print_offsets), so at most the one dot of air around a bitmap,
    or a QR code's quiet zone, reaches past the edge: moved in by that much, no ink is lost."""
    return max(0, position)


def native_shift(job: SheetJob, language: ThermalLanguage, dpi: int) -> tuple[tuple[int, int], SheetJob]:
    """The calibration offsets in dots, as far as the printer's own shift command takes them (ZPL
    ^LS/^LT, TSPL SHIFT: one setting moves every element, the rows and the QR code alike), and the
    job with what is left for the page loop to move the elements by (nothing, unless an offset passes
    the command's range: ^LT stops at 120 dot rows)."""
    dpmm = dpi / 25.4
    cal = job.calibration
    limit_x, limit_y = language.shift_limits(dpi)
    dx = max(-limit_x, min(limit_x, round(cal.offset_x * dpmm)))
    dy = max(-limit_y, min(limit_y, round(cal.offset_y * dpmm)))
    rest = replace(cal, offset_x=cal.offset_x - dx / dpmm, offset_y=cal.offset_y - dy / dpmm)
    return (dx, dy), replace(job, calibration=rest)


def thermal_job(job: SheetJob, language: ThermalLanguage, dpi: int) -> bytes:
    """The whole job in the printer's language: settings, stored graphics, labels, clean-up."""
    shift, job = native_shift(job, language, dpi)
    pages = ThermalPages(job, dpi, language)
    pages.media = replace(pages.media, shift=shift)
    head = language.header(pages.media)
    run_pages(job, pages)
    body = pages.finish()
    tail = language.footer([s.name for s in pages.stored])
    return b"".join([head, *body, tail])
