"""Administrative units after the 01/07/2025 reform (34 provinces, 3,321 communes), shipped as data.

Codes are zero-padded strings keyed with a scheme version, because codes 80 and 82 were reused.
Source: the MIT-licensed `vietnamadminunits` data set (see resources/admin_units/).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from ocopdesk.domain.text import fold
from ocopdesk.paths import resource

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


def find_province(text: str, scheme: str = CURRENT_SCHEME) -> str | None:
    """A province code from a code or a name written with or without diacritics or "Tỉnh"."""
    key = fold(text).removeprefix("tinh ").removeprefix("thanh pho ").strip()
    for code, name in provinces(scheme).items():
        if key in (code, fold(name)):
            return code
    return None


def find_commune(text: str, province_code: str | None, scheme: str = CURRENT_SCHEME) -> str | None:
    """A commune code from a code or name ("Xã Nga Sơn" / "nga son"), within a province if given."""
    key = fold(text)
    for commune in communes(scheme).values():
        if province_code and commune.province_code != province_code:
            continue
        if key in (commune.code, fold(commune.name), fold(commune.short)):
            return commune.code
    return None


def describe(commune_code: str | None, scheme: str = CURRENT_SCHEME) -> str:
    """ "Xã Nga Sơn, Thanh Hóa" for display; empty when unknown."""
    commune = communes(scheme).get(commune_code or "")
    return f"{commune.name}, {commune.province_name}" if commune else ""
