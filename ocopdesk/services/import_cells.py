"""Turning one spreadsheet row into catalogue values, with a plain-words problem per bad cell."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ocopdesk.domain import address, ocop
from ocopdesk.domain.dates import DateError, parse_date
from ocopdesk.domain.gtin import normalize_gtin
from ocopdesk.domain.media import MediaFile
from ocopdesk.domain.money import PriceError, parse_price
from ocopdesk.domain.ocop import Certificate
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.text import clean_line, fold, nfc, slug
from ocopdesk.i18n import _

TEXT_FIELDS = (
    "sku",
    "name",
    "unit",
    "net_quantity",
    "ingredients",
    "usage",
    "storage",
    "warnings",
    "description",
    "brand",
    "standard_title",
)
INT_FIELDS = ("weight_g", "shelf_life_days")
FLOAT_FIELDS = ("length_cm", "width_cm", "height_cm")
_DECIMAL = re.compile(r"\s*(\d[\d.,]*)")
_WEIGHT_UNIT = re.compile(r"\d\s*(kg|ky|ki|kilo|g|gr|gam|gram)\b")
_TIME_UNIT = re.compile(r"\d\s*(ngay|days?|thang|months?|nam|years?)\b")
_DECISION_DATE = re.compile(r"[,;\s]*\bng[aà]y\s+(\d{1,2}[/.-]\d{1,2}[/.-]\d{4})", re.IGNORECASE)
_STARS_PART = re.compile(r"\s*\d+[.,]0*[1-9]")
_STARS_RANGE = re.compile(r"\s*\d+\s*[-–/]\s*\d")
_STARS_NUMBER = re.compile(r"\s*(\d+)(?:[.,]0+)?(?!\d)")
_STAR_WORDS = {"ba": 3, "bon": 4, "nam": 5, "three": 3, "four": 4, "five": 5}
_BARE_YEAR = re.compile(r"(19|20)\d\d")
# "TCVN 12605:2019", "TCCS 01:2024/HTXNX", "QCVN 8-2:2011/BYT": the number of a standard, then maybe its title.
_STANDARD = re.compile(
    r"\s*((?:TCVN|TCCS|QCVN|TCN|TC|ISO|CODEX)\s*(?:số\s+|no\.?\s*)?\d[\w.-]*(?::\s?\d{4})?(?:/[^\s,;]+)?)(.*)",
    re.I | re.S,
)
_TITLE_SEPARATOR = re.compile(r"^[\s,;:–—-]+")
_REF_SPLIT = re.compile(r"\s*(?:;|\||\n|,\s+)\s*")
# Control characters have no meaning in a product list and nobody can see them to fix them (a NUL
# from a broken export, ESC from a terminal), so they are dropped, never stored. Vertical tab and form
# feed are the line breaks Word and PowerPoint paste into cells, and NEL is a line break: they become
# \n. Tab, \n and \r stay: the catalogue's own rules collapse them in one-line fields.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x85": "\n"})


class CellProblem(ValueError):
    """A cell's value cannot be used; the message says why and how to write it."""


@dataclass
class ParsedRow:
    row: int  # 1-based, as the spreadsheet shows it
    product: dict[str, Any] = field(default_factory=dict)
    producer: Producer | None = None
    certificate: Certificate | None = None
    photos: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    public_documents: list[str] = field(default_factory=list)  # shown on the website as well
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, message): the row is not imported
    warnings: list[tuple[str, str]] = field(default_factory=list)  # imported, but the clerk should know
    loaded: dict[str, list[MediaFile]] = field(default_factory=dict)  # photos and documents, once checked


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: object) -> str:
    """Cell → text; a whole-number float (Excel's numbers) loses its `.0`."""
    if type(value) is str:
        if value.isascii() and value.isprintable():  # no control character, no mark: nothing to clean (#28)
            return value.strip()
        return _cleaned(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d/%m/%Y")
    return _cleaned(str(value))


@lru_cache(maxsize=16384)  # a list repeats its producers, units, places and descriptions on every row (#28)
def _cleaned(text: str) -> str:
    return nfc(clean_controls(text))


def clean_controls(text: str) -> str:
    """Text without C0/C1 control characters (see _CONTROL); line breaks kept as \n. Printable text has
    none of them, nor any of _BREAKS: it is returned as it is."""
    if text.isprintable():
        return text
    return _CONTROL.sub("", text.translate(_BREAKS))


def as_int(value: object) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    digits = re.fullmatch(r"\s*(\d[\d.,\s]*)\s*[^\d]*", str(value))
    text = digits.group(1).replace(".", "").replace(",", "").replace(" ", "") if digits else ""
    if not text:
        raise CellProblem(_("“{value}” is not a whole number.").format(value=value))
    return int(text)


def as_float(value: object) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError as exc:
        raise CellProblem(_("“{value}” is not a number.").format(value=value)) from exc


def as_stars(value: object) -> int:
    """3, "3 sao", "3*", "★★★", "3.0", "Ba sao" — the ways lists write OCOP stars."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    if isinstance(value, float):
        raise CellProblem(
            _("“{value}” is not a whole number of stars. OCOP ranks 3, 4 or 5 stars.").format(value=value)
        )
    text = str(value)
    if "★" in text or "⭐" in text:
        return text.count("★") + text.count("⭐")
    if _STARS_PART.match(text) or _STARS_RANGE.match(text):
        raise CellProblem(
            _("“{value}” is not a whole number of stars. OCOP ranks 3, 4 or 5 stars.").format(value=value)
        )
    number = _STARS_NUMBER.match(text)
    if number:
        return int(number.group(1))
    words = fold(text).split()
    if words and words[0] in _STAR_WORDS:
        return _STAR_WORDS[words[0]]
    raise CellProblem(_("“{value}” is not a number of stars. Write 3, 4 or 5.").format(value=value))


def as_decimal(value: object) -> float:
    """A number as Vietnamese lists write it: "0,5" and "0.5" are halves, "1.500" is fifteen hundred."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    match = _DECIMAL.match(text)
    if not match:
        raise CellProblem(_("“{value}” is not a number.").format(value=value))
    digits = match.group(1)
    if "," in digits and "." in digits:  # the later one is the decimal mark
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        digits = digits.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):
        digits = digits.replace(".", "").replace(",", "")
    else:
        digits = digits.replace(",", ".")
    return float(digits)


def as_grams(value: object, unit: str) -> int:
    """A weight in grams; a unit in the cell ("1,5 kg", "500 g") wins over the column's."""
    found = _WEIGHT_UNIT.search(fold(str(value))) if isinstance(value, str) else None
    if found:
        unit = "kg" if found.group(1) in ("kg", "ky", "ki", "kilo") else "g"
    grams = as_decimal(value) * (1000 if unit == "kg" else 1)
    return round(grams)


def as_days(value: object, unit: str) -> int:
    """A shelf life in days; "6 tháng" and "2 năm" say their own unit (a month counts 30 days)."""
    found = _TIME_UNIT.search(fold(str(value))) if isinstance(value, str) else None
    if found:
        unit = {"ngay": "day", "day": "day", "days": "day", "thang": "month", "month": "month", "months": "month"}.get(
            found.group(1), "year"
        )
    return round(as_decimal(value) * {"day": 1, "month": 30, "year": 365}[unit])


def as_price(value: object) -> int:
    try:
        return _price_of_text(value) if type(value) is str else parse_price(value)
    except PriceError as exc:
        raise CellProblem(
            _("“{value}” is not a price. Write whole đồng, e.g. 120.000 or 1,2 triệu.").format(value=value)
        ) from exc


@lru_cache(maxsize=4096)  # a list writes the same prices again and again (#28); a refusal is not kept
def _price_of_text(value: str) -> int:
    return parse_price(value)


def as_date(value: object) -> dt.date:
    try:
        return _date_of_text(value) if type(value) is str else parse_date(value)
    except DateError as exc:
        raise CellProblem(_("“{value}” is not a date. Write dd/mm/yyyy, e.g. 25/12/2025.").format(value=value)) from exc


@lru_cache(maxsize=4096)  # one decision's date on many rows (#28); a refusal is not kept
def _date_of_text(value: str) -> dt.date:
    return parse_date(value)


def auto_sku(name: str, producer: str) -> str:
    """A stable SKU for sheets that have none, so re-importing the same file updates, not duplicates."""
    digest = hashlib.sha1(fold(f"{producer}|{name}").encode()).hexdigest()[:6].upper()
    return f"{slug(name, 30).upper()}-{digest}"


def refs(value: object) -> list[str]:
    """Photo or document references in one cell: paths or URLs separated by ; | newline or ", "."""
    return [r for r in _REF_SPLIT.split(as_text(value)) if r]


# What a producer is read from: a producer's rows repeat these cells, so one import reads them once (#28).
PRODUCER_CELLS = (
    "producer",
    "province",
    "commune",
    "address",
    "producer_kind",
    "tax_code",
    "registration_no",
    "gln",
    "phone",
    "email",
    "representative",
)
ProducerMemo = dict[tuple[object, ...], tuple["Producer | None", list[tuple[str, str]], list[tuple[str, str]]]]


def parse_row(
    number: int,
    cells: dict[str, object],
    units: dict[str, str | None] | None = None,
    producers: ProducerMemo | None = None,
) -> ParsedRow:
    """Everything one row says; problems are collected, never raised, so the user sees them all. `units` are
    what the headers state ("Giá bán (nghìn đồng)"), by field; `producers` keeps the producers this import has
    read (one per import: its messages are in the language of the day)."""
    parsed = ParsedRow(number)
    units = units or {}
    for name, value in cells.items():
        if is_blank(value):
            continue
        try:
            _parse_cell(parsed, name, value, units.get(name))
        except CellProblem as problem:
            parsed.problems.append((name, str(problem)))
    _parse_group(parsed, cells)
    parsed.producer = _producer_memoised(parsed, cells, producers)
    parsed.certificate = _parse_certificate(parsed, cells)
    if not parsed.product.get("sku") and parsed.product.get("name"):
        parsed.product["sku"] = auto_sku(parsed.product["name"], as_text(cells.get("producer") or ""))
    return parsed


def _parse_cell(parsed: ParsedRow, name: str, value: object, unit: str | None = None) -> None:
    if name in TEXT_FIELDS:
        parsed.product[name] = as_text(value)
    elif name == "gtin":
        parsed.product["gtin"] = normalize_gtin(as_text(value))
    elif name == "price":
        parsed.product["price"] = as_price(value) * {"thousand": 1000, "million": 1_000_000}.get(unit or "", 1)
    elif name == "weight_g":
        parsed.product["weight_g"] = as_grams(value, unit or "g")
    elif name == "weight_kg":
        parsed.product["weight_g"] = as_grams(value, "kg")
    elif name == "shelf_life_days":
        parsed.product["shelf_life_days"] = as_days(value, unit or "day")
    elif name in INT_FIELDS:
        parsed.product[name] = as_int(value)
    elif name in FLOAT_FIELDS:
        parsed.product[name] = as_float(value)
    elif name == "standard_number":
        number, title = split_standard(as_text(value))
        parsed.product["standard_number"] = number
        if title:
            parsed.product.setdefault("standard_title", title)  # a column of titles is read after, and wins
    elif name in ("photos", "documents", "public_documents"):
        getattr(parsed, name).extend(refs(value))


def split_standard(text: str) -> tuple[str, str]:
    """ "TCCS 01:2024/HTX - Mật ong rừng" → ("TCCS 01:2024/HTX", "Mật ong rừng"): lists write a standard's number
    and title in one cell. A number in another form stays whole, as the clerk wrote it."""
    text = clean_line(text)
    match = _STANDARD.fullmatch(text)
    if match is None:
        number, sep, title = text.partition(" - ")
        return (number.strip(), title.strip()) if sep else (text, "")
    return match.group(1).strip(), _TITLE_SEPARATOR.sub("", match.group(2)).strip()


def _parse_group(parsed: ParsedRow, cells: dict[str, object]) -> None:
    version = clean_line(as_text(cells.get("grouping_version") or "")) or ocop.current_grouping_version()
    if is_blank(cells.get("ocop_group")):
        return
    group = ocop.find_group(as_text(cells["ocop_group"]), version)
    if group is None:
        names = ", ".join(f"{g.code}. {g.name}" for g in ocop.groups(version))
        parsed.problems.append(
            (
                "ocop_group",
                _("Unknown OCOP group “{value}”. Use one of: {names}.").format(value=cells["ocop_group"], names=names),
            )
        )
        return
    parsed.product.update(ocop_group=group.code, grouping_version=version)
    if not is_blank(cells.get("ocop_subgroup")):
        code = ocop.find_subgroup(group, as_text(cells["ocop_subgroup"]))
        if code is None:
            parsed.problems.append(
                (
                    "ocop_subgroup",
                    _("Unknown sub-group “{value}” for group {group}.").format(
                        value=cells["ocop_subgroup"], group=group.name
                    ),
                )
            )
        else:
            parsed.product["ocop_subgroup"] = code


_TEXT_OR_NONE = frozenset({str, type(None)})


def _producer_memoised(parsed: ParsedRow, cells: dict[str, object], memo: ProducerMemo | None) -> Producer | None:
    """`_parse_producer`, once per distinct set of text cells: what it adds to a row (its warnings and
    problems) depends on those cells only. Other cell types (a number as a tax code) are read each time: 1,
    1.0 and True are one dictionary key."""
    values = tuple(map(cells.get, PRODUCER_CELLS))
    if memo is None or not _TEXT_OR_NONE.issuperset(map(type, values)):
        return _parse_producer(parsed, cells)
    if values not in memo:
        alone = ParsedRow(parsed.row)
        memo[values] = (_parse_producer(alone, cells), alone.warnings, alone.problems)
    producer, warnings, problems = memo[values]
    parsed.warnings += warnings
    parsed.problems += problems
    return producer


def _parse_producer(parsed: ParsedRow, cells: dict[str, object]) -> Producer | None:
    if is_blank(cells.get("producer")):
        return None
    province = address.find_province(as_text(cells["province"])) if not is_blank(cells.get("province")) else None
    merged = address.find_merged_province(as_text(cells["province"])) if not is_blank(cells.get("province")) else None
    if province is None and merged is not None:
        old_name, province = merged
        parsed.product["_legacy_province"] = old_name
        parsed.warnings.append(
            (
                "province",
                _(
                    "{old} has been part of {new} since 01/07/2025: recorded as {new}, the old name kept in the "
                    "address. Check the commune in the producer's details."
                ).format(old=old_name, new=address.provinces()[province]),
            )
        )
    elif not is_blank(cells.get("province")) and province is None:
        parsed.problems.append(
            (
                "province",
                _("Unknown province “{value}” (use the 34 provinces after 01/07/2025).").format(
                    value=cells["province"]
                ),
            )
        )
    commune = None
    if not is_blank(cells.get("commune")):
        commune = address.find_commune(as_text(cells["commune"]), province)
        if commune is None:  # an old (pre-2025) commune name: keep it as free text, not an error
            parsed.product.setdefault("_legacy_commune", as_text(cells["commune"]))
    legacy = ", ".join(
        p
        for p in (
            as_text(cells.get("address") or ""),
            parsed.product.pop("_legacy_commune", ""),
            parsed.product.pop("_legacy_province", ""),
        )
        if p
    )
    return Producer(
        name=as_text(cells["producer"]),
        kind=_producer_kind(cells.get("producer_kind"), cells["producer"]),
        tax_code=as_text(cells.get("tax_code") or ""),
        registration_no=as_text(cells.get("registration_no") or ""),
        gln=as_text(cells.get("gln") or ""),
        phone=as_text(cells.get("phone") or ""),
        email=as_text(cells.get("email") or ""),
        representative=as_text(cells.get("representative") or ""),
        province_code=province or "",
        commune_code=commune or "",
        legacy_address=legacy,
    ).normalized()


@lru_cache(maxsize=4096)  # a producer's rows repeat its name and kind
def _producer_kind(kind: object, name: object) -> str:
    key = fold(as_text(kind or "")) or fold(as_text(name))
    if key.startswith(("htx", "hop tac xa", "coop")) or key == "cooperative":
        return "cooperative"
    if key.startswith(("cong ty", "doanh nghiep", "cty", "company")) or key == "enterprise":
        return "enterprise"
    if key.startswith(("ho ", "ho kinh doanh", "co so", "household")) or key == "household":
        return "household"
    return "cooperative"


def _parse_certificate(parsed: ParsedRow, cells: dict[str, object]) -> Certificate | None:
    """Whatever the list says about the OCOP certificate is kept. Stars without a decision number or date
    are recorded as claimed (an incomplete certificate: not printed until completed); only a value that
    cannot be read is a problem."""
    given = [k for k in ("stars", "decision_number", "signed_on") if not is_blank(cells.get(k))]
    if not given:
        return None
    values: dict[str, Any] = {}
    for name, convert in (("stars", as_stars), ("signed_on", as_date), ("cert_expires_on", as_date), ("score", as_int)):
        if is_blank(cells.get(name)):
            continue
        if name == "signed_on" and _BARE_YEAR.fullmatch(as_text(cells[name]).strip()):
            parsed.warnings.append(
                (
                    name,
                    _("Only the year {year} is given: enter the day the decision was signed.").format(
                        year=as_text(cells[name]).strip()
                    ),
                )
            )
            continue
        try:
            values[name] = convert(cells[name])
        except CellProblem as problem:
            parsed.problems.append((name, str(problem)))
    if "stars" in values and values["stars"] not in ocop.STARS:
        parsed.problems.append(("stars", _("OCOP stars must be 3, 4 or 5.")))
        del values["stars"]
    if "stars" not in values:
        if "stars" not in given:
            said = next(k for k in ("decision_number", "signed_on") if k in given)
            parsed.warnings.append(
                (said, _("A decision number or date without stars: the certificate was not recorded. Add the stars."))
            )
        return None
    decision = clean_line(as_text(cells.get("decision_number") or ""))
    dated = _DECISION_DATE.search(decision)  # "123/QĐ-UBND ngày 15/03/2024": one cell for both
    if dated:
        decision = decision[: dated.start()].strip(" ,;-")
        if "signed_on" not in values:
            try:
                values["signed_on"] = as_date(dated.group(1))
            except CellProblem as problem:
                parsed.problems.append(("decision_number", str(problem)))
    cert = Certificate(
        stars=values["stars"],
        decision_number=decision,
        signed_on=values.get("signed_on"),
        authority=clean_line(as_text(cells.get("authority") or "")),
        expires_on=values.get("cert_expires_on"),
        score=values.get("score"),
        ocop_group=parsed.product.get("ocop_group", ""),
        ocop_subgroup=parsed.product.get("ocop_subgroup", ""),
        grouping_version=parsed.product.get("grouping_version", ""),
    )
    return cert
