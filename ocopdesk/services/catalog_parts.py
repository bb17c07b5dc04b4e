"""The catalogue's sub-APIs: what the services may ask of storage, each bound to the open catalogue.

`CatalogService` holds the connection and hands out these parts (`service.stamp_rows.for_batch(…)`), so no
service, GUI or CLI code passes the connection around or reaches into it: a part lists, one line each, the
storage functions it offers, and a part's method is the storage function with the catalogue filled in
(typed through `ParamSpec`). Writes still group in one transaction with `with service.write(): …`.
tests/test_architecture.py fails when code outside storage and the catalogue service touches `.cdb`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from ocopdesk.storage import (
    batches,
    categories,
    certificates,
    listings,
    media,
    producers,
    products,
    scans,
    settings,
    stamps,
    stats,
)
from ocopdesk.storage.database import CatalogueDB, backup_to

P = ParamSpec("P")
R = TypeVar("R")


class Part:
    def __init__(self, cdb: CatalogueDB) -> None:
        self._cdb = cdb


class bound(Generic[P, R]):
    """A storage function `f(cdb, …)` offered on a part as `part.f(…)`."""

    def __init__(self, function: Callable[Concatenate[CatalogueDB, P], R]) -> None:
        self._function = function

    @overload
    def __get__(self, part: None, owner: type[Part]) -> bound[P, R]: ...
    @overload
    def __get__(self, part: Part, owner: type[Part]) -> Callable[P, R]: ...
    def __get__(self, part: Part | None, owner: type[Part]) -> Any:
        if part is None:
            return self
        return functools.partial(self._function, part._cdb)


class SettingsPart(Part):
    """Settings by key prefix (`profile.`, `labels.`…), stored as JSON values."""

    get_all = bound(settings.get_all)

    def save(self, prefix: str, values: dict[str, Any]) -> None:
        """Write `values` under `prefix` in a transaction of their own (or the caller's, when one is open)."""
        with self._cdb.write():
            settings.put_all(self._cdb, prefix, values)


class ProductRows(Part):
    get = bound(products.get)
    save = bound(products.save)
    find_by_sku = bound(products.find_by_sku)
    ids_by_sku = bound(products.ids_by_sku)
    get_many = bound(products.get_many)  # many products' facts in one query each (#24)


class ProducerRows(Part):
    save = bound(producers.save)
    find_by_name = bound(producers.find_by_name)
    get = bound(producers.get)
    get_many = bound(producers.get_many)


class CertificateRows(Part):
    save = bound(certificates.save)
    for_product = bound(certificates.for_product)
    for_products = bound(certificates.for_products)


class MediaRows(Part):
    replace_all = bound(media.replace_all)
    for_products = bound(media.for_products)

    def store_bytes(self, data: bytes, ext: str) -> str:
        return media.store_bytes(self._cdb.media_dir, data, ext)


class BatchRows(Part):
    get = bound(batches.get)
    save = bound(batches.save)
    add_event = bound(batches.add_event)
    find_by_lot = bound(batches.find_by_lot)
    list_batches = bound(batches.list_batches)
    all_events = bound(batches.all_events)


class StampRows(Part):
    secret = bound(stamps.secret)
    secret_readonly = bound(stamps.secret_readonly)
    next_number = bound(stamps.next_number)
    insert_many = bound(stamps.insert_many)
    existing_serials = bound(stamps.existing_serials)
    by_serial = bound(stamps.by_serial)
    for_batch = bound(stamps.for_batch)
    void_range = bound(stamps.void_range)
    mark_printed = bound(stamps.mark_printed)
    count_for_batch = bound(stamps.count_for_batch)
    published_rows = bound(stamps.published_rows)
    epcis_rows = bound(stamps.epcis_rows)


class ScanRows(Part):
    """Stamp-check aggregates read from web server logs (#27)."""

    network_key = bound(scans.network_key)
    source = bound(scans.source)
    merge = bound(scans.merge)
    prune_networks = bound(scans.prune_networks)
    forget = bound(scans.forget)
    all_scans = bound(scans.all_scans)
    network_firsts = bound(scans.network_firsts)
    busiest_days = bound(scans.busiest_days)
    checks_per_day = bound(scans.checks_per_day)
    sources = bound(scans.sources)


class CategoryRows(Part):
    list_info = bound(categories.list_info)
    leaves = bound(categories.leaves)
    replace_list = bound(categories.replace_list)
    chosen = bound(categories.chosen)
    choose = bound(categories.choose)
    examples = bound(categories.examples)


class ListingRows(Part):
    record_export = bound(listings.record_export)
    record_listed = bound(listings.record_listed)
    statuses = bound(listings.statuses)


class Stats(Part):
    counts = bound(stats.counts)
    products_by_group = bound(stats.products_by_group)
    products_by_stars = bound(stats.products_by_stars)
    expiring = bound(stats.expiring)
    stamps_per_month = bound(stats.stamps_per_month)


def snapshot(cdb: CatalogueDB, target: Path) -> Path:
    """A consistent copy of the open catalogue (SQLite's online backup), for the backup ZIP."""
    return backup_to(cdb.conn, target)
