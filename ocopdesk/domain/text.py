"""Vietnamese text rules: NFC on the way in, diacritic folding (đ→d) for search, sort keys and slugs."""

from __future__ import annotations

import re
import unicodedata

# U+0111/U+0110 have no canonical decomposition, so stripping combining marks leaves them: map explicitly.
_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
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


def fold(value: str | None) -> str:
    """Fold for search and comparison: đ→d, strip marks, casefold ("ĐỒNG Hới" → "dong hoi")."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", str(value).translate(_D_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


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
