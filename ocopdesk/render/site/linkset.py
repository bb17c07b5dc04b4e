"""A product's GS1 linkset (RFC 9264, `application/linkset+json`) as a GS1 Digital Link resolver answers
`?linkType=all`: the product's GTIN and each of its lots as anchors, with GS1 link types (pip, defaultLink,
certificationInfo, traceability) to the pages the site build writes. Sources: RFC 9264; GS1 Digital Link
standard: URI syntax 1.4 and the GS1-Conformant resolver standard 1.1 (link types in GS1 Web Vocabulary)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from json.encoder import encode_basestring as _string

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
    """The bytes of `json.dumps(data, ensure_ascii=False, indent=1)` and a newline, made without the
    standard library's indenting encoder: with an indent, `json` falls back to its pure-Python generator
    chain, which was a tenth of a full site build's page work (11,000 linksets, #28). Same bytes, so a
    folder built before is not rewritten."""
    parts: list[str] = []
    _indented(data, "\n", parts)
    parts.append("\n")
    return "".join(parts).encode()


def _indented(value: object, newline: str, parts: list[str]) -> None:
    """Append `value` as `json.dumps(indent=1)` writes it at the depth `newline` (a newline and one space a
    level) says: objects and arrays one member a line, `,` between members, `": "` after keys."""
    inner = newline + " "
    if isinstance(value, str):
        parts.append(_string(value))
    elif isinstance(value, dict) and value:
        parts.append("{")
        for n, (key, item) in enumerate(value.items()):
            parts.append(("," if n else "") + inner + _string(str(key)) + ": ")
            _indented(item, inner, parts)
        parts.append(newline + "}")
    elif isinstance(value, list | tuple) and value:
        parts.append("[")
        for n, item in enumerate(value):
            parts.append(("," if n else "") + inner)
            _indented(item, inner, parts)
        parts.append(newline + "]")
    else:  # numbers, booleans, null, empty containers: the encoder writes them alone as it does inside
        parts.append(json.dumps(value, ensure_ascii=False))


def _target(link: Link) -> dict[str, object]:
    """A target object; a document's media type is left out (the host says it)."""
    target: dict[str, object] = {"href": link.href, "title": link.title}
    if link.type:
        target["type"] = link.type
        target["hreflang"] = ["vi", "en"]
    return target
