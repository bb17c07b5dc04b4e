"""The quality dossier (hồ sơ chất lượng, #25): what a livestream host, an affiliate or a marketplace asks a
seller for under the E-commerce Law 122/2025/QH15 — one PDF with the product's passport items (standard,
identifiers, certificate, label content, stages are on the lot pages) and a QR to its page, an index of the
documents, then the documents themselves (pictures and PDFs, page by page), plus the files in a ZIP.

A document goes into the PDF only when it still is what the import let in: there, no larger than the import's
cap, a picture or a PDF by its first bytes (domain/media.py), a PDF QtPdf can open; at most MAX_PDF_PAGES pages
of one PDF are drawn. The index says where each document is, or why it is only in the ZIP or nowhere."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ocopdesk.domain import poster
from ocopdesk.domain.media import DOCUMENT_TYPES, MAX_BYTES, sniff_type
from ocopdesk.domain.passport import ITEMS
from ocopdesk.i18n import _
from ocopdesk.render.dossier_pdf import Scan, pdf_page_count, write_dossier
from ocopdesk.render.files import check_target
from ocopdesk.services.catalog import CatalogService, ProductDetail
from ocopdesk.services.stamps import resolver_base

MAX_PDF_PAGES = 30  # a test report is a few pages; a 300-page scan would make a dossier nobody opens
FIRST_SCAN_PAGE = 3  # after the items page and the index


@dataclass(frozen=True, slots=True)
class DossierReport:
    pdf: Path
    archive: Path | None
    scans: int  # document pages drawn into the PDF
    files: int  # documents in the ZIP


def write_quality_dossier(
    service: CatalogService, sku: str, out: Path, archive: Path | None = None, today: dt.date | None = None
) -> DossierReport:
    detail = service.product_by_sku(sku)
    for target in (out, archive):
        if target is not None:
            check_target(Path(target))
    url = poster.product_url(resolver_base(service), detail.product.sku)
    documents = [(d.title or d.original_name or _("Document"), service.media_path(d)) for d in detail.documents]
    present: dict[Path, str] = {}  # each file once (the same scan attached twice is one file), first title
    for title, path in documents:
        if path.is_file():
            present.setdefault(path, title)
    files = [(title, path) for path, title in present.items()]
    names = {path: name for (_t, path), name in zip(files, zip_names(files), strict=True)} if archive else {}
    scans, rows = plan_scans(documents, names)
    title = _("Quality dossier: {name}").format(name=detail.product.name)
    index = (_("Documents in this dossier"), rows) if rows else None
    write_dossier(Path(out), title, dossier_rows(detail, today or dt.date.today()), url, scans, index)
    if archive is not None:
        _write_zip(Path(archive), [(names[path], path) for _title, path in files])
    return DossierReport(Path(out), Path(archive) if archive else None, sum(s.pages or 1 for s in scans), len(present))


def plan_scans(documents: list[tuple[str, Path]], names: dict[Path, str]) -> tuple[list[Scan], list[tuple[str, str]]]:
    """The documents drawn into the PDF, and the index: each document's pages there, or why it is not there;
    and its name in the ZIP (`names`, empty without a ZIP)."""
    scans, rows, page = [], [], FIRST_SCAN_PAGE
    for title, path in documents:
        problem, pages = _readable(path)
        if problem:
            where = _("not in this PDF: {reason}").format(reason=problem)
        else:
            shown = min(pages, MAX_PDF_PAGES) if pages else 1
            scans.append(Scan(title, path, min(pages, MAX_PDF_PAGES)))
            where = _pages(page, shown)
            if pages > shown:
                where += "; " + _("the first {shown} of {total} pages").format(shown=shown, total=pages)
            page += shown
        if path in names:
            where += "; " + _("in the ZIP as {name}").format(name=names[path])
        rows.append((title, where))
    return scans, rows


def _pages(first: int, count: int) -> str:
    if count == 1:
        return _("page {page}").format(page=first)
    return _("pages {first}–{last}").format(first=first, last=first + count - 1)


def _readable(path: Path) -> tuple[str, int]:
    """Why the document cannot be drawn ("" when it can), and its page count (0 for a picture)."""
    if not path.is_file():
        return _("the file is missing from the catalogue's folder"), 0
    if path.stat().st_size > MAX_BYTES:
        return _("larger than {mb} MB").format(mb=MAX_BYTES // 2**20), 0
    with path.open("rb") as handle:
        kind = sniff_type(handle.read(16))
    if kind not in DOCUMENT_TYPES:
        return _("not a picture or a PDF document"), 0
    if kind != "application/pdf":
        return "", 0
    count = pdf_page_count(path)
    return (_("the PDF cannot be read (damaged, or protected by a password)"), 0) if count is None else ("", count)


def dossier_rows(detail: ProductDetail, today: dt.date) -> list[tuple[str, str]]:
    """The product-level passport items in the order of domain/passport.py, each declared or "not declared"."""
    p, who = detail.product, detail.producer
    cert = detail.current_certificate(today)
    ids = (
        [
            who.tax_code,
            who.registration_no and _("business registration no. {number}").format(number=who.registration_no),
        ]
        if who
        else []
    )
    values = {
        "name": p.name,
        "gtin": p.gtin,
        "brand": p.brand,
        "producer": who.name if who else "",
        "address": who.address_text if who else "",
        "identifier": " · ".join(x for x in ids if x),
        "origin": _("Vietnam"),
        "standard": " – ".join(x for x in (p.standard_number, p.standard_title) if x) if p.standard_number else "",
        "certification": f"OCOP {cert.stars}★ · {cert.decision_number} · {cert.authority}".rstrip(" ·") if cert else "",
        "warnings": p.warnings,
        "usage": p.usage,
    }
    rows = [(_(ITEMS[key]), value or _("not declared")) for key, value in values.items()]
    rows += [(label, text) for label, text in ((_("Ingredients"), p.ingredients), (_("Storage"), p.storage)) if text]
    # The record's stable id (#24): whoever keeps this dossier (a seller, a province office gathering several
    # co-ops' catalogues) can name the product by it, whatever its SKU becomes.
    return [*rows, (_("Record id"), p.uuid)]


def zip_names(documents: list[tuple[str, Path]]) -> list[str]:
    """Each document's name in the ZIP: its number, its title in safe characters, its file's extension."""
    out = []
    for n, (title, file) in enumerate(documents, 1):
        safe = "".join(c if c.isalnum() or c in " -_." else "_" for c in title).strip() or "tai-lieu"
        out.append(f"{n:02d} {safe}{file.suffix.lower()}")
    return out


def _write_zip(path: Path, documents: list[tuple[str, Path]]) -> None:
    """The documents under their ZIP names, written behind a temporary name."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as bundle:
            for name, file in documents:
                bundle.write(file, name)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
