"""Information QR codes: one large, non-serialized QR for a product, the cooperative or a place
(an OCOP group 6 tourism site, a shop counter, a fair stand), opening its page on the
traceability website. The paths are the site's: /sp/{SKU}, /htx, /dd/{place-slug}."""

from __future__ import annotations

from dataclasses import dataclass

from ocopdesk.domain.digital_link import check_stem, encode
from ocopdesk.domain.text import slug

SIZES_MM = {"A6": (105.0, 148.0), "A5": (148.0, 210.0), "A4": (210.0, 297.0)}


@dataclass(frozen=True, slots=True)
class Poster:
    url: str
    title: str
    line: str = ""
    stars: int = 0


def product_url(base: str, sku: str) -> str:
    return f"{check_stem(base)}/sp/{encode(sku)}"


def cooperative_url(base: str) -> str:
    return f"{check_stem(base)}/htx"


def place_url(base: str, name: str) -> str:
    place = slug(name)
    if not place:
        raise ValueError(name)
    return f"{check_stem(base)}/dd/{place}"
