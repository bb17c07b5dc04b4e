"""The files inside a listing bundle besides the photos: the marketplace sheet (a template filled,
or the documented layout), the copy-paste kits, the generic CSV/XLSX/JSON, the Vietnamese how-to
(saying how the photos travel) and the readiness report with category names."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ocopdesk.domain import codes
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.listing import ERROR, Listing, Problem
from ocopdesk.i18n import N_, _, translation
from ocopdesk.marketplaces.base import EXPORT, KIT, SHEET, Marketplace
from ocopdesk.render import bundle, cells, xlsx
from ocopdesk.services.listings import BUNDLE, HOST
from ocopdesk.services.readiness import Readiness

_WRAPPED = ("title", "description", "description_html")
_CODES = ("gtin", "sku")


@dataclass(frozen=True, slots=True)
class Entry:
    """One product in a bundle: its listing as the readiness check built it, and the photos and
    certificate scans the bundle carries for it (addresses on the image host, or places in the bundle)."""

    readiness: Readiness
    images: tuple[str, ...] = ()
    certificates: tuple[str, ...] = ()

    @property
    def listing(self) -> Listing:
        return self.readiness.listing

    def fields(self) -> dict[str, str | int | float | None]:
        """The listing's fields and the photos as image_1, image_2…, numbers still numbers."""
        values = self.listing.fields()
        values.update({f"image_{n}": image for n, image in enumerate(self.images, 1)})
        return values


def number_text(value: float | None) -> str:
    """A number as a seller form takes it: digits, no grouping, a decimal point only when needed."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}".rstrip("0")


def cell_value(value: str | int | float | None) -> str | int | float:
    """A field as a sheet cell: a whole float as an int (5.0 kg reads 5), unknown as an empty cell."""
    if value is None:
        return ""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def sheet_data(market: Marketplace, chosen: list[Entry]) -> xlsx.SheetData:
    """Rows by machine key: numbers as numbers, codes as text, the category's name path in a note."""
    rows, notes = [], []
    key = next((c.key for c in market.columns if c.field == "category_id"), "")
    for entry in chosen:
        values = entry.fields()
        rows.append({column.key: column.value or cell_value(values.get(column.field)) for column in market.columns})
        category = entry.readiness.category
        notes.append({key: category.path_text} if key and category else {})
    return xlsx.SheetData(
        keys=[c.key for c in market.columns],
        rows=rows,
        notes=notes,
        wrap=frozenset(c.key for c in market.columns if c.field in _WRAPPED),
        codes=frozenset(c.key for c in market.columns if c.field in _CODES),
    )


Writer = Callable[[Marketplace, list[Entry], Path | None, list[str]], dict[str, bundle.Content]]


def layout(
    market: Marketplace, chosen: list[Entry], template: Path | None, warnings: list[str]
) -> dict[str, bundle.Content]:
    """The bundle's listing files, written by the marketplace's own writer or its kind's (`WRITERS`)."""
    writer: Writer = market.writer or WRITERS[market.kind]
    return writer(market, chosen, template, warnings)


def sheet_files(
    market: Marketplace, chosen: list[Entry], template: Path | None, warnings: list[str]
) -> dict[str, bundle.Content]:
    """A mass-upload sheet: the seller centre's own template filled, or its documented layout."""
    data = sheet_data(market, chosen)
    if template is None:
        headers, required = [c.header for c in market.columns], [c.required for c in market.columns]
        content = xlsx.write_layout(data, headers, required, market.first_data_row, market.sheet_name)
        return {f"{market.id}-dang-tai.xlsx": content}
    try:
        content, missing = xlsx.fill_template(Path(template), data, market.first_data_row - 1, market.sheet_name)
    except xlsx.TemplateError as exc:
        raise OcopDeskError(str(exc)) from exc
    if missing:
        warnings.append(_("The template has no column for: {keys}").format(keys=", ".join(missing)))
    return {f"{market.id}-dang-tai.xlsx": content}


def kit_files(
    market: Marketplace, chosen: list[Entry], template: Path | None, warnings: list[str]
) -> dict[str, bundle.Content]:
    """Copy-paste kits for seller web forms: one folder per product, its text and its fields as JSON."""
    out: dict[str, bundle.Content] = {}
    for number, entry in enumerate(chosen, 1):
        folder = product_folder(number, entry.listing.sku)
        out[f"{folder}thong-tin.txt"] = kit_text(entry).encode()
        out[f"{folder}san-pham.json"] = json.dumps(entry.fields(), ensure_ascii=False, indent=2).encode()
    return out


def generic_files(
    market: Marketplace, chosen: list[Entry], template: Path | None, warnings: list[str]
) -> dict[str, bundle.Content]:
    """Every field as CSV, XLSX and JSON, for any other shop or a spreadsheet."""
    return _generic(chosen)


WRITERS: dict[str, Writer] = {SHEET: sheet_files, KIT: kit_files, EXPORT: generic_files}


def _generic(chosen: list[Entry]) -> dict[str, bundle.Content]:
    table = [{k: cell_value(v) for k, v in entry.fields().items()} for entry in chosen]
    keys = sorted({k for row in table for k in row}, key=lambda k: (k.startswith("image_"), len(k), k))
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=keys)
    writer.writeheader()
    writer.writerows(cells.csv_row(row) for row in table)
    data = xlsx.SheetData(keys, table, wrap=frozenset({"description", "description_html"}), codes=frozenset(_CODES))  # type: ignore[arg-type]
    return {
        "products.csv": ("\ufeff" + text.getvalue()).encode(),
        "products.xlsx": xlsx.write_layout(data, keys, [False] * len(keys), 2, "Sản phẩm"),
        "products.json": json.dumps(table, ensure_ascii=False, indent=2).encode(),
    }


def product_folder(number: int, sku: str) -> str:
    return f"{number:03d}-{codes.file_stem(sku)}/"


# English ids, shown in the window's language; the kit's text files keep the Vietnamese the seller forms use.
KIT_FIELDS: list[tuple[str, Callable[[Listing], str]]] = [
    (N_("Product name"), lambda x: x.title),
    (N_("Selling price (đồng)"), lambda x: number_text(x.price)),
    (N_("Stock quantity"), lambda x: number_text(x.stock)),
    (N_("Weight (g)"), lambda x: number_text(x.weight)),
    (N_("SKU code"), lambda x: x.sku),
    (N_("Barcode (GTIN)"), lambda x: x.gtin),
    (N_("Brand"), lambda x: x.brand),
    (N_("Product description"), lambda x: x.description),
]


def kit_fields(listing: Listing, language: str = "vi") -> list[tuple[str, str]]:
    """The seller-form fields in the order the forms ask for them (the listing assistant's too), labelled
    in `language`: Vietnamese in the kit's files (the forms are Vietnamese), the window's language on screen."""
    return [(translation(label, language), value(listing)) for label, value in KIT_FIELDS]


def kit_text(entry: Entry) -> str:
    """A product's copy-paste kit: the seller-form fields, then its photos and scans in the bundle."""
    parts = [f"=== {label} ===\n{value}\n" for label, value in kit_fields(entry.listing)]
    parts.append("=== Ảnh (đăng theo thứ tự) ===\n" + "\n".join(entry.images) + "\n")
    if entry.certificates:
        parts.append("=== Giấy chứng nhận ===\n" + "\n".join(entry.certificates) + "\n")
    return "\n".join(parts)


PHOTOS_BY_ADDRESS = N_(
    "Photos: the sheet links every photo at the image host {host}/m/ (each address answered with the picture "
    "when this bundle was made). Keep the photos there until {market} has finished the upload: it downloads "
    "them from those addresses."
)
PHOTOS_IN_BUNDLE = N_(
    "Photos: the photo columns of the sheet are left empty, because no image host was used. The photos are in "
    "anh/, one folder per product in the sheet's row order (001-…, 002-…), numbered in upload order (01 is the "
    "cover). Steps: 1. Upload the sheet as above. 2. In the {market} seller centre, open the product list "
    "(products that still need photos may be listed apart), find each product by its name and choose Edit. "
    "3. Add the photos of its folder in number order, 01 first. 4. Save and publish the product."
)


CERTIFICATES_IN = N_(
    "Certificate scans: only the folders of {products} have a chung-nhan/ folder; the other products have no "
    "scan in the catalogue."
)
NO_CERTIFICATES = N_(
    "Certificate scans: no product in this bundle has one, so there is no chung-nhan/ folder. Add the scans in "
    "each product's Documents (OCOP certificate, food safety, test results) and export again."
)


def how_to(market: Marketplace, way: str, host: str, with_scans: list[str] | None = None) -> str:
    """The bundle's HUONG-DAN.txt, in Vietnamese: the marketplace's steps, then how the photos go, then
    where the certificate scans are, since the steps name a chung-nhan/ folder that exists only for
    products with scans (`with_scans`: their SKUs)."""
    parts = [translation(market.how_to, "vi")]
    if "chung-nhan/" in market.how_to:
        if with_scans:
            parts.append(translation(CERTIFICATES_IN, "vi").format(products=", ".join(with_scans)))
        else:
            parts.append(translation(NO_CERTIFICATES, "vi"))
    if way == HOST:
        parts.append(translation(PHOTOS_BY_ADDRESS, "vi").format(host=host, market=market.name))
    elif way == BUNDLE:
        parts.append(translation(PHOTOS_IN_BUNDLE, "vi").format(market=market.name))
    return "\n\n".join(parts) + "\n"


def report_text(
    market: Marketplace,
    checked: list[Readiness],
    exported: list[str],
    url_failures: list[str],
    photo_problems: dict[str, list[Problem]],
) -> str:
    """bao-cao.txt: every product checked, bundled or not, with its problems and the photos the
    bundle could not make (`photo_problems`, by SKU)."""
    lines = [f"{market.name}: {len(exported)} / {len(checked)}", ""]
    for r in checked:
        state = "OK" if r.sku in exported else "--"
        lines.append(f"[{state}] {r.sku} {r.name}")
        if market.needs_category:
            lines.append("    ngành hàng: " + (r.category.label() if r.category else "chưa có"))
        problems = r.problems + photo_problems.get(r.sku, [])
        lines += [f"    {'LỖI' if p.severity == ERROR else 'lưu ý'}: {p.message}" for p in problems]
    if url_failures:
        lines += ["", "Địa chỉ ảnh chưa mở được:"] + [f"    {f}" for f in url_failures]
    return "\n".join(lines) + "\n"
