"""THE OLD ALGORITHM, kept as the baseline bench/categories.py measures against (issue #23): the
suggester as it was before tone marks, OCOP branches and the lexicon — a verbatim copy, with its
hints file moved to bench/data/category_hints_2026-11.json. Not used by the app.

Category suggestions: the leaves of a marketplace's list that best fit a product, from its name,
ingredients, OCOP group and sub-group and the category rules, each with a confidence.

What decides, strongest first: the leaf's own name found in the product's name; hints (folded
words of OCOP products → words of category paths, resources/marketplaces/category_hints.json);
the rules (user's and seed); the OCOP sub-group and group; the ingredients. Every match counts
more the earlier it stands in the name, because a Vietnamese name says what the product is first
("Rượu mật ong" is a liquor made with honey, "Trà gừng mật ong" a tea, "Mực khô" dried squid), so
a shared ingredient never outweighs the head word. A suggestion is only a suggestion: the clerk
accepts it (or all the confident ones at once); nothing here changes a product.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ocopdesk.domain.category import Category
from ocopdesk.domain.product import Product
from ocopdesk.domain.text import fold
from ocopdesk.marketplaces.categories import CategoryRule

HINTS = Path(__file__).resolve().parent / "data" / "category_hints_2026-11.json"
CONFIDENT = 0.6  # "accept all confident" takes suggestions at or above this
UNSURE = 0.45  # the most a leaf gets that the name's head does not name
MIN_SCORE = 1.0  # weaker evidence is not worth showing
LEXICAL, PARENT, HINT, RULE, SUBGROUP, GROUP, INGREDIENT = 3.0, 1.0, 2.5, 2.0, 1.5, 0.6, 0.5
_SPLIT_ALTERNATIVES = re.compile(r"\s*(?:&|,|;|/|\bva\b|\bhoac\b)\s*")


@dataclass(frozen=True, slots=True)
class Suggestion:
    category: Category
    confidence: float  # 0–1

    @property
    def confident(self) -> bool:
        return self.confidence >= CONFIDENT


@dataclass(frozen=True, slots=True)
class _Hint:
    words: tuple[str, ...]
    prefer: tuple[str, ...]
    avoid: tuple[str, ...]


@cache
def _hints() -> tuple[tuple[_Hint, ...], dict[str, tuple[str, ...]]]:
    data = json.loads(HINTS.read_text(encoding="utf-8"))
    words = tuple(
        _Hint(tuple(fold(k).split()), tuple(map(fold, v.get("prefer", ()))), tuple(map(fold, v.get("avoid", ()))))
        for k, v in data["words"].items()
    )
    return words, {k: tuple(map(fold, v)) for k, v in data["groups"].items()}


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[^0-9a-z]+", fold(text)) if t]


def _weight(position: int) -> float:
    return 1.0 / (1.0 + position)


def _find(phrase: Sequence[str], words: Sequence[str]) -> int | None:
    """Where `phrase` stands as consecutive words in `words`; a one-word phrase counts only among
    the first two words (a place name's syllable is no product)."""
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if tuple(words[i : i + n]) == tuple(phrase):
            return None if n == 1 and i > 1 else i
    return None


class _Leaf:
    __slots__ = ("alternatives", "category", "leaf_padded", "padded", "parents")

    def __init__(self, category: Category) -> None:
        self.category = category
        self.alternatives = [_tokens(a) for a in _SPLIT_ALTERNATIVES.split(fold(category.name)) if _tokens(a)]
        self.parents = [_tokens(a) for level in category.path[:-1] for a in _SPLIT_ALTERNATIVES.split(fold(level))]
        self.padded = " " + " ".join(_tokens(" / ".join(category.path))) + " "
        self.leaf_padded = " " + " ".join(_tokens(category.name)) + " "

    def holds(self, phrase: str) -> bool:
        return f" {phrase} " in self.padded


class Suggester:
    """Suggestions over one marketplace's leaves (a loaded list, or the seed's few)."""

    def __init__(self, leaves: Sequence[Category], rules: Sequence[CategoryRule] = ()) -> None:
        self.leaves = [_Leaf(c) for c in leaves]
        self.rules = list(rules)
        self.index: dict[str, set[int]] = {}
        for n, leaf in enumerate(self.leaves):
            for token in leaf.padded.split():
                self.index.setdefault(token, set()).add(n)
        self.by_id = {leaf.category.id: n for n, leaf in enumerate(self.leaves)}

    def suggest(self, product: Product, limit: int = 3) -> list[Suggestion]:
        name = _tokens(product.name)
        hints = self._hints_in(name)
        groups = _hints()[1]
        concepts = [groups.get(product.ocop_subgroup, ()), groups.get(product.ocop_group, ())]
        rules = [(r, r.position(product)) for r in self.rules]
        rules = [(r, p) for r, p in rules if p is not None and r.category in self.by_id]
        ingredients = _tokens(product.ingredients)
        scored = []
        for n in self._candidates(name, hints, rules):
            leaf = self.leaves[n]
            lexical, named = self._lexical(leaf, name)
            hinted, pointed = self._hinted(leaf, hints)
            own_rules = [(r, p) for r, p in rules if r.category == leaf.category.id]
            score = lexical + hinted + self._ingredients(leaf, ingredients)
            score += SUBGROUP * any(leaf.holds(c) for c in concepts[0])
            score += GROUP * any(leaf.holds(c) for c in concepts[1])
            score += max((RULE * _weight(p) if r.keyword else RULE / 2 for r, p in own_rules), default=0.0)
            # direct: the leaf is what the name's head says, not only near it (a dried-meat leaf for dried squid)
            direct = named or pointed or any(r.keyword and p == 0 for r, p in own_rules)
            if score >= MIN_SCORE:
                scored.append((score, n, direct))
        scored.sort(key=lambda s: (-s[0], s[1]))
        top = [(score, self.leaves[n].category, direct) for score, n, direct in scored[: max(limit, 2)]]
        return _with_confidence(top)[:limit]

    def _hints_in(self, name: list[str]) -> list[tuple[_Hint, int]]:
        found = []
        for hint in _hints()[0]:
            position = _find(hint.words, name)
            if position is not None:
                found.append((hint, position))
        return found

    def _candidates(
        self,
        name: list[str],
        hints: list[tuple[_Hint, int]],
        rules: list[tuple[CategoryRule, int | None]],
    ) -> set[int]:
        # only leaves the name, its hints or its rules point at: a leaf the OCOP group alone fits
        # ("any food") is no suggestion, and scoring it costs time with a 1,600-leaf list
        tokens = set(name)
        for hint, _w in hints:
            tokens.update(w for phrase in hint.prefer for w in phrase.split())
        found = {n for t in tokens for n in self.index.get(t, ())}
        return found | {self.by_id[r.category] for r, _p in rules}

    @staticmethod
    def _lexical(leaf: _Leaf, name: list[str]) -> tuple[float, bool]:
        """The leaf's own name (or one of its "&"-alternatives) in the product's name; and whether it
        stands at the head of the name, all of it."""
        best, named = 0.0, False
        for phrase in leaf.alternatives:
            position = _find(phrase, name)
            if position is not None:
                best, named = max(best, _weight(position)), named or position <= 1
                continue
            present = [name.index(w) for w in phrase if w in name]
            if not present or min(present) > 1:
                continue  # only the head of the name can say what the product is
            if len(present) == len(phrase):
                best, named = max(best, 0.7 * _weight(min(present))), True
            elif len(phrase) > 1 and len(present) * 2 >= len(phrase):
                best = max(best, 0.35 * len(present) / len(phrase) * _weight(min(present)))
        parent = max((_weight(p) for a in leaf.parents if (p := _find(a, name)) is not None), default=0.0)
        return LEXICAL * best + PARENT * parent, named

    @staticmethod
    def _hinted(leaf: _Leaf, hints: list[tuple[_Hint, int]]) -> tuple[float, bool]:
        """The hints' score for this leaf, and whether a hint at the head of the name names this leaf."""
        score, pointed = 0.0, False
        for hint, position in hints:
            weight = _weight(position)
            held = [n for n, phrase in enumerate(hint.prefer) if leaf.holds(phrase)]
            if held:
                # the hint's first phrase is its best; a leaf named for it beats one under a parent named so
                in_leaf = any(f" {hint.prefer[n]} " in leaf.leaf_padded for n in held)
                score += HINT * weight * (1.0 if held[0] == 0 else 0.6) * (1.0 if in_leaf else 0.7)
                pointed = pointed or (in_leaf and position == 0)
            if any(leaf.holds(p) for p in hint.avoid):
                score -= HINT * weight
        return score, pointed

    @staticmethod
    def _ingredients(leaf: _Leaf, ingredients: list[str]) -> float:
        hit = any(
            len(phrase) > 1
            and any(tuple(ingredients[i : i + len(phrase)]) == tuple(phrase) for i in range(len(ingredients)))
            for phrase in leaf.alternatives
        )
        return INGREDIENT if hit else 0.0


def _with_confidence(scored: list[tuple[float, Category, bool]]) -> list[Suggestion]:
    """Confidence grows with the evidence for a leaf and with its lead over the next one: two
    leaves that fit equally well are a question for the clerk, not an answer. A leaf the name's
    head does not name stays below "confident", however alone it is in a short list."""
    out = []
    for n, (score, category, direct) in enumerate(scored):
        rival = scored[n + 1][0] if n + 1 < len(scored) else 0.0
        if n > 0:
            rival = max(rival, scored[0][0])
        strength = 1.0 - math.exp(-score / 2.5)
        lead = max(0.0, score - rival) / score
        confidence = strength * (0.4 + 0.6 * min(1.0, lead / 0.5))
        out.append(Suggestion(category, round(confidence if direct else min(confidence, UNSURE), 2)))
    return out
