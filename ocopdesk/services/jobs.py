"""Long service calls in the shape background runners take: module-level functions (so they can
be sent to a worker process) returning picklable values."""

from __future__ import annotations

from pathlib import Path

from ocopdesk.domain.print_request import Calibration, PrintRequest
from ocopdesk.services import backup as backups
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.changes import Changes
from ocopdesk.services.demo import load_demo
from ocopdesk.services.import_plan import ImportPlan
from ocopdesk.services.importer import ImportInvalid, ImportReport, import_file, preview
from ocopdesk.services.progress import CancelToken, ProgressFn


def demo_job(service: CatalogService, progress: ProgressFn, cancel: CancelToken) -> Changes:
    return load_demo(service, progress=progress)[1]


def import_job(
    service: CatalogService,
    progress: ProgressFn,
    cancel: CancelToken,
    path: Path,
    allowed_dirs: tuple[Path, ...] = (),
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    skip_invalid: bool = False,
) -> ImportReport:
    """A refused import comes back as a report (not written), so the window can ask what the CLI takes as
    options: allow the folders of files named outside the sheet's, or import only the valid rows — the same
    `import_file` call as `ocopdesk import --skip-invalid`."""
    try:
        return import_file(
            service,
            path,
            sheet=sheet,
            mapping=mapping,
            skip_invalid=skip_invalid,
            allowed_dirs=allowed_dirs,
            progress=progress,
            cancel=cancel,
        )
    except ImportInvalid as invalid:
        return invalid.report


def import_preview_job(
    service: CatalogService, progress: ProgressFn, cancel: CancelToken, path: Path, sheet: str | None = None
) -> ImportPlan:
    return preview(service, path, sheet=sheet)


def backup_job(service: CatalogService, progress: ProgressFn, cancel: CancelToken, out: Path) -> Path:
    return backups.backup(service, out, progress, cancel)


def restore_job(progress: ProgressFn, cancel: CancelToken, archive: Path, target: Path) -> Path | None:
    return backups.restore(archive, target, force=True)


def issue_stamps_job(
    service: CatalogService, progress: ProgressFn, cancel: CancelToken, lot: str, count: int, sku: str | None
) -> tuple[int, Changes]:
    """How many stamps were issued, and what changed."""
    from ocopdesk.services import stamps

    issued = stamps.issue(service, lot, count, sku, progress, cancel)
    return len(issued.urls), issued.changes


def stamp_pdf_job(
    service: CatalogService,
    progress: ProgressFn,
    cancel: CancelToken,
    request: PrintRequest,
    out: Path,
    purpose: str,
) -> object:
    """A PDF of the request; `purpose` says whether it is for printing (counted) or a proof."""
    from ocopdesk.services.stamp_print import pdf_for_lot

    return pdf_for_lot(service, request, out, purpose)


def site_job(service: CatalogService, progress: ProgressFn, cancel: CancelToken, out: Path):  # type: ignore[no-untyped-def]
    from ocopdesk.services.site import build_site

    return build_site(service, out, progress, cancel)


def epcis_job(service: CatalogService, progress: ProgressFn, cancel: CancelToken, out: Path):  # type: ignore[no-untyped-def]
    from ocopdesk.services.epcis_export import export_epcis

    return export_epcis(service, out)


def dossier_job(service: CatalogService, progress: ProgressFn, cancel: CancelToken, sku: str, out: Path):  # type: ignore[no-untyped-def]
    """The quality dossier and, beside it, its documents as a ZIP (a PDF's pages take a moment each to draw)."""
    from ocopdesk.services.dossier import write_quality_dossier

    return write_quality_dossier(service, sku, out, out.with_suffix(".zip"))


def export_job(  # type: ignore[no-untyped-def]
    service: CatalogService,
    progress: ProgressFn,
    cancel: CancelToken,
    marketplace_id: str,
    out: Path,
    template: Path | None,
    include_unready: bool,
):
    from ocopdesk.services.listing_export import export

    return export(
        service,
        marketplace_id,
        out,
        template=template,
        include_unready=include_unready,
        progress=progress,
        cancel=cancel,
    )


def publish_job(progress: ProgressFn, cancel: CancelToken, folder: Path, url: str, user: str, password: str):  # type: ignore[no-untyped-def]
    from ocopdesk.services.publish import publish

    return publish(folder, url, user=user, password=password, progress=progress, cancel=cancel)


def readiness_job(service: CatalogService, progress: ProgressFn, cancel: CancelToken, marketplace_ids: list[str]):  # type: ignore[no-untyped-def]
    from ocopdesk.services.listings import check_all

    return check_all(service, marketplace_ids)


def thermal_print_job(
    service: CatalogService,
    progress: ProgressFn,
    cancel: CancelToken,
    request: PrintRequest,
    language: str,
    dpi: int,
    to: str,
) -> object:
    """The request sent to a thermal printer in its own language; counted once it arrived."""
    from ocopdesk.services.thermal_print import print_lot

    return print_lot(service, request, language, dpi, to)


def thermal_test_job(
    progress: ProgressFn, cancel: CancelToken, stock: str, language: str, dpi: int, to: str, calibration: Calibration
) -> object:
    """One sample label sent to a thermal printer (no catalogue, nothing counted), away from the window:
    a network printer that does not answer takes seconds to fail."""
    from ocopdesk.services.thermal_print import sample_label

    return sample_label(stock, language, dpi, to, calibration)
