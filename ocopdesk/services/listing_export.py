"""Listing bundles: the ready products of one marketplace (or all, if the user insists) with their
images, sheet or copy-paste kit, certificates, readiness report, how-to and manifest, written
atomically; then the export is recorded per product. Readiness itself is in `listings`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

import requests

from ocopdesk import __version__
from ocopdesk.domain import codes
from ocopdesk.domain import listing as rules
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.listing import ERROR, Listing, Problem
from ocopdesk.domain.text import slug
from ocopdesk.i18n import _, translation
from ocopdesk.marketplaces.base import KIT, SHEET, Marketplace
from ocopdesk.render import bundle, cells, photos, xlsx
from ocopdesk.render.files import check_target, write_atomic
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.listings import Readiness, check, listing_settings, marketplace
from ocopdesk.services.progress import CancelToken, ProgressFn, no_progress
from ocopdesk.storage import listings

URL_TIMEOUT = 10


@dataclass
class ExportReport:
    marketplace: str
    out: Path
    exported: list[str] = field(default_factory=list)  # SKUs in the bundle
    left_out: dict[str, list[str]] = field(default_factory=dict)  # SKU → why
    warnings: list[str] = field(default_factory=list)
    url_failures: list[str] = field(default_factory=list)
    images: int = 0

    @property
    def sheet_ready(self) -> bool:
        return not self.url_failures


def export(
    service: CatalogService,
    marketplace_id: str,
    out: Path,
    *,
    skus: list[str] | None = None,
    template: Path | None = None,
    include_unready: bool = False,
    image_host: str | None = None,
    image_folder: Path | None = None,
    check_urls: bool = True,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    today: dt.date | None = None,
) -> ExportReport:
    cancel = cancel or CancelToken()
    market = marketplace(marketplace_id)
    out = Path(out)
    check_target(out)  # before the photo work, not after it
    report = ExportReport(market.id, out)
    progress(0, 0, _("Checking the products…"))
    checked = check(service, market.id, skus, today)
    chosen = [r for r in checked if r.ready or include_unready]
    for r in checked:
        if not r.ready and not include_unready:
            report.left_out[r.sku] = [p.message for p in r.errors]
    if not chosen:
        raise OcopDeskError(
            _("No product is ready for {market}. Run the readiness check and fix what it lists.").format(
                market=market.name
            )
        )
    stored = listing_settings(service)
    host = (image_host or stored["image_host_url"]).rstrip("/")
    folder = image_folder or (Path(stored["image_folder"]) if stored["image_folder"] else None)
    if market.images.as_urls and (not host or folder is None):
        raise OcopDeskError(
            _(
                "{market} reads photos from web addresses: set the image host address and the local folder that "
                "is published there (--image-host, --image-folder; by default the traceability website folder)."
            ).format(market=market.name)
        )

    files: dict[str, bundle.Content] = {}
    made = _make_images(service, chosen, market, progress, cancel)
    for r in list(chosen):
        cancel.check()
        images, failures = made[r.product_id]
        if failures:
            r.problems += [Problem("photos", f) for f in failures]
        if len(images) < market.images.min_count and not include_unready:
            report.left_out[r.sku] = [f for f in failures] or [_("Not enough usable photos.")]
            chosen.remove(r)
            continue
        folder_name = _product_folder(len(report.exported) + 1, r.sku) if market.kind == KIT else ""
        names = []
        for n, data in enumerate(images, 1):
            name = photo_name(r.name, r.sku, n)
            path = f"{folder_name}anh/{n:02d}.jpg" if folder_name else f"anh/{name}"
            files[path] = data
            if market.images.as_urls:
                assert folder is not None
                write_atomic(folder / "m" / name, data)
                names.append(f"{host}/m/{quote(name)}")
            else:
                names.append(path)
        r.listing.images = names
        for n, doc in enumerate(service.product_by_sku(r.sku).documents, 1):
            source = service.media_path(doc)
            if source.is_file():
                cert_name = f"{folder_name}chung-nhan/{codes.file_stem(r.sku)}-{n:02d}{doc.ext}"
                files[cert_name] = source
                r.listing.certificates.append(cert_name)
        report.exported.append(r.sku)
        report.images += len(images)
    if not chosen:
        raise OcopDeskError(_("No product is left to export: every one has a problem with its photos."))

    if market.images.as_urls and check_urls:
        progress(0, 0, _("Checking the image addresses…"))
        report.url_failures = check_image_urls([u for r in chosen for u in r.listing.images], cancel)
    files.update(_layout(market, chosen, template, report))
    files["HUONG-DAN.txt"] = (translation(market.how_to, "vi") + "\n").encode()
    files["bao-cao.txt"] = _report_text(market, checked, report).encode()
    extra = {
        "marketplace": market.id,
        "app_version": __version__,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "products": report.exported,
        "left_out": report.left_out,
        "image_urls_answer": not report.url_failures,
        "readiness": [{"sku": r.sku, "ready": r.ready, "problems": [asdict(p) for p in r.problems]} for r in checked],
    }
    progress(0, 0, _("Writing the bundle…"))
    bundle.write(out, files, extra, cancel.check)
    with service.cdb.write():
        listings.record_export(service.cdb, [r.product_id for r in chosen], market.id, out.name)
    return report


def photo_name(name: str, sku: str, number: int) -> str:
    """An ASCII file name marketplaces and web hosts all accept, readable by people and search
    engines ("Khoai lang dẻo Đồng Hới" → khoai-lang-deo-dong-hoi--khoai-deo-dh-01.jpg). Different
    SKUs give different names: `codes.file_stem` tells MO.1, MO-1 and MO/1 apart, and the "--"
    (never inside a slug) keeps a name ending like a SKU from meeting a SKU starting like a name."""
    return f"{slug(name, 50) or 'sp'}--{codes.file_stem(sku)}-{number:02d}.jpg"


def _product_folder(number: int, sku: str) -> str:
    return f"{number:03d}-{codes.file_stem(sku)}/"


def _make_images(
    service: CatalogService, chosen: list[Readiness], market: Marketplace, progress: ProgressFn, cancel: CancelToken
) -> dict[int, tuple[list[bytes], list[str]]]:
    """Square marketplace images for every chosen product, on a thread pool (Pillow releases the
    GIL while decoding, resizing and encoding). Per product: the images made and what failed."""
    jobs = [
        (r.product_id, n, service.media_path(item), item.sha256)
        for r in chosen
        for n, item in enumerate(service.product(r.product_id).photos[: market.images.max_count], 1)
    ]
    rules_ = market.images
    cache = image_cache(service)

    def make(job: tuple[int, int, Path, str]) -> tuple[int, int, bytes | str]:
        product_id, n, path, sha = job
        try:
            data = path.read_bytes()
            width, height = photos.source_size(data)
            if min(width, height) < rules_.min_source_px:
                return (
                    product_id,
                    n,
                    _("photo {n} is {w}×{h} pixels; {market} needs at least {min}×{min}.").format(
                        n=n, w=width, h=height, market=market.name, min=rules_.min_source_px
                    ),
                )
            cached = cache / f"{sha}-{rules_.size}-{rules_.max_bytes}.jpg"
            if cached.is_file():
                return product_id, n, cached.read_bytes()
            made = photos.square(data, rules_.size, rules_.max_bytes)
            write_atomic(cached, made)
            return product_id, n, made
        except photos.PhotoError as exc:
            return product_id, n, _("photo {n}: {reason}").format(n=n, reason=exc)
        except OSError as exc:
            return product_id, n, _("photo {n} cannot be read: {reason}").format(n=n, reason=exc)

    out: dict[int, tuple[list[bytes], list[str]]] = {r.product_id: ([], []) for r in chosen}
    results: dict[tuple[int, int], bytes | str] = {}
    with ThreadPoolExecutor(max(1, min(os.cpu_count() or 1, 8))) as pool:
        for done, (product_id, n, result) in enumerate(pool.map(make, jobs), 1):
            results[(product_id, n)] = result
            if done % 10 == 0 or done == len(jobs):
                cancel.check()
                progress(done, len(jobs), _("Preparing photos…"))
    for (product_id, _n), result in sorted(results.items()):
        images, failures = out[product_id]
        (images if isinstance(result, bytes) else failures).append(result)  # type: ignore[arg-type]
    return out


def image_cache(service: CatalogService) -> Path:
    """Marketplace images already made, by photo content and preset, beside the catalogue (not in
    its backups: they are derived). The same photos go to every marketplace; each is made once."""
    return service.path.with_name(f"{service.path.stem}.cache") / "marketplace"


def check_image_urls(urls: list[str], cancel: CancelToken | None = None) -> list[str]:
    """Every URL must answer 200 with an image content type; returns the failures, explained."""
    failures = []
    with requests.Session() as session:
        for url in urls:
            if cancel:
                cancel.check()
            try:
                answer = session.get(url, timeout=URL_TIMEOUT, stream=True)
                answer.close()
            except requests.RequestException as exc:
                failures.append(_("{url}: no answer ({reason})").format(url=url, reason=type(exc).__name__))
                continue
            kind = answer.headers.get("Content-Type", "")
            if answer.status_code != 200 or not kind.startswith("image/"):
                failures.append(
                    _("{url}: answered {status} {kind} instead of a picture").format(
                        url=url, status=answer.status_code, kind=kind
                    )
                )
    return failures


def _rows(market: Marketplace, chosen: list[Readiness]) -> list[dict[str, object]]:
    rows = []
    for r in chosen:
        values = r.listing.fields()
        row: dict[str, object] = {}
        for column in market.columns:
            value: object = values.get(column.field, "")
            if column.field in ("price", "stock") and value != "":
                value = int(str(value))
            elif column.field in ("weight", "length_cm", "width_cm", "height_cm") and value != "":
                value = float(str(value))
            row[column.key] = value
        rows.append(row)
    return rows


def _layout(
    market: Marketplace, chosen: list[Readiness], template: Path | None, report: ExportReport
) -> dict[str, bundle.Content]:
    if market.kind == SHEET:
        keys = [c.key for c in market.columns]
        rows = _rows(market, chosen)
        if template is not None:
            try:
                data, missing = xlsx.fill_template(
                    Path(template), keys, rows, market.first_data_row - 1, market.sheet_name
                )
            except xlsx.TemplateError as exc:
                raise OcopDeskError(str(exc)) from exc
            if missing:
                report.warnings.append(_("The template has no column for: {keys}").format(keys=", ".join(missing)))
        else:
            data = xlsx.write_layout(
                keys,
                [c.header for c in market.columns],
                [c.required for c in market.columns],
                rows,
                market.first_data_row,
                market.sheet_name,
            )
        return {f"{market.id}-dang-tai.xlsx": data}
    if market.kind == KIT:
        out: dict[str, bundle.Content] = {}
        for number, r in enumerate(chosen, 1):
            folder = _product_folder(number, r.sku)
            out[f"{folder}thong-tin.txt"] = kit_text(r.listing).encode()
            out[f"{folder}san-pham.json"] = json.dumps(r.listing.fields(), ensure_ascii=False, indent=2).encode()
        return out
    table = [r.listing.fields() for r in chosen]
    keys = sorted({k for row in table for k in row}, key=lambda k: (k.startswith("image_"), len(k), k))
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=keys)
    writer.writeheader()
    writer.writerows(cells.csv_row(row) for row in table)
    data = xlsx.write_layout(keys, keys, [False] * len(keys), table, 2, "Sản phẩm")  # type: ignore[arg-type]
    return {
        "products.csv": ("\ufeff" + text.getvalue()).encode(),
        "products.xlsx": data,
        "products.json": json.dumps(table, ensure_ascii=False, indent=2).encode(),
    }


KIT_FIELDS: list[tuple[str, Callable[[Listing], str]]] = [
    ("Tên sản phẩm", lambda x: x.title),
    ("Giá bán (đồng)", lambda x: str(x.price or "")),
    ("Số lượng trong kho", lambda x: str(x.stock)),
    ("Khối lượng (g)", lambda x: rules._number(x.weight)),
    ("Mã SKU", lambda x: x.sku),
    ("Mã vạch (GTIN)", lambda x: x.gtin),
    ("Thương hiệu", lambda x: x.brand),
    ("Mô tả sản phẩm", lambda x: x.description),
]


def kit_fields(listing: Listing) -> list[tuple[str, str]]:
    """The seller-form fields in the order the forms ask for them (the listing assistant's too)."""
    return [(label, value(listing)) for label, value in KIT_FIELDS]


def kit_text(listing: Listing) -> str:
    parts = [f"=== {label} ===\n{value}\n" for label, value in kit_fields(listing)]
    parts.append("=== Ảnh (đăng theo thứ tự) ===\n" + "\n".join(listing.images) + "\n")
    if listing.certificates:
        parts.append("=== Giấy chứng nhận ===\n" + "\n".join(listing.certificates) + "\n")
    return "\n".join(parts)


def _report_text(market: Marketplace, checked: list[Readiness], report: ExportReport) -> str:
    lines = [f"{market.name}: {len(report.exported)} / {len(checked)}", ""]
    for r in checked:
        state = "OK" if r.sku in report.exported else "--"
        lines.append(f"[{state}] {r.sku} {r.name}")
        lines += [f"    {'LỖI' if p.severity == ERROR else 'lưu ý'}: {p.message}" for p in r.problems]
    if report.url_failures:
        lines += ["", "Địa chỉ ảnh chưa mở được:"] + [f"    {f}" for f in report.url_failures]
    return "\n".join(lines) + "\n"
