"""The pages of the traceability website, as (path, fingerprint, maker) outputs.

`SitePages` turns catalogue data into view models and hands each page to a Jinja template only
when the build needs its bytes: the fingerprint of a page's inputs decides whether it changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from functools import cache, partial
from typing import Any, TypeVar
from urllib.parse import urlsplit

from markupsafe import Markup

from ocopdesk import __version__
from ocopdesk.bundled import resource
from ocopdesk.domain import digital_link, site_paths
from ocopdesk.domain.batch import EVENT_KINDS, Batch, BatchEvent
from ocopdesk.domain.dates import format_date
from ocopdesk.domain.media import MediaFile
from ocopdesk.domain.money import format_number
from ocopdesk.domain.ocop import STATUSES, Certificate
from ocopdesk.domain.passport import parse_private
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product
from ocopdesk.domain.text import fold
from ocopdesk.i18n import _, catalogue_path
from ocopdesk.render.site import pages, views
from ocopdesk.render.site.linkset import FILE_NAME as LINKSET_FILE
from ocopdesk.render.site.linkset import Link, linkset, linkset_bytes, lot_linkset
from ocopdesk.render.site.passport import InputLot
from ocopdesk.render.site.texts import LABELS, both, both_cached
from ocopdesk.services import site_shards
from ocopdesk.services.catalog import CatalogService, CodeProblems, ProductDetail
from ocopdesk.services.profile import CooperativeProfile
from ocopdesk.services.site_model import Output, Place, SiteReport, document_name, photo_name
from ocopdesk.services.site_passport import passport_view

CARDS_PER_PAGE = 60
T = TypeVar("T")


class SitePages:
    """Turns catalogue data into (path, bytes) pairs. Pure apart from reading the catalogue."""

    def __init__(
        self,
        service: CatalogService,
        base: str,
        profile: CooperativeProfile,
        today: dt.date,
        manifest: dict[str, Any],
        report: SiteReport,
    ) -> None:
        self.service = service
        self.base = base.rstrip("/")
        self.root = (urlsplit(base).path.rstrip("/") or "") + "/"
        self.profile = profile
        self.today = today
        self.report = report
        self.previous = manifest  # the last build's manifest: its stamp data may stand (site_shards)
        self.shard_inputs = ""
        self.photo_sizes: dict[str, list[list[int]]] = {}
        self.input_lots: dict[int, InputLot] = {}  # every lot, as a stage that used it names and links it
        self.used_photos: set[str] = set()
        self._lot_paths: dict[tuple[str, str, str], str] = {}
        self.site = {
            "name": profile.name or _("Our cooperative"),
            "address": profile.address,
            "phone": profile.phone,
            "email": profile.email,
            "website": profile.website,
            "intro": "",
        }

    def common(self, title: str, description: str, path: str, **extra: Any) -> dict[str, Any]:
        page = {
            "title": title,
            "description": description[:300],
            "canonical": f"{self.base}/{path}" if path is not None else "",
            "image": "",
            "jsonld": None,
            "gs1_jsonld": None,  # GS1 Web Vocabulary, beside schema.org on product pages (#25)
            "og_type": "website",
            "robots": "",
            "maker": "",  # a partner producer's name, which then heads the page (see `maker`)
        }
        page.update(extra)
        return {"page": page, "site": self.site, "root": self.root, "asset_version": pages.asset_version()}

    # ------------------------------------------------------------ outputs

    def outputs(self, details: list[ProductDetail], place_list: list[Place]) -> Iterator[Output]:
        all_batches: dict[int, list[Batch]] = {}
        for batch in self.service.batch_rows.list_batches():
            all_batches.setdefault(batch.product_id, []).append(batch)
        events = self.service.batch_rows.all_events()
        cards = [self.card(d) for d in details]
        lot_paths: dict[int, str] = {}
        problems = self.service.code_problems()  # codes saved before today's rule: no page, said why
        self.input_lots = self.lot_refs(all_batches, problems)

        yield from self.cooperative_pages(cards, self.place_links(place_list))
        for place in place_list:
            yield self.place_page(place, details)
        for detail in details:
            found = all_batches.get(detail.product.id or 0, [])
            yield from self.product_pages(detail, found, events, problems, lot_paths)
        short = self.common(self.site["name"], _("Stamp check"), site_paths.SHORT_FORM_PATH, robots="noindex")
        yield self.file("s/index.html", "short.html", **short)
        missing = self.common(_("Page not found"), "", None, robots="noindex")  # type: ignore[arg-type]
        yield self.file("404.html", "404.html", **missing)
        for name, data in pages.assets().items():
            yield _static(f"assets/{name}", data)
        self.shard_inputs = site_shards.shard_inputs(self.service, lot_paths, render_version())
        yield from site_shards.stamp_shards(self.service, lot_paths, self.shard_inputs, self.previous)
        yield _static(".nojekyll", b"")  # GitHub Pages: serve the folder as it is
        yield _static("robots.txt", f"User-agent: *\nDisallow: {self.root}v/\n".encode())

    def product_pages(
        self,
        detail: ProductDetail,
        lots: list[Batch],
        events: dict[int, list[BatchEvent]],
        problems: CodeProblems,
        lot_paths: dict[int, str],
    ) -> Iterator[Output]:
        """A product's page, its barcode's redirect and its lots' pages; `lot_paths` learns where each lot is.

        Each page's fingerprint is the product's catalogue data (issue #28): its views, the passport and
        the rendering are made only for a page whose data changed. Building the views of 10,000 lot pages
        only to find them unchanged was most of a rebuild with nothing changed."""
        product = detail.product
        links = [self.lot_link(product, b) for b in lots]
        for batch, lot in zip(lots, links, strict=True):
            assert batch.id is not None
            lot_paths[batch.id] = lot.path
        self.used_photos.update(item.sha256 for item in detail.photos if self.photo_sizes.get(item.sha256))
        data = self.product_data(detail, lots, events, problems)
        view = _once(lambda: self.product_view(detail, lots))
        path = site_paths.product_path(product.sku)
        if product.id in problems.skus:
            message = _("No page for the product {sku}: {reasons} Rename it in the product's window.")
            self.skipped(message, product.sku, problems.skus[product.id])
        else:
            yield self.lazy_page(path, data, "product.html", lambda: self.product_context(view(), path))
            made = _once(lambda: self.linkset(detail, view(), lots))
            yield from self.linkset_files(path, data, made)
            if product.gtin:
                redirect = site_paths.gtin_path(product.gtin) + "index.html"
                yield self.file(redirect, "redirect.html", target=self.root + path, title=product.name)
                yield from self.linkset_files(site_paths.gtin_path(product.gtin), data, made)
        parts = _once(lambda: Markup(pages.render("lot_parts.html", product=view())))
        for batch, lot in zip(lots, links, strict=True):
            reasons = problems.lot_page(batch)
            if reasons:
                message = _(
                    "No page for the lot {lot} of {sku}, so its stamps lead to “Page not found”: {reasons} "
                    "Rename the lot (Batches & stamps → Rename lot…) or the product's SKU."
                )
                self.skipped(message, product.sku, reasons, batch.lot_code)
                continue
            make = partial(self.lot_context, view, parts, detail, batch, lot, events.get(batch.id or 0, []))
            yield self.lazy_page(lot.path, data, "batch.html", make)
            yield from self.linkset_files(lot.path, data, partial(self.lot_linkset, detail, view, batch, lot))

    def lot_refs(self, all_batches: dict[int, list[Batch]], problems: CodeProblems) -> dict[int, InputLot]:
        """Every lot by id with its product's name and its page, for "Ingredients from lot …" on the pages of
        the lots made from it (often another product's: honey → honey wine). No link to a page not built."""
        names = self.service.product_rows.get_many(list(all_batches))
        refs = {}
        for product_id, lots in all_batches.items():
            p = names[product_id]
            for b in lots:
                path = self.lot_path(p.sku, b.lot_code, p.gtin)
                built = product_id not in problems.skus and not problems.lot_page(b) and site_paths.page_file(path)
                refs[b.id or 0] = InputLot(b.lot_code, p.name, self.root + path if built else "")
        return refs

    def product_data(
        self, detail: ProductDetail, lots: list[Batch], events: dict[int, list[BatchEvent]], problems: CodeProblems
    ) -> str:
        """The fingerprint of everything a product's pages are made of: its catalogue rows, what today
        decides (the certificate in force and its status), its photos' sizes, the site's settings and the
        program's templates. Equal fingerprints, equal pages."""
        cert = detail.current_certificate(self.today)
        data = (
            detail,
            lots,
            [events.get(b.id or 0, []) for b in lots],
            [self.input_lots.get(i) for b in lots for e in events.get(b.id or 0, []) for i in e.inputs],
            [problems.lot_page(b) for b in lots],
            problems.skus.get(detail.product.id or 0),
            cert,
            cert.effective_status(self.today) if cert else "",
            [self.photo_sizes.get(item.sha256) for item in detail.photos],
        )
        text = f"{render_version()}|{self.base}|{self.root}|{self.site!r}|{data!r}"
        return hashlib.sha256(text.encode()).hexdigest()

    def product_context(self, view: views.ProductView, path: str) -> dict[str, Any]:
        return {"product": view, **self.product_common(view, path)}

    def lot_context(
        self,
        view: Callable[[], views.ProductView],
        parts: Callable[[], Markup],
        detail: ProductDetail,
        batch: Batch,
        lot: views.LotLink,
        events: list[BatchEvent],
    ) -> dict[str, Any]:
        lot_view = self.lot_view(batch, lot, detail, events)
        common = self.batch_common(view(), lot_view)
        return {"product": view(), "lot": lot_view, "product_parts": parts(), **common}

    def lazy_page(self, path: str, data: str, template: str, context: Callable[[], dict[str, Any]]) -> Output:
        """A page whose fingerprint is `data` (see product_data): its context is made only to render it."""
        file = self._page_file(path)
        if file is None:
            return _static("", b"")
        return file, _key(data, f"{template}|{file}"), lambda: _render_bytes(template, context())

    def linkset_files(self, page: str, data: str, make: Callable[[], bytes]) -> Iterator[Output]:
        """The page's linkset beside it (`{page}linkset.json`), unless the page's path cannot be a folder."""
        if site_paths.page_file(page) is not None:
            rel = page + LINKSET_FILE
            yield rel, _key(data, rel), make

    def linkset(self, detail: ProductDetail, view: views.ProductView, lots: list[Batch]) -> bytes:
        """What the nginx rules answer to `?linkType=all` or an Accept of application/linkset+json on the GTIN,
        its lots and its stamps (GS1 resolver behaviour), also beside the product page. A product without a
        GTIN is anchored at its page, its lots at theirs."""
        p = detail.product
        page = Link(f"{self.base}/{site_paths.product_path(p.sku)}", p.name)
        lot_links = [
            (
                digital_link.build(self.base, p.gtin, lot=b.lot_code) if p.gtin else f"{self.base}/{lot.path}",
                Link(f"{self.base}/{lot.path}", f"{p.name} · {lot.code}"),
            )
            for b, lot in zip(lots, view.lots, strict=True)
        ]
        anchor = digital_link.build(self.base, p.gtin) if p.gtin else page.href
        return linkset_bytes(linkset(anchor, page, self.certificate_links(view, page), lot_links))

    def lot_linkset(
        self, detail: ProductDetail, view: Callable[[], views.ProductView], batch: Batch, lot: views.LotLink
    ) -> bytes:
        """{lot page}linkset.json: the lot's own links, named by the Link header on its page and its stamps."""
        p = detail.product
        page = Link(f"{self.base}/{site_paths.product_path(p.sku)}", p.name)
        lot_page = Link(f"{self.base}/{lot.path}", f"{p.name} · {lot.code}")
        anchor = digital_link.build(self.base, p.gtin, lot=batch.lot_code) if p.gtin else lot_page.href
        return linkset_bytes(lot_linkset(anchor, lot_page, page, self.certificate_links(view(), page)))

    def certificate_links(self, view: views.ProductView, page: Link) -> list[Link]:
        """The public documents (test reports, certificates), else the certificate on the product page."""
        documents = [Link(self.base + d.href[len(self.root) - 1 :], d.title, "") for d in view.documents]
        return documents or ([Link(page.href, view.certificate.decision_number)] if view.certificate else [])

    def cooperative_pages(self, cards: list[dict[str, Any]], place_links: list[dict[str, str]]) -> Iterator[Output]:
        """The cooperative's page lists its products, CARDS_PER_PAGE at a time, so that a
        catalogue of a thousand products still gives a page a cheap phone opens quickly."""
        chunks = [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)] or [[]]
        for number, chunk in enumerate(chunks, 1):
            path = site_paths.COOPERATIVE_PATH + (f"{number}/" if number > 1 else "")
            common = self.cooperative(path)
            nav = {
                "previous": self.root + site_paths.COOPERATIVE_PATH + (f"{number - 1}/" if number > 2 else "")
                if number > 1
                else "",
                "next": self.root + site_paths.COOPERATIVE_PATH + f"{number + 1}/" if number < len(chunks) else "",
                "number": number,
                "count": len(chunks),
            }
            context = {"cards": chunk, "places": place_links, "nav": nav, **common}
            yield self.page(path, "cooperative.html", **context)
            if number == 1:
                yield self.file("index.html", "cooperative.html", **context)

    def skipped(self, message: str, sku: str, reasons: list[str], lot: str = "") -> None:
        """A page left out because of a code saved before today's rule: the report says which and why."""
        self.report.warnings.append(message.format(sku=sku, lot=lot, reasons=" ".join(reasons)))

    def _page_file(self, path: str) -> str | None:
        """The page's file, counted; None (and a warning naming the path) when a code cannot be a folder."""
        file = site_paths.page_file(path)
        if file is None:
            self.report.warnings.append(
                _("No page for {path}: the SKU or lot code has characters a web folder cannot have.").format(path=path)
            )
            return None
        self.report.pages += 1
        return file

    def page(self, path: str, template: str, **context: Any) -> Output:
        file = self._page_file(path)
        if file is None:
            return _static("", b"")
        return self.file(file, template, **context)

    def file(self, rel: str, template: str, **context: Any) -> Output:
        """A page rendered only if its inputs differ from the last build's (rendering is most of
        the work; the fingerprint of the inputs costs a tenth of it)."""
        key = hashlib.sha256(f"{render_version()}|{template}|{context!r}".encode()).hexdigest()
        return rel, key, partial(_render_bytes, template, context)

    # ------------------------------------------------------------ views

    def cooperative(self, path: str = site_paths.COOPERATIVE_PATH) -> dict[str, Any]:
        name, profile = self.site["name"], self.profile
        url = f"{self.base}/{site_paths.COOPERATIVE_PATH}"
        jsonld = views.organization_jsonld(name, profile.address, profile.phone, profile.email, url)
        description = _("Products and traceability of {name}.").format(name=name)
        return self.common(name, description, path, jsonld=jsonld)

    def place_links(self, place_list: list[Place]) -> list[dict[str, str]]:
        return [{"name": p.name, "href": self.root + site_paths.place_path(p.slug)} for p in place_list]

    def place_page(self, place: Place, details: list[ProductDetail]) -> Output:
        """A place (a community-tourism site, a shop counter) with the cooperative's OCOP group 6
        products (tourism services) or, when it has none, its first products."""
        tourism = [d for d in details if d.product.ocop_group == "6"]
        cards = [self.card(d) for d in (tourism or details)[:CARDS_PER_PAGE]]
        path = site_paths.place_path(place.slug)
        common = self.common(place.name, place.note or self.site["name"], path)
        return self.page(path, "place.html", place=place, cards=cards, **common)

    def card(self, detail: ProductDetail) -> views.CardView:
        cert = detail.current_certificate(self.today)
        shown = self.photo_views(detail.photos[:1], detail.product.name)
        href = self.root + site_paths.product_path(detail.product.sku)
        return views.CardView(detail.product.name, href, cert.stars if cert else 0, shown[0] if shown else None)

    def photo_views(self, files: list[MediaFile], alt: str) -> list[views.PhotoView]:
        out = []
        for item in files:
            sizes = self.photo_sizes.get(item.sha256)
            if not sizes:
                continue
            self.used_photos.add(item.sha256)
            urls = [(self.root + photo_name(item.sha256, w), w, h) for w, h in sizes]
            middle = min(urls, key=lambda u: abs(u[1] - 640))
            srcset = ", ".join(f"{u} {w}w" for u, w, _h in urls)
            absolute = self.base + urls[-1][0][len(self.root) - 1 :]
            out.append(views.PhotoView(middle[0], srcset, middle[1], middle[2], alt, absolute))
        return out

    def photo_files(self) -> Iterator[str]:
        for sha in self.used_photos:
            for width, _height in self.photo_sizes.get(sha, []):
                yield photo_name(sha, width)

    def product_view(self, detail: ProductDetail, lots: list[Batch]) -> views.ProductView:
        p = detail.product
        cert = detail.current_certificate(self.today)
        return views.ProductView(
            name=p.name,
            sku=p.sku,
            gtin=p.gtin,
            href=self.root + site_paths.product_path(p.sku),
            stars=cert.stars if cert else 0,
            photos=self.photo_views(detail.photos, p.name),
            net_quantity=p.net_quantity,
            shelf_life=both(LABELS["days"], n=p.shelf_life_days) if p.shelf_life_days else "",
            shelf_life_days=p.shelf_life_days,
            description=p.description,
            ingredients=p.ingredients,
            usage=p.usage,
            storage=p.storage,
            warnings=p.warnings,
            certificate=None if cert is None else self.certificate_view(cert),
            producer=None if detail.producer is None else _producer_view(detail.producer),
            lots=[self.lot_link(p, b) for b in lots],
            documents=[
                views.DocumentLink(d.title or d.original_name or _("Document"), self.root + document_name(d))
                for d in detail.public_documents
            ],
            uuid=p.uuid,
            brand=p.brand,
            standard=" – ".join(x for x in (p.standard_number, p.standard_title) if x) if p.standard_number else "",
        )

    def certificate_view(self, cert: Certificate) -> views.CertificateView:
        return views.CertificateView(
            stars=cert.stars,
            decision_number=cert.decision_number,
            authority=cert.authority,
            signed_on=format_date(cert.signed_on),
            valid_until=format_date(cert.valid_until),
            status=both_cached(STATUSES[cert.effective_status(self.today)]),
        )

    def lot_path(self, sku: str, lot: str, gtin: str) -> str:
        """`site_paths.lot_path`, worked out once a build: every lot's path is needed by `lot_refs` and again for
        its product's pages (8 % of a one-change rebuild went to making each twice, #28)."""
        key = (sku, lot, gtin)
        path = self._lot_paths.get(key)
        if path is None:
            path = self._lot_paths[key] = site_paths.lot_path(sku, lot, gtin)
        return path

    def lot_link(self, p: Product, batch: Batch) -> views.LotLink:
        path = self.lot_path(p.sku, batch.lot_code, p.gtin)
        return views.LotLink(batch.lot_code, batch.lot_name, format_date(batch.produced_on), path, self.root + path)

    def lot_view(
        self, batch: Batch, lot: views.LotLink, detail: ProductDetail, events: list[BatchEvent]
    ) -> views.LotView:
        """The lot's page values; who did a stage, its notes and the quantity stay off the page when the
        producer keeps them private (the legal minimum is in `passport` regardless)."""
        expires = batch.expires_on
        if expires is None and detail.product.shelf_life_days:
            expires = batch.produced_on + dt.timedelta(days=detail.product.shelf_life_days)
        private = parse_private(detail.producer.private_items) if detail.producer else ()
        shown = [
            views.EventView(
                format_date(e.occurred_on),
                both_cached(EVENT_KINDS.get(e.kind, EVENT_KINDS["other"])),
                e.place,
                "" if "actors" in private else e.actor,
                "" if "notes" in private else e.note,
            )
            for e in events
        ]
        cert = detail.current_certificate(self.today)
        passport = passport_view(
            detail.product,
            detail.producer,
            batch,
            expires,
            events,
            has_photo=bool(detail.photos),
            certificate=cert,
            input_lots=self.input_lots,
        )
        return views.LotView(
            code=lot.code,
            name=batch.lot_name,
            path=lot.path,
            href=lot.href,
            produced_on=format_date(batch.produced_on),
            produced_iso=batch.produced_on.isoformat(),
            expires_on=format_date(expires),
            expires_iso=expires.isoformat() if expires else "",
            quantity=format_number(batch.quantity) if batch.quantity is not None and "quantity" not in private else "",
            events=shown,
            inspections=[s for s, e in zip(shown, events, strict=True) if e.kind == "inspection"],
            passport=passport,
            uuid=batch.uuid,
        )

    def product_common(self, view: views.ProductView, path: str) -> dict[str, Any]:
        url = f"{self.base}/{path}"
        return self.common(
            view.name,
            view.description or view.name,
            path,
            jsonld=views.product_jsonld(view, url),
            gs1_jsonld=views.gs1_product_jsonld(view, url),
            image=view.image,
            og_type="product",
            maker=self.maker(view),
        )

    def batch_common(self, view: views.ProductView, lot: views.LotView) -> dict[str, Any]:
        jsonld = views.lot_jsonld(view, lot, f"{self.base}/{lot.path}")
        title = f"{view.name} · {_('Lot')} {lot.code}"
        description = _("Production date {date}. Origin and stamp check.").format(date=lot.produced_on)
        return self.common(
            title, description, lot.path, jsonld=jsonld, image=view.image, og_type="product", maker=self.maker(view)
        )

    def maker(self, view: views.ProductView) -> str:
        """The producer's name when it is not the cooperative that owns the site, else "". A partner's
        product page heads with the partner, the site owner below it in small print: the name in a page's
        header is read as the maker's, and a shopper calling about the product must reach the one who made it
        (#22). Same-named means the owner, as when the start-up guide makes the cooperative a producer."""
        producer = view.producer
        if producer is None or fold(producer.name) == fold(self.profile.name):
            return ""
        return producer.name


def _producer_view(producer: Producer) -> views.ProducerView:
    # Markup's join keeps the country's language spans as markup and escapes the typed address;
    # str.join made the whole row a plain string, so the page showed the spans as text.
    made_in = Markup(", ").join(x for x in (producer.address_text, both_cached(LABELS["origin"])) if x)
    return views.ProducerView(producer.name, made_in, producer.phone, producer.address_text)


def _once(make: Callable[[], T]) -> Callable[[], T]:
    """`make()` the first time it is asked for, the same value after. Not `functools.cache`: each of those is an
    lru wrapper whose attributes `update_wrapper` copies, and a build makes three a product whether it renders
    or not — py-spy found them 9 % of a one-change rebuild at 1,000 products (#28)."""
    made: list[T] = []

    def value() -> T:
        if not made:
            made.append(make())
        return made[0]

    return value


def _static(rel: str, data: bytes) -> Output:
    return rel, hashlib.sha256(data).hexdigest(), lambda: data


def _key(data: str, what: str) -> str:
    return hashlib.sha256(f"{data}|{what}".encode()).hexdigest()


def _render_bytes(template: str, context: dict[str, Any]) -> bytes:
    return pages.render(template, **context).encode()


@cache
def render_version() -> str:
    """Changes when a template, an asset, a translation or the program does: pages re-render."""
    digest = hashlib.sha256(__version__.encode() + pages.asset_version().encode())
    for file in sorted(resource("site", "templates").glob("*.html")):
        digest.update(file.read_bytes())
    digest.update(catalogue_path("vi").read_bytes())
    return digest.hexdigest()
