"""Products: what a cooperative sells, with what labels, listings and stamps need to know."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from ocopdesk.domain import ocop
from ocopdesk.domain.codes import validate_sku
from ocopdesk.domain.errors import FieldError
from ocopdesk.domain.gtin import check_digit, is_valid_gtin, normalize_gtin
from ocopdesk.domain.text import clean_line, nfc
from ocopdesk.i18n import _

UNITS = ("chai", "hộp", "gói", "túi", "hũ", "lọ", "lon", "kg", "g", "lít", "ml", "cái", "bộ", "thùng", "bó", "con")
MAX_PRICE = 10_000_000_000
_LONG_TEXT = ("ingredients", "usage", "storage", "warnings", "description")


@dataclass(frozen=True, slots=True)
class Product:
    sku: str
    name: str
    producer_id: int | None = None
    gtin: str = ""
    ocop_group: str = ""
    ocop_subgroup: str = ""
    grouping_version: str = ""
    price: int | None = None  # whole đồng
    unit: str = ""
    net_quantity: str = ""  # as printed: "500 g", "750 ml"
    weight_g: int | None = None  # packed, for shipping
    length_cm: float | None = None
    width_cm: float | None = None
    height_cm: float | None = None
    shelf_life_days: int | None = None
    ingredients: str = ""
    usage: str = ""
    storage: str = ""
    warnings: str = ""
    description: str = ""
    brand: str = ""  # brand or trademark, where there is one (Circular 02/2024 item 8)
    standard_number: str = ""  # the applied standard, a TCVN (national) or TCCS (own) standard, e.g. "TCCS 01:2024/HTX"
    standard_title: str = ""  # its title, e.g. "Mật ong"
    id: int | None = None
    uuid: str = ""  # stable across backups, exports and catalogues (#24); given by storage on insert

    def normalized(self) -> Product:
        """NFC everywhere, one-line fields collapsed, GTIN stripped of separators. A product already in this
        form is returned as it is: every save checks it again, and an import saves 10,000."""
        changes: dict[str, object] = {}
        for name in _TEXT_FIELDS:
            value = getattr(self, name)
            if value and isinstance(value, str):  # an empty field stays empty (most are)
                new = nfc(value) if name in _LONG_TEXT else clean_line(value)
                if new != value:
                    changes[name] = new
        for name, new in (
            ("gtin", normalize_gtin(self.gtin)),
            ("sku", clean_line(self.sku).upper()),
            ("unit", clean_line(self.unit).lower()),
        ):
            if new != getattr(self, name):
                changes[name] = new
        return replace(self, **changes) if changes else self  # type: ignore[arg-type]


_TEXT_FIELDS = tuple(f.name for f in fields(Product) if f.type == "str")


def gtin_problem(code: str) -> str:
    """Why a barcode is wrong, with the value: a mistyped last digit is the usual case, so say the right one."""
    if code.isascii() and code.isdigit() and len(code) in (8, 12, 13, 14):
        return _("The barcode “{code}” has a wrong check digit: with these digits it should end in {digit}.").format(
            code=code, digit=check_digit(code[:-1])
        )
    return _("The barcode “{code}” must have 8, 12, 13 or 14 digits (it has {count} characters).").format(
        code=code, count=len(code)
    )


def validate_product(product: Product) -> list[FieldError]:
    """Field-level problems, each with a message a form can show beside the field."""
    return validate_normalized(product.normalized())


def validate_normalized(p: Product) -> list[FieldError]:
    """`validate_product` for a product already normalized (the save path normalizes once, then checks)."""
    errors = validate_sku(p.sku)
    if not p.name:
        errors.append(FieldError("name", _("Enter the product name.")))
    elif len(p.name) > 200:
        errors.append(FieldError("name", _("The product name is longer than 200 characters.")))
    if p.gtin and not is_valid_gtin(p.gtin):
        errors.append(FieldError("gtin", gtin_problem(p.gtin)))
    errors += _validate_group(p)
    if p.standard_title and not p.standard_number:
        errors.append(
            FieldError("standard_number", _("Enter the standard's number, e.g. TCCS 01:2024/HTX or a TCVN number."))
        )
    if p.price is not None and not 0 <= p.price <= MAX_PRICE:
        errors.append(FieldError("price", _("The price must be a whole number of đồng, 0 or more.")))
    for name in ("weight_g", "length_cm", "width_cm", "height_cm", "shelf_life_days"):
        value = getattr(p, name)
        if value is not None and value <= 0:
            errors.append(FieldError(name, _("This value must be greater than 0.")))
    return errors


def _validate_group(p: Product) -> list[FieldError]:
    if not p.ocop_group:
        return []
    group = next((g for g in ocop.groups(p.grouping_version or None) if g.code == p.ocop_group), None)
    if group is None:
        return [FieldError("ocop_group", _("Unknown OCOP product group."))]
    if p.ocop_subgroup and p.ocop_subgroup not in {code for code, _name in group.subgroups}:
        return [FieldError("ocop_subgroup", _("This sub-group does not belong to the chosen OCOP group."))]
    return []


@dataclass(frozen=True, slots=True)
class ProductSummary:
    """One row of the product list: what a table or a CLI listing shows."""

    id: int
    sku: str
    name: str
    price: int | None
    unit: str
    ocop_group: str
    stars: int | None
    producer_name: str
    photo: str | None  # content-hash file name of the main photo


@dataclass(frozen=True, slots=True)
class ProductFilter:
    """What the product list shows: a free-text search plus optional filters."""

    search: str = ""
    ocop_group: str = ""
    stars: int | None = None
    producer_id: int | None = None
    expiring_within_days: int | None = None  # certificates valid now that expire within N days
    sort: str = "name"  # one of SORT_KEYS
    descending: bool = False


SORT_KEYS = ("name", "sku", "price", "unit", "stars", "producer")
