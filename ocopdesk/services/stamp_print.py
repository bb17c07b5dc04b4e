"""Laying out a lot's stamps on label stock and writing them to PDF (the printer path uses the
same drawing routine). Stars print only while the product has a valid OCOP certificate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.label import LabelTemplate, templates
from ocopdesk.domain.ocop import INCOMPLETE, STATE_LABELS
from ocopdesk.domain.stamp import Stamp
from ocopdesk.i18n import _
from ocopdesk.paths import AppPaths
from ocopdesk.render.stamp_sheet import Calibration, StampContent, write_pdf
from ocopdesk.services import stamps
from ocopdesk.services.catalog import CatalogService, ProductDetail


@dataclass(frozen=True, slots=True)
class PrintResult:
    path: Path
    count: int
    pages: int
    stars_note: str  # why no stars were printed, or empty


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
    """What will be printed: the stamps (issued ones only), their drawn content, the stock."""

    template: LabelTemplate
    stamps: list[Stamp]
    contents: list[StampContent]
    stars_note: str
    start_at: int

    @property
    def pages(self) -> int:
        return -(-(len(self.contents) + self.start_at - 1) // self.template.per_page)


def prepare(
    service: CatalogService,
    lot: str,
    template_id: str,
    low: int = 1,
    high: int | None = None,
    start_at: int = 1,
    sku: str | None = None,
) -> PrintJob:
    stock = template(template_id)
    if not 1 <= start_at <= stock.per_page:
        raise OcopDeskError(_("Start at a label between 1 and {n} on this sheet.").format(n=stock.per_page))
    batch = stamps.find_lot(service, lot, sku)
    detail = service.product(batch.product_id)
    stamps.refuse_unreachable(service, batch, detail)  # issued by an older version, before the code rule
    rows = [(s, url) for s, url in stamps.urls_for(service, batch, low, high) if s.status == "issued"]
    if not rows:
        raise OcopDeskError(
            _("There are no stamps to print in that range (issue them first; voided stamps are never printed).")
        )
    stars, note = stars_for(detail, dt.date.today())
    contents = [StampContent(url, detail.product.name, batch.lot_code, s.serial, s.number, stars) for s, url in rows]
    return PrintJob(stock, [s for s, _url in rows], contents, note, start_at)


def pdf_for_lot(
    service: CatalogService,
    lot: str,
    out: Path,
    template_id: str,
    low: int = 1,
    high: int | None = None,
    start_at: int = 1,
    calibration: Calibration | None = None,
    sku: str | None = None,
    outlines: bool = False,
) -> PrintResult:
    job = prepare(service, lot, template_id, low, high, start_at, sku)
    path = write_pdf(
        Path(out), job.template, job.contents, len(job.contents), start_at, calibration or Calibration(), outlines
    )
    stamps.record_printed(service, job.stamps)
    return PrintResult(path, len(job.contents), job.pages, job.stars_note)
