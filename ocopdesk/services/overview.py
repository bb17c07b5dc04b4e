"""What the overview screen shows: counts by OCOP group and stars, certificates expiring soon."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ocopdesk.services.catalog import CatalogService
from ocopdesk.storage import stats
from ocopdesk.storage.stats import ExpiringCertificate

EXPIRY_WARNING_DAYS = 90


@dataclass(frozen=True, slots=True)
class Overview:
    products: int
    producers: int
    batches: int
    by_group: dict[str, int]
    by_stars: dict[int, int]
    expiring: list[ExpiringCertificate]
    stamps_per_month: list[tuple[str, int]]


def overview(service: CatalogService, today: dt.date | None = None) -> Overview:
    today = today or dt.date.today()
    c = stats.counts(service.cdb)
    return Overview(
        c["products"],
        c["producers"],
        c["batches"],
        stats.products_by_group(service.cdb),
        stats.products_by_stars(service.cdb, today),
        stats.expiring(service.cdb, today, EXPIRY_WARNING_DAYS),
        stats.stamps_per_month(service.cdb),
    )
