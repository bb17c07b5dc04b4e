"""The catalogue use cases: products, producers, certificates, media and batches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path

from ocopdesk.domain import codes
from ocopdesk.domain.batch import Batch, BatchEvent, validate_batch, validate_event
from ocopdesk.domain.errors import FieldError, NotFoundError, OcopDeskError, ValidationError
from ocopdesk.domain.media import MediaFile
from ocopdesk.domain.ocop import Certificate, validate_certificate
from ocopdesk.domain.producer import Producer, validate_producer
from ocopdesk.domain.product import Product, ProductFilter, ProductSummary, validate_normalized
from ocopdesk.i18n import _
from ocopdesk.services import catalog_parts as parts
from ocopdesk.services.changes import Changes
from ocopdesk.services.media_sources import SourcePolicy, import_media
from ocopdesk.services.progress import CancelToken, ProgressFn, no_progress
from ocopdesk.storage import (
    batches,
    certificates,
    code_checks,
    identity,
    media,
    producers,
    product_search,
    products,
    stamps,
)
from ocopdesk.storage.database import CatalogueDB, open_catalogue


@dataclass(frozen=True, slots=True)
class ProductDetail:
    product: Product
    producer: Producer | None
    certificates: list[Certificate]
    photos: list[MediaFile]
    documents: list[MediaFile]

    @property
    def public_documents(self) -> list[MediaFile]:
        """The documents the clerk marked public: the only ones the website shows."""
        return [d for d in self.documents if d.public]

    def current_certificate(self, today: dt.date) -> Certificate | None:
        """The valid certificate with the most stars, if any (stars print only while one exists)."""
        valid = [c for c in self.certificates if c.effective_status(today) == "valid"]
        return max(valid, key=lambda c: (c.stars, c.signed_on), default=None)


@dataclass(frozen=True, slots=True)
class ProductWrite:
    """One product to save and what comes with it; `None` leaves the saved photos, documents or certificate
    as they are. The editor saves one, an import thousands: both through `CatalogService.save_products`."""

    product: Product
    photos: list[MediaFile] | None = None
    documents: list[MediaFile] | None = None
    certificate: Certificate | None = None

    def normalized(self) -> ProductWrite:
        product = self.product.normalized()
        return self if product is self.product else replace(self, product=product)


class ProductsInvalid(ValidationError):
    """Some of the products to save break the rules; nothing was written. `by_index` holds, for each
    refused product (its place in the list), its problems."""

    def __init__(self, by_index: dict[int, list[FieldError]]) -> None:
        super().__init__([e for errors in by_index.values() for e in errors])
        self.by_index = by_index


@dataclass(frozen=True, slots=True)
class BatchView:
    batch: Batch
    sku: str
    product_name: str


@dataclass(frozen=True, slots=True)
class CodeProblems:
    """SKUs and lot codes saved before today's rule (`domain.codes`) that the rule refuses, with
    why. Such a catalogue opens and works as before; these products and lots get no web page, and
    no new stamps, until the clerk renames them."""

    skus: dict[int, list[str]]  # product id → reasons
    lots: dict[int, list[str]]  # batch id → reasons
    without_gtin: frozenset[int]  # of `skus`, those whose lot pages are under their SKU (sp/{SKU}/lo/{lot}/)

    def lot_page(self, batch: Batch) -> list[str]:
        """Why the lot can have no page: its code, or, without a GTIN, the SKU in its address."""
        assert batch.id is not None
        under_sku = batch.product_id in self.without_gtin
        return self.lots.get(batch.id, []) + (self.skus.get(batch.product_id, []) if under_sku else [])

    def __bool__(self) -> bool:
        return bool(self.skus or self.lots)


class CatalogService:
    """One open catalogue. Each mutating call is one transaction and returns what changed."""

    def __init__(self, cdb: CatalogueDB) -> None:
        self.cdb = cdb  # the connection's holder: only this class and its parts use it
        self.settings = parts.SettingsPart(cdb)
        self.product_rows = parts.ProductRows(cdb)
        self.producer_rows = parts.ProducerRows(cdb)
        self.certificate_rows = parts.CertificateRows(cdb)
        self.media_rows = parts.MediaRows(cdb)
        self.batch_rows = parts.BatchRows(cdb)
        self.stamp_rows = parts.StampRows(cdb)
        self.scan_rows = parts.ScanRows(cdb)
        self.category_rows = parts.CategoryRows(cdb)
        self.listing_rows = parts.ListingRows(cdb)
        self.stats = parts.Stats(cdb)

    @classmethod
    def open(cls, path: Path, *, create: bool = True, defer_search: bool = False) -> CatalogService:
        """`defer_search`: leave a search index an upgrade emptied for `rebuild_search` (see open_catalogue)."""
        return cls(open_catalogue(Path(path), create=create, defer_search=defer_search))

    @property
    def search_pending(self) -> bool:
        """Whether the search index still waits for `rebuild_search` (searches scan names meanwhile)."""
        return product_search.rebuild_pending(self.cdb.conn)

    def rebuild_search(self, progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> Changes:
        """Fill the search index an upgrade emptied, a chunk per transaction so the clerk's saves go between
        them; cancelled or killed, the next open or call goes on where it is (chunks are rewritten whole)."""
        if not self.search_pending:
            return Changes()
        chunks = product_search.pending_chunks(self.cdb.conn)
        for n, chunk in enumerate(chunks, 1):
            if cancel is not None:
                cancel.check()
            with self.cdb.write():
                product_search.rewrite(self.cdb.conn, chunk)
            progress(n, len(chunks) + 1, _("Rebuilding the search index"))
        with self.cdb.write():
            product_search.finish_rebuild(self.cdb.conn)
        return Changes(products=True)

    @property
    def path(self) -> Path:
        return self.cdb.path

    @property
    def media_dir(self) -> Path:
        """The folder photos and documents are stored in, by content hash."""
        return self.cdb.media_dir

    def stored_file(self, name: str) -> Path:
        """Where a stored photo or document (a summary's `photo`, a content-hash name) is on disk."""
        return self.cdb.media_dir / name

    def close(self) -> None:
        self.cdb.close()

    def write(self) -> AbstractContextManager[object]:
        """One transaction around several part calls (`with service.write(): …`); nested ones join it."""
        return self.cdb.write()

    def snapshot_to(self, target: Path) -> Path:
        return parts.snapshot(self.cdb, target)

    def catalogue_id(self) -> str:
        """This catalogue's own id (#24): made once for the file, kept by its backups and restores."""
        return identity.catalogue_id(self.cdb)

    def product_uuids(self, product_ids: list[int]) -> dict[int, str]:
        """Each product's UUID by its id, in one query (for the manifests of bundles that leave the file)."""
        return identity.uuids(self.cdb, "products", product_ids)

    # -- products -----------------------------------------------------------------------------
    def search(self, flt: ProductFilter) -> list[int]:
        return products.search_ids(self.cdb, flt)

    def summaries(self, ids: list[int]) -> list[ProductSummary]:
        return products.summaries(self.cdb, ids)

    def count_products(self) -> int:
        return products.count(self.cdb)

    def product(self, product_id: int) -> ProductDetail:
        product = products.get(self.cdb, product_id)
        producer = producers.get(self.cdb, product.producer_id) if product.producer_id else None
        files = media.for_product(self.cdb, product_id)
        return ProductDetail(
            product,
            producer,
            certificates.for_product(self.cdb, product_id),
            [f for f in files if f.kind == "photo"],
            [f for f in files if f.kind == "document"],
        )

    def product_by_sku(self, sku: str) -> ProductDetail:
        found = products.find_by_sku(self.cdb, sku)
        if found is None or found.id is None:
            raise NotFoundError(_("No product has the SKU {sku}.").format(sku=sku))
        return self.product(found.id)

    def save_product(
        self,
        product: Product,
        *,
        photos: list[MediaFile] | None = None,
        documents: list[MediaFile] | None = None,
        certificate: Certificate | None = None,
    ) -> tuple[int, Changes]:
        """Validate, then write the product with its media and certificate in one transaction."""
        try:
            ids, changes = self.save_products([ProductWrite(product, photos, documents, certificate)])
        except ProductsInvalid as refused:
            raise ValidationError(refused.by_index[0]) from None
        return ids[0], changes

    def check_products(self, writes: Sequence[ProductWrite]) -> dict[int, list[FieldError]]:
        """The rules every saved product meets, for many at once (by place in `writes`, only those that
        break one): its fields, its certificate, and no other saved product with its SKU in any case.
        The SKUs are looked up once per 500, not once per product."""
        return self._problems([w.normalized() for w in writes])

    def _problems(self, writes: Sequence[ProductWrite]) -> dict[int, list[FieldError]]:
        clashes = self._sku_clashes([(w.product.sku, w.product.id) for w in writes])
        problems = {}
        for n, write in enumerate(writes):
            errors = validate_normalized(write.product)  # the callers normalized it
            errors += validate_certificate(write.certificate) if write.certificate else []
            errors += clashes.get(n, [])
            if errors:
                problems[n] = errors
        return problems

    def save_products(self, writes: Sequence[ProductWrite]) -> tuple[list[int], Changes]:
        """The one way products are written (the editor's save is one of these): check them all with
        `check_products`, then write them with their media and certificates in one transaction, or
        nothing (`ProductsInvalid`). Returns their ids in order."""
        writes = [w.normalized() for w in writes]
        problems = self._problems(writes)
        if problems:
            raise ProductsInvalid(problems)
        with self.cdb.write():
            ids = products.save_many(self.cdb, [w.product for w in writes])
            for product_id, write in zip(ids, writes, strict=True):
                if write.photos is not None:
                    media.replace_all(self.cdb, product_id, "photo", write.photos)
                if write.documents is not None:
                    media.replace_all(self.cdb, product_id, "document", write.documents)
            certified = [(w.certificate, i) for i, w in zip(ids, writes, strict=True) if w.certificate]
            certificates.save_many(self.cdb, certified)
        with_media = any(w.photos is not None or w.documents is not None for w in writes)
        return ids, Changes(products=bool(writes), media=with_media)

    def _sku_clashes(self, skus: Sequence[tuple[str, int | None]]) -> dict[int, list[FieldError]]:
        """For each (SKU, own id) by place: another saved product with that SKU, or one that differs only in
        case (on Windows both would be one folder of the website and one name for photos)."""
        found = products.same_skus(self.cdb, [sku for sku, _id in skus])
        clashes = {}
        for n, (sku, product_id) in enumerate(skus):
            for other_id, other_sku, other_name in found.get(codes.key(sku), []):
                if other_id == product_id:
                    continue
                if other_sku == sku:
                    message = _("Another product already has the SKU {sku}.").format(sku=sku)
                    clashes[n] = [FieldError("sku", message)]
                else:
                    clashes[n] = [codes.sku_case_twin(sku, other_sku, other_name)]
                break
        return clashes

    def saved_sku_problems(self, product: Product) -> list[FieldError]:
        """What today's rule says about a product's saved SKU (its window shows it on opening): the
        rule itself, and an older product whose SKU differs only in case (that one keeps its page)."""
        assert product.id is not None
        found = products.same_skus(self.cdb, [product.sku]).get(codes.key(product.sku), [])
        older = [(sku, name) for other_id, sku, name in found if other_id < product.id]
        return codes.validate_sku(product.sku) + ([codes.sku_case_twin(product.sku, *older[0])] if older else [])

    def import_sku_clashes(self, skus: list[str]) -> dict[str, FieldError]:
        """For an import, which updates the product with exactly the same SKU: the SKUs that differ
        from a saved one only in case (the saved one cannot be updated by them nor live beside them)."""
        found = products.same_skus(self.cdb, skus)
        clashes = {}
        for sku in skus:
            twins = [(s, name) for _id, s, name in found.get(codes.key(sku), []) if s != sku]
            if twins:
                clashes[sku] = codes.sku_case_twin(sku, *twins[0])
        return clashes

    def delete_product(self, product_id: int) -> Changes:
        if batches.list_batches(self.cdb, product_id):
            raise OcopDeskError(_("This product has batches; it cannot be deleted."))
        with self.cdb.write():
            products.delete(self.cdb, product_id)
        return Changes(products=True)

    def add_media(self, ref: str, kind: str = "photo", policy: SourcePolicy | None = None) -> MediaFile:
        """Copy a photo or document (path or URL) into the managed folder; attach it by saving.

        Without a policy the clerk chose the file (any folder); URLs always stay on the public internet."""
        return import_media(self.cdb.media_dir, ref, kind, policy)

    def media_path(self, item: MediaFile) -> Path:
        return media.path_of(self.cdb, item)

    # -- producers ----------------------------------------------------------------------------
    def producers(self) -> list[Producer]:
        return producers.all_producers(self.cdb)

    def producer_by_name(self, name: str) -> Producer | None:
        """Matched without regard to case, diacritics or NFC/NFD form."""
        return producers.find_by_name(self.cdb, name)

    def save_producer(self, producer: Producer) -> tuple[int, Changes]:
        producer = producer.normalized()
        errors = validate_producer(producer)
        if errors:
            raise ValidationError(errors)
        with self.cdb.write():
            producer_id = producers.save(self.cdb, producer)
            if producer.id is not None:  # its name and commune are part of its products' search text
                products.reindex(self.cdb, producers.product_ids(self.cdb, producer_id))
        return producer_id, Changes(producers=True, products=producer.id is not None)

    # -- batches ------------------------------------------------------------------------------
    def add_batch(
        self,
        sku: str,
        lot_code: str,
        produced_on: dt.date,
        expires_on: dt.date | None = None,
        quantity: int | None = None,
        lot_name: str = "",
        notes: str = "",
    ) -> tuple[Batch, Changes]:
        product = self.product_by_sku(sku).product
        assert product.id is not None
        batch = Batch(product.id, lot_code, produced_on, expires_on, quantity, lot_name, notes).normalized()
        errors = validate_batch(batch)
        if not errors:
            errors = self._lot_clash(product, batch.lot_code)
        if errors:
            raise ValidationError(errors)
        with self.cdb.write():
            batch_id = batches.save(self.cdb, batch)
        return replace(batch, id=batch_id), Changes(batches=True)

    def _lot_clash(self, product: Product, lot_code: str, batch_id: int | None = None) -> list[FieldError]:
        """Lot codes are unique per product ignoring case: `ab` and `AB` would be one folder on Windows."""
        assert product.id is not None
        for other in batches.same_lots(self.cdb, product.id, lot_code):
            if other.id == batch_id:
                continue
            if other.lot_code == lot_code:
                message = _("The lot {lot} already exists for {sku}.").format(lot=lot_code, sku=product.sku)
                return [FieldError("lot_code", message)]
            return [codes.lot_case_twin(lot_code, other.lot_code, product.sku)]
        return []

    def rename_lot(self, batch_id: int, lot_code: str) -> tuple[Batch, Changes]:
        """Give a lot a new code, e.g. one saved before today's rule that can have no web page. A lot
        of a product with a GTIN whose stamps were issued keeps its code: their QR codes hold it."""
        batch = batches.get(self.cdb, batch_id)
        if batch is None:
            raise NotFoundError(_("This batch no longer exists."))
        product = products.get(self.cdb, batch.product_id)
        renamed = replace(batch, lot_code=lot_code).normalized()
        errors = codes.validate_lot_code(renamed.lot_code) or self._lot_clash(product, renamed.lot_code, batch_id)
        if errors:
            raise ValidationError(errors)
        counts = stamps.count_for_batch(self.cdb, batch_id)
        if product.gtin and counts["issued"] + counts["voided"]:
            raise OcopDeskError(
                _(
                    "Stamps were already issued for the lot {lot}, and their QR codes hold its code: renamed, they "
                    "would fail the check. Add a new batch with a valid code for the next stamps."
                ).format(lot=batch.lot_code)
            )
        with self.cdb.write():
            batches.rename(self.cdb, batch_id, renamed.lot_code)
        return renamed, Changes(batches=True)

    def code_problems(self) -> CodeProblems:
        """Every saved SKU and lot code today's rule refuses, and every one that differs from an
        older one only in case (the older keeps its page). Cheap: SQL picks the few suspects
        (storage/code_checks.py), the rule judges them; no page is rendered."""
        skus = code_checks.suspect_skus(self.cdb)
        lots = code_checks.suspect_lots(self.cdb)
        by_sku = {product_id: (sku, name) for product_id, sku, name, _gtin in skus}
        sku_problems = {pid: [e.message for e in codes.validate_sku(sku)] for pid, sku, _name, _gtin in skus}
        for pid, first in codes.case_twins((pid, sku) for pid, sku, _name, _gtin in skus).items():
            sku_problems[pid].append(codes.sku_case_twin(by_sku[pid][0], *by_sku[first]).message)
        lot_problems = {bid: [e.message for e in codes.validate_lot_code(lot)] for bid, _pid, lot in lots}
        by_lot = {bid: (pid, lot) for bid, pid, lot in lots}
        for bid, first in codes.case_twins((bid, f"{pid}/{lot}") for bid, pid, lot in lots).items():
            pid, lot = by_lot[bid]
            sku = products.get(self.cdb, pid).sku
            lot_problems[bid].append(codes.lot_case_twin(lot, by_lot[first][1], sku).message)
        sku_problems = {k: v for k, v in sku_problems.items() if v}
        return CodeProblems(
            sku_problems,
            {k: v for k, v in lot_problems.items() if v},
            frozenset(pid for pid, _sku, _name, has_gtin in skus if not has_gtin and pid in sku_problems),
        )

    def lot_page_problems(self, batch: Batch) -> list[str]:
        """Why this lot can have no web page (so its stamps would lead to "Page not found"): its
        code, an older lot of the product that differs only in case, or, without a GTIN, its SKU."""
        return self.code_problems().lot_page(batch)

    def batches(self, sku: str | None = None) -> list[BatchView]:
        product_id = None
        if sku:
            detail = self.product_by_sku(sku)
            product_id = detail.product.id
        names: dict[int, tuple[str, str]] = {}
        views = []
        for batch in batches.list_batches(self.cdb, product_id):
            if batch.product_id not in names:
                p = products.get(self.cdb, batch.product_id)
                names[batch.product_id] = (p.sku, p.name)
            views.append(BatchView(batch, *names[batch.product_id]))
        return views

    def add_event(self, event: BatchEvent) -> Changes:
        """A stage of a lot; its input lots must exist and must not be made from this lot (no loops)."""
        errors = validate_event(event)
        if errors:
            raise ValidationError(errors)
        with self.cdb.write():
            self._check_inputs(event)
            batches.add_event(self.cdb, event.normalized())
        return Changes(batches=True)

    def _check_inputs(self, event: BatchEvent) -> None:
        for input_id in event.inputs:
            found = batches.get(self.cdb, input_id)
            if found is None:
                raise ValidationError([FieldError("inputs", _("That input lot no longer exists."))])
            if event.batch_id in batches.made_from(self.cdb, input_id):
                message = _("The lot {lot} is itself made from this lot: it cannot be its ingredient.")
                raise ValidationError([FieldError("inputs", message.format(lot=found.lot_code))])

    def stage_commune(self, batch_id: int) -> str:
        """The commune a new stage of this lot most likely happened in: its producer's."""
        batch = batches.get(self.cdb, batch_id)
        product = products.get(self.cdb, batch.product_id) if batch else None
        if product is None or product.producer_id is None:
            return ""
        return producers.get(self.cdb, product.producer_id).commune_code

    def events(self, batch_id: int) -> list[BatchEvent]:
        return batches.events(self.cdb, batch_id)
