"""Where each page of the traceability website lives, as URL paths and as files.

The stamps and posters already printed fix the URLs (see `stamp` and `poster`):
- a lot of a product with a GTIN: `01/{GTIN-14}/10/{lot}/` — a stamp adds `21/{serial}?k={code}`;
- a lot of a product without one: `sp/{SKU}/lo/{lot}/`, reached from a stamp `s/{serial}?k={code}`
  through the short-form page `s/`, which looks the serial up;
- a product `sp/{SKU}/`, the cooperative `htx/`, a place `dd/{slug}/`.

Paths are relative to the site root (the resolver address's path). On disk each page is
`{decoded path}/index.html`; a segment that cannot be a folder name everywhere (`.`/`..`, a
character Windows refuses, a device name such as CON) has no page, and the build says so instead
of writing outside the site folder. Codes entered today follow `codes`, which keeps them clear of
all of these; the check here is for codes saved before that rule.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

from ocopdesk.domain import digital_link
from ocopdesk.domain.codes import is_device_name
from ocopdesk.domain.digital_link import encode

_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9_~-](?:[A-Za-z0-9._~-]*[A-Za-z0-9_~-])?$")  # Windows drops a final "."
STAMP_SHARD_LENGTH = 2  # serials are split into files by their first characters: v/{XY}.js

# The stamp-URL rule, the one source (#24): a stamp's URL is answered with its lot's page (GS1 form) or the
# short-form page. The preview server uses the compiled patterns below; the nginx rules (services/site_hosting.py)
# and stamp.js (fed `stamp_rule()` when the site is built, render/site/pages.py) are made from the same text, and
# tests/site/test_stamp_rule.py runs all three on the same URLs. Plain regex syntax that Python, PCRE (nginx) and
# JavaScript read alike. Groups: the lot's path and the serial; the short form's serial. A serial never holds "/",
# "?" or "." (Crockford base 32); a lot may hold "/" once a server has decoded "%2F".
GTIN_PART = r"[0-9]{14}"
SERIAL_PART = r"[^/?.]+"  # also what the log reader (storage/scan_logs.py) counts as a serial
GS1_STAMP_BODY = rf"(01/{GTIN_PART}/10/[^?]+)/21/({SERIAL_PART})"
SHORT_STAMP_BODY = rf"s/({SERIAL_PART})"
GS1_STAMP = re.compile(f"^{GS1_STAMP_BODY}/?$")
SHORT_STAMP = re.compile(f"^{SHORT_STAMP_BODY}/?$")

# The pages with a GS1 linkset beside them (#25): a product, a lot with or without a GTIN. Their Link header
# names `{page}linkset.json` (RFC 9264 §6); the preview server and the nginx rules use this same text.
LINKSET_PAGE_BODY = rf"(sp/[^/?]+/|sp/[^/?]+/lo/[^?]+/|01/{GTIN_PART}/10/[^?]+/)"
LINKSET_PAGE = re.compile(f"^{LINKSET_PAGE_BODY}$")
GTIN_ANY = re.compile(rf"^01/({GTIN_PART})(/.*)?$")
LINKSET_NAME = "linkset.json"


def page_linkset(page: str) -> str | None:
    """The linkset beside a page (a path relative to the root, as served after the stamp rule), or None."""
    return page + LINKSET_NAME if LINKSET_PAGE.match(page) else None


def negotiated_linkset(path: str) -> str | None:
    """What `?linkType=all` or an Accept of application/linkset+json on `path` is answered with: a GTIN, its lots
    and its stamps with the GTIN's linkset (as a GS1 resolver does), a product or lot page with its own."""
    path = path.lstrip("/")
    gtin = GTIN_ANY.match(path)
    if gtin:
        return f"01/{gtin.group(1)}/{LINKSET_NAME}"
    return page_linkset(path if path.endswith("/") else path + "/")


def stamp_rule() -> dict[str, str]:
    """The rule as the website's script reads it: whole patterns for a path relative to the site root."""
    return {"gs1": GS1_STAMP.pattern, "short": SHORT_STAMP.pattern}


def lot_path(sku: str, lot: str, gtin: str = "") -> str:
    if gtin:
        return digital_link.build("https://x", gtin, lot=lot).removeprefix("https://x/") + "/"
    return f"sp/{encode(sku)}/lo/{encode(lot)}/"


def product_path(sku: str) -> str:
    return f"sp/{encode(sku)}/"


def gtin_path(gtin: str) -> str:
    return f"01/{digital_link.gtin14(gtin)}/"


def place_path(slug: str) -> str:
    return f"dd/{slug}/"


COOPERATIVE_PATH = "htx/"
SHORT_FORM_PATH = "s/"


def shard_path(serial: str) -> str:
    return f"v/{serial[:STAMP_SHARD_LENGTH]}.js"


@lru_cache(maxsize=1 << 16)
def page_file(url_path: str) -> str | None:
    """The file (a relative POSIX path) a page path is written to, or None when a segment is not
    a safe folder name. An encoded "/" in a lot code nests, as servers decode it. Cached: a build asks
    for each lot's several times (its page, its linkset, the pages of lots made from it)."""
    stripped = url_path.strip("/")
    parts = unquote(stripped).split("/") if stripped else []
    if not all(_SAFE_SEGMENT.match(p) and not is_device_name(p) for p in parts):
        return None
    return "/".join([*parts, "index.html"])


def served_page(request_path: str) -> str | None:
    """The page a stamp URL is answered with (relative to the root), or None for ordinary paths.
    The preview server, the nginx rules and 404.html implement this same mapping."""
    path = request_path.lstrip("/")
    match = GS1_STAMP.match(path)
    if match:
        return match.group(1) + "/"
    if SHORT_STAMP.match(path):
        return SHORT_FORM_PATH
    return None
