"""Printing a lot's stamps on a thermal roll printer in its own language (ZPL II or TSPL2), sent
straight to it: the same request, stock, layout and counting as the PDF path (services.stamp_print).
A job that reached its target counts its stamps as printed — a file too, since that file is the job
to print; a test label never counts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.print_offsets import fit_offsets, thermal_area
from ocopdesk.domain.print_request import Calibration, PrintRequest
from ocopdesk.domain.stamp import url_maker
from ocopdesk.i18n import _
from ocopdesk.render.label_job import SheetJob, StampContent
from ocopdesk.render.thermal import DPIS, ThermalLanguage, thermal_job
from ocopdesk.render.tspl import Tspl
from ocopdesk.render.zpl import Zpl
from ocopdesk.services import stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.changes import Changes
from ocopdesk.services.raw_printer import parse_target, send
from ocopdesk.services.stamp_print import PrintJob, layout_notes, prepare, template

LANGUAGES: dict[str, type[Zpl] | type[Tspl]] = {"zpl": Zpl, "tspl": Tspl}
TEST_SERIAL = "0TEST00000"


@dataclass(frozen=True, slots=True)
class ThermalResult:
    target: str
    count: int  # stamps
    labels: int  # with copies
    size: int  # bytes sent
    stars_note: str
    counted: bool
    notes: tuple[str, ...] = ()
    changes: Changes = field(default_factory=Changes)  # sent stamps count as printed


def language(name: str) -> ThermalLanguage:
    if name not in LANGUAGES:
        raise OcopDeskError(_("Unknown printer language {name}: choose zpl or tspl.").format(name=name))
    return LANGUAGES[name]()


def check_dpi(dpi: int) -> int:
    if dpi not in DPIS:
        raise OcopDeskError(_("A thermal printer prints at 203 or 300 dpi, not {dpi}.").format(dpi=dpi))
    return dpi


def on_the_label(sheet: SheetJob) -> tuple[SheetJob, str]:
    """The job with its offsets clipped to the label under the printer's head (its y starts at the
    label, so a negative y offset has only the safe margin to use), and the note saying so."""
    calibration, note = fit_offsets(sheet.template, sheet.calibration, thermal_area(sheet.template))
    return replace(sheet, calibration=calibration), note


def job_bytes(job: PrintJob, language_name: str, dpi: int | None) -> bytes:
    """The whole job in the printer's language (nothing sent, nothing counted); without a dpi, the
    roll's own (its template's `thermal.dpi`)."""
    if dpi is None:
        dpi = job.template.thermal.dpi if job.template.thermal is not None else 203
    return thermal_job(on_the_label(job.sheet)[0], language(language_name), check_dpi(dpi))


def print_lot(service: CatalogService, request: PrintRequest, language_name: str, dpi: int, to: str) -> ThermalResult:
    """Make the job, send it; only once it reached `to` do its stamps count as printed."""
    target = parse_target(to)
    job = prepare(service, request)
    offset_note = on_the_label(replace(job.sheet, calibration=request.calibration))[1]  # as the clerk asked
    notes = tuple(n for n in layout_notes(job) if n != job.offset_note) + ((offset_note,) if offset_note else ())
    data = job_bytes(job, language_name, dpi)
    send(data, target)
    changes = stamps.record_printed(service, job.stamps)
    return ThermalResult(target.name, len(job.contents), job.labels, len(data), job.stars_note, True, notes, changes)


def sample_label(
    stock_id: str, language_name: str, dpi: int | None, to: str, calibration: Calibration | None = None
) -> ThermalResult:
    """One sample stamp (product "Tem thử", lot TEST) to check the printer, its language and its
    alignment (with the offsets the job would use); it is no issued stamp and is never counted."""
    target = parse_target(to)
    url = url_maker("https://truyxuat.example.vn", "8938500121005", "TEST")(TEST_SERIAL, "KEFVAQX5Q5PF4")
    content = StampContent(url, "Tem thử — kiểm tra máy in", "TEST", TEST_SERIAL, 1)
    stock = template(stock_id)
    if dpi is None:
        dpi = stock.thermal.dpi if stock.thermal is not None else 203
    job, offset_note = on_the_label(SheetJob(stock, [content], calibration=calibration or Calibration()))
    data = thermal_job(job, language(language_name), check_dpi(dpi))
    send(data, target)
    return ThermalResult(target.name, 1, 1, len(data), "", False, (offset_note,) if offset_note else ())
