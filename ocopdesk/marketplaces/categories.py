"""Marketplace categories: the rules that give a product one (the user's own, then the shipped
seed), the category list a seller-centre template carries, and searching it by name.

A rule matches on OCOP group and/or sub-group and/or a keyword found in the product name, compared
with its tone marks ("nấm" is not "Nam Định") and folded only when either was typed without any
("mat ong" matches "Mật ong hoa rừng"). When several keyword rules match, the keyword that comes
first in the name wins: Vietnamese names put what the product *is* first, so "Rượu mật ong" is a
liquor and "Trà gừng mật ong" a tea, whatever order the rules are in. No rule and no choice, no
category: the product is not ready for that marketplace — never a silent default.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from ocopdesk.bundled import resource
from ocopdesk.domain.category import Category
from ocopdesk.domain.product import Product
from ocopdesk.domain.text import fold, nfc
from ocopdesk.marketplaces.ocop_types import typed_without_marks, words


@dataclass(frozen=True, slots=True)
class CategoryRule:
    category: str
    name: str = ""
    group: str = ""
    subgroup: str = ""
    keyword: str = ""  # words that must appear, as whole words, in the product name (marks count: _comparable)

    def matches(self, product: Product) -> bool:
        return self.position(product) is not None

    def position(self, product: Product) -> int | None:
        """Where the keyword starts in the folded name (0 for a rule without a keyword), or None."""
        if self.group and product.ocop_group != self.group:
            return None
        if self.subgroup and product.ocop_subgroup != self.subgroup:
            return None
        if self.keyword:
            name, keyword = _comparable(product.name, self.keyword)
            found = re.search(rf"(^|\W)({re.escape(keyword)})(\W|$)", name)
            return None if found is None else len(name[: found.start(2)].split())
        return 0 if (self.group or self.subgroup) else None


def _comparable(name: str, keyword: str) -> tuple[str, str]:
    """Name and keyword as compared: with their tone marks ("nấm" is not "Nam Định", "chè" not "che"),
    folded only when either was typed without any (a clerk without a Vietnamese keyboard)."""
    if typed_without_marks(keyword) or typed_without_marks(name):
        return fold(name), fold(keyword)
    return nfc(name).casefold(), nfc(keyword).casefold().strip()


@cache
def seeded() -> dict[str, tuple[CategoryRule, ...]]:
    data = json.loads(resource("marketplaces", "categories.json").read_text(encoding="utf-8"))
    return {
        market: tuple(CategoryRule(**{k: str(v) for k, v in rule.items()}) for rule in rules)
        for market, rules in data.items()
        if not market.startswith("_")
    }


def seed_leaves(marketplace_id: str) -> list[Category]:
    """The categories the seed knows by id and name: what the picker offers before a list is loaded."""
    seen: dict[str, Category] = {}
    for rule in seeded().get(marketplace_id, ()):
        seen.setdefault(rule.category, Category(rule.category, (rule.name or rule.category,)))
    return list(seen.values())


def find(product: Product, rules: Sequence[CategoryRule]) -> CategoryRule | None:
    """The matching keyword rule whose keyword comes first in the name (a longer keyword wins a
    tie, then the rule listed first); else the first matching group or sub-group rule."""
    best: tuple[tuple[int, int, int], CategoryRule] | None = None
    for order, rule in enumerate(rules):
        position = rule.position(product)
        if position is None:
            continue
        key = (position, -len(fold(rule.keyword)), order) if rule.keyword else (10_000, 0, order)
        if best is None or key < best[0]:
            best = (key, rule)
    return best[1] if best else None


# ---------------------------------------------------------------- lists from templates


class CategoryListError(ValueError):
    pass


_ID_PREFIX = re.compile(r"^\s*(\d+)\s*-\s*")


def parse_list(rows: Iterable[tuple[object, object]]) -> list[Category]:
    """Leaves from (id, name) cells: "100819" and "100819-Thực phẩm và đồ uống/Ngũ cốc & mứt/Mật ong"
    (Shopee) or "Food > Honey" style paths. Rows without a numeric id are headers or notes and are
    skipped; a path that is the beginning of another path is a parent, not a leaf, and is dropped."""
    found: dict[str, Category] = {}
    for id_cell, name_cell in rows:
        category_id = _id(id_cell)
        name = nfc(str(name_cell or ""))
        if not category_id or not name:
            continue
        prefix = _ID_PREFIX.match(name)
        if prefix:
            name = name[prefix.end() :]
        separator = ">" if ">" in name else "/"
        path = tuple(part.strip() for part in name.split(separator) if part.strip())
        if path:
            found.setdefault(category_id, Category(category_id, path))
    parents = {c.path[:n] for c in found.values() for n in range(1, len(c.path))}
    return [c for c in found.values() if c.path not in parents]


def _id(cell: object) -> str:
    if isinstance(cell, bool) or cell is None:
        return ""
    if isinstance(cell, int | float):
        return str(int(cell)) if float(cell).is_integer() and cell > 0 else ""
    text = str(cell).strip()
    return text if text.isdigit() else ""


# ---------------------------------------------------------------- searching by name


def _holds(terms: list[tuple[str, bool]], folded: Sequence[str], marked: Sequence[str]) -> bool:
    """Every term starts some word: a term typed with marks among the marked words, else the folded."""
    return all(
        any(w.startswith(term if has_marks else fold(term)) for w in (marked if has_marks else folded))
        for term, has_marks in terms
    )


class CategoryIndex:
    """A marketplace's leaves, found by id and by folded words ("mat ong" finds "Mật ong")."""

    def __init__(self, leaves: Sequence[Category]) -> None:
        self.leaves = list(leaves)
        self.by_id = {c.id: c for c in self.leaves}
        self._folded = [(c, c.folded().split()) for c in self.leaves]
        self._marked = [words(" ".join(c.path)) for c in self.leaves]

    def __len__(self) -> int:
        return len(self.leaves)

    def get(self, category_id: str) -> Category | None:
        return self.by_id.get(category_id.strip())

    def search(self, query: str, limit: int | None = None) -> list[Category]:
        """Leaves whose path holds every query word (as a word start, so "ruou" finds "Rượu" and
        "mat o" finds "Mật ong"), leaf-name matches first; an id finds its leaf. A word typed with its
        marks must match them: "trà" finds tea, not "Kiểm tra" nor "Trái cây" (the fresh walk, #22)."""
        terms = [(t, not typed_without_marks(t)) for t in words(query)]
        if not terms:
            return self.leaves[:limit] if limit else list(self.leaves)
        exact = self.get(query)
        hits: list[tuple[int, int, Category]] = []
        for order, (category, folded) in enumerate(self._folded):
            if _holds(terms, folded, self._marked[order]):
                in_leaf = _holds(terms, fold(category.name).split(), words(category.name))
                hits.append((0 if in_leaf else 1, order, category))
        found = [c for _rank, _order, c in sorted(hits, key=lambda h: (h[0], h[1]))]
        if exact is not None and exact not in found:
            found.insert(0, exact)
        return found[:limit] if limit else found
