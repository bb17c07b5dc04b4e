"""The items every stamp page shows, in one fixed order: Circular 02/2024/TT-BKHCN's ten traceability
items and the digital product passport's minimum (Decree 37/2026/NĐ-CP Art. 32), plus which of them a
product or a lot has not declared yet. A missing item is shown as "not declared", never left out, so a
shopper and an inspector see the gap (sources: ../shared/DOMAIN.md §5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ocopdesk.domain.batch import BatchEvent
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product
from ocopdesk.i18n import N_

# key → row label, in the order pages show them. Keys are also the names readiness reports.
ITEMS: dict[str, str] = {
    "name": N_("Product name"),
    "image": N_("Product image"),
    "gtin": N_("GTIN"),
    "brand": N_("Brand / trademark"),
    "producer": N_("Producer's name"),
    "address": N_("Producer's address"),
    "identifier": N_("Tax code"),
    "origin": N_("Country of origin"),
    "trace_code": N_("Traceability code"),
    "produced_on": N_("Production date"),
    "expires_on": N_("Expiry date"),
    "standard": N_("Applied standard"),
    "certification": N_("Certifications"),
    "warnings": N_("Safety warnings"),
    "usage": N_("Instructions for use"),
    "stages": N_("Production stages"),
}
# What the law asks of every product; brand and shelf life count only "where one exists", instructions
# are good practice. `stages` is judged per lot (see `lot_gaps`).
REQUIRED = ("image", "gtin", "producer", "address", "identifier", "standard", "warnings")
# Beyond the legal minimum the producer decides what is public (firms shun traceability that shows
# suppliers and volumes to distributors); the minimum is always shown.
PRIVATE_CHOICES: dict[str, str] = {
    "quantity": N_("Lot quantities"),
    "actors": N_("Who did each stage (workers, suppliers)"),
    "notes": N_("Notes on each stage"),
}


@dataclass(frozen=True, slots=True)
class Facts:
    """What a product's passport is judged on, gathered once by the caller."""

    product: Product
    producer: Producer | None
    has_photo: bool
    has_certificate: bool


def gaps(facts: Facts) -> list[str]:
    """Keys of REQUIRED items the product has not declared, in page order."""
    p, who = facts.product, facts.producer
    declared = {
        "image": facts.has_photo,
        "gtin": bool(p.gtin),
        "producer": who is not None and bool(who.name),
        "address": who is not None and bool(who.address_text),
        "identifier": who is not None and bool(who.tax_code or who.registration_no),
        "standard": bool(p.standard_number),
        "warnings": bool(p.warnings.strip()),
    }
    return [key for key in REQUIRED if not declared[key]]


def lot_gaps(events: Sequence[BatchEvent]) -> list[str]:
    """`stages` when the lot has no stage, or a stage without a place code (GLN or commune)."""
    if not events or any(not (e.place_gln or e.commune_code) for e in events):
        return ["stages"]
    return []


def parse_private(text: str) -> tuple[str, ...]:
    """The stored choice ("quantity,actors") as known keys, in PRIVATE_CHOICES order."""
    chosen = {part.strip() for part in text.split(",")}
    return tuple(key for key in PRIVATE_CHOICES if key in chosen)
