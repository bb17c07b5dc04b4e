"""Vietnamese text rules: NFC on the way in, diacritic folding (đ→d) for search, sort keys and slugs."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def nfc(value: str | None) -> str:
    """Return `value` in NFC with surrounding white space removed (Windows IMEs may type NFD)."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def clean_line(value: str | None) -> str:
    """NFC and collapse inner runs of white space: for names, codes and other one-line fields."""
    return _SPACES.sub(" ", nfc(value))


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


def search_terms(query: str | None) -> list[str]:
    """Split a user's query into folded alphanumeric terms for a full-text search."""
    return [t for t in re.split(r"[^0-9a-z]+", fold(query)) if t]
