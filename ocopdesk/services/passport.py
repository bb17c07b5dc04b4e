"""Is a product's (and a lot's) passport complete: the items of domain/passport.py it has not declared, as
one short line the readiness table and the stamp print dialog show. A reminder, never a blocker: the
law makes the items mandatory only for products a ministry designates (DOMAIN.md §5)."""

from __future__ import annotations

from ocopdesk.domain.batch import Batch
from ocopdesk.domain.passport import ITEMS, Facts, gaps, lot_gaps
from ocopdesk.i18n import _
from ocopdesk.services.catalog import CatalogService, ProductDetail

# The editor field where each missing item is entered (readiness opens the product editor there).
FIELDS = {
    "image": "photos",
    "gtin": "gtin",
    "producer": "producer_id",
    "address": "producer_id",
    "identifier": "producer_id",
    "standard": "standard_number",
    "warnings": "warnings",
}


# Items kept on the producer's own record, not the product's: the product editor cannot fill them, so
# readiness reports them apart and the editor leads to the producer's (the clerk's walk, #22).
PRODUCER_ITEMS = ("producer", "address", "identifier")
# What the producer's editor shows for each: where the tax code or the address is typed.
PRODUCER_FIELDS = {"producer": "name", "address": "commune_code", "identifier": "tax_code"}


def by_place(keys: list[str]) -> list[tuple[str, list[str]]]:
    """Missing keys grouped by where they are filled, as (field, keys): the product's own items at the editor
    field of the first, the producer's items at "producer" (its record). Product first, as the page reads."""
    own = [k for k in keys if k not in PRODUCER_ITEMS]
    theirs = [k for k in keys if k in PRODUCER_ITEMS]
    groups = [(FIELDS[own[0]], own)] if own else []
    return groups + ([("producer", theirs)] if theirs else [])


def product_gaps(detail: ProductDetail) -> list[str]:
    """Keys of the legally required items this product has not declared."""
    facts = Facts(detail.product, detail.producer, bool(detail.photos), bool(detail.certificates))
    return gaps(facts)


def lot_missing(service: CatalogService, batch: Batch, detail: ProductDetail) -> list[str]:
    """The product's gaps plus the lot's: stages with their time and place code."""
    assert batch.id is not None
    return product_gaps(detail) + lot_gaps(service.events(batch.id))


def missing_line(keys: list[str]) -> str:
    """ "Passport incomplete, not declared: …" or "" when nothing is missing."""
    if not keys:
        return ""
    names = ", ".join(_(ITEMS[key]) for key in dict.fromkeys(keys))
    return _("Product passport incomplete, not declared: {items}.").format(items=names)
