"""A product's GS1 linkset (RFC 9264, `application/linkset+json`) as a GS1 Digital Link resolver answers
`?linkType=all`: the product's GTIN and each of its lots as anchors, with GS1 link types (pip, defaultLink,
certificationInfo, traceability) to the pages the site build writes. Sources: RFC 9264; GS1 Digital Link
standard: URI syntax 1.4 and the GS1-Conformant resolver standard 1.1 (link types in GS1 Web Vocabulary)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ocopdesk.domain import site_paths

VOC = "https://gs1.org/voc/"
MEDIA_TYPE = "application/linkset+json"
# Beside the GTIN's redirect page (01/{GTIN-14}/), each product page and each lot page.
FILE_NAME = site_paths.LINKSET_NAME
# RFC 9264 §6: the "linkset" relation, sent in a Link header on each page that has a linkset beside it.
LINK_HEADER = '<{href}>; rel="linkset"; type="application/linkset+json"'


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    title: str
    type: str = "text/html"


def linkset(anchor: str, product: Link, certificates: list[Link], lots: list[tuple[str, Link]]) -> dict[str, object]:
    """`anchor` is the GTIN's Digital Link URI; `lots` pairs each lot's Digital Link URI with its page."""
    item: dict[str, object] = {
        "anchor": anchor,
        f"{VOC}defaultLink": [_target(product)],
        f"{VOC}pip": [_target(product)],
    }
    if certificates:
        item[f"{VOC}certificationInfo"] = [_target(c) for c in certificates]
    if lots:
        item[f"{VOC}traceability"] = [_target(page) for _uri, page in lots]
    contexts = [item]
    for uri, page in lots:
        contexts.append({"anchor": uri, f"{VOC}defaultLink": [_target(page)], f"{VOC}traceability": [_target(page)]})
    return {"linkset": contexts}


def lot_linkset(anchor: str, lot: Link, product: Link, certificates: list[Link]) -> dict[str, object]:
    """One lot: `anchor` is its Digital Link URI (GTIN + lot), or its page without a GTIN; the lot page is its
    default and traceability link, the product page its product information page."""
    item: dict[str, object] = {
        "anchor": anchor,
        f"{VOC}defaultLink": [_target(lot)],
        f"{VOC}traceability": [_target(lot)],
        f"{VOC}pip": [_target(product)],
    }
    if certificates:
        item[f"{VOC}certificationInfo"] = [_target(c) for c in certificates]
    return {"linkset": [item]}


def linkset_bytes(data: dict[str, object]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


def _target(link: Link) -> dict[str, object]:
    """A target object; a document's media type is left out (the host says it)."""
    target: dict[str, object] = {"href": link.href, "title": link.title}
    if link.type:
        target["type"] = link.type
        target["hreflang"] = ["vi", "en"]
    return target
