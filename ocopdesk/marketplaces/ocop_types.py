"""What an OCOP product is, read from its name the way a Vietnamese reader reads it: words compared
with their tone marks (nem chua is fermented pork, nệm a mattress; chè lam a sweet, chè a tea;
yến sào a bird's nest, sáo a flute), the head of the name first ("Rượu mật ong" is a liquor), and
the OCOP group keeping each product in the branches its kind of goods can be sold in.

The lexicon (resources/marketplaces/ocop_lexicon.json) maps product types to category names; the
branch table (resources/marketplaces/ocop_branches.json) maps OCOP groups to the branches of a
list. Both are data, cited in their files. Marks are folded away only when the clerk typed the
product's own name without any (then a folded type that two marked types share is unsure).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ocopdesk.bundled import resource
from ocopdesk.domain.product import Product
from ocopdesk.domain.text import fold, nfc

# words that may stand before the product's type without being it ("Đặc sản nem chua", "Trái xoài")
_FILLERS = (
    "đặc sản",
    "sản phẩm",
    "nhóm sản phẩm",
    "combo",
    "set",
    "trái",
    "quả",
    "bộ",
    "hộp",
    "túi",
    "gói",
    "hũ",
    "chai",
)
_WORD = re.compile(r"[^\w']+")
_SERVICE_GROUP = "6"


def typed_without_marks(text: str) -> bool:
    """True when the text carries no tone or vowel mark and no đ: folding loses nothing of it."""
    return fold(text) == nfc(text).casefold().strip()


def words(text: str, marked: bool = True) -> tuple[str, ...]:
    """The text's words in reading order, with their marks (NFC, lower case) or folded."""
    base = nfc(text).casefold() if marked else fold(text)
    return tuple(w for w in _WORD.split(base.replace("_", " ")) if w)


@dataclass(frozen=True, slots=True)
class Head:
    """The product type a name starts with: its words, where they start, what they may mean."""

    phrase: tuple[str, ...]
    position: int
    kinds: tuple[str, ...]  # target keys of the lexicon, best first
    unsure: bool  # a general or many-sided word: a suggestion, never a confident one
    dried: bool  # a drying word (sấy, khô, gác bếp…) follows the head

    @property
    def key(self) -> str:
        return " ".join(self.phrase)


class Lexicon:
    """The OCOP product types and what each is filed under."""

    def __init__(self, data: dict) -> None:
        self.targets: dict[str, dict] = data["targets"]
        self.marked: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.folded: dict[tuple[str, ...], list[str]] = {}
        self.unsure_marked = {words(p) for p in data["unsure"]}
        many_folded: set[tuple[str, ...]] = set()
        for phrase, kinds in data["types"].items():
            key = words(phrase)
            self.marked[key] = tuple(kinds)
            folded = words(phrase, marked=False)
            if folded in self.folded and set(self.folded[folded]) != set(kinds):
                many_folded.add(folded)  # "nem" (nem chua) and "nệm" (mattress) fold alike
            self.folded.setdefault(folded, []).extend(k for k in kinds if k not in self.folded.get(folded, []))
        self.unsure_folded = many_folded | {words(" ".join(p), marked=False) for p in self.unsure_marked}
        self.longest = max(len(k) for k in self.marked)
        self.dried_words = {m: [words(w, m) for w in data["dried_words"]] for m in (True, False)}
        self.fillers = {m: [words(w, m) for w in _FILLERS] for m in (True, False)}
        self.group_fallback: dict[str, list[str]] = data.get("group_fallback", {})

    def head(self, name: str) -> Head | None:
        """The longest type at the start of the name (after a filler word such as "Đặc sản"), or None."""
        marked = not typed_without_marks(name)
        tokens = words(name, marked)
        table = self.marked if marked else self.folded
        unsure = self.unsure_marked if marked else self.unsure_folded
        position = 0
        while position < min(len(tokens), 4):
            for n in range(min(self.longest, len(tokens) - position), 0, -1):
                phrase = tokens[position : position + n]
                if phrase in table:
                    kinds = tuple(table[phrase])
                    dried = self._dried(tokens[position + n :], marked)
                    return Head(phrase, position, kinds, _unsure(phrase, kinds, marked, unsure), dried)
            filler = next((f for f in self.fillers[marked] if tokens[position : position + len(f)] == f), None)
            if filler is None:
                return None
            position += len(filler)
        return None

    def mentions(self, name: str) -> list[Head]:
        """Every type the name holds, anywhere, longest first at each place ("Mật ong ngâm rượu":
        mật ong, rượu): what a product may be when its head has no place in its group's branches."""
        marked = not typed_without_marks(name)
        tokens = words(name, marked)
        table = self.marked if marked else self.folded
        unsure = self.unsure_marked if marked else self.unsure_folded
        found, position = [], 0
        while position < len(tokens):
            for n in range(min(self.longest, len(tokens) - position), 0, -1):
                phrase = tokens[position : position + n]
                if phrase in table:
                    kinds = tuple(table[phrase])
                    dried = self._dried(tokens[position + n :], marked)
                    found.append(Head(phrase, position, kinds, _unsure(phrase, kinds, marked, unsure), dried))
                    position += n - 1
                    break
            position += 1
        return found

    def _dried(self, rest: Sequence[str], marked: bool) -> bool:
        rest = tuple(rest)
        return any(rest[i : i + len(word)] == word for word in self.dried_words[marked] for i in range(len(rest)))

    def leaves_for(self, head: Head) -> list[tuple[str, str]]:
        """(target key, leaf name or path ending) in the order a person would file the product:
        the dried kind first when the name says it is dried, then each kind's own leaves."""
        out: list[tuple[str, str]] = []
        for kind in head.kinds:
            target = self.targets[kind]
            if head.dried and target.get("dried"):
                out += [(target["dried"], s) for s in self.targets[target["dried"]]["leaves"]]
            out += [(kind, s) for s in target["leaves"]]
        return out

    def fallback_for(self, group: str, subgroup: str) -> list[str]:
        """Leaf names or path endings a product of this (sub-)group most often is, best first: what
        to offer when its name holds no type the lexicon knows (a new word is commoner than a new kind)."""
        kinds = self.group_fallback.get(subgroup) or self.group_fallback.get(group) or []
        return [ending for kind in kinds for ending in self.targets[kind]["leaves"]]


@cache
def lexicon() -> Lexicon:
    return Lexicon(json.loads(resource("marketplaces", "ocop_lexicon.json").read_text(encoding="utf-8")))


@cache
def _branches() -> dict[str, dict[str, tuple[tuple[str, ...], ...]]]:
    data = json.loads(resource("marketplaces", "ocop_branches.json").read_text(encoding="utf-8"))
    return {
        version: {group: tuple(segments(p) for p in prefixes) for group, prefixes in table.items()}
        for version, table in data.items()
        if not version.startswith("_")
    }


def segments(path: str | Sequence[str]) -> tuple[str, ...]:
    """A category path as comparable parts: "Thịt/Khác" or ("Thịt", "Khác"), NFC, lower case."""
    parts = path.split("/") if isinstance(path, str) else path
    return tuple(nfc(p).casefold().strip() for p in parts if p.strip())


def is_service(product: Product) -> bool:
    return product.ocop_group == _SERVICE_GROUP


class Branches:
    """Which leaves a product of one OCOP group may land in (all of them when the group is unset)."""

    def __init__(self, product: Product) -> None:
        table = _branches().get(product.grouping_version or "2022", _branches()["2022"])
        found = table.get(product.ocop_subgroup) or table.get(product.ocop_group)
        self.prefixes = found if product.ocop_group else None

    def allows(self, path: tuple[str, ...]) -> bool:
        """`path` as segments() gives it."""
        return self.prefixes is None or any(path[: len(p)] == p for p in self.prefixes)


def ends_with(path: tuple[str, ...], ending: str) -> bool:
    """Whether a leaf's path (as segments() gives it) ends with a leaf name or path ending ("Thịt/Khác")."""
    want = segments(ending)
    return path[-len(want) :] == want


def _unsure(phrase: tuple[str, ...], kinds: tuple[str, ...], marked: bool, unsure: set[tuple[str, ...]]) -> bool:
    """A type is a suggestion, never a confident one, when the lexicon calls it unsure, when it names
    several kinds, or when it is one syllable read without marks: "tam" is tăm, tâm, tám or tằm and
    "ngong" is ngỗng or ngông, whatever single marked form the lexicon happens to hold (issue #23's blind
    set: "tam trai", "ngong hoa cai", "com na lo" were confident and wrong once folded)."""
    return phrase in unsure or len(set(kinds)) > 1 or (not marked and len(phrase) == 1)
