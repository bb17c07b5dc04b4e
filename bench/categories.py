"""Category suggestions measured on real OCOP products (issue #23): the evaluation corpus in
tests/data/categories (real product names from provincial and district OCOP lists, each labelled
with the Shopee leaves a person would accept; sources and labelling in its README) against the
real Shopee VN tree (seller-centre mass-upload template 2025-07, 1,575 leaves).

    python bench/categories.py [--show-misses]

Prints, for each part of the corpus (tune: the part the lexicon was written and tuned on;
heldout: fixed by a hash of the name, never tuned on; blind and blind2: gathered and labelled after
the lexicon was committed, scored before any change — see tests/data/categories/README.md for the
figures at first contact), first suggestion right, right leaf among the first three, confident and
wrong (taken by "accept all confident"), and the share marked confident — for the suggester as it
is and for the one before (bench/category_baseline.py), in the same run.
Goals (issue #23): top-1 ≥ 85 %, top-3 ≥ 95 %, confident-wrong ≤ 2 %, confident right ≥ 98 %.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.category_baseline import Suggester as Baseline
from ocopdesk.domain.text import fold
from ocopdesk.marketplaces.suggest import Suggester
from tests.listings.category_corpus import entries, score, shopee_leaves

SPLITS = ("tune", "heldout", "blind", "blind2", "blind3a", "blind3b")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true", help="list every product whose first suggestion is wrong")
    args = parser.parse_args()
    leaves = shopee_leaves()
    engines = {"now": Suggester(leaves), "baseline": Baseline(leaves)}
    print(f"Shopee VN 2025-07: {len(leaves)} leaves; corpus: {len(entries())} real OCOP products")
    heads = ("part", "n", "suggester", "top-1", "top-3", "conf-wrong", "confident", "conf-right", "ms/product")
    print("{:8} {:>4} {:9} {:>7} {:>7} {:>10} {:>9} {:>10} {:>10}".format(*heads))
    for split in SPLITS:
        items = entries(split)
        for label, engine in engines.items():
            started = time.perf_counter()
            s = score(items, lambda p, e=engine: e.suggest(p, 3))
            ms = (time.perf_counter() - started) * 1000 / max(1, s.n)
            print(
                f"{split:8} {s.n:>4} {label:9} {s.top1:>7.1%} {s.top3:>7.1%} {s.confident_wrong:>10.1%} "
                f"{s.confident_share:>9.1%} {s.confident_right:>10.1%} {ms:>10.1f}"
            )
            if label == "now":
                for line in s.wrong:
                    print(f"    confident and wrong: {line}")
        if args.show_misses:
            _misses(items, engines["now"])
    print("The same names typed without marks (folded), as a clerk without a Vietnamese keyboard types them:")
    for split in SPLITS:
        items = [replace(e, product=replace(e.product, name=fold(e.product.name))) for e in entries(split)]
        for label, engine in engines.items():
            s = score(items, lambda p, e=engine: e.suggest(p, 3))
            print(
                f"{split:8} {s.n:>4} {label:9} {s.top1:>7.1%} {s.top3:>7.1%} {s.confident_wrong:>10.1%} "
                f"{s.confident_share:>9.1%} {s.confident_right:>10.1%}"
            )


def _misses(items: list, engine: Suggester) -> None:
    for entry in items:
        found = engine.suggest(entry.product, 3)
        if entry.accepted and (not found or found[0].category.id not in entry.accepted):
            print(f"    miss: {entry.product.name} → {[s.category.name for s in found]}")


if __name__ == "__main__":
    main()
