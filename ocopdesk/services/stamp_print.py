"""Laying out a lot's stamps on label stock and writing them to PDF (the printer path uses the
same drawing routine). Stars print only while the product has a valid OCOP certificate.

What counts as printed: a print to a printer, and a PDF saved *for printing* (the dialog's "Save PDF
to print…", the CLI's `stamps pdf --for-print`). A proof — the preview, a PDF saved to look at —
never counts: trial PDFs must not make a stamp read "printed 8 times"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.label import LabelTemplate, templates
from ocopdesk.domain.ocop import INCOMPLETE, STATE_LABELS
from ocopdesk.domain.print_offsets import fit_offsets, print_areas
from ocopdesk.domain.print_request import MAX_COPIES, Calibration, PrintRequest
from ocopdesk.domain.stamp import Stamp
from ocopdesk.domain.stamp_boxes import LabelLayout, LabelOptions
from ocopdesk.domain.stamp_layout import QR_SIZES
from ocopdesk.domain.text import clean_line
from ocopdesk.i18n import N_, _
from ocopdesk.paths import AppPaths
from ocopdesk.render import pdf_canvas, stamp_sheet
from ocopdesk.render.label_job import SheetJob, StampContent
from ocopdesk.services import passport, stamps
from ocopdesk.services.catalog import CatalogService, ProductDetail
from ocopdesk.services.changes import Changes
from ocopdesk.services.profile import load_profile

PROOF, FOR_PRINT = "proof", "print"
_OPTIONS = "stamp_label."  # the cooperative's label options, kept in the catalogue
MAX_OWN_TEXT = 60


@dataclass(frozen=True, slots=True)
class PrintResult:
    path: Path
    count: int
    pages: int
    stars_note: str  # why no stars were printed, or empty
    counted: bool = False  # recorded as printed (a PDF for printing), not a proof
    notes: tuple[str, ...] = ()  # what gave way on this stock
    changes: Changes = field(default_factory=Changes)  # a PDF for printing counts its stamps as printed


def label_templates() -> dict[str, LabelTemplate]:
    return templates(AppPaths.from_environment().config_dir / "labels")


def template(template_id: str) -> LabelTemplate:
    found = label_templates()
    if template_id not in found:
        raise OcopDeskError(
            _("There is no label template {id}.").format(id=template_id),
            cli_hint=_("On the command line: ocopdesk templates list"),
        )
    return found[template_id]


def preferred_stock(service: CatalogService, last_here: str = "") -> LabelTemplate:
    """The stock to propose: the one last printed on at this computer (the printer still holds it), else
    the cooperative's default from Settings, else the first known stock."""
    found = label_templates()
    for wanted in (last_here, load_profile(service).default_label_template):
        if wanted in found:
            return found[wanted]
    return next(iter(found.values()))


def stars_for(detail: ProductDetail, today: dt.date) -> tuple[int, str]:
    """Stars to print, and the reason when there are none (1162/QĐ-VPĐP-OCOP)."""
    current = detail.current_certificate(today)
    if current is not None and current.may_print_stars(today):
        return current.stars, ""
    if not detail.certificates:
        return 0, _("No OCOP stars are printed: the product has no OCOP certificate.")
    latest = detail.certificates[0]
    state = latest.effective_status(today)
    if state == INCOMPLETE:
        return 0, _(
            "No OCOP stars are printed: the OCOP certificate is incomplete (enter its decision number and "
            "signing date)."
        )
    return 0, _("No OCOP stars are printed: the certificate {number} is {state}.").format(
        number=latest.decision_number, state=_(STATE_LABELS[state])
    )


@dataclass(frozen=True, slots=True)
class PrintJob:
    """What will be printed: the request, the stamps (issued ones only), their drawn content, the stock."""

    request: PrintRequest
    template: LabelTemplate
    stamps: list[Stamp]
    contents: list[StampContent]
    stars_note: str
    passport_note: str = ""  # what the passport still lacks: said before printing, never a blocker (#25)
    offset_note: str = ""  # an offset that would push stamps off the label, and what is used instead (#26)
    passport_missing: tuple[str, ...] = ()  # the passport keys behind passport_note (the GUI says where to fill them)

    @property
    def start_at(self) -> int:
        return self.request.start_at

    @property
    def labels(self) -> int:
        return len(self.contents) * self.request.copies

    @property
    def pages(self) -> int:
        return -(-(self.labels + self.start_at - 1) // self.template.per_page)

    @property
    def sheet(self) -> SheetJob:
        r = self.request
        return SheetJob(self.template, self.contents, r.start_at, r.calibration, r.outlines, r.copies, r.options)


def clean_options(options: LabelOptions) -> LabelOptions:
    """One line of own text (no line breaks, at most MAX_OWN_TEXT characters); a known QR size."""
    own = clean_line(options.own_text.replace("\n", " ")).strip()
    if len(own) > MAX_OWN_TEXT:
        raise OcopDeskError(
            _("Your own line has {count} characters; at most {max} fit on a stamp.").format(
                count=len(own), max=MAX_OWN_TEXT
            )
        )
    if options.qr_size not in QR_SIZES:
        raise OcopDeskError(_("Unknown QR size {size}: choose large, medium or small.").format(size=options.qr_size))
    return replace(options, own_text=own, logo=options.logo.strip())


def prepare(service: CatalogService, request: PrintRequest) -> PrintJob:
    stock = template(request.stock)
    if not 1 <= request.start_at <= stock.per_page:
        raise OcopDeskError(_("Start at a label between 1 and {n} on this sheet.").format(n=stock.per_page))
    if not 1 <= request.copies <= MAX_COPIES:
        raise OcopDeskError(_("Print each stamp between 1 and {n} times.").format(n=MAX_COPIES))
    calibration, offset_note = fit_offsets(stock, request.calibration, print_areas(stock, request.calibration))
    request = replace(request, options=clean_options(request.options), calibration=calibration)
    batch = stamps.find_lot(service, request.lot, request.sku)
    detail = service.product(batch.product_id)
    stamps.refuse_unreachable(service, batch, detail)  # issued by an older version, before the code rule
    rows = [(s, url) for s, url in stamps.urls_for(service, batch, request.first, request.last) if s.status == "issued"]
    if not rows:
        raise OcopDeskError(
            _("There are no stamps to print in that range (issue them first; voided stamps are never printed).")
        )
    stars, note = stars_for(detail, dt.date.today())
    contents = [StampContent(url, detail.product.name, batch.lot_code, s.serial, s.number, stars) for s, url in rows]
    keys = passport.lot_missing(service, batch, detail)
    missing = passport.missing_line(keys)
    return PrintJob(request, stock, [s for s, _url in rows], contents, note, missing, offset_note, tuple(keys))


def first_label(job: PrintJob) -> LabelLayout:
    """The first stamp's boxes: refuses a stock that cannot hold the lot code and serial."""
    return stamp_sheet.one_label(job.template, job.contents[0], job.request.options)


GAVE_WAY_NOTES = {  # said after "On {stock}:"
    "caption": N_("the caption “Quét mã để truy xuất nguồn gốc” is left out"),
    "codes_wrap": N_("the lot code and the serial break onto more lines"),
    "own": N_("your own line is left out"),
    "logo": N_("the logo is left out"),
    "stars": N_("the OCOP stars line is left out"),
    "name_short": N_("the product name is shortened"),
    "lot_three_lines": N_("the lot code takes three lines"),
}


def layout_notes(job: PrintJob) -> tuple[str, ...]:
    """What gave way to fit this stock, said to the clerk (only what actually happened)."""
    layout = first_label(job)
    notes = []
    for step in dict.fromkeys((*layout.too_wide, *layout.gave_way)):
        if step == "codes_wrap" and len(layout.lines("lot")) < 2 and len(layout.lines("serial")) < 2:
            continue
        if step == "own" and (not job.request.options.own_text or layout.lines("own")):
            continue
        if step == "logo" and (not job.request.options.logo or layout.logo is not None):
            continue
        if step == "stars" and (not job.contents[0].stars or layout.lines("stars")):
            continue
        if step == "name_short" and not any(line.endswith("…") for line in layout.lines("name")):
            continue
        if step == "lot_three_lines" and len(layout.lines("lot")) < 3:
            continue
        notes.append(_(GAVE_WAY_NOTES[step]))
    said = (_("On {stock}: {what}.").format(stock=job.template.name, what="; ".join(notes)),) if notes else ()
    return (*said, job.offset_note) if job.offset_note else said


def pdf_for_lot(service: CatalogService, request: PrintRequest, out: Path, purpose: str = PROOF) -> PrintResult:
    """A PDF of the request. `purpose` FOR_PRINT records the stamps as printed; a PROOF does not and
    carries "BẢN XEM THỬ" across every page, so it is never taken for counted stamps."""
    job = prepare(service, request)
    notes = layout_notes(job)
    counted = purpose == FOR_PRINT
    path = stamp_sheet.write_pdf(Path(out), replace(job.sheet, proof=not counted))
    changes = stamps.record_printed(service, job.stamps) if counted else Changes()
    notes = (job.passport_note, *notes) if job.passport_note else notes
    return PrintResult(path, len(job.contents), job.pages, job.stars_note, counted, notes, changes)


def preview_image(job: PrintJob, dpi: float = 110) -> Any:
    """The first page (a QImage), with outlines, as the dialog shows it (never counted as printed)."""
    return stamp_sheet.preview(replace(job.sheet, outlines=True), dpi)


def paint_job(job: PrintJob, painter: Any, dpi: float, new_page: Callable[[], object]) -> int:
    """Draw the job on a printer's painter, page by page (the preview's and the PDF's routine)."""
    return stamp_sheet.paint_pages(painter, dpi, job.sheet, new_page)


def record_printed(service: CatalogService, job: PrintJob) -> Changes:
    """After a print went to the printer: its stamps count as printed."""
    return stamps.record_printed(service, job.stamps)


def calibration_pdf(path: Path, template_id: str, calibration: Calibration) -> Path:
    return stamp_sheet.write_calibration_pdf(Path(path), template(template_id), calibration)


def page_layout(template_id: str):  # type: ignore[no-untyped-def]
    """The page size and zero margins a printer needs for this stock."""
    return pdf_canvas.page_layout(template(template_id))


def load_label_options(service: CatalogService) -> LabelOptions:
    """The cooperative's last label options (they travel with the catalogue's backups)."""
    stored = service.settings.get_all(_OPTIONS)
    options = LabelOptions(
        own_text=str(stored.get("own_text", "")),
        qr_size=str(stored.get("qr_size", "large")),
        logo=str(stored.get("logo", "")),
    )
    return options if options.qr_size in QR_SIZES else replace(options, qr_size="large")


def save_label_options(service: CatalogService, options: LabelOptions) -> Changes:
    options = clean_options(options)
    values = {"own_text": options.own_text, "qr_size": options.qr_size, "logo": options.logo}
    return service.settings.save(_OPTIONS, values)
