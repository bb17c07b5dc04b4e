"""Administrative units after the 01/07/2025 reform (34 provinces, 3,321 communes), shipped as data.

Codes are zero-padded strings keyed with a scheme version, because codes 80 and 82 were reused.
Source: the MIT-licensed `vietnamadminunits` data set (see resources/admin_units/).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache

from ocopdesk.bundled import resource
from ocopdesk.domain.text import fold

CURRENT_SCHEME = "2025-07"


@dataclass(frozen=True, slots=True)
class Commune:
    province_code: str
    province_name: str
    code: str
    name: str
    short: str
    kind: str  # Xã, Phường, Đặc khu


@cache
def communes(scheme: str = CURRENT_SCHEME) -> dict[str, Commune]:
    """Commune code → commune, for one scheme version."""
    with resource("admin_units", f"{scheme}.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["commune_code"]: Commune(
                row["province_code"],
                row["province_short"],
                row["commune_code"],
                row["commune_name"],
                row["commune_short"],
                row["commune_type"],
            )
            for row in csv.DictReader(handle)
        }


@cache
def provinces(scheme: str = CURRENT_SCHEME) -> dict[str, str]:
    """Province code → short name ("38" → "Thanh Hóa")."""
    return {c.province_code: c.province_name for c in communes(scheme).values()}


def _province_key(text: str) -> str:
    key = " ".join(
        fold(text)
        .replace("tp.", "tp ")
        .replace("t.p.", "tp ")
        .replace("-", " ")
        .replace("–", " ")
        .replace("—", " ")
        .split()
    )
    for prefix in ("tinh ", "thanh pho ", "tp "):
        key = key.removeprefix(prefix)
    return key


@lru_cache(maxsize=4096)  # a list names the same few provinces on every row
def find_province(text: str, scheme: str = CURRENT_SCHEME) -> str | None:
    """A province code from a code or a name written with or without diacritics, "Tỉnh", "Thành phố" or "TP."."""
    return _province_index(scheme).get(_province_key(text))


@cache
def _province_index(scheme: str) -> dict[str, str]:
    """Code or folded name → code, the first province in order winning: one dictionary look-up per row of
    an import instead of folding 34 names."""
    index: dict[str, str] = {}
    for code, name in provinces(scheme).items():
        index.setdefault(code, code)
        index.setdefault(fold(name), code)
    return index


def find_commune(text: str, province_code: str | None, scheme: str = CURRENT_SCHEME) -> str | None:
    """A commune code from a code or name ("Xã Nga Sơn" / "nga son"), within a province if given."""
    for province, code in _commune_index(scheme).get(fold(text), ()):
        if not province_code or province == province_code:
            return code
    return None


@cache
def _commune_index(scheme: str) -> dict[str, list[tuple[str, str]]]:
    """Code, folded name or short name → (province code, commune code) of the communes it names, in order:
    one look-up per row of an import instead of folding 3,300 names."""
    index: dict[str, list[tuple[str, str]]] = {}
    for commune in communes(scheme).values():
        for key in dict.fromkeys((commune.code, fold(commune.name), fold(commune.short))):
            index.setdefault(key, []).append((commune.province_code, commune.code))
    return index


def describe(commune_code: str | None, scheme: str = CURRENT_SCHEME) -> str:
    """ "Xã Nga Sơn, Thanh Hóa" for display; empty when unknown."""
    commune = communes(scheme).get(commune_code or "")
    return f"{commune.name}, {commune.province_name}" if commune else ""


@cache
def _merged_provinces() -> dict[str, tuple[str, str]]:
    """Folded old name → (old name, new province code), for the 63 provinces before 01/07/2025
    (Resolution 202/2025/QH15 merged them into 34)."""
    new_codes = {fold(name): code for code, name in provinces().items()}
    with resource("admin_units/provinces-before-2025-07.csv").open(encoding="utf-8") as handle:
        return {
            _province_key(row["old_province"]): (row["old_province"], new_codes[fold(row["new_province"])])
            for row in csv.DictReader(handle)
        }


@lru_cache(maxsize=4096)
def find_merged_province(text: str) -> tuple[str, str] | None:
    """(old name, new province code) for a province name from before 01/07/2025, e.g. Quảng Bình → Quảng Trị."""
    return _merged_provinces().get(_province_key(text))
