"""What the overview screen shows: counts by OCOP group and stars, certificates expiring soon."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ocopdesk.services.catalog import CatalogService
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
    c = service.stats.counts()
    return Overview(
        c["products"],
        c["producers"],
        c["batches"],
        service.stats.products_by_group(),
        service.stats.products_by_stars(today),
        service.stats.expiring(today, EXPIRY_WARNING_DAYS),
        service.stats.stamps_per_month(),
    )
