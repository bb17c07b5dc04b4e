"""The evaluation corpus of real OCOP products (tests/data/categories/ocop_products.tsv, sources
and labelling in its README) and the scoring both the corpus test and bench/categories.py use:
first suggestion right, right leaf among the first three, confident and wrong, confident share."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ocopdesk.domain.category import Category
from ocopdesk.domain.product import Product
from ocopdesk.marketplaces.categories import parse_list
from ocopdesk.render import xlsx

DATA = Path(__file__).resolve().parent.parent / "data" / "categories"
SHOPEE = DATA / "shopee-2025-07-basic.xlsx"
CORPUS = DATA / "ocop_products.tsv"


@dataclass(frozen=True, slots=True)
class Entry:
    product: Product
    accepted: frozenset[str]  # leaf ids a person would accept; empty: no goods category fits
    split: str  # "tune" or "heldout", fixed by a hash of the name
    source: str


@dataclass(frozen=True, slots=True)
class Score:
    n: int
    top1: float
    top3: float
    confident_wrong: float  # share of all products
    confident_share: float
    confident_right: float  # share of the confident ones that are right
    wrong: tuple[str, ...]  # "name → first suggestion" of the confident wrong ones


@cache
def shopee_leaves() -> tuple[Category, ...]:
    table = xlsx.read_category_table(SHOPEE, "et_title_category_name", "et_title_category_id")
    assert table is not None
    return tuple(parse_list(table.rows))


def entries(split: str | None = None) -> list[Entry]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    out = []
    for n, row in enumerate(rows):
        product = Product(f"C{n:03d}", row["name"], ocop_group=row["group"], ocop_subgroup=row["subgroup"])
        out.append(Entry(product, frozenset(row["shopee_leaves"].split()), row["split"], row["source"]))
    return [e for e in out if split is None or e.split == split]


def score(items: Sequence[Entry], suggest: Callable[[Product], Sequence[object]]) -> Score:
    """`suggest` gives a product's suggestions (objects with .category.id and .confident), best first.
    A product no goods category fits is right when nothing is suggested."""
    top1 = top3 = confident = confident_wrong = 0
    wrong = []
    for entry in items:
        found = list(suggest(entry.product))
        ids = [s.category.id for s in found]  # type: ignore[attr-defined]
        if not entry.accepted:
            right1 = right3 = not ids
        else:
            right1, right3 = bool(ids) and ids[0] in entry.accepted, bool(set(ids[:3]) & entry.accepted)
        top1 += right1
        top3 += right3
        if found and found[0].confident:  # type: ignore[attr-defined]
            confident += 1
            if not right1:
                confident_wrong += 1
                wrong.append(f"{entry.product.name} → {' › '.join(found[0].category.path)}")  # type: ignore[attr-defined]
    n = len(items)
    return Score(
        n,
        top1 / n,
        top3 / n,
        confident_wrong / n,
        confident / n,
        (confident - confident_wrong) / confident if confident else 1.0,
        tuple(wrong),
    )
