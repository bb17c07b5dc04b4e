"""Traceability stamps: unpredictable serials, verification codes, and what the QR code holds.

Serial: 10 characters of Crockford base32 (≈50 bits) from a CSPRNG — upper case, GS1 CSET 82,
QR-alphanumeric friendly, unique in the catalogue. Verification code: HMAC-SHA256 of the serial
under the catalogue's secret key, 13 Crockford characters (65 bits), so anything published for
offline checking (a hash of serial and code) costs ≥ 2^64 work to forge. The code is derived, not
stored: the key stays in the catalogue (and its backups) and nowhere else.

QR payload: a GS1 Digital Link `…/01/{GTIN-14}/10/{lot}/21/{serial}?k={code}` for a product with a
GTIN; for one without, the short form `{base}/s/{serial}?k={code}` on the same base.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from ocopdesk.domain import digital_link
from ocopdesk.domain.digital_link import DigitalLinkError
from ocopdesk.i18n import N_

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SERIAL_LENGTH = 10
CODE_LENGTH = 13
CODE_KEY = "k"  # a non-GS1 query key: GS1 parsers ignore it
SHORT_PATH = "s"
STATUSES = {"issued": N_("issued"), "voided": N_("voided")}
_SERIAL = re.compile(rf"^[{CROCKFORD}]{{{SERIAL_LENGTH}}}$")
_CODE = re.compile(rf"^[{CROCKFORD}]{{{CODE_LENGTH}}}$")


def new_serial() -> str:
    """50 random bits (7 bytes from the CSPRNG, 6 bits dropped) as 10 Crockford characters."""
    return _base32(secrets.token_bytes(7), SERIAL_LENGTH)


def new_secret() -> bytes:
    return secrets.token_bytes(32)


def _base32(data: bytes, length: int) -> str:
    number = int.from_bytes(data, "big")
    return "".join([CROCKFORD[(number >> shift) & 31] for shift in range(0, 5 * length, 5)])  # least significant first


def verification_code(secret: bytes, serial: str) -> str:
    digest = hmac.digest(secret, f"stamp-code|{serial}".encode(), "sha256")  # one-shot: twice as fast as hmac.new
    return _base32(digest, CODE_LENGTH)


def code_matches(secret: bytes, serial: str, code: str) -> bool:
    return hmac.compare_digest(verification_code(secret, serial), normalize_code(code))


def published_check(serial: str, code: str) -> str:
    """What the static website publishes per stamp instead of the code: 128 bits of SHA-256 over
    the serial and the code. The code has 65 random bits, so finding one the page accepts costs
    ≥ 2^64 hashes per serial; the serial salts it, so no table serves two stamps.
    `stamp.js` on the website computes the same value in the shopper's browser."""
    return hashlib.sha256(f"ocopdesk-stamp|{serial}|{normalize_code(code)}".encode()).hexdigest()[:32]


def normalize_code(text: str) -> str:
    """Crockford reading rules: upper case, O→0, I/L→1, hyphens and spaces ignored."""
    return text.upper().replace("O", "0").replace("I", "1").replace("L", "1").replace("-", "").replace(" ", "")


def is_serial(text: str) -> bool:
    return bool(_SERIAL.match(text))


@dataclass(frozen=True, slots=True)
class Stamp:
    batch_id: int
    number: int  # running number within the lot, for people
    serial: str
    status: str = "issued"
    issued_at: str = ""
    print_count: int = 0
    last_printed_at: str = ""
    reprints: int = 0
    voided_at: str = ""
    void_reason: str = ""
    id: int | None = None
    uuid: str = ""  # stable across backups, exports and catalogues (#24); given by storage on insert


def stamp_url(base: str, serial: str, code: str, gtin: str = "", lot: str = "") -> str:
    """What the stamp's QR code holds (see the module docstring)."""
    return url_maker(base, gtin, lot)(serial, code)


def url_maker(base: str, gtin: str = "", lot: str = "") -> Callable[[str, str], str]:
    """Build and check the per-lot part once; serials and codes are Crockford characters, which
    Digital Link never needs to encode, so each stamp only appends them (100,000 stamps/s)."""
    if gtin:
        prefix = digital_link.build(base, gtin, lot=lot) + "/21/"
    else:
        prefix = f"{digital_link.check_stem(base)}/{SHORT_PATH}/"

    def make(serial: str, code: str) -> str:
        if not (_SERIAL.match(serial) and _CODE.match(code)):
            raise ValueError(f"not a stamp serial and code: {serial!r} {code!r}")
        return f"{prefix}{serial}?{CODE_KEY}={code}"

    return make


@dataclass(frozen=True, slots=True)
class ScannedStamp:
    """What a scanned or pasted stamp says about itself, before we look it up."""

    serial: str
    code: str
    base: str = ""
    gtin: str = ""
    lot: str = ""


class NotAStamp(ValueError):
    """The text is not a stamp URL or code of any form we print."""


def read_scan(text: str) -> ScannedStamp:
    """Accept a full stamp URL (Digital Link or short form), "SERIAL CODE" typed by hand, or the
    serial alone as printed under the QR code (then `code` is empty: only a scan checks the code).
    Typed serials follow Crockford's reading rules (o → 0, i/l → 1, hyphens and spaces ignored)."""
    text = text.strip()
    if text.lower().startswith(("http://", "https://")):
        return _read_url(text)
    parts = re.split(r"[\s/|;,]+", text)
    if len(parts) == 2 and is_serial(normalize_code(parts[0])):
        return ScannedStamp(normalize_code(parts[0]), normalize_code(parts[1]))
    if is_serial(normalize_code(text)):
        return ScannedStamp(normalize_code(text), "")
    raise NotAStamp(text)


def _read_url(text: str) -> ScannedStamp:
    parts = urlsplit(text)
    segments = parts.path.rstrip("/").split("/")
    if len(segments) >= 2 and segments[-2] == SHORT_PATH:
        code = parse_qs(parts.query).get(CODE_KEY, [""])[0]
        base = f"{parts.scheme}://{parts.netloc}{'/'.join(segments[:-2])}"
        return ScannedStamp(segments[-1].upper(), normalize_code(code), base)
    try:
        link = digital_link.parse(text)
    except DigitalLinkError as exc:
        raise NotAStamp(text) from exc
    if not link.serial:
        raise NotAStamp(text)
    return ScannedStamp(
        link.serial.upper(), normalize_code(link.query.get(CODE_KEY, "")), link.stem, link.gtin, link.lot
    )


def parse_range(text: str) -> tuple[int, int]:
    """ "5-12" or "7" → running-number range, inclusive."""
    match = re.fullmatch(r"\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*", text)
    if not match:
        raise ValueError(text)
    low, high = int(match.group(1)), int(match.group(2) or match.group(1))
    if low < 1 or high < low:
        raise ValueError(text)
    return low, high


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
