"""The catalogue's sub-APIs: what the services may ask of storage, each bound to the open catalogue.

`CatalogService` holds the connection and hands out these parts (`service.stamp_rows.for_batch(…)`), so no
service, GUI or CLI code passes the connection around or reaches into it. Each method is written out — one
line calling the storage function with the catalogue — so a reader, "go to definition" and mypy follow it
(the descriptors that filled the connection in were opaque to all three). Writes still group in one
transaction with `with service.write(): …`. tests/test_architecture.py fails when code outside storage and
the catalogue service touches `.cdb`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ocopdesk.domain.batch import Batch, BatchEvent
from ocopdesk.domain.category import Category, CategoryExample, CategoryListInfo, ChosenCategory
from ocopdesk.domain.listing import ListingStatus
from ocopdesk.domain.media import MediaFile
from ocopdesk.domain.ocop import Certificate
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product
from ocopdesk.domain.scans import StampScans
from ocopdesk.domain.stamp import Stamp
from ocopdesk.services.changes import Changes
from ocopdesk.storage import (
    batches,
    categories,
    certificates,
    change_marks,
    listings,
    media,
    producers,
    products,
    scan_store,
    scans,
    settings,
    stamps,
    stats,
)
from ocopdesk.storage.database import CatalogueDB, backup_to
from ocopdesk.storage.scan_logs import LogCounts
from ocopdesk.storage.stats import ExpiringCertificate


class Part:
    """A view of the open catalogue for one aggregate; holds the catalogue, never opens or closes it."""

    def __init__(self, cdb: CatalogueDB) -> None:
        self._cdb = cdb


class SettingsPart(Part):
    """Settings by key prefix (`profile.`, `labels.`…), stored as JSON values."""

    def get_all(self, prefix: str) -> dict[str, Any]:
        return settings.get_all(self._cdb, prefix)

    def save(self, prefix: str, values: dict[str, Any]) -> Changes:
        """Write `values` under `prefix` in a transaction of their own (or the caller's, when one is open)."""
        with self._cdb.write():
            settings.put_all(self._cdb, prefix, values)
        return Changes(settings=True)


class ProductRows(Part):
    def get(self, product_id: int) -> Product:
        return products.get(self._cdb, product_id)

    def find_by_sku(self, sku: str) -> Product | None:
        return products.find_by_sku(self._cdb, sku)

    def ids_by_sku(self, skus: Sequence[str]) -> dict[str, int]:
        return products.ids_by_sku(self._cdb, skus)

    def get_many(self, product_ids: Sequence[int]) -> dict[int, Product]:
        return products.get_many(self._cdb, product_ids)


class ProducerRows(Part):
    def save(self, producer: Producer) -> int:
        return producers.save(self._cdb, producer)

    def find_by_name(self, name: str) -> Producer | None:
        return producers.find_by_name(self._cdb, name)

    def get(self, producer_id: int) -> Producer:
        return producers.get(self._cdb, producer_id)

    def get_many(self, producer_ids: Sequence[int]) -> dict[int, Producer]:
        return producers.get_many(self._cdb, producer_ids)


class CertificateRows(Part):
    def save(self, cert: Certificate, product_id: int) -> int:
        return certificates.save(self._cdb, cert, product_id)

    def for_product(self, product_id: int) -> list[Certificate]:
        return certificates.for_product(self._cdb, product_id)

    def for_products(self, product_ids: Sequence[int]) -> dict[int, list[Certificate]]:
        return certificates.for_products(self._cdb, product_ids)


class MediaRows(Part):
    def replace_all(self, product_id: int, kind: str, files: list[MediaFile]) -> None:
        media.replace_all(self._cdb, product_id, kind, files)

    def for_products(self, product_ids: Sequence[int]) -> dict[int, list[MediaFile]]:
        return media.for_products(self._cdb, product_ids)

    def store_bytes(self, data: bytes, ext: str) -> str:
        return media.store_bytes(self._cdb.media_dir, data, ext)


class BatchRows(Part):
    def get(self, batch_id: int) -> Batch | None:
        return batches.get(self._cdb, batch_id)

    def save(self, batch: Batch) -> int:
        return batches.save(self._cdb, batch)

    def add_event(self, event: BatchEvent) -> int:
        return batches.add_event(self._cdb, event)

    def find_by_lot(self, lot_code: str, *, ignore_case: bool = False) -> list[Batch]:
        return batches.find_by_lot(self._cdb, lot_code, ignore_case=ignore_case)

    def list_batches(self, product_id: int | None = None) -> list[Batch]:
        return batches.list_batches(self._cdb, product_id)

    def all_events(self) -> dict[int, list[BatchEvent]]:
        return batches.all_events(self._cdb)


class StampRows(Part):
    def secret(self) -> bytes:
        return stamps.secret(self._cdb)

    def secret_readonly(self) -> bytes:
        return stamps.secret_readonly(self._cdb)

    def next_number(self, batch_id: int) -> int:
        return stamps.next_number(self._cdb, batch_id)

    def insert_many(self, batch_id: int, first: int, serials: Sequence[str]) -> None:
        stamps.insert_many(self._cdb, batch_id, first, serials)

    def existing_serials(self, serials: Sequence[str]) -> set[str]:
        return stamps.existing_serials(self._cdb, serials)

    def by_serial(self, serial: str) -> Stamp | None:
        return stamps.by_serial(self._cdb, serial)

    def for_batch(self, batch_id: int, low: int = 1, high: int | None = None) -> list[Stamp]:
        return stamps.for_batch(self._cdb, batch_id, low, high)

    def void_range(self, batch_id: int, low: int, high: int, reason: str) -> int:
        return stamps.void_range(self._cdb, batch_id, low, high, reason)

    def mark_printed(self, ids: Sequence[int]) -> None:
        stamps.mark_printed(self._cdb, ids)

    def count_for_batch(self, batch_id: int) -> dict[str, int]:
        return stamps.count_for_batch(self._cdb, batch_id)

    def published_rows(self) -> list[tuple[int, int, str, str, str]]:
        return stamps.published_rows(self._cdb)

    def epcis_rows(self, batch_ids: Sequence[int] | None, *, voided: bool) -> Iterator[tuple[int, str, str]]:
        return stamps.epcis_rows(self._cdb, batch_ids, voided=voided)


class ScanRows(Part):
    """Stamp-check aggregates read from web server logs (#27): per stamp in the catalogue, per network
    and per day in the scan store beside it (storage/scan_store.py)."""

    @property
    def store(self) -> Path:
        return scan_store.store_path(self._cdb.path)

    def network_key(self) -> bytes:
        return scans.network_key(self._cdb)

    def source(self, head: str) -> tuple[int, str] | None:
        return scans.source(self._cdb, head)

    def source_at(self, path: str) -> tuple[str, int] | None:
        return scans.source_at(self._cdb, path)

    def generation(self) -> int:
        return scans.generation(self._cdb)

    def snapshot_store(self, catalogue_copy: Path, target: Path) -> bool:
        """The store's rows of the loads `catalogue_copy` (a backup's snapshot of this catalogue, taken
        just before) recorded, copied to `target`; False when there are none."""
        return scan_store.snapshot(self.store, target, scans.generation_in(catalogue_copy))

    def keep(self, counts: LogCounts, committed: int, gen: int) -> None:
        """Counts' network and day rows into the store (with any the catalogue kept before it), before
        `merge` records `gen` in the same catalogue transaction."""
        scan_store.keep(counts.con, self.store, committed, gen, scans.legacy(self._cdb))

    def merge(self, head: str, path: str, fmt: str, consumed: int, counts: LogCounts, now: str, gen: int) -> None:
        scans.merge(self._cdb, head, path, fmt, consumed, counts, now, gen)

    def prune_networks(self, before: dt.datetime) -> int:
        return scan_store.prune(self.store, before, scans.generation(self._cdb))

    def forget(self) -> int:
        return scans.forget(self._cdb)

    def erase_store(self) -> None:
        scan_store.erase(self.store)

    def all_scans(self, lot: str | None = None) -> list[StampScans]:
        return scans.all_scans(self._cdb, lot)

    def lots(self) -> list[str]:
        return scans.lots(self._cdb)

    def network_summary(self, window: dt.timedelta) -> dict[str, tuple[int, int]]:
        if scans.has_legacy(self._cdb):  # an upgraded catalogue before its next load (storage/scans.py)
            return scans.legacy_network_summary(self._cdb, window)
        return scan_store.network_summary(self.store, scans.generation(self._cdb), window)

    def busiest_days(self) -> dict[str, tuple[str, int]]:
        return scans.busiest_days(self._cdb)

    def stamp_days(self, serial: str) -> list[tuple[str, int]]:
        if scans.has_legacy(self._cdb):
            return scans.legacy_stamp_days(self._cdb, serial)
        return scan_store.stamp_days(self.store, scans.generation(self._cdb), serial)

    def checks_per_day(self, lot: str | None = None) -> list[tuple[str, int]]:
        return scans.checks_per_day(self._cdb, lot)

    def sources(self) -> list[tuple[str, str, int, int, int, int, str]]:
        return scans.sources(self._cdb)


class CategoryRows(Part):
    def list_info(self, marketplace: str) -> CategoryListInfo | None:
        return categories.list_info(self._cdb, marketplace)

    def leaves(self, marketplace: str) -> list[Category]:
        return categories.leaves(self._cdb, marketplace)

    def replace_list(self, marketplace: str, leaves: Iterable[Category], loaded_on: dt.date, source: str) -> int:
        return categories.replace_list(self._cdb, marketplace, leaves, loaded_on, source)

    def chosen(self, marketplace: str) -> dict[int, ChosenCategory]:
        return categories.chosen(self._cdb, marketplace)

    def choose(self, product_id: int, marketplace: str, category: Category) -> None:
        categories.choose(self._cdb, product_id, marketplace, category)

    def examples(self, marketplace: str) -> list[CategoryExample]:
        return categories.examples(self._cdb, marketplace)


class ListingRows(Part):
    def record_export(self, product_ids: Sequence[int], marketplace: str, bundle: str) -> None:
        listings.record_export(self._cdb, product_ids, marketplace, bundle)

    def record_listed(self, product_id: int, marketplace: str, url: str) -> None:
        listings.record_listed(self._cdb, product_id, marketplace, url)

    def statuses(self, marketplace: str | None = None) -> dict[tuple[int, str], ListingStatus]:
        return listings.statuses(self._cdb, marketplace)


class Stats(Part):
    def counts(self) -> dict[str, int]:
        return stats.counts(self._cdb)

    def products_by_group(self) -> dict[str, int]:
        return stats.products_by_group(self._cdb)

    def products_by_stars(self, today: dt.date) -> dict[int, int]:
        return stats.products_by_stars(self._cdb, today)

    def expiring(self, today: dt.date, within_days: int, limit: int = 50) -> list[ExpiringCertificate]:
        return stats.expiring(self._cdb, today, within_days, limit)

    def stamps_per_month(self, months: int = 12) -> list[tuple[str, int]]:
        return stats.stamps_per_month(self._cdb, months)

    def change_marks(self) -> dict[str, int] | None:
        """Each table's change mark (storage/change_marks.py); None when some table's writes would go unseen."""
        return change_marks.current(self._cdb.conn)


def snapshot(cdb: CatalogueDB, target: Path) -> Path:
    """A consistent copy of the open catalogue (SQLite's online backup), for the backup ZIP."""
    return backup_to(cdb.conn, target)
