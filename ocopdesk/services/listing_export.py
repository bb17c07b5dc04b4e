"""Listing bundles: the ready products of one marketplace (or all, if the user insists) with their
images, sheet or copy-paste kit, certificates, readiness report, how-to and manifest, written
atomically; then the export is recorded per product. Readiness itself is in `listings`, and the
export takes exactly what it calls ready, so `export check`, the readiness screen and the bundle
agree. Also here: putting the marketplace photos in the image folder, so the host can serve them
before the sheet links them."""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ocopdesk import __version__
from ocopdesk.domain import codes
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.listing import Problem
from ocopdesk.i18n import _
from ocopdesk.marketplaces.base import KIT, SHEET, ImageRules, Marketplace
from ocopdesk.render import bundle, owned_folder, photos
from ocopdesk.render.files import check_target, write_atomic
from ocopdesk.services import image_host, listing_facts, shipping, square_cache
from ocopdesk.services.catalog import CatalogService, ProductDetail
from ocopdesk.services.image_host import photo_name
from ocopdesk.services.listing_files import Entry, how_to, layout, product_folder, report_text
from ocopdesk.services.listings import BUNDLE, HOST, check, listing_settings, photo_way
from ocopdesk.services.markets import marketplace
from ocopdesk.services.progress import CancelToken, ProgressFn, no_progress
from ocopdesk.services.readiness import Readiness


@dataclass
class ExportReport:
    marketplace: str
    out: Path
    exported: list[str] = field(default_factory=list)  # SKUs in the bundle
    left_out: dict[str, list[str]] = field(default_factory=dict)  # SKU → why
    warnings: list[str] = field(default_factory=list)
    url_failures: list[str] = field(default_factory=list)
    images: int = 0
    photo_way: str = ""  # listings.HOST or BUNDLE for a sheet that could link photos; "" otherwise
    photo_problems: dict[str, list[Problem]] = field(default_factory=dict)  # SKU → the photos not made

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
    market = shipping.with_channels(service, market, template, report.warnings)  # refuses before the photo work
    checked = check(service, market.id, skus, today, image_host)
    chosen = _choose(market, checked, include_unready, report)
    stored = listing_settings(service)
    host = (image_host or stored["image_host_url"]).rstrip("/")
    folder = image_folder or (Path(stored["image_folder"]) if stored["image_folder"] else None)
    report.photo_way = photo_way(service, market.id) if market.images.as_urls else ""
    if report.photo_way == HOST and not host:
        raise OcopDeskError(
            _(
                "{market} reads photos from web addresses: set the image host address (by default the "
                "traceability website), or choose to put the photos in the bundle."
            ).format(market=market.name),
            cli_hint=_("On the command line: give the address with --image-host, or use --photos bundle."),
        )
    entries, files = _entries(service, market, chosen, report, (host, folder), include_unready, progress, cancel)
    if not entries:
        raise OcopDeskError(_("No product is left to export: every one has a problem with its photos."))
    if report.photo_way == HOST and check_urls:
        progress(0, 0, _("Checking the image addresses…"))
        report.url_failures = check_image_urls([u for e in entries for u in e.images], cancel)
    files.update(layout(market, entries, template, report.warnings))
    scans = [e.listing.sku for e in entries if e.certificates]
    files["HUONG-DAN.txt"] = how_to(market, report.photo_way, host, scans).encode()
    text = report_text(market, checked, report.exported, report.url_failures, report.photo_problems)
    files["bao-cao.txt"] = text.encode()
    progress(0, 0, _("Writing the bundle…"))
    identity = (service.catalogue_id(), service.product_uuids([r.product_id for r in checked]))
    bundle.write(out, files, _manifest(market, report, checked, identity), cancel.check)
    with service.write():
        service.listing_rows.record_export([e.readiness.product_id for e in entries], market.id, out.name)
    return report


def _choose(
    market: Marketplace, checked: list[Readiness], include_unready: bool, report: ExportReport
) -> list[Readiness]:
    """The products to bundle; the others go in the report with their errors."""
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
    return chosen


def _manifest(
    market: Marketplace, report: ExportReport, checked: list[Readiness], identity: tuple[str, dict[int, str]]
) -> dict[str, object]:
    """What manifest.json says besides the file list: what was bundled, left out, and why; the catalogue and
    each product by their stable ids (#24), which outlive a changed SKU."""
    catalogue_id, uuids = identity
    return {
        "marketplace": market.id,
        "catalogue_id": catalogue_id,
        "app_version": __version__,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "products": report.exported,
        "left_out": report.left_out,
        "photos": report.photo_way or "files",
        "image_urls_answer": not report.url_failures,
        "readiness": [
            {
                "sku": r.sku,
                "uuid": uuids.get(r.product_id, ""),
                "ready": r.ready,
                "category": {"id": r.category.id, "path": list(r.category.path)} if r.category else None,
                "problems": [asdict(p) for p in r.problems + report.photo_problems.get(r.sku, [])],
            }
            for r in checked
        ],
    }


def _entries(
    service: CatalogService,
    market: Marketplace,
    chosen: list[Readiness],
    report: ExportReport,
    where: tuple[str, Path | None],
    include_unready: bool,
    progress: ProgressFn,
    cancel: CancelToken,
) -> tuple[list[Entry], dict[str, bundle.Content]]:
    """Each chosen listing with the photos (and certificate scans) the bundle carries for it, and those
    files: addresses on the host (`where`: host, image folder), or the files' places in the bundle.
    Products without enough usable photos leave; what failed goes in `report.photo_problems`."""
    files: dict[str, bundle.Content] = {}
    entries = []
    details = [r.facts.detail for r in chosen]
    made = make_images(service, details, market.images, market.name, progress, cancel)
    for r in chosen:
        cancel.check()
        images, failures = made[r.product_id]
        if failures:
            report.photo_problems[r.sku] = [Problem("photos", f) for f in failures]
        if len(images) < market.images.min_count and not include_unready:
            report.left_out[r.sku] = [f for f in failures] or [_("Not enough usable photos.")]
            continue
        report.warnings += [f"{r.sku}: {f}" for f in failures]  # bundled all the same: say which photo is missing
        per_product = market.kind == KIT or (market.kind == SHEET and report.photo_way == BUNDLE)
        folder_name = product_folder(len(report.exported) + 1, r.sku) if per_product else ""
        names = _place_photos(market, r, images, folder_name, per_product, report.photo_way, where, files)
        scans = _place_scans(service, r, folder_name, files)
        entries.append(Entry(r, tuple(names), tuple(scans)))
        report.exported.append(r.sku)
        report.images += len(images)
    return entries, files


def _place_photos(
    market: Marketplace,
    r: Readiness,
    images: list[bytes],
    folder_name: str,
    per_product: bool,
    way: str,
    where: tuple[str, Path | None],
    files: dict[str, bundle.Content],
) -> list[str]:
    """Put one product's photos in the bundle (and the image folder); returns what its listing links."""
    host, folder = where
    names = []
    for n, data in enumerate(images, 1):
        name = photo_name(r.name, r.sku, n)
        if market.kind == KIT:
            files[f"{folder_name}anh/{n:02d}.jpg"] = data
            names.append(f"{folder_name}anh/{n:02d}.jpg")
        elif per_product:
            files[f"anh/{folder_name}{n:02d}.jpg"] = data  # the sheet's photo columns stay empty
        else:
            files[f"anh/{name}"] = data
            if way == HOST:
                if folder is not None:
                    write_atomic(owned_folder.target(folder, f"m/{name}"), data)
                names.append(image_host.photo_url(host, r.name, r.sku, n))
            else:
                names.append(f"anh/{name}")
    return names


def _place_scans(
    service: CatalogService, r: Readiness, folder_name: str, files: dict[str, bundle.Content]
) -> list[str]:
    """Put one product's certificate scans (its documents, as the check read them) in the bundle."""
    names = []
    for n, doc in enumerate(r.facts.detail.documents, 1):
        source = service.media_path(doc)
        if source.is_file():
            name = f"{folder_name}chung-nhan/{codes.file_stem(r.sku)}-{n:02d}{doc.ext}"
            files[name] = source
            names.append(name)
    return names


# ---------------------------------------------------------------- the image folder


@dataclass
class PhotosReport:
    folder: Path
    host: str
    written: int = 0
    products: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict)  # SKU → why a photo was not made


def prepare_photos(
    service: CatalogService,
    marketplace_ids: list[str] | None = None,
    skus: list[str] | None = None,
    folder: Path | None = None,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> PhotosReport:
    """Put every product's marketplace photos in the image folder (`m/`, the names the sheets link),
    made to suit every marketplace that reads addresses. Publishing that folder (with the website)
    is what makes the addresses answer; readiness then sees them."""
    cancel = cancel or CancelToken()
    markets = [marketplace(m) for m in marketplace_ids or ["shopee", "tiktok", "lazada"]]
    markets = [m for m in markets if m.images.as_urls]
    if not markets:
        raise OcopDeskError(_("That marketplace takes the photos from the bundle itself: no image host is needed."))
    stored = listing_settings(service)
    folder = folder or (Path(stored["image_folder"]) if stored["image_folder"] else None)
    if folder is None:
        raise OcopDeskError(
            _(
                "There is no folder for the photos yet: build the traceability website first, or set the local "
                "folder published at the image host in Settings."
            )
        )
    preset = ImageRules(
        size=max(m.images.size for m in markets),
        max_bytes=min(m.images.max_bytes for m in markets),
        min_source_px=0,
        max_count=max(m.images.max_count for m in markets),
    )
    details = [f.detail for f in listing_facts.gather(service, skus, dt.date.today())]
    report = PhotosReport(folder, stored["image_host_url"].rstrip("/"))
    made = make_images(service, details, preset, "", progress, cancel)
    products = {d.product.id: d.product for d in details}
    for product_id, (images, failures) in made.items():
        product = products[product_id]
        for n, data in enumerate(images, 1):
            write_atomic(owned_folder.target(folder, f"m/{photo_name(product.name, product.sku, n)}"), data)
        report.written += len(images)
        report.products += bool(images)
        if failures:
            report.failures[product.sku] = failures
    return report


def prepare_photos_job(
    service: CatalogService, progress: ProgressFn, cancel: CancelToken, marketplace_ids: list[str] | None
) -> PhotosReport:
    return prepare_photos(service, marketplace_ids, progress=progress, cancel=cancel)


def make_images(
    service: CatalogService,
    details: list[ProductDetail],
    rules_: ImageRules,
    market_name: str,
    progress: ProgressFn,
    cancel: CancelToken,
) -> dict[int, tuple[list[bytes], list[str]]]:
    """Square marketplace images for every product, on a thread pool (Pillow releases the GIL
    while decoding, resizing and encoding). Per product: the images made and what failed."""
    product_ids = [d.product.id for d in details if d.product.id is not None]
    jobs = [
        (d.product.id, n, service.media_path(item), item.sha256)
        for d in details
        if d.product.id is not None
        for n, item in enumerate(d.photos[: rules_.max_count], 1)
    ]
    cache = image_cache(service)

    def make(job: tuple[int, int, Path, str]) -> tuple[int, int, bytes | str]:
        product_id, n, path, sha = job
        try:
            width, height = photos.source_size(path)  # the header only: a cached square needs no decoding
            if min(width, height) < rules_.min_source_px:
                return (
                    product_id,
                    n,
                    _("photo {n} is {w}×{h} pixels; {market} needs at least {min}×{min}.").format(
                        n=n, w=width, h=height, market=market_name, min=rules_.min_source_px
                    ),
                )
            return product_id, n, square_cache.square(cache, sha, path, rules_.size, rules_.max_bytes)
        except photos.PhotoError as exc:
            return product_id, n, _("photo {n}: {reason}").format(n=n, reason=exc)
        except OSError as exc:
            return product_id, n, _("photo {n} cannot be read: {reason}").format(n=n, reason=exc)

    out: dict[int, tuple[list[bytes], list[str]]] = {product_id: ([], []) for product_id in product_ids}
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
    """Marketplace images already made, by photo content, side and quality (`square_cache`), beside the catalogue
    (not in its backups: they are derived). The same photos go to every marketplace; each is made once."""
    return service.path.with_name(f"{service.path.stem}.cache") / "marketplace"


def check_image_urls(urls: list[str], cancel: CancelToken | None = None) -> list[str]:
    """Every URL must answer 200 with an image content type; returns the failures, explained."""
    answers = image_host.probe(urls, cancel)
    return [answers[url] for url in dict.fromkeys(urls) if answers.get(url)]
