"""Product → marketplace leaf category, from rules: the shipped seed plus the user's own (first).

A rule matches on OCOP group and/or sub-group and/or a keyword found in the folded product name
("mat ong" matches "Mật ong hoa rừng"). No rule, no category: the product is not ready for that
marketplace — never a silent default, because a wrong category hides a listing or gets it removed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from ocopdesk.domain.product import Product
from ocopdesk.domain.text import fold
from ocopdesk.paths import resource


@dataclass(frozen=True, slots=True)
class CategoryRule:
    category: str
    name: str = ""
    group: str = ""
    subgroup: str = ""
    keyword: str = ""  # folded words that must appear, as whole words, in the product name

    def matches(self, product: Product) -> bool:
        if self.group and product.ocop_group != self.group:
            return False
        if self.subgroup and product.ocop_subgroup != self.subgroup:
            return False
        if self.keyword:
            return re.search(rf"(^|\W){re.escape(fold(self.keyword))}(\W|$)", fold(product.name)) is not None
        return bool(self.group or self.subgroup)


@cache
def seeded() -> dict[str, tuple[CategoryRule, ...]]:
    data = json.loads(resource("marketplaces", "categories.json").read_text(encoding="utf-8"))
    return {
        market: tuple(CategoryRule(**{k: str(v) for k, v in rule.items()}) for rule in rules)
        for market, rules in data.items()
        if not market.startswith("_")
    }


def find(product: Product, rules: list[CategoryRule] | tuple[CategoryRule, ...]) -> CategoryRule | None:
    return next((rule for rule in rules if rule.matches(product)), None)
