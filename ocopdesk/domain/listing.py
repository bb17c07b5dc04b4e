"""A product as a marketplace listing: its title, its Vietnamese description carrying the label
items the law requires, its numbers in the marketplace's units, and what is wrong with it.

Decree 85/2021: a listing must carry the goods' mandatory label content; for food (Decree 43/2017
as amended by 111/2021): name, origin, responsible organisation and address, net quantity,
manufacture date, expiry, ingredients, warnings, instructions for use and storage. The description
is always Vietnamese (the marketplaces and the law are), whatever language the app speaks; its
words still come from the translation catalogue. Lengths are counted in NFC code points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ocopdesk.domain.dates import format_date
from ocopdesk.domain.ocop import Certificate
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product
from ocopdesk.domain.text import fold, nfc
from ocopdesk.i18n import N_, _, translation

ERROR, WARNING = "error", "warning"
FOOD_GROUPS = {"1", "2", "3"}  # food, drinks, herbal products: the full food label applies
NO_BRAND = "No Brand"


@dataclass(frozen=True, slots=True)
class Problem:
    field: str  # a Product field (or "photos", "category", "producer", "certificate") the clerk fixes
    message: str
    severity: str = ERROR


@dataclass(frozen=True, slots=True)
class Listing:
    """Everything one marketplace needs for one product, already in its units. Built once, by the
    listing draft (services/listing_draft.py); the bundle adds its photos and scans beside it
    (`listing_files.Entry`), never in it."""

    sku: str
    title: str
    description: str
    price: int | None
    stock: int
    weight: float | None
    length_cm: float | None
    width_cm: float | None
    height_cm: float | None
    gtin: str
    brand: str
    category_id: str = ""
    category_name: str = ""
    trace_url: str = ""

    def fields(self) -> dict[str, str | int | float | None]:
        """Values by field key: text as text, numbers as numbers (None when unknown); each writer puts
        them in its own form (a sheet keeps a number a number, a kit's text writes it)."""
        return {
            "sku": self.sku,
            "title": self.title,
            "description": self.description,
            "description_html": "<p>" + "</p><p>".join(_html(p) for p in self.description.split("\n") if p) + "</p>",
            "price": self.price,
            "stock": self.stock,
            "weight": self.weight,
            "length_cm": self.length_cm,
            "width_cm": self.width_cm,
            "height_cm": self.height_cm,
            "gtin": self.gtin,
            "brand": self.brand,
            "category_id": self.category_id,
            "category_name": self.category_name,
            "trace_url": self.trace_url,
        }


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True, slots=True)
class ListingStatus:
    """Where one product stands on one marketplace."""

    product_id: int
    marketplace: str
    exported_at: str = ""
    bundle: str = ""
    listed_url: str = ""
    listed_at: str = ""
    changed_since_export: bool = False


# Label lines; N_ marks them for the catalogue, `vi()` renders them in Vietnamese.
L_HEADING = N_("PRODUCT INFORMATION (label)")
L_NAME = N_("Product name: {value}")
L_ORIGIN = N_("Origin: Vietnam")
L_MADE_AT = N_("Made at: {value}")
L_RESPONSIBLE = N_("Responsible organisation: {value}")
L_NET = N_("Net quantity: {value}")
L_PRODUCED = N_("Manufacture date: printed on the package")
L_SHELF = N_("Shelf life: {days} days from the manufacture date")
L_INGREDIENTS = N_("Ingredients: {value}")
L_USAGE = N_("Instructions for use: {value}")
L_STORAGE = N_("Storage: {value}")
L_WARNINGS = N_("Warnings: {value}")
L_OCOP = N_("OCOP {stars}-star product, decision {number} of {date}{authority}")
L_TRACE = N_("Traceability: {url}")


def vi(message: str, **values: object) -> str:
    return translation(message, "vi").format(**values)


def label_lines(product: Product, producer: Producer | None, cert: Certificate | None, trace_url: str) -> list[str]:
    """The mandatory label items (and the OCOP and traceability lines) as description lines."""
    p = product
    lines = [vi(L_HEADING), "- " + vi(L_NAME, value=p.name), "- " + vi(L_ORIGIN)]
    if producer is not None:
        place = producer.address_text
        if place:
            lines.append("- " + vi(L_MADE_AT, value=place))
        lines.append("- " + vi(L_RESPONSIBLE, value=", ".join(x for x in (producer.name, place) if x)))
    if p.net_quantity:
        lines.append("- " + vi(L_NET, value=p.net_quantity))
    if p.ocop_group in FOOD_GROUPS or p.shelf_life_days:
        lines.append("- " + vi(L_PRODUCED))
    if p.shelf_life_days:
        lines.append("- " + vi(L_SHELF, days=p.shelf_life_days))
    for template, value in ((L_INGREDIENTS, p.ingredients), (L_USAGE, p.usage), (L_STORAGE, p.storage)):
        if value:
            lines.append("- " + vi(template, value=" ".join(value.split())))
    if p.warnings:
        lines.append("- " + vi(L_WARNINGS, value=" ".join(p.warnings.split())))
    if cert is not None:
        authority = f" ({cert.authority})" if cert.authority else ""
        lines.append(
            vi(
                L_OCOP,
                stars=cert.stars,
                number=cert.decision_number,
                date=format_date(cert.signed_on),
                authority=authority,
            )
        )
    if trace_url:
        lines.append(vi(L_TRACE, url=trace_url))
    return lines


def describe(
    product: Product,
    producer: Producer | None,
    cert: Certificate | None,
    trace_url: str,
    max_length: int,
) -> tuple[str, list[Problem]]:
    """The free description, shortened if it must be, followed by the label lines, which are never cut."""
    label = "\n".join(label_lines(product, producer, cert, trace_url))
    free = nfc(product.description).strip()
    room = max_length - len(label) - (2 if free else 0)
    problems: list[Problem] = []
    if room < 0:
        problems.append(
            Problem(
                "description",
                _("The label information alone is {n} characters, over this marketplace's limit of {max}.").format(
                    n=len(label), max=max_length
                ),
            )
        )
        return label[:max_length], problems
    if len(free) > room:
        cut = free[: max(room - 1, 0)]
        cut = cut[: cut.rfind(" ")] if " " in cut else cut
        free = cut.rstrip(" ,.;") + "…" if cut else ""
        problems.append(
            Problem("description", _("The description was shortened to fit the marketplace's limit."), WARNING)
        )
    return (f"{free}\n\n{label}" if free else label), problems


def title_for(product: Product, producer: Producer | None, max_length: int) -> str:
    """Product + pack size + cooperative, as postmart shows ("Táo Mường Lá HTX Hưng Thịnh hộp 5kg"),
    dropping the parts that do not fit or that the name already says: a size when the name has one ("loại
    1 lít" then "1000 ml"), the cooperative when its name, less "HTX"/"Công ty…", is words of the name
    already ("Mật ong … Như Xuân" then "HTX Mật ong Như Xuân"); the name itself is never cut."""
    title = nfc(product.name).strip()
    words = set(fold(title).split())
    size = nfc(product.net_quantity).strip()
    extras = ["" if _QUANTITY.search(fold(title)) else size]
    if producer is not None:
        own = _LEGAL_FORM.sub("", fold(producer.name)).split()
        extras.append("" if own and set(own) <= words else nfc(producer.name).strip())
    for extra in extras:
        if extra and extra.casefold() not in title.casefold() and len(title) + 1 + len(extra) <= max_length:
            title = f"{title} {extra}"
    return title


# a number with a unit of measure, in folded text ("1 lit", "500g", "0,5 kg", "hop 10 goi")
_QUANTITY = re.compile(r"\d+(?:[.,]\d+)?\s*(?:kg|g|gam|gram|mg|ml|l|lit|litre|liter|cc|goi|hop|chai|hu|tui|vien)\b")
# the legal form before a producer's own name (folded): HTX, hợp tác xã, công ty TNHH, cơ sở, hộ kinh doanh…
_LEGAL_FORM = re.compile(
    r"^(?:htx|hop tac xa|to hop tac|tht|cong ty(?: tnhh| co phan| cp)?(?: mtv| mot thanh vien)?|cty|co so|"
    r"ho kinh doanh|hkd|doanh nghiep tu nhan|dntn)\s+"
)


def label_problems(product: Product, producer: Producer | None) -> list[Problem]:
    """Label items missing for this kind of product: errors for food, warnings otherwise."""
    food = product.ocop_group in FOOD_GROUPS
    severity = ERROR if food else WARNING
    problems = []
    if producer is None:
        problems.append(Problem("producer", _("Choose the producer: the label names the responsible organisation.")))
    elif not producer.address_text:
        problems.append(Problem("producer", _("The producer has no address: the label must say where it is made.")))
    checks = [("net_quantity", product.net_quantity, _("Enter the net quantity (e.g. 500 g, 750 ml)."))]
    if food:
        checks += [
            ("shelf_life_days", product.shelf_life_days, _("Enter the shelf life in days (food labels must show it).")),
            ("ingredients", product.ingredients, _("Enter the ingredients (food labels must list them).")),
            ("usage", product.usage, _("Enter the instructions for use.")),
            ("storage", product.storage, _("Enter the storage instructions.")),
        ]
    problems += [Problem(name, message, severity) for name, value, message in checks if not value]
    return problems
