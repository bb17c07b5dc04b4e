"""The demo catalogue: cooperatives and products of Thanh Hóa with batches and pictures, so a
newcomer sees a living app at once. Loading it twice changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

from ocopdesk.bundled import resource
from ocopdesk.domain.batch import Batch, BatchEvent
from ocopdesk.domain.dates import add_months
from ocopdesk.domain.media import MediaFile
from ocopdesk.domain.ocop import Certificate, current_grouping_version
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product
from ocopdesk.render.images import product_picture
from ocopdesk.services import shipping
from ocopdesk.services.catalog import CatalogService, ProductWrite
from ocopdesk.services.changes import Changes
from ocopdesk.services.profile import load_profile, save_profile
from ocopdesk.services.progress import ProgressFn, no_progress

_SHAPE_BY_UNIT = {
    "chai": "bottle",
    "lọ": "bottle",
    "hũ": "jar",
    "hộp": "box",
    "gói": "bag",
    "túi": "bag",
    "kg": "round",
    "cái": "bag",
    "bộ": "box",
}


def load_demo(
    service: CatalogService, today: dt.date | None = None, progress: ProgressFn = no_progress
) -> tuple[int, Changes]:
    """Add the demo producers, products, certificates, photos and batches that are missing.
    Returns how many products were added (0 the second time)."""
    today = today or dt.date.today()
    data = json.loads(resource("demo", "catalogue.json").read_text(encoding="utf-8"))
    added = 0
    with service.write():
        _profile(service, data["profile"])
        _shipping(service, data.get("shipping", {}))
        producer_ids = {p["key"]: _producer(service, p) for p in data["producers"]}
        for n, item in enumerate(data["products"], 1):
            if service.product_rows.find_by_sku(item["sku"]) is None:
                _add_product(service, item, producer_ids[item["producer"]], today, n)
                added += 1
            progress(n, len(data["products"]), "")
    return added, Changes(products=True, producers=True, batches=True, media=True, settings=True)


def _profile(service: CatalogService, raw: dict[str, str]) -> None:
    """The demo speaks for one of its cooperatives, so the website and the first-run guide have a name and
    contacts to show. A profile the clerk filled in already is kept; the traceability address is never set
    (the guide asks for a real one)."""
    current = load_profile(service)
    if not current.name:
        save_profile(service, replace(current, **raw))


def _shipping(service: CatalogService, raw: dict[str, list[str]]) -> None:
    """The demo shop ships by two of the template's channels (Nhanh, Tiết kiệm), so its Shopee column
    shows a shop that is set up; channels the clerk chose already are kept. A catalogue of one's
    own starts with none on, and readiness says where to choose them."""
    for market_id, wanted in raw.items():
        if not shipping.choice(service, market_id).on:
            shipping.choose(service, market_id, wanted)


def _producer(service: CatalogService, raw: dict[str, Any]) -> int:
    found = service.producer_rows.find_by_name(raw["name"])
    if found and found.id:
        return found.id
    fields = {k: v for k, v in raw.items() if k != "key"}
    return service.producer_rows.save(Producer(**fields).normalized())


def _add_product(service: CatalogService, item: dict[str, Any], producer_id: int, today: dt.date, n: int) -> None:
    cert_raw = item.pop("certificate", None)
    item.pop("producer")
    product = Product(**item, producer_id=producer_id, grouping_version=current_grouping_version()).normalized()
    shape = _SHAPE_BY_UNIT.get(product.unit, "jar")
    digest = service.media_rows.store_bytes(product_picture(product.name, shape), ".jpg")
    certificate = None
    if cert_raw:
        certificate = Certificate(
            stars=cert_raw["stars"],
            decision_number=cert_raw["decision_number"],
            signed_on=add_months(today, -cert_raw["signed_months_ago"]),
            authority=cert_raw["authority"],
            status=cert_raw.get("status", "valid"),
            ocop_group=product.ocop_group,
            ocop_subgroup=product.ocop_subgroup,
            grouping_version=product.grouping_version,
        )
    photos = [MediaFile("photo", digest, ".jpg", f"{product.sku}.jpg")]
    (product_id,), _changes = service.save_products([ProductWrite(product, photos, None, certificate)])
    if product.ocop_group != "6":
        _add_batches(service, product_id, product, today, n, service.producer_rows.get(producer_id))


def _add_batches(
    service: CatalogService, product_id: int, product: Product, today: dt.date, n: int, producer: Producer
) -> None:
    """Two lots with four stages each, every stage at the producer's commune (and GLN, when it has one) at
    a time of day: the place tracing code and time Circular 02/2024 asks of each production stage."""
    for days_ago in (75 + n, 12 + n % 7):
        produced = today - dt.timedelta(days=days_ago)
        expires = produced + dt.timedelta(days=product.shelf_life_days) if product.shelf_life_days else None
        lot = f"{product.sku[:12]}-{produced:%y%m%d}"  # unique per product and readable on a label
        batch_id = service.batch_rows.save(
            Batch(product_id, lot, produced, expires, quantity=200 + 50 * (n % 5), lot_name=f"Lô {produced:%d/%m/%Y}"),
        )
        for kind, offset, time, note in (
            ("harvest", -3, "06:30", "Thu hoạch nguyên liệu"),
            ("processing", -1, "08:00", "Sơ chế, chế biến"),
            ("packing", 0, "14:00", "Đóng gói, dán tem"),
            ("inspection", 1, "09:30", "Kiểm tra chất lượng lô"),
        ):
            day = produced + dt.timedelta(days=offset)
            service.batch_rows.add_event(
                BatchEvent(batch_id, kind, day, "Xưởng HTX", "", note, time, producer.commune_code, producer.gln),
            )
