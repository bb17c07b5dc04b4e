"""How the CLI shows catalogue objects: aligned text tables for people, JSON for scripts."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import asdict
from typing import Any

from ocopdesk.domain import ocop
from ocopdesk.domain.category import Category
from ocopdesk.domain.dates import format_date
from ocopdesk.domain.money import format_vnd
from ocopdesk.domain.product import ProductSummary
from ocopdesk.domain.stamp import STATUSES as STAMP_STATUSES
from ocopdesk.domain.stamp import Stamp
from ocopdesk.i18n import N_, _
from ocopdesk.services.catalog import BatchView, ProductDetail
from ocopdesk.services.categories import ProductSuggestions
from ocopdesk.services.import_plan import field_label
from ocopdesk.services.importer import ImportReport
from ocopdesk.services.readiness import Readiness
from ocopdesk.services.stamps import IssueResult, Verification, printed_text


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)


def _json_default(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text if not unicodedata.combining(c))


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain text table whose columns line up for Vietnamese text too."""
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = []
    for row in [headers, *rows]:
        cells = [c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def stars_text(stars: int | None) -> str:
    return "★" * stars if stars else ""


def price_text(price: int | None) -> str:
    return format_vnd(price) if price is not None else ""


def product_rows(items: list[ProductSummary]) -> str:
    headers = [_("SKU"), _("Name"), _("Price"), _("Unit"), _("OCOP"), _("Producer")]
    rows = [[p.sku, p.name, price_text(p.price), p.unit, stars_text(p.stars), p.producer_name] for p in items]
    return table(headers, rows)


def product_json(item: ProductSummary) -> dict[str, Any]:
    return asdict(item)


def detail_json(detail: ProductDetail, batches: list[BatchView]) -> dict[str, Any]:
    today = dt.date.today()
    return {
        "product": asdict(detail.product),
        "producer": asdict(detail.producer) if detail.producer else None,
        "certificates": [
            asdict(c) | {"effective_status": c.effective_status(today), "valid_until": c.valid_until}
            for c in detail.certificates
        ],
        "photos": [m.file_name for m in detail.photos],
        "documents": [m.file_name for m in detail.documents],
        "batches": [asdict(b.batch) for b in batches],
    }


def detail_text(detail: ProductDetail, batches: list[BatchView]) -> str:
    p, today = detail.product, dt.date.today()
    group = next((g.name for g in ocop.groups(p.grouping_version or None) if g.code == p.ocop_group), "")
    price = "{} / {}".format(price_text(p.price) or "—", p.unit or "—")
    pairs = [
        (_("Barcode (GTIN)"), p.gtin or "—"),
        (_("Price"), price),
        (_("Net quantity"), p.net_quantity or "—"),
        (_("OCOP group"), group or "—"),
        (_("Producer"), detail.producer.name if detail.producer else "—"),
    ]
    if detail.producer and detail.producer.address_text:
        pairs.append((_("Address"), detail.producer.address_text))
    for cert in detail.certificates:
        status = _(ocop.STATE_LABELS[cert.effective_status(today)])
        period = f"{format_date(cert.signed_on)} → {format_date(cert.valid_until)}" if cert.is_complete else ""
        pairs.append((_("OCOP certificate"), f"{stars_text(cert.stars)} {cert.decision_number} {period} ({status})"))
    pairs.append((_("Photos"), str(len(detail.photos))))
    pairs.append((_("Documents"), str(len(detail.documents))))
    lines = [f"{p.name}  [{p.sku}]", *(f"{label}: {value}" for label, value in pairs)]
    if p.description:
        lines += ["", p.description]
    if batches:
        lines += ["", batch_rows(batches)]
    return "\n".join(lines)


def batch_rows(items: list[BatchView]) -> str:
    headers = [_("SKU"), _("Lot"), _("Produced"), _("Expires"), _("Quantity"), _("Product")]
    rows = [
        [
            v.sku,
            v.batch.lot_code,
            format_date(v.batch.produced_on),
            format_date(v.batch.expires_on),
            "" if v.batch.quantity is None else str(v.batch.quantity),
            v.product_name,
        ]
        for v in items
    ]
    return table(headers, rows)


def batch_json(view: BatchView) -> dict[str, Any]:
    return asdict(view.batch) | {"sku": view.sku, "product_name": view.product_name}


def stamp_rows(rows: list[tuple[Stamp, str]]) -> str:
    headers = [_("No."), _("Serial"), _("Status"), _("Printed"), _("QR content")]
    return table(
        headers, [[str(s.number), s.serial, _(STAMP_STATUSES[s.status]), str(s.print_count), url] for s, url in rows]
    )


def verification_text(answer: Verification) -> str:
    lines = [answer.message]
    if answer.product and answer.batch and answer.stamp:
        p, b, s = answer.product, answer.batch, answer.stamp
        lines.append(f"{_('Product')}: {p.product.name} [{p.product.sku}]")
        if p.producer:
            lines.append(f"{_('Producer')}: {p.producer.name}, {p.producer.address_text}")
        lines.append(
            f"{_('Lot')}: {b.lot_code}  {_('Produced')}: {format_date(b.produced_on)}  "
            f"{_('Expires')}: {format_date(b.expires_on) or '—'}"
        )
        if answer.result != "serial":  # a serial-only answer says it in its first line
            printed = printed_text(s)
            lines.append(printed[:1].upper() + printed[1:] + ".")
    return "\n".join(lines)


def import_summary(report: ImportReport) -> str:
    """The last line of an import: honest counts, skipped rows named."""
    if report.dry_run:
        line = _("Checked {rows} rows: {created} new, {updated} to update (dry run, nothing written).")
    else:
        line = _("Imported {done} of {rows} rows: {created} new, {updated} updated.")
    text = line.format(
        done=report.created + report.updated, rows=report.rows, created=report.created, updated=report.updated
    )
    if report.skipped_rows:
        text += " " + _("{count} skipped (rows {rows}).").format(
            count=len(report.skipped_rows), rows=", ".join(map(str, report.skipped_rows))
        )
    return text


def import_notes(report: ImportReport) -> list[str]:
    """What the clerk should know about how the file was read: sheet, header row, columns used or not."""
    notes = [_("Read sheet “{sheet}”, column names on row {row}.").format(sheet=report.sheet, row=report.header_row)]
    if report.remembered_mapping:
        notes.append(_("Columns matched as you confirmed for a file with the same column names."))
    names = {"tcvn3": "TCVN3 (ABC, .VnTime)", "vni": "VNI"}
    for letter, scheme in report.converted:
        notes.append(
            _("Column {letter} was typed in the old {scheme} encoding: converted to Unicode.").format(
                letter=letter, scheme=names.get(scheme, scheme)
            )
        )
    if report.other_sheets:
        notes.append(
            _("Other sheets that look like product lists: {sheets} (choose one with --sheet).").format(
                sheets=", ".join(report.other_sheets)
            )
        )
    unused = [c for c in report.columns if c.field is None and not c.candidates]
    questions = [c for c in report.columns if c.field is None and c.candidates]
    for column in questions:
        fields = _(" or ").join(f"{field_label(f)} ({f})" for f in column.candidates)
        notes.append(
            _(
                'Column {letter} “{header}” could be {fields}: it was not used. Choose with --map "{letter}=FIELD".'
            ).format(letter=column.letter, header=column.header, fields=fields)
        )
    if unused:
        notes.append(_("Columns not used: {columns}.").format(columns=column_names(unused)))
    if report.totals_rows:
        notes.append(_("Totals rows left out: {rows}.").format(rows=", ".join(map(str, report.totals_rows))))
    notes += left_out_notes(report)
    return notes


LEFT_OUT = {
    "header": N_("the column names repeated"),
    "column numbers": N_("column numbers (1, 2, 3…)"),
    "section": N_("a section title"),
    "note": N_("a note under the table"),
    "signature": N_("the signing block (place, date, titles, names)"),
}


def left_out_notes(report: ImportReport) -> list[str]:
    """Rows that are not products, grouped by why: “Rows left out as a section title: 5, 12.”"""
    reasons: dict[str, list[int]] = {}
    for row, kind in report.left_out:
        reasons.setdefault(kind, []).append(row)
    return [
        _("Rows left out as {what}: {rows}.").format(what=_(LEFT_OUT[kind]), rows=", ".join(map(str, rows)))
        for kind, rows in reasons.items()
    ]


def column_names(columns: list[Any]) -> str:
    """“C “Ghi chú”, D (no name)” for lists of columns."""
    return ", ".join(
        f"{c.letter} “{c.header}”" if c.header else _("{letter} (no name)").format(letter=c.letter) for c in columns
    )


def grouped(problems: list[Any]) -> list[str]:
    """One line per distinct message and column, naming its rows: 7,500 rows with the same warning read as
    one line, not 7,500."""
    rows: dict[tuple[str, str], list[int]] = {}
    for p in problems:
        rows.setdefault((p.column, p.message), []).append(p.row)
    lines = []
    for (column, message), numbers in rows.items():
        if len(numbers) == 1:
            lines.append(
                _("Row {row}, column “{column}”: {message}").format(row=numbers[0], column=column, message=message)
            )
        else:
            lines.append(
                _("Rows {rows} ({count} rows), column “{column}”: {message}").format(
                    rows=row_ranges(numbers), count=len(numbers), column=column, message=message
                )
            )
    return lines


def row_ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 7] → "2–4, 7"."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


def import_json(report: ImportReport) -> dict[str, Any]:
    """`import --json`: the mapping found, the rows (a dry run: as they would be written), every problem."""

    def problems(items: list[Any]) -> list[dict[str, Any]]:
        return [{"row": p.row, "column": p.column, "message": p.message} for p in items]

    return {
        "file": str(report.file),
        "sheet": report.sheet,
        "header_row": report.header_row,
        "other_sheets": report.other_sheets,
        "columns": [
            {"column": c.letter, "header": c.header, "field": c.field, "candidates": list(c.candidates)}
            for c in report.columns
        ],
        "remembered_mapping": report.remembered_mapping,
        "converted_columns": [{"column": letter, "encoding": scheme} for letter, scheme in report.converted],
        "dry_run": report.dry_run,
        "written": report.written,
        "counts": {
            "rows": report.rows,
            "new": report.created,
            "updated": report.updated,
            "skipped": len(report.skipped_rows),
        },
        "skipped_rows": report.skipped_rows,
        "totals_rows": report.totals_rows,
        "left_out_rows": [{"row": row, "why": kind} for row, kind in report.left_out],
        "rows": report.planned,
        "problems": problems(report.problems),
        "warnings": problems(report.warnings),
        "not_downloaded": report.not_downloaded,
    }


def issued_json(result: IssueResult) -> dict[str, Any]:
    return {"lot": result.batch.lot_code, "first": result.first, "last": result.last, "urls": result.urls}


def stamps_json(rows: list[tuple[Stamp, str]]) -> list[dict[str, Any]]:
    return [
        {"number": s.number, "serial": s.serial, "status": s.status, "print_count": s.print_count, "url": url}
        for s, url in rows
    ]


def verification_json(answer: Verification) -> dict[str, Any]:
    return {"result": answer.result, "message": answer.message, **answer.details}


def template_json(t: Any) -> dict[str, Any]:
    """A label stock (render's LabelTemplate, typed loosely so this module loads no painter)."""
    return {
        "id": t.id,
        "name": t.name,
        "kind": t.kind,
        "label_mm": [t.label_w, t.label_h],
        "per_page": t.per_page,
        "equivalents": list(t.equivalents),
    }


def readiness_json(r: Readiness) -> dict[str, Any]:
    """`export check --json`: one product's readiness for a marketplace."""
    return {
        "sku": r.sku,
        "name": r.name,
        "ready": r.ready,
        "category": {"id": r.category.id, "path": list(r.category.path)} if r.category else None,
        "problems": [{"field": p.field, "severity": p.severity, "message": p.message} for p in r.problems],
    }


def category_json(c: Category) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "path": list(c.path)}


def suggestion_json(item: ProductSuggestions, applied: dict[str, object]) -> dict[str, Any]:
    """`categories suggest --json`: what a product has, what is suggested, whether it was applied."""
    current = item.current.category
    return {
        "sku": item.sku,
        "name": item.name,
        "current": {"id": current.id, "path": list(current.path), "source": item.current.source} if current else None,
        "accepted": item.sku in applied,
        "note": item.note,
        "suggestions": [
            category_json(s.category) | {"confidence": s.confidence, "confident": s.confident} for s in item.suggestions
        ],
    }
