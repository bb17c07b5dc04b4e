"""Marketplace categories for the clerk: load the list a seller-centre template carries, find a
category by name, give a product its category, and suggest one for every product without.

Where a product's category comes from, first that applies: the clerk's choice for that product
(picked by name, or a suggestion accepted), then the clerk's own rules, then the shipped seed
rules. With a list loaded, an id that is not in it is a problem to fix, and names come from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from ocopdesk.domain.category import Category, CategoryListInfo
from ocopdesk.domain.errors import NotFoundError, OcopDeskError
from ocopdesk.domain.product import Product, ProductFilter
from ocopdesk.i18n import _
from ocopdesk.marketplaces import categories
from ocopdesk.marketplaces.categories import CategoryIndex, CategoryRule
from ocopdesk.marketplaces.ocop_types import is_service
from ocopdesk.marketplaces.suggest import Suggester, Suggestion
from ocopdesk.render import xlsx
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.changes import Changes
from ocopdesk.services.markets import marketplace
from ocopdesk.services.progress import CancelToken, ProgressFn

RULES_PREFIX = "category."
CHOSEN, RULE, SEED = "chosen", "rule", "seed"


# ---------------------------------------------------------------- the list


def list_info(service: CatalogService, marketplace_id: str) -> CategoryListInfo | None:
    return service.category_rows.list_info(marketplace(marketplace_id).id)


def index(service: CatalogService, marketplace_id: str) -> CategoryIndex:
    """The loaded list, or before one is loaded the few categories the seed knows."""
    market = marketplace(marketplace_id)
    leaves = service.category_rows.leaves(market.id)
    return CategoryIndex(leaves or categories.seed_leaves(market.id))


def load_list(
    service: CatalogService, marketplace_id: str, path: Path, today: dt.date | None = None
) -> CategoryListInfo:
    """Read the category list out of a template (found by its column keys, whatever its sheet is
    called) and keep it for this marketplace, replacing the one loaded before."""
    market = marketplace(marketplace_id)
    path = Path(path)
    try:
        table = xlsx.read_category_table(path, *market.category_keys)
    except xlsx.TemplateError as exc:
        raise OcopDeskError(str(exc)) from exc
    leaves = categories.parse_list(table.rows) if table else []
    if not leaves:
        raise OcopDeskError(
            _(
                "{file} carries no category list: no sheet has a category id column beside a category name "
                "column. Download the mass-upload template from your {market} seller centre and load that."
            ).format(file=path.name, market=market.name)
        )
    with service.write():
        count = service.category_rows.replace_list(market.id, leaves, today or dt.date.today(), path.name)
    return CategoryListInfo(market.id, today or dt.date.today(), path.name, count)


def load_list_job(
    service: CatalogService, progress: ProgressFn, cancel: CancelToken, marketplace_id: str, path: Path
) -> tuple[CategoryListInfo, Changes]:
    """For the window's background runner: a real template is a few megabytes of XML."""
    progress(0, 0, _("Reading the category list…"))
    return load_list(service, marketplace_id, path), Changes(settings=True)


# ---------------------------------------------------------------- rules


def rules(service: CatalogService, marketplace_id: str) -> tuple[list[CategoryRule], list[CategoryRule]]:
    """(the clerk's rules, the seed's)."""
    own = service.settings.get_all(RULES_PREFIX).get(marketplace_id, [])
    return [CategoryRule(**rule) for rule in own], list(categories.seeded().get(marketplace_id, ()))


def add_rule(
    service: CatalogService,
    marketplace_id: str,
    category: str,
    name: str = "",
    group: str = "",
    subgroup: str = "",
    keyword: str = "",
) -> Changes:
    """Put a rule of the clerk's first: products of `group`/`subgroup` or with `keyword` in their name
    go to `category`."""
    rule = CategoryRule(category, name, group, subgroup, keyword)
    if not rule.category.strip() or not (rule.group or rule.subgroup or rule.keyword):
        raise OcopDeskError(_("A category rule needs a category id and a keyword, OCOP group or sub-group."))
    own = service.settings.get_all(RULES_PREFIX).get(marketplace_id, [])
    own.insert(0, asdict(rule))
    return service.settings.save(RULES_PREFIX, {marketplace_id: own})


# ---------------------------------------------------------------- a product's category


@dataclass(frozen=True, slots=True)
class Resolved:
    category: Category | None
    source: str = ""  # CHOSEN, RULE or SEED
    missing_from_list: bool = False  # a list is loaded and this id is not in it


class Resolver:
    """Every product's category on one marketplace, reading the list, choices and rules once."""

    def __init__(self, service: CatalogService, marketplace_id: str) -> None:
        market = marketplace(marketplace_id)
        leaves = service.category_rows.leaves(market.id)
        self.loaded = CategoryIndex(leaves) if leaves else None
        self.chosen = service.category_rows.chosen(market.id)
        self.own, self.seed_rules = rules(service, market.id)

    def resolve(self, product: Product) -> Resolved:
        choice = self.chosen.get(product.id or 0)
        if choice is not None:
            return self._named(choice.category(), CHOSEN)
        for found, source in (
            (categories.find(product, self.own), RULE),
            (categories.find(product, self.seed_rules), SEED),
        ):
            if found is not None:
                return self._named(Category(found.category, (found.name or found.category,)), source)
        return Resolved(None)

    def _named(self, category: Category, source: str) -> Resolved:
        if self.loaded is None:
            return Resolved(category, source)
        found = self.loaded.get(category.id)
        return Resolved(found or category, source, found is None)


def choose(service: CatalogService, marketplace_id: str, sku: str, category_id: str) -> tuple[Category, Changes]:
    """Give one product its category, by id from the list (or the seed before a list is loaded)."""
    market = marketplace(marketplace_id)
    product = service.product_by_sku(sku).product
    category = index(service, market.id).get(category_id)
    if category is None:
        raise NotFoundError(
            _("{market} has no category {id} in the list: search it by name instead.").format(
                market=market.name, id=category_id
            )
        )
    assert product.id is not None
    with service.write():
        service.category_rows.choose(product.id, market.id, category)
    return category, Changes(settings=True)


def choose_by_hand(
    service: CatalogService, marketplace_id: str, sku: str, category_id: str, name: str
) -> tuple[Category, Changes]:
    """Before any list is loaded, a category id the clerk read in the seller centre, with its name."""
    category_id = category_id.strip()
    if not category_id.isdigit():
        raise OcopDeskError(_("A category id is a number, as the seller centre shows it."))
    market = marketplace(marketplace_id)
    product = service.product_by_sku(sku).product
    category = Category(category_id, (name.strip() or category_id,))
    assert product.id is not None
    with service.write():
        service.category_rows.choose(product.id, market.id, category)
    return category, Changes(settings=True)


# ---------------------------------------------------------------- suggestions


@dataclass(frozen=True, slots=True)
class ProductSuggestions:
    product_id: int
    sku: str
    name: str
    current: Resolved  # what it has now, if anything
    suggestions: list[Suggestion]
    note: str = ""  # why there is no suggestion, when there is a reason to say

    @property
    def needs_one(self) -> bool:
        return self.current.category is None or self.current.missing_from_list


def suggester(service: CatalogService, marketplace_id: str) -> Suggester:
    """Suggestions over the loaded list (or the seed's), the rules, and what the clerk chose before
    for products of the same kind."""
    own, seed = rules(service, marketplace_id)
    learned = service.category_rows.examples(marketplace(marketplace_id).id)
    return Suggester(index(service, marketplace_id).leaves, own + seed, learned)


def note(product: Product, found: list[Suggestion]) -> str:
    """A plain word for the clerk when a product gets no suggestion for a reason worth knowing."""
    if not found and is_service(product):
        return _(
            "A tourism service (OCOP group 6) is not goods: this marketplace has no category for it. "
            "Sell it as a voucher or list it on a site that takes services."
        )
    return ""


def suggest(
    service: CatalogService, marketplace_id: str, skus: list[str] | None = None, everyone: bool = False, limit: int = 3
) -> list[ProductSuggestions]:
    """Suggestions for the products without a category (or for `skus`, or for every product)."""
    market = marketplace(marketplace_id)
    resolver = Resolver(service, market.id)
    engine = suggester(service, market.id)
    ids = [service.product_by_sku(s).product.id for s in skus] if skus else service.search(ProductFilter())
    out = []
    for product_id in ids:
        assert product_id is not None
        product = service.product(product_id).product
        item = ProductSuggestions(product_id, product.sku, product.name, resolver.resolve(product), [])
        if item.needs_one or skus or everyone:
            found = engine.suggest(product, limit)
            out.append(replace(item, suggestions=found, note=note(product, found)))
    return out


def accept_confident(
    service: CatalogService,
    marketplace_id: str,
    skus: list[str] | None = None,
    found: list[ProductSuggestions] | None = None,
) -> tuple[list[tuple[str, Category]], Changes]:
    """Apply the confident first suggestion of every product (of `skus`) still without a usable
    category; the others wait for the clerk, and a category already given is never replaced.
    `found`: suggestions already made (a list of 1,600 categories takes a few ms a product).
    Returns what was applied, and what changed."""
    market = marketplace(marketplace_id)
    applied = []
    with service.write():
        for item in found if found is not None else suggest(service, market.id, skus):
            if not item.needs_one:
                continue
            best = item.suggestions[0] if item.suggestions else None
            if best is not None and best.confident:
                service.category_rows.choose(item.product_id, market.id, best.category)
                applied.append((item.sku, best.category))
    return applied, Changes(settings=True) if applied else Changes()
