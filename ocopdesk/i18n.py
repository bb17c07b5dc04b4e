"""The one translation mechanism for core, CLI and GUI: gettext catalogues (.po) read with Babel.

Source strings are English and marked with `_()` (translate now) or `N_()` (mark only); Vietnamese is
the default language. Catalogues live in `resources/locale/<lang>/LC_MESSAGES/ocopdesk.po` and are
read directly, so no compiled `.mo` file is ever committed or forgotten.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from ocopdesk.bundled import resource

DOMAIN = "ocopdesk"
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"

_current: dict[str, str] = {}
_language = ""


def catalogue_path(language: str) -> Path:
    return resource("locale") / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _load(language: str) -> dict[str, str]:
    """Message id → translation, skipping fuzzy and empty entries (they fall back to English)."""
    path = catalogue_path(language)
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {str(m.id): str(m.string) for m in catalog if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


@cache
def _load_plurals(language: str) -> tuple[dict[str, tuple[str, ...]], Callable[[int], int]]:
    """Singular id → its forms, and the catalogue's rule choosing a form for a count (Vietnamese has one
    form: "1 lô", "2 lô"; English two: "1 batch", "2 batches")."""
    path = catalogue_path(language)
    if not path.exists():
        return {}, _english_rule
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    forms = {
        str(m.id[0]): tuple(str(f) for f in m.string)
        for m in catalog
        if isinstance(m.id, tuple) and isinstance(m.string, tuple) and all(m.string) and not m.fuzzy
    }
    return forms, gettext.c2py(catalog.plural_expr)


def _english_rule(count: int) -> int:
    return 0 if count == 1 else 1


def set_language(language: str | None) -> str:
    """Choose the language for messages from now on; unknown codes fall back to Vietnamese."""
    global _current, _language
    language = (language or "").split("_")[0].lower()
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    _language = language
    _current = _load(language) if language != "en" else {}
    return language


def current_language() -> str:
    if not _language:
        set_language(os.environ.get("OCOPDESK_LANG") or DEFAULT_LANGUAGE)
    return _language


def format_count(number: int) -> str:
    """A count or size in the message language's separators: 1.025 in Vietnamese, 1,025 in English (a
    Vietnamese dot read in English is a decimal point: "1.025 MB" would say one megabyte)."""
    text = f"{number:,}"
    return text if current_language() == "en" else text.replace(",", ".")


def _(message: str) -> str:
    """Translate `message` into the current language."""
    if not _language:
        current_language()
    return _current.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """`singular` or `plural` for `count` in the current language, by the catalogue's plural rule; the
    caller still formats the count in ("{n} batch" / "{n} batches")."""
    language = current_language()
    if language != "en":
        forms, rule = _load_plurals(language)
        found = forms.get(singular)
        if found:
            return found[min(rule(count), len(found) - 1)]
    return singular if _english_rule(count) == 0 else plural


def translation(message: str, language: str) -> str:
    """`message` in a given language, whatever the current one (the website carries both)."""
    return message if language == "en" else _load(language).get(message, message)


def N_(message: str) -> str:
    """Mark `message` for translation without translating it yet (for tables built at import time)."""
    return message
