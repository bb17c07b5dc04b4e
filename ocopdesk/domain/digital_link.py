"""GS1 Digital Link URIs (uncompressed), as GS1's syntax engine builds and checks them:
`{stem}/01/{GTIN-14}[/22/{cpv}][/10/{lot}][/21/{serial}][?query]`.

Rules (GS1 Digital Link URI Syntax 1.6, as GS1's reference gs1/gs1-syntax-engine applies them):
14-digit GTIN with a valid check digit; lot and serial are 1–20 characters of GS1 CSET 82; path
qualifiers in that order only, never in the query; everything outside A–Z a–z 0–9 - . _ ~
percent-encoded with upper-case hex; no trailing slash, empty value or duplicate key. Non-GS1 query
keys (e.g. `k`) are allowed; unknown all-digit keys are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from ocopdesk.domain.gtin import is_valid_gtin

CSET82 = re.compile(r"^[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$")
_UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]")
_ALL_UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]*")
QUALIFIERS = ("22", "10", "21")  # the only path qualifiers after 01, in this order
DATA_ATTRIBUTES = {"11", "13", "15", "16", "17", "7007", "422", "99", "3103", "3922"}  # query AIs we accept
_DATE_AIS = {"11", "13", "15", "16", "17"}


class DigitalLinkError(ValueError):
    """A URI or value that GS1 Digital Link does not allow."""


@dataclass(frozen=True, slots=True)
class DigitalLink:
    stem: str  # scheme, host and optional path prefix, no trailing slash
    gtin: str  # 14 digits
    lot: str = ""
    serial: str = ""
    cpv: str = ""
    query: dict[str, str] = field(default_factory=dict)

    def uri(self) -> str:
        return build(self.stem, self.gtin, lot=self.lot, serial=self.serial, cpv=self.cpv, query=self.query)


def encode(value: str) -> str:
    """Percent-encode all but A–Z a–z 0–9 - . _ ~, with upper-case hex ("ABC+123" → "ABC%2B123")."""
    if _ALL_UNRESERVED.fullmatch(value):  # most codes: one match, not one per character (a site build has 20,000)
        return value
    return "".join(ch if _UNRESERVED.fullmatch(ch) else "".join(f"%{b:02X}" for b in ch.encode()) for ch in value)


def check_stem(stem: str) -> str:
    """An http(s) stem with a host; its trailing slash is trimmed."""
    parts = urlsplit(stem)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment or " " in stem:
        raise DigitalLinkError(f"not a usable stem: {stem!r}")
    return stem.rstrip("/")


def check_cset82(ai: str, value: str) -> str:
    if not CSET82.match(value):
        raise DigitalLinkError(f"AI {ai} must be 1–20 characters of GS1 CSET 82: {value!r}")
    return value


def gtin14(code: str) -> str:
    """A GTIN-8/12/13/14 as the 14 digits Digital Link requires."""
    if not is_valid_gtin(code):
        raise DigitalLinkError(f"not a valid GTIN: {code!r}")
    return code.zfill(14)


def build(
    stem: str, gtin: str, *, lot: str = "", serial: str = "", cpv: str = "", query: dict[str, str] | None = None
) -> str:
    """The uncompressed Digital Link URI. Query keys keep their order; values are encoded."""
    path = f"{check_stem(stem)}/01/{gtin14(gtin)}"
    for ai, value in (("22", cpv), ("10", lot), ("21", serial)):
        if value:
            path += f"/{ai}/{encode(check_cset82(ai, value))}"
    params = []
    for key, value in (query or {}).items():
        _check_query_pair(key, value)
        params.append(f"{encode(key)}={encode(value)}")
    return path + ("?" + "&".join(params) if params else "")


def _check_query_pair(key: str, value: str) -> None:
    if not key or not value:
        raise DigitalLinkError("empty query key or value")
    if key in ("01", *QUALIFIERS):
        raise DigitalLinkError(f"AI {key} belongs in the path, not the query")
    if key.isdigit() and key not in DATA_ATTRIBUTES:
        raise DigitalLinkError(f"unknown GS1 application identifier in the query: {key}")
    if key in _DATE_AIS and not re.fullmatch(r"\d{6}", value):
        raise DigitalLinkError(f"AI {key} is a date YYMMDD: {value!r}")


def parse(uri: str) -> DigitalLink:
    """Read a Digital Link URI back, rejecting what GS1 parsers reject."""
    parts = urlsplit(uri)
    if parts.fragment:
        raise DigitalLinkError("fragment not allowed")
    if parts.path.endswith("/"):
        raise DigitalLinkError("trailing slash")
    segments = parts.path.split("/")
    try:
        at = max(i for i in range(1, len(segments) - 1) if segments[i] == "01")
    except ValueError as exc:
        raise DigitalLinkError("no /01/{GTIN} in the path") from exc
    stem = check_stem(f"{parts.scheme}://{parts.netloc}{'/'.join(segments[:at])}")
    gtin = unquote(segments[at + 1])
    if not (len(gtin) == 14 and gtin.isdigit()):
        raise DigitalLinkError("the GTIN must have 14 digits")
    gtin14(gtin)
    values = _path_qualifiers(segments[at + 2 :])
    query = _query(parts.query, set(values))
    return DigitalLink(stem, gtin, values.get("10", ""), values.get("21", ""), values.get("22", ""), query)


def _path_qualifiers(rest: list[str]) -> dict[str, str]:
    if len(rest) % 2:
        raise DigitalLinkError("path qualifiers come in pairs")
    values: dict[str, str] = {}
    last = -1
    for ai, raw in zip(rest[::2], rest[1::2], strict=True):
        if ai not in QUALIFIERS or QUALIFIERS.index(ai) <= last:
            raise DigitalLinkError(f"qualifier {ai} not allowed here (order is 22, 10, 21)")
        last = QUALIFIERS.index(ai)
        values[ai] = check_cset82(ai, unquote(raw))
    return values


def _query(text: str, in_path: set[str]) -> dict[str, str]:
    query: dict[str, str] = {}
    for pair in filter(None, text.split("&")):
        key, _sep, raw = pair.partition("=")
        key, value = unquote(key), unquote(raw)
        if key in query:
            raise DigitalLinkError(f"duplicate key {key}")
        if key in in_path:
            raise DigitalLinkError(f"AI {key} is already in the path")
        _check_query_pair(key, value)
        query[key] = value
    return query
