"""Whether the website folder already holds what a build would make, known without making any of it.

A build records the state it was made from: the catalogue's change marks (storage/change_marks.py: one small
table that every write changes), the program's templates and translations, the address, the day (a
certificate ends on a date with nothing saved), the folder and the clerk's language (the report's warnings are
in it). When the next build finds the same state, a finished manifest and every file it names still on disk,
it has nothing to do: it reports the last build's pages and warnings again. Before this, a rebuild with
nothing changed read every product, lot and stamp and hashed every page's inputs to write nothing
(issue #28: 1.9 s at 1,000 products × 10 lots on a loaded machine).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ocopdesk.i18n import current_language
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.site_model import SiteReport
from ocopdesk.services.site_pages import render_version


def build_state(service: CatalogService, base: str, today: dt.date, out: Path, widths: tuple[int, ...]) -> str:
    """The fingerprint of everything a build reads; "" when the catalogue cannot vouch that nothing changed."""
    marks = service.stats.change_marks()
    if marks is None:
        return ""
    inputs = [marks, render_version(), base, today.isoformat(), str(out), current_language(), list(widths)]
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def up_to_date(out: Path, manifest: dict[str, Any], state: str) -> bool:
    """True when the last build finished from this very state and left every file it named in place
    (a page deleted by hand is made again by a full comparison)."""
    if not state or manifest.get("building") or manifest.get("state") != state:
        return False
    last = manifest.get("report")
    if not isinstance(last, dict) or last.get("photos_left_out"):  # a photo file mended in place: try it again
        return False
    names = [*manifest.get("files", {}), *manifest.get("photo_files", [])]
    return all(os.path.isfile(out / name) for name in names)


def remembered(report: SiteReport) -> dict[str, Any]:
    """What the manifest keeps of a build's report, to give it again when nothing changed."""
    return {"pages": report.pages, "warnings": list(report.warnings), "photos_left_out": report.photos_left_out}


def unchanged_report(out: Path, manifest: dict[str, Any]) -> SiteReport:
    """The report of a build that found nothing to do: the last build's pages and warnings (read back from a
    folder anyone can edit, so only values of the right types)."""
    last = manifest["report"]
    pages = last.get("pages")
    warnings = last.get("warnings")
    return SiteReport(
        out,
        pages=pages if isinstance(pages, int) else 0,
        unchanged=len(manifest.get("files", {})),
        warnings=[w for w in warnings if isinstance(w, str)] if isinstance(warnings, list) else [],
    )
