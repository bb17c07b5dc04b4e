"""Listings: is each product ready for a marketplace, and the bundle that lists it there.

`check` builds each product's listing for one marketplace and says what is wrong, in plain words
and with the field to fix; errors block a product, warnings do not. `export` bundles the ready
products (or all, if the user insists): images, sheet or copy-paste kit, certificates, a readiness
report, a how-to and a manifest, written atomically; then records the export per product.
"""

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

from ocopdesk.domain import listing as rules
from ocopdesk.domain import poster
from ocopdesk.domain.errors import FieldError, NotFoundError, OcopDeskError, ValidationError
from ocopdesk.domain.listing import ERROR, WARNING, Listing, Problem
from ocopdesk.domain.product import ProductFilter
from ocopdesk.domain.text import nfc, slug
from ocopdesk.i18n import _, translation
from ocopdesk.marketplaces import base, categories
from ocopdesk.marketplaces.base import EXPORT, KIT, SHEET, Marketplace
from ocopdesk.marketplaces.categories import CategoryRule
from ocopdesk.render import bundle, photos, xlsx
from ocopdesk.render.files import write_atomic
from ocopdesk.services.catalog import CatalogService, ProductDetail
from ocopdesk.services.profile import load_profile
from ocopdesk.services.progress import CancelToken, ProgressFn, no_progress
from ocopdesk.storage import batches, listings, settings

SETTINGS = "listing."
CATEGORY_PREFIX = "category."
URL_TIMEOUT = 10


@dataclass
class Readiness:
    product_id: int
    sku: str
    name: str
    listing: Listing
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def ready(self) -> bool:
        return not self.errors


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


def marketplace(marketplace_id: str) -> Marketplace:
    found = base.get(marketplace_id)
    if found is None:
        raise NotFoundError(
            _("Unknown marketplace {name}. Choose one of: {names}.").format(
                name=marketplace_id, names=", ".join(base.registry())
            )
        )
    return found


# ---------------------------------------------------------------- settings


def listing_settings(service: CatalogService, defaults: bool = True) -> dict[str, str]:
    """Image host address (default: the traceability website) and the local folder it mirrors
    (default: the folder the website was last built in)."""
    values = {"image_host_url": "", "image_folder": ""}
    values.update({k: str(v) for k, v in settings.get_all(service.cdb, SETTINGS).items()})
    if not defaults:
        return values
    if not values["image_host_url"]:
        values["image_host_url"] = load_profile(service).resolver_base_url
    if not values["image_folder"]:
        values["image_folder"] = str(settings.get_all(service.cdb, "site.").get("folder", ""))
    return values


def save_listing_settings(service: CatalogService, **values: str) -> None:
    host = (values.get("image_host_url") or "").strip()
    if host and (not host.startswith(("http://", "https://")) or " " in host):
        raise ValidationError([FieldError("image_host_url", _("Enter a web address starting with https://"))])
    with service.cdb.write():
        settings.put_all(service.cdb, SETTINGS, {k: v.strip() for k, v in values.items() if v is not None})


def category_rules(service: CatalogService, marketplace_id: str) -> list[CategoryRule]:
    """The user's rules first, then the shipped seed."""
    own = settings.get_all(service.cdb, CATEGORY_PREFIX).get(marketplace_id, [])
    return [CategoryRule(**rule) for rule in own] + list(categories.seeded().get(marketplace_id, ()))


def add_category_rule(service: CatalogService, marketplace_id: str, rule: CategoryRule) -> None:
    if not rule.category.strip() or not (rule.group or rule.subgroup or rule.keyword):
        raise OcopDeskError(_("A category rule needs a category id and a keyword, OCOP group or sub-group."))
    own = settings.get_all(service.cdb, CATEGORY_PREFIX).get(marketplace_id, [])
    own.insert(0, asdict(rule))
    with service.cdb.write():
        settings.put_all(service.cdb, CATEGORY_PREFIX, {marketplace_id: own})


# ---------------------------------------------------------------- readiness


def check(
    service: CatalogService, marketplace_id: str, skus: list[str] | None = None, today: dt.date | None = None
) -> list[Readiness]:
    return check_all(service, [marketplace_id], skus, today)[marketplace(marketplace_id).id]


def check_all(
    service: CatalogService,
    marketplace_ids: list[str] | None = None,
    skus: list[str] | None = None,
    today: dt.date | None = None,
) -> dict[str, list[Readiness]]:
    """Readiness for several marketplaces, reading each product once."""
    markets = [marketplace(m) for m in (marketplace_ids or list(base.registry()))]
    today = today or dt.date.today()
    base_url = load_profile(service).resolver_base_url
    stock = _stock_by_product(service, today)
    ids = [service.product_by_sku(s).product.id for s in skus] if skus else service.search(ProductFilter())
    details = [service.product(pid) for pid in ids if pid is not None]
    out = {}
    for market in markets:
        found = category_rules(service, market.id)
        out[market.id] = [
            readiness(d, market, found, base_url, stock.get(d.product.id or 0, 0), today) for d in details
        ]
    return out


def _stock_by_product(service: CatalogService, today: dt.date) -> dict[int, int]:
    """What can be sold: the quantities of lots that have not expired."""
    stock: dict[int, int] = {}
    for batch in batches.list_batches(service.cdb):
        if batch.quantity and (batch.expires_on is None or batch.expires_on >= today):
            stock[batch.product_id] = stock.get(batch.product_id, 0) + batch.quantity
    return stock


def readiness(
    detail: ProductDetail,
    market: Marketplace,
    category_list: list[CategoryRule],
    base_url: str,
    stock: int,
    today: dt.date,
) -> Readiness:
    p, producer = detail.product, detail.producer
    problems: list[Problem] = []
    cert = detail.current_certificate(today)
    if detail.certificates and cert is None:
        problems.append(
            Problem("certificate", _("The OCOP certificate is no longer valid: the stars are left out."), WARNING)
        )
    trace_url = poster.product_url(base_url, p.sku) if base_url else ""
    title = rules.title_for(p, producer, market.title_max)
    if len(nfc(p.name)) > market.title_max:
        problems.append(
            Problem(
                "name",
                _("The name has {n} characters; {market} allows at most {max}.").format(
                    n=len(nfc(p.name)), market=market.name, max=market.title_max
                ),
            )
        )
    elif len(title) < market.title_min:
        problems.append(
            Problem(
                "name",
                _("The title has {n} characters; {market} needs at least {min}.").format(
                    n=len(title), market=market.name, min=market.title_min
                ),
            )
        )
    description, text_problems = rules.describe(p, producer, cert, trace_url, market.description_max)
    problems += text_problems
    if len(description) < market.description_min:
        problems.append(
            Problem(
                "description",
                _("The description has {n} characters; {market} needs at least {min}: write a longer one.").format(
                    n=len(description), market=market.name, min=market.description_min
                ),
            )
        )
    if market.kind != EXPORT:
        problems += rules.label_problems(p, producer)
        if p.price is None:
            problems.append(Problem("price", _("Enter the price.")))
        elif not market.price_min <= p.price <= market.price_max:
            problems.append(
                Problem(
                    "price",
                    _("{market} accepts prices from {low} to {high} đồng.").format(
                        market=market.name,
                        low=f"{market.price_min:,}".replace(",", "."),
                        high=f"{market.price_max:,}".replace(",", "."),
                    ),
                )
            )
        if p.weight_g is None and p.ocop_group != "6":  # group 6 is tourism services: nothing to ship
            problems.append(Problem("weight_g", _("Enter the packed weight in grams (for shipping).")))
        if stock <= 0:
            problems.append(Problem("batches", _("No stock: no lot with a quantity that has not expired."), WARNING))
    if market.needs_dimensions and not (p.length_cm and p.width_cm and p.height_cm):
        problems.append(
            Problem(
                "length_cm",
                _("{market} needs the package size (length, width, height in cm).").format(market=market.name),
            )
        )
    found = categories.find(p, category_list) if market.needs_category else None
    if market.needs_category and found is None:
        problems.append(
            Problem(
                "category",
                _("No {market} category for this product: add a category rule for its name or OCOP group.").format(
                    market=market.name
                ),
            )
        )
    if market.needs_certificate_file and not detail.documents:
        problems.append(
            Problem(
                "documents",
                _("{market} needs the certificate scans: add them as documents.").format(market=market.name),
            )
        )
    problems += _photo_problems(detail, market)
    weight = None if p.weight_g is None else (p.weight_g / 1000 if market.weight_unit == "kg" else p.weight_g)
    result = Listing(
        sku=p.sku,
        title=title,
        description=description,
        price=p.price,
        stock=min(stock, market.stock_max),
        weight=weight,
        length_cm=p.length_cm,
        width_cm=p.width_cm,
        height_cm=p.height_cm,
        gtin=p.gtin,
        brand=producer.name if producer else rules.NO_BRAND,
        category_id=found.category if found else "",
        category_name=found.name if found else "",
        trace_url=trace_url,
    )
    assert p.id is not None
    return Readiness(p.id, p.sku, p.name, result, problems)


def _photo_problems(detail: ProductDetail, market: Marketplace) -> list[Problem]:
    rules_ = market.images
    problems = []
    if len(detail.photos) < rules_.min_count:
        problems.append(
            Problem("photos", _("{market} needs at least {n} photo(s).").format(market=market.name, n=rules_.min_count))
        )
    if len(detail.photos) > rules_.max_count:
        problems.append(
            Problem(
                "photos",
                _("Only the first {n} photos are used on {market}.").format(n=rules_.max_count, market=market.name),
                WARNING,
            )
        )
    return problems


# ---------------------------------------------------------------- export


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
    host = (image_host or listing_settings(service)["image_host_url"]).rstrip("/")
    folder = image_folder or (
        Path(listing_settings(service)["image_folder"]) if listing_settings(service)["image_folder"] else None
    )
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
                cert_name = f"{folder_name}chung-nhan/{slug(r.sku)}-{n:02d}{doc.ext}"
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
    engines ("Khoai lang dẻo Đồng Hới" → khoai-lang-deo-dong-hoi-khoai-deo-dh-01.jpg), unique by SKU."""
    return "-".join(part for part in (slug(name, 50), slug(sku) or "sp", f"{number:02d}") if part) + ".jpg"


def _product_folder(number: int, sku: str) -> str:
    return f"{number:03d}-{slug(sku) or 'sp'}/"


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
    writer.writerows(table)
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


# ---------------------------------------------------------------- status


def mark_listed(service: CatalogService, sku: str, marketplace_id: str, url: str) -> None:
    market = marketplace(marketplace_id)
    product = service.product_by_sku(sku).product
    assert product.id is not None
    url = url.strip()
    if url and not url.startswith(("http://", "https://")):
        raise OcopDeskError(_("Paste the listing's web address (starting with https://)."))
    with service.cdb.write():
        listings.record_listed(service.cdb, product.id, market.id, url)


def statuses(
    service: CatalogService, marketplace_id: str | None = None
) -> dict[tuple[int, str], listings.ListingStatus]:
    return listings.statuses(service.cdb, marketplace_id)
