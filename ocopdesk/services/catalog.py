"""The catalogue use cases: products, producers, certificates, media and batches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from ocopdesk.domain.batch import Batch, BatchEvent, validate_batch, validate_event
from ocopdesk.domain.errors import FieldError, NotFoundError, OcopDeskError, ValidationError
from ocopdesk.domain.media import MediaFile
from ocopdesk.domain.ocop import Certificate, validate_certificate
from ocopdesk.domain.producer import Producer, validate_producer
from ocopdesk.domain.product import Product, ProductFilter, ProductSummary, validate_product
from ocopdesk.i18n import _
from ocopdesk.services.changes import Changes
from ocopdesk.services.media_sources import SourcePolicy, import_media
from ocopdesk.storage import batches, certificates, media, producers, products
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
class BatchView:
    batch: Batch
    sku: str
    product_name: str


class CatalogService:
    """One open catalogue. Each mutating call is one transaction and returns what changed."""

    def __init__(self, cdb: CatalogueDB) -> None:
        self.cdb = cdb

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> CatalogService:
        return cls(open_catalogue(Path(path), create=create))

    @property
    def path(self) -> Path:
        return self.cdb.path

    def close(self) -> None:
        self.cdb.close()

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
        product = product.normalized()
        errors = validate_product(product) + (validate_certificate(certificate) if certificate else [])
        same_sku = products.find_by_sku(self.cdb, product.sku)
        if same_sku and same_sku.id != product.id:
            errors.append(FieldError("sku", _("Another product already has the SKU {sku}.").format(sku=product.sku)))
        if errors:
            raise ValidationError(errors)
        with self.cdb.write():
            product_id = products.save(self.cdb, product)
            if photos is not None:
                media.replace_all(self.cdb, product_id, "photo", photos)
            if documents is not None:
                media.replace_all(self.cdb, product_id, "document", documents)
            if certificate is not None:
                certificates.save(self.cdb, certificate, product_id)
        return product_id, Changes(products=True, media=photos is not None or documents is not None)

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
        if not errors and batches.find(self.cdb, product.id, batch.lot_code):
            errors.append(
                FieldError(
                    "lot_code", _("The lot {lot} already exists for {sku}.").format(lot=batch.lot_code, sku=product.sku)
                )
            )
        if errors:
            raise ValidationError(errors)
        with self.cdb.write():
            batch_id = batches.save(self.cdb, batch)
        return replace(batch, id=batch_id), Changes(batches=True)

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
        errors = validate_event(event)
        if errors:
            raise ValidationError(errors)
        with self.cdb.write():
            batches.add_event(self.cdb, event)
        return Changes(batches=True)

    def events(self, batch_id: int) -> list[BatchEvent]:
        return batches.events(self.cdb, batch_id)
