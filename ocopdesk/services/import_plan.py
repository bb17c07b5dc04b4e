"""What an import will do, before it does it: which sheet, which header row, which column fills which field,
which columns are left unused or are a question, and every data row parsed.

The same plan drives the CLI's `import --dry-run --json`, the window's mapping step and the import itself,
so what the clerk confirmed is exactly what is written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ocopdesk.domain import legacy_text
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.text import fold
from ocopdesk.i18n import N_, _
from ocopdesk.render.sheets import read_tables
from ocopdesk.services.import_cells import ParsedRow, ProducerMemo, as_text, is_blank, parse_row
from ocopdesk.services.import_columns import (
    SYNONYMS,
    ColumnGuess,
    HeaderGuess,
    column_letter,
    find_header,
    header_key,
    unit_of,
)
from ocopdesk.services.import_footers import TableEnd

PREVIEW_ROWS = 8

FIELD_LABELS: dict[str, str] = {
    "sku": N_("SKU (product code)"),
    "name": N_("Product name"),
    "gtin": N_("Barcode (GTIN)"),
    "price": N_("Price (đồng)"),
    "unit": N_("Unit"),
    "net_quantity": N_("Net quantity"),
    "weight_g": N_("Package weight (g)"),
    "weight_kg": N_("Package weight (kg)"),
    "length_cm": N_("Length (cm)"),
    "width_cm": N_("Width (cm)"),
    "height_cm": N_("Height (cm)"),
    "shelf_life_days": N_("Shelf life (days)"),
    "ingredients": N_("Ingredients"),
    "usage": N_("How to use"),
    "storage": N_("Storage"),
    "warnings": N_("Warnings"),
    "description": N_("Description"),
    "ocop_group": N_("OCOP group"),
    "ocop_subgroup": N_("OCOP sub-group"),
    "grouping_version": N_("OCOP grouping version"),
    "stars": N_("OCOP stars"),
    "decision_number": N_("Decision number"),
    "signed_on": N_("Signed on"),
    "cert_expires_on": N_("Certificate valid until"),
    "authority": N_("Recognising authority"),
    "score": N_("OCOP score"),
    "producer": N_("Producer (cooperative)"),
    "producer_kind": N_("Producer kind"),
    "tax_code": N_("Tax code"),
    "registration_no": N_("Business registration number"),
    "gln": N_("Producer's GLN"),
    "brand": N_("Brand"),
    "standard_number": N_("Applied standard"),
    "standard_title": N_("Standard title"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "representative": N_("Representative"),
    "province": N_("Province"),
    "commune": N_("Commune / ward"),
    "address": N_("Address"),
    "photos": N_("Photos"),
    "documents": N_("Documents (private)"),
    "public_documents": N_("Documents (shown on the website)"),
}
assert set(FIELD_LABELS) == set(SYNONYMS)


class MappingError(OcopDeskError):
    """A column mapping the clerk gave cannot be applied."""


@dataclass
class ImportPlan:
    file: Path
    sheet: str
    header_row: int  # 1-based, as the spreadsheet shows it (the lower one of a two-row header)
    columns: list[ColumnGuess]
    rows: list[ParsedRow] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)  # the first data rows, as text
    other_sheets: list[str] = field(default_factory=list)  # other sheets that also look like product lists
    all_sheets: list[str] = field(default_factory=list)
    totals_rows: list[int] = field(default_factory=list)
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)  # (row, "header" | "section" | …)
    remembered: bool = False  # the mapping came from the clerk's earlier confirmation
    converted: list[tuple[str, str]] = field(default_factory=list)  # (column letter, "tcvn3" | "vni")

    @property
    def mapping(self) -> dict[int, str]:
        return {g.column: g.field for g in self.columns if g.field}

    @property
    def headers(self) -> dict[str, str]:
        """field → header text as written in the file."""
        return {g.field: g.header for g in self.columns if g.field}

    @property
    def unused(self) -> list[ColumnGuess]:
        return [g for g in self.columns if not g.field and not g.row_number]

    @property
    def questions(self) -> list[ColumnGuess]:
        return [g for g in self.columns if g.is_question]

    @property
    def headers_key(self) -> str:
        """Identifies a layout: the same folded headers in the same order mean the same mapping applies."""
        text = "|".join(header_key(g.header) for g in self.columns)
        return hashlib.sha1(text.encode()).hexdigest()[:16]


def read_plan(
    path: Path,
    *,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    remembered: Mapping[str, Mapping[str, str]] | None = None,
    require_name: bool = True,
) -> ImportPlan:
    """Choose the sheet and header row, apply the clerk's mapping, then parse every data row.

    `mapping` is header text or column letter → field ("" leaves the column unused); `remembered` is
    headers_key → such a mapping, from earlier imports of files with the same headers."""
    path = Path(path)
    tables = read_tables(path)
    legacy: dict[str, list[tuple[str, str]]] = {}
    for name, rows in tables:
        legacy[name] = repair_legacy_columns(rows)
    found = [(name, rows, guess) for name, rows in tables if (guess := find_header(rows)) is not None]
    chosen = _choose_sheet(path, tables, found, sheet)
    name, rows, guess = chosen
    plan = ImportPlan(
        path,
        name,
        guess.data_start,
        guess.columns,
        other_sheets=[n for n, _r, _g in found if n != name],
        all_sheets=[n for n, _r in tables],
        converted=legacy[name],
    )
    plan.columns = _with_unnamed_columns(plan.columns, rows, guess)
    saved = (remembered or {}).get(plan.headers_key)
    if saved:
        plan.columns = apply_mapping(plan.columns, saved)
        plan.remembered = True
    if mapping:
        plan.columns = apply_mapping(plan.columns, mapping)
    if require_name and "name" not in plan.mapping.values():
        raise MappingError(
            _("No column of {name} is the product name. Choose it in the import window.").format(name=path.name),
            cli_hint=_('On the command line, name it with --map "HEADER=name".'),
        )
    _parse_rows(plan, rows, guess)
    return plan


def _choose_sheet(
    path: Path,
    tables: list[tuple[str, list[list[object]]]],
    found: list[tuple[str, list[list[object]], HeaderGuess]],
    sheet: str | None,
) -> tuple[str, list[list[object]], HeaderGuess]:
    if sheet is not None:
        for name, rows, guess in found:
            if fold(name) == fold(sheet):
                return name, rows, guess
        if not any(fold(name) == fold(sheet) for name, _rows in tables):
            raise MappingError(
                _("{name} has no sheet “{sheet}”. Its sheets: {sheets}.").format(
                    name=path.name, sheet=sheet, sheets=", ".join(n for n, _r in tables)
                )
            )
        raise MappingError(_("The sheet “{sheet}” has no row of column names.").format(sheet=sheet))
    if not found:
        raise OcopDeskError(
            _(
                "No header row found in {name}. The file needs a row of column names such as "
                "“Tên sản phẩm”, “Giá bán”, “Đơn vị tính”."
            ).format(name=path.name)
        )
    return max(found, key=lambda item: (len(item[2].mapping), item[2].strength))


def repair_legacy_columns(rows: list[list[object]]) -> list[tuple[str, str]]:
    """Columns typed in TCVN3 (ABC, .VnTime) or VNI fonts, converted to Unicode in place, header included:
    a district office's list reads "Hµ Néi" for "Hà Nội" otherwise. Returns (column letter, scheme)."""
    width = max((len(r) for r in rows), default=0)
    converted = []
    for col in range(width):
        holders = [r for r in rows if col < len(r) and isinstance(r[col], str)]
        cells = [r[col] for r in holders]
        scheme = legacy_text.detect(cells)
        if scheme is not None:
            fixed: list[object] = legacy_text.convert_fits(list(cells), scheme)
        else:
            scheme, fixed = legacy_text.convert_mixed(list(cells))
        if scheme is None:
            continue
        for r, value in zip(holders, fixed, strict=True):
            r[col] = value
        converted.append((column_letter(col), scheme))
    return converted


def _with_unnamed_columns(
    columns: list[ColumnGuess], rows: list[list[object]], guess: HeaderGuess
) -> list[ColumnGuess]:
    """Columns with values but no header: listed (never dropped silently) and mappable by letter."""
    known = {g.column for g in columns}
    sample = rows[guess.data_start : guess.data_start + 50]
    unnamed = {c for r in sample for c, v in enumerate(r) if c not in known and not is_blank(v)}
    return sorted([*columns, *(ColumnGuess(c, "", None) for c in unnamed)], key=lambda g: g.column)


def apply_mapping(columns: list[ColumnGuess], mapping: Mapping[str, str]) -> list[ColumnGuess]:
    """The clerk's word over recognition: by header text (folded) or column letter; a field given to one
    column is taken from any other."""
    by_key: dict[str, list[ColumnGuess]] = {}
    for g in columns:
        if g.header:
            by_key.setdefault(header_key(g.header), []).append(g)
    by_letter = {g.letter: g for g in columns}
    chosen: dict[int, str] = {}
    for key, wanted in mapping.items():
        named = by_key.get(header_key(key), [])
        if len(named) > 1:
            raise MappingError(
                _("Columns {letters} are all called “{column}”: name the one you mean by its letter.").format(
                    letters=", ".join(g.letter for g in named), column=key
                ),
                cli_hint=_('On the command line: e.g. --map "{letter}={field}".').format(
                    letter=named[-1].letter, field=wanted
                ),
            )
        target = named[0] if named else by_letter.get(key.strip().upper())
        if target is None:
            raise MappingError(
                _("There is no column “{column}” in the header row. Its columns: {columns}.").format(
                    column=key, columns=", ".join(f"{g.letter}={g.header}" for g in columns)
                )
            )
        wanted = wanted.strip()
        if wanted and wanted not in SYNONYMS:
            raise MappingError(
                _("“{field}” is not a field. Fields: {fields}.").format(field=wanted, fields=", ".join(SYNONYMS))
            )
        chosen[target.column] = wanted
    taken = {f for f in chosen.values() if f}
    result = []
    for g in columns:
        if g.column in chosen:
            result.append(replace(g, field=chosen[g.column] or None, score=1.0, candidates=(), row_number=False))
        elif g.field in taken:
            result.append(replace(g, field=None, candidates=()))
        else:
            result.append(g)
    return result


def _parse_rows(plan: ImportPlan, rows: list[list[object]], guess: HeaderGuess) -> None:
    mapping = plan.mapping
    units = {g.field: unit_of(g.header) for g in plan.columns if g.field}
    repeats = HeaderRepeats({g.column: key for g in plan.columns if (key := header_key(g.header))})
    sections: list[tuple[int, dict[str, object]]] = []
    end = TableEnd()
    producers: ProducerMemo = {}
    for index in range(guess.data_start, len(rows)):
        row = rows[index]
        cells = {name: row[col] if col < len(row) else None for col, name in mapping.items()}
        # The footer is read on the whole row: a place-and-date line often sits in a column nobody maps.
        kind = end.kind(row)
        if all(is_blank(v) for v in cells.values()) and kind in (None, "totals"):
            continue
        if len(plan.preview) < PREVIEW_ROWS and kind not in ("note", "signature"):  # the mapping step shows the table
            plan.preview.append([as_text(v) if not is_blank(v) else "" for v in row])
        kind = kind or _not_a_product(row, cells, repeats, index - guess.data_start)
        if kind == "totals":
            plan.totals_rows.append(index + 1)
        elif kind == "section":
            sections.append((index, cells))
        elif kind is not None:
            plan.skipped_rows.append((index + 1, kind))
        else:
            plan.rows.append(parse_row(index + 1, cells, units, producers))
    if len(sections) > len(plan.rows):  # a list of names in capitals: these are the products
        plan.rows += [parse_row(index + 1, cells, units, producers) for index, cells in sections]
        plan.rows.sort(key=lambda r: r.row)
    else:
        plan.skipped_rows += [(index + 1, "section") for index, _cells in sections]
        plan.skipped_rows.sort()


class HeaderRepeats:
    """Which cells repeat their column's header ("Tên sản phẩm" again in column B): a list pasted twice. Each
    column remembers the values it has compared, so a unit or a province written on every row is folded once
    per column, not once per row."""

    def __init__(self, headers: Mapping[int, str]) -> None:
        self.headers = headers
        self.known: dict[tuple[int, object], bool] = {}

    def reach(self, filled: list[tuple[int, object]], needed: int) -> bool:
        """Whether at least `needed` cells repeat their header. The values compared before are counted first,
        and a new value is folded only while the count can still be reached: a product row's new values (its
        name, its code) are never folded, its repeated ones are known (#28: a fold per name was a tenth of
        parsing)."""
        found, new = 0, []
        for col, value in filled:
            if col in self.headers:
                same = self.known.get((col, value))
                if same is None:
                    new.append((col, value))
                else:
                    found += same
        for n, (col, value) in enumerate(new):
            if found >= needed or found + len(new) - n < needed:
                break
            same = self.known[(col, value)] = header_key(value) == self.headers[col]
            found += same
        return found >= needed


def _not_a_product(row: list[object], cells: Mapping[str, object], repeats: HeaderRepeats, position: int) -> str | None:
    """Rows district lists put among the products (the footer under the table is import_footers'): the
    header repeated (a list pasted twice, or printed pages), the column-number row "1 | 2 | 3" under the
    header, a section title ("HUYỆN THỌ XUÂN", "I. Nhóm thực phẩm") on its own."""
    filled = [(col, v) for col, v in enumerate(row) if not is_blank(v)]
    if repeats.reach(filled, max(2, len(filled) // 2)):
        return "header"
    numbers = [v for _col, v in filled]
    if position < 2 and len(numbers) >= 3 and all(_is_int_like(v) for v in numbers):
        values = [int(float(str(v))) for v in numbers]
        if values == list(range(values[0], values[0] + len(values))):
            return "column numbers"
    name = cells.get("name")
    others = [k for k, v in cells.items() if not is_blank(v) and k != "name"]
    # "II | Sản phẩm đạt 3 sao": a group numbered with a Roman numeral or a letter in the row-number column.
    # The number sits beside the name: a product called "C" on its own is no group.
    lead = filled[0][1]
    numbered = len(filled) > 1 and lead != name and isinstance(lead, str) and bool(_GROUP_NUMBER.fullmatch(lead))
    if isinstance(name, str) and not others and (numbered or _looks_like_title(name)):
        return "section"
    if is_blank(name) and len(filled) == 1 and isinstance(filled[0][1], str) and _looks_like_title(filled[0][1]):
        return "section"
    return None


_GROUP_NUMBER = re.compile(r"\s*(?:[IVXLC]+|[A-Z])[.)]?\s*")


def _is_int_like(value: object) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())


def _looks_like_title(text: str) -> bool:
    """A section title: written in capitals, or numbered with a Roman numeral or a letter ("II.", "A.")."""
    stripped = text.strip()
    letters = [c for c in stripped if c.isalpha()]
    capitals = len(letters) >= 4 and all(c.isupper() for c in letters) and " " in stripped
    numbered = bool(re.match(r"^(?:[IVX]+|[A-Z])[.)]\s+\S", stripped))
    return capitals or numbered


def field_label(name: str) -> str:
    return _(FIELD_LABELS[name])
