"""Category suggestions: the leaves of a marketplace's list that best fit a product, each with a
confidence that means something.

What decides, strongest first:
1. what the clerk accepted before for a product of the same kind (same head type, same group):
   one accepted "Nem chua" teaches every other nem chua;
2. the head of the name, read with its tone marks (ocop_types): "Nem chua Thanh Hóa" is a nem
   chua, filed where the lexicon says; "Rượu mật ong" is a liquor, not honey;
3. the clerk's and the seed's category rules;
4. the leaf's own words at the start of the name (marks kept), for types the lexicon lacks;
5. last, to fill the list, what the product's OCOP sub-group most often is (processed food for 1.3,
   herbal health products for 3…): never confident, only where nothing above filled a place.
Everything is held inside the branches the product's OCOP group allows: food never lands among
appliances, crafts never among pet supplies, and a tourism service (group 6) on a list without a
service branch gets nothing at all.

Confident means: the head is a type with one meaning (or the clerk's own earlier choice), and
the leaf is the first one its kind is filed under. Everything else is offered, never taken by
"accept all confident". Measured on real OCOP products: bench/categories.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ocopdesk.domain.category import Category, CategoryExample
from ocopdesk.domain.product import Product
from ocopdesk.marketplaces.categories import CategoryRule
from ocopdesk.marketplaces.ocop_types import (
    Branches,
    Head,
    ends_with,
    is_service,
    lexicon,
    segments,
    typed_without_marks,
    words,
)

CONFIDENT = 0.6  # "accept all confident" takes suggestions at or above this
UNSURE = 0.45  # the most a suggestion gets that is not confident
LEARNED, HEAD, RULE, LEXICAL = 12.0, 10.0, 3.0, 3.0
FALLBACK = 0.3  # below every other kind of evidence, so a group's usual leaf only fills empty places
_SPLIT_ALTERNATIVES = re.compile(r"\s*(?:&|,|;|/)\s*|\s+(?:và|hoặc)\s+")


@dataclass(frozen=True, slots=True)
class Suggestion:
    category: Category
    confidence: float  # 0–1

    @property
    def confident(self) -> bool:
        return self.confidence >= CONFIDENT


def kind_of(name: str) -> str:
    """What two products must share for one's accepted category to teach the other: the head type
    when the lexicon knows it, else the name's first two words (folded only if typed without marks)."""
    head = lexicon().head(name)
    if head is not None:
        return head.key
    return " ".join(words(name, not typed_without_marks(name))[:2])


class Suggester:
    """Suggestions over one marketplace's leaves (a loaded list, or the seed's few)."""

    def __init__(
        self, leaves: Sequence[Category], rules: Sequence[CategoryRule] = (), learned: Sequence[CategoryExample] = ()
    ) -> None:
        self.leaves = list(leaves)
        self.by_id = {c.id: n for n, c in enumerate(self.leaves)}
        self.paths = [segments(c.path) for c in self.leaves]
        self.rules = [r for r in rules if r.category in self.by_id]
        self.names = [[words(a) for a in _SPLIT_ALTERNATIVES.split(c.name) if words(a)] for c in self.leaves]
        self.taught: dict[tuple[str, str], Counter[str]] = {}
        for example in learned:
            if example.category_id in self.by_id:
                key = (kind_of(example.name), example.ocop_group)
                self.taught.setdefault(key, Counter())[example.category_id] += 1

    def suggest(self, product: Product, limit: int = 3) -> list[Suggestion]:
        branches = Branches(product)
        allowed = [n for n, path in enumerate(self.paths) if branches.allows(path)]
        if is_service(product) and not allowed:
            return []  # a tourism service is no goods: see categories.note()
        head = lexicon().head(product.name)
        scores: dict[int, tuple[float, bool]] = {}  # leaf → (score, confident-grade evidence)
        allowed_set = set(allowed)
        headed = self._headed(head, allowed) or self._mentioned(product, head, allowed)
        for n, score, sure in (
            *self._learned(product, head, allowed_set),
            *headed,
            *self._ruled(product, allowed_set),
            *self._lexical(product, allowed),
        ):
            old, old_sure = scores.get(n, (0.0, False))
            scores[n] = (old + score, old_sure or sure)
        for n, score in self._fallback(product, allowed, set(scores), limit - len(scores)):
            scores[n] = (score, False)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
        return _with_confidence([(self.leaves[n], score, sure) for n, (score, sure) in ranked])

    def _learned(self, product: Product, head: Head | None, allowed: set[int]) -> list[tuple[int, float, bool]]:
        key = (head.key if head else kind_of(product.name), product.ocop_group)
        counts = self.taught.get(key, Counter())
        out = []
        for rank, (category_id, _count) in enumerate(counts.most_common()):
            n = self.by_id[category_id]
            if n in allowed:
                out.append((n, LEARNED if rank == 0 else LEARNED / 3, rank == 0))
        return out

    def _headed(self, head: Head | None, allowed: list[int]) -> list[tuple[int, float, bool]]:
        """The leaves the head type is filed under, best first; only the very first is sure, and
        only when the type has one meaning and starts the name."""
        if head is None:
            return []
        out: list[tuple[int, float, bool]] = []
        seen: set[int] = set()
        for ending in (e for _kind, e in lexicon().leaves_for(head)):
            for n in allowed:
                if n not in seen and ends_with(self.paths[n], ending):
                    score = HEAD * (0.7 ** len(out)) / (1 + head.position / 2)
                    out.append((n, score, not out and not head.unsure))
                    seen.add(n)
        return out

    def _mentioned(self, product: Product, head: Head | None, allowed: list[int]) -> list[tuple[int, float, bool]]:
        """When the head has no leaf in the product's branches (a liquor named "Mật ong ngâm rượu" in
        sub-group 2.1), the first other type the name holds that has one: offered, never sure."""
        for other in lexicon().mentions(product.name):
            if head is not None and other.position <= head.position:
                continue
            found = self._headed(other, allowed)
            if found:
                return [(n, score * 0.4, False) for n, score, _sure in found]
        return []

    def _fallback(self, product: Product, allowed: list[int], taken: set[int], room: int) -> list[tuple[int, float]]:
        """Up to `room` leaves the product's OCOP sub-group most often lands in, not already suggested:
        a clerk typing a type the lexicon lacks ("Vẹm xanh" before vẹm was in it) still sees a fitting
        branch among the first three. Scored below any evidence from the name, never sure."""
        out: list[tuple[int, float]] = []
        for ending in lexicon().fallback_for(product.ocop_group, product.ocop_subgroup):
            if len(out) >= room:
                break
            n = next((n for n in allowed if n not in taken and ends_with(self.paths[n], ending)), None)
            if n is not None:
                out.append((n, FALLBACK * 0.9 ** len(out)))
                taken.add(n)
        return out

    def _ruled(self, product: Product, allowed: set[int]) -> list[tuple[int, float, bool]]:
        out = []
        for rule in self.rules:
            position = rule.position(product)
            n = self.by_id[rule.category]
            if position is not None and n in allowed:
                out.append((n, RULE / (1 + position) if rule.keyword else RULE / 2, False))
        return out

    def _lexical(self, product: Product, allowed: list[int]) -> list[tuple[int, float, bool]]:
        """A leaf whose own name (or one of its "&"-alternatives) starts the product's name."""
        marked = not typed_without_marks(product.name)
        name = words(product.name, marked)
        out = []
        for n in allowed:
            best = 0.0
            for phrase in self.names[n]:
                phrase = phrase if marked else words(" ".join(phrase), marked=False)
                for start in (0, 1):
                    if name[start : start + len(phrase)] == phrase:
                        best = max(best, LEXICAL / (1 + start) * min(1.0, len(phrase) / 2 + 0.5))
            if best:
                out.append((n, best, False))
        return out


def _with_confidence(ranked: list[tuple[Category, float, bool]]) -> list[Suggestion]:
    """The first suggestion is confident only on sure evidence that clearly leads; the rest are
    offered in order, each below the one before."""
    out: list[Suggestion] = []
    top = ranked[0][1] if ranked else 0.0
    for n, (category, score, sure) in enumerate(ranked):
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if n == 0 and sure and score >= 1.2 * runner_up:
            confidence = 0.95 if score >= LEARNED else 0.85
        else:
            confidence = min(UNSURE, 0.15 + 0.3 * score / max(top, HEAD))
        if out:
            confidence = min(confidence, out[-1].confidence - 0.05)
        out.append(Suggestion(category, round(max(confidence, 0.01), 2)))
    return out
