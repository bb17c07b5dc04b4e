"""The quality dossier (hồ sơ chất lượng, #25): what a livestream host, an affiliate or a marketplace asks a
seller for under the E-commerce Law 122/2025/QH15 — one PDF with the product's passport items (standard,
identifiers, certificate, label content, stages are on the lot pages) and a QR to its page, followed by the
scanned documents, plus the scans themselves in a ZIP."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ocopdesk.domain import poster
from ocopdesk.domain.passport import ITEMS
from ocopdesk.i18n import _
from ocopdesk.render.dossier_pdf import write_dossier
from ocopdesk.render.files import check_target
from ocopdesk.services.catalog import CatalogService, ProductDetail
from ocopdesk.services.stamps import resolver_base

_PICTURES = {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif"}


@dataclass(frozen=True, slots=True)
class DossierReport:
    pdf: Path
    archive: Path | None
    scans: int  # documents drawn as pages
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
    scans = [(title, path) for title, path in documents if path.suffix.lower() in _PICTURES]
    title = _("Quality dossier: {name}").format(name=detail.product.name)
    write_dossier(Path(out), title, dossier_rows(detail, today or dt.date.today()), url, scans)
    if archive is not None:
        _write_zip(Path(archive), documents)
    return DossierReport(Path(out), Path(archive) if archive else None, len(scans), len(documents))


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


def _write_zip(path: Path, documents: list[tuple[str, Path]]) -> None:
    """The scans under readable names, written behind a temporary name."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as bundle:
            for n, (title, file) in enumerate(documents, 1):
                safe = "".join(c if c.isalnum() or c in " -_." else "_" for c in title).strip() or "tai-lieu"
                bundle.write(file, f"{n:02d} {safe}{file.suffix.lower()}")
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
