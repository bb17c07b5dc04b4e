"""A product's GS1 linkset (RFC 9264, `application/linkset+json`) as a GS1 Digital Link resolver answers
`?linkType=all`: the product's GTIN and each of its lots as anchors, with GS1 link types (pip, defaultLink,
certificationInfo, traceability) to the pages the site build writes. Sources: RFC 9264; GS1 Digital Link
standard: URI syntax 1.4 and the GS1-Conformant resolver standard 1.1 (link types in GS1 Web Vocabulary)."""

from __future__ import annotations

import json
from dataclasses import dataclass

VOC = "https://gs1.org/voc/"
MEDIA_TYPE = "application/linkset+json"
FILE_NAME = "linkset.json"  # beside the GTIN's redirect page: 01/{GTIN-14}/linkset.json


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


def linkset_bytes(data: dict[str, object]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


def _target(link: Link) -> dict[str, object]:
    """A target object; a document's media type is left out (the host says it)."""
    target: dict[str, object] = {"href": link.href, "title": link.title}
    if link.type:
        target["type"] = link.type
        target["hreflang"] = ["vi", "en"]
    return target
