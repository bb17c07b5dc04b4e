"""Vietnamese text rules: NFC on the way in, diacritic folding (đ→d) for search, sort keys and slugs."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[^\W_]+")  # a run of letters and digits in any script
_SPACES = re.compile(r"\s+")


def nfc(value: str | None) -> str:
    """Return `value` in NFC with surrounding white space removed (Windows IMEs may type NFD). ASCII text is
    already NFC: it skips the normalizer (#28: most cells of a product list are codes, numbers and units)."""
    if value is None:
        return ""
    text = str(value)
    return text.strip() if text.isascii() else unicodedata.normalize("NFC", text).strip()


def clean_line(value: str | None) -> str:
    """NFC and collapse inner runs of white space: for names, codes and other one-line fields. `str.split()`
    splits on exactly the white space `\\s` matches (both use Unicode's White_Space test), and drops it at both
    ends, so this is `nfc` and `_SPACES.sub(" ", ...)` in one C call (#28: 370,000 calls in an import)."""
    return " ".join(nfc(value).split())


def _stripped(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


# Precomposed Latin letters (Vietnamese lives in Latin-1, Latin Extended-A/B and Latin Extended Additional) to
# what NFD-and-drop-marks leaves of them, so folding a Vietnamese name is one `translate` instead of a Python
# step per character (#28: folding was a tenth of a 10,000-row import). Anything else takes the general road.
_FOLD_TABLE = {
    code: _stripped(chr(code))
    for first, last in ((0xC0, 0x24F), (0x1E00, 0x1EFF))
    for code in range(first, last + 1)
    if _stripped(chr(code)) != chr(code)
} | {ord("đ"): "d", ord("Đ"): "D"}  # U+0111/U+0110 have no canonical decomposition: mapped explicitly


def fold(value: str | None) -> str:
    """Fold for search and comparison: đ→d, strip marks, casefold ("ĐỒNG Hới" → "dong hoi")."""
    if not value:
        return ""
    text = str(value).translate(_FOLD_TABLE)
    if not text.isascii():  # combining marks typed apart (NFD), other scripts, symbols
        text = _stripped(text)
    return _SPACES.sub(" ", text.casefold()).strip()


def sort_key(value: str | None) -> str:
    """A key that orders Vietnamese names sensibly in SQL: folded text, then the exact NFC form."""
    return f"{fold(value)}\x00{nfc(value).casefold()}"


def slug(value: str | None, max_length: int = 80) -> str:
    """ASCII slug for file names and URLs ("Mật ong Đồng Hới" → "mat-ong-dong-hoi")."""
    text = _NON_ALNUM.sub("-", fold(value)).strip("-")
    return text[:max_length].rstrip("-")


def marks_carried(word: str) -> bool:
    """True when a word (NFC) carries a tone or vowel mark or đ: folding would lose something of it. The rule
    "tone marks carry meaning" (#28): such a word matches only words with the same marks (trà is not tra)."""
    return not word.isascii() and fold(word) != word.casefold()


def query_words(query: str | None) -> list[tuple[str, bool]]:
    """A search query's words as (term, marked): a word typed with marks stays as typed (NFC, lower case) and
    matches only those marks; a word typed without them is folded and matches with or without marks
    ("ĐỒNG hoi" → [("đồng", True), ("hoi", False)]). Punctuation separates words and is dropped."""
    found: list[tuple[str, bool]] = []
    for word in _WORD.findall(nfc(query)):
        if marks_carried(word):
            found.append((word.lower(), True))
        else:
            found.extend((term, False) for term in _WORD.findall(fold(word)))
    return found


def marked_words(text: str | None) -> str:
    """The text's words that are not plain ASCII, NFC and lower case, each once: what a query word typed with
    marks is matched against (an ASCII word can never start with a marked one, so it need not be kept)."""
    words = _WORD.findall(nfc(text).lower())
    return " ".join(dict.fromkeys(w for w in words if not w.isascii()))
