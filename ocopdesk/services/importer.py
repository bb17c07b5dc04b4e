"""Importing products from a cooperative's .xlsx or .csv: validate the whole file, then write it
in one transaction (or nothing), updating existing products by SKU."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ocopdesk.domain.codes import validate_sku
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.media import MediaFile
from ocopdesk.domain.ocop import Certificate, certificate_gaps
from ocopdesk.domain.producer import Producer, validate_producer
from ocopdesk.domain.product import Product
from ocopdesk.domain.text import fold
from ocopdesk.i18n import _
from ocopdesk.services.catalog import CatalogService, ProductWrite
from ocopdesk.services.changes import Changes
from ocopdesk.services.import_cells import ParsedRow
from ocopdesk.services.import_plan import ImportPlan, read_plan
from ocopdesk.services.media_sources import (
    MediaError,
    OutsideFolder,
    SourcePolicy,
    accept,
    import_media,
    is_url,
    read_source,
)
from ocopdesk.services.progress import CancelToken, ProgressFn, no_progress
from ocopdesk.services.web_fetch import FetchError, FetchLimits, check_without_network

_MAPPINGS = "import_mapping."
# What a list's producer columns can get wrong.
_PRODUCER_FIELDS = ("tax_code", "registration_no", "gln", "phone", "email")
# A known producer's identifiers the list may supply where the catalogue has none (never overwritten).
_IDENTIFIERS = ("tax_code", "registration_no", "gln")


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row {row}, column “{column}”: {message}").format(
            row=self.row, column=self.column, message=self.message
        )


@dataclass(frozen=True, slots=True)
class ColumnUse:
    """One column of the header row and what the import did with it (for reports and --json)."""

    letter: str
    header: str
    field: str | None
    candidates: tuple[str, ...] = ()


@dataclass
class ImportReport:
    file: Path
    sheet: str
    rows: int = 0
    header_row: int = 0
    columns: list[ColumnUse] = field(default_factory=list)
    other_sheets: list[str] = field(default_factory=list)
    totals_rows: list[int] = field(default_factory=list)
    left_out: list[tuple[int, str]] = field(default_factory=list)  # rows that are not products, and why
    remembered_mapping: bool = False
    converted: list[tuple[str, str]] = field(default_factory=list)  # columns converted from TCVN3/VNI
    warnings: list[RowProblem] = field(default_factory=list)  # kept, but the clerk should know
    planned: list[dict[str, Any]] = field(default_factory=list)  # a dry run: each row it would write
    created: int = 0
    updated: int = 0
    skipped_rows: list[int] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False
    not_downloaded: int = 0  # web addresses a dry run left unchecked (it never downloads)
    outside_dirs: list[Path] = field(default_factory=list)  # folders of named files the sheet may not read
    written: bool = False
    changes: Changes = field(default_factory=Changes)


class ImportInvalid(OcopDeskError):
    """The file has invalid rows and nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(
            _("{count} problems found in {name}; nothing was imported. Fix them and import again.").format(
                count=len(report.problems), name=report.file.name
            ),
            cli_hint=_("On the command line, --skip-invalid imports only the valid rows."),
        )
        self.report = report

    @property
    def details(self) -> str:
        return "\n".join(str(p) for p in self.report.problems)


def import_file(
    service: CatalogService,
    path: Path,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    allowed_dirs: Sequence[Path] = (),
    fetch_limits: FetchLimits | None = None,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Validate every row first; write nothing if any row is bad (unless `skip_invalid`).

    Files named in the sheet are read only under its folder or `allowed_dirs`; web addresses are
    downloaded within `fetch_limits`, and never in a dry run."""
    path = Path(path)
    plan = read_plan(path, sheet=sheet, mapping=mapping, remembered=remembered_mappings(service))
    report = _report_of(plan, dry_run)
    cancel = cancel or CancelToken()
    policy = SourcePolicy(path.parent.resolve(), tuple(allowed_dirs), fetch_limits or FetchLimits())
    writes = _validate(service, plan, policy, dry_run, report, progress, cancel)
    for row in plan.rows:
        report.problems += [RowProblem(row.row, plan.headers.get(f, f), m) for f, m in row.problems]
        if not row.problems:  # a refused row's warnings would only be noise
            report.warnings += [RowProblem(row.row, plan.headers.get(f, f), m) for f, m in row.warnings]
    if mapping and not dry_run:  # the clerk's choice stands even when the rows are refused: fixed, they come back
        remember_mapping(service, plan)
    bad = [r.row for r in plan.rows if r.problems]
    if bad and not skip_invalid:
        raise ImportInvalid(report)
    report.skipped_rows = bad
    good = [r for r in plan.rows if not r.problems]
    if dry_run:
        report.updated = sum(1 for r in good if writes[r.row].product.id is not None)
        report.created = len(good) - report.updated
        report.planned = [_planned(r, writes[r.row].product.id is not None) for r in good]
        return report
    report.created, report.updated = _write(service, [writes[r.row] for r in good], good, progress, cancel)
    report.written = True
    report.changes = Changes(products=True, producers=True, media=True)
    return report


def _planned(row: ParsedRow, exists: bool) -> dict[str, Any]:
    """One row as a dry run would write it (for `import --dry-run --json`)."""
    cert = row.certificate
    return {
        "row": row.row,
        "action": "update" if exists else "new",
        "product": dict(row.product),
        "producer": row.producer.name if row.producer else None,
        "certificate": None
        if cert is None
        else {
            "stars": cert.stars,
            "decision_number": cert.decision_number,
            "signed_on": cert.signed_on,
            "complete": cert.is_complete,
        },
        "photos": len(row.photos),
        "documents": len(row.documents) + len(row.public_documents),
    }


def _report_of(plan: ImportPlan, dry_run: bool) -> ImportReport:
    return ImportReport(
        plan.file,
        plan.sheet,
        rows=len(plan.rows),
        header_row=plan.header_row,
        columns=[ColumnUse(g.letter, g.header, g.field, g.candidates) for g in plan.columns if not g.row_number],
        other_sheets=plan.other_sheets,
        totals_rows=plan.totals_rows,
        left_out=plan.skipped_rows,
        remembered_mapping=plan.remembered,
        converted=plan.converted,
        dry_run=dry_run,
    )


def preview(service: CatalogService, path: Path, *, sheet: str | None = None) -> ImportPlan:
    """The plan as the window's mapping step shows it: columns, guesses and the first rows (the parsed rows
    are dropped: the import parses again with the clerk's mapping)."""
    plan = read_plan(path, sheet=sheet, mapping=None, remembered=remembered_mappings(service), require_name=False)
    plan.rows = []
    return plan


def remembered_mappings(service: CatalogService) -> dict[str, dict[str, str]]:
    """The mappings the clerk confirmed before, by the headers they were confirmed for."""
    return {key: value["columns"] for key, value in service.settings.get_all(_MAPPINGS).items()}


def remember_mapping(service: CatalogService, plan: ImportPlan) -> None:
    """Keep the mapping for the next file with the same headers (by column letter: headers may repeat)."""
    columns = {g.letter: g.field or "" for g in plan.columns if not g.row_number}
    service.settings.save(_MAPPINGS, {plan.headers_key: {"columns": columns, "file": plan.file.name}})


def _validate(
    service: CatalogService,
    plan: ImportPlan,
    policy: SourcePolicy,
    dry_run: bool,
    report: ImportReport,
    progress: ProgressFn,
    cancel: CancelToken,
) -> dict[int, ProductWrite]:
    """Check every row in place, the products by the editor's own rules (`CatalogService.check_products`);
    returns what each row would write, by row number. The report learns what the media checks could not reach."""
    seen: dict[str, int] = {}
    checked: dict[Producer, list[tuple[str, str]]] = {}
    total = len(plan.rows)
    for n, row in enumerate(plan.rows, 1):
        cancel.check()
        if n % 200 == 0 or n == total:
            progress(n, total, _("Checking rows"))
        row.product = {"sku": "", "name": ""} | row.product  # an empty name is the editor's problem too
        if row.producer:
            if row.producer not in checked:  # a producer's rows repeat it: checked once
                errors = validate_producer(row.producer)
                checked[row.producer] = [(e.field, e.message) for e in errors if e.field in _PRODUCER_FIELDS]
            row.problems += checked[row.producer]
        if row.product["name"]:  # a row refused for its name downloads nothing
            _load_media(service, row, policy, report)
    writes = _product_writes(service, plan.rows)
    for row in plan.rows:
        sku = row.product["sku"]
        first = seen.setdefault(sku, row.row) if sku else row.row
        if first != row.row:
            message = _("The SKU {sku} is already used on row {first}.").format(sku=sku, first=first)
            row.problems.append(("sku", message))
    unnamed = validate_sku("")  # a row without a SKU gets one made from its name: without a name, say only that
    for n, errors in service.check_products(list(writes.values())).items():
        row = plan.rows[n]
        row.problems += [(e.field, e.message) for e in errors if row.product["name"] or e not in unnamed]
    for row in plan.rows:
        cert = row.certificate
        if cert is not None and not cert.is_complete and not any(f == "signed_on" for f, _m in row.problems):
            row.warnings.append(("stars", claim_warning(cert)))
    return {row.row: writes[n] for n, row in enumerate(plan.rows)}


def _product_writes(service: CatalogService, rows: list[ParsedRow]) -> dict[int, ProductWrite]:
    """What each row writes, by place: a new product, or the saved one with the row's values over it (a saved
    certificate's facts fill the blanks of the row's, see `_filled`). One lookup per 500 SKUs, not per row."""
    normal = [Product(**row.product).normalized() for row in rows]
    known = service.product_rows.ids_by_sku([p.sku for p in normal])
    saved = service.product_rows.get_many(list(known.values()))
    certified = [known[p.sku] for p, row in zip(normal, rows, strict=True) if row.certificate and p.sku in known]
    certs = service.certificate_rows.for_products(certified)
    writes = {}
    for n, (row, product) in enumerate(zip(rows, normal, strict=True)):
        row.product = {k: getattr(product, k) for k in row.product}
        product_id = known.get(product.sku)
        if product_id is not None:
            product = replace(saved[product_id], **row.product)
            if row.certificate is not None:
                row.certificate = _filled(row.certificate, certs.get(product_id, []))
        photos, documents = row.loaded.get("photos"), row.loaded.get("documents")
        writes[n] = ProductWrite(product, photos or None, documents or None, row.certificate)
    return writes


def _filled(cert: Certificate, known: list[Certificate]) -> Certificate:
    same = next((c for c in known if cert.decision_number and c.decision_number == cert.decision_number), None)
    if same is None and not cert.decision_number:
        same = next((c for c in known if c.stars == cert.stars and c.is_complete), None)
    if same is None:
        return cert
    dated = cert.signed_on is None
    return replace(
        cert,
        decision_number=cert.decision_number or same.decision_number,
        signed_on=cert.signed_on or same.signed_on,
        expires_on=cert.expires_on or (same.expires_on if dated else None),
        authority=cert.authority or same.authority,
        score=cert.score if cert.score is not None else same.score,
    )


def claim_warning(cert: Certificate) -> str:
    """What an incomplete certificate from a list still needs, in the words of the import report."""
    missing = tuple(g.field for g in certificate_gaps(cert))
    messages = {
        ("decision_number", "signed_on"): _(
            "{stars}★ recorded as claimed: the list has no decision number or signing date. The stars are "
            "printed once both are entered."
        ),
        ("decision_number",): _(
            "{stars}★ recorded as claimed: the list has no decision number. The stars are printed once it is entered."
        ),
        ("signed_on",): _(
            "{stars}★ recorded as claimed: the list has no signing date. The stars are printed once it is entered."
        ),
    }
    return messages[missing].format(stars=cert.stars)


def _load_media(service: CatalogService, row: ParsedRow, policy: SourcePolicy, report: ImportReport) -> None:
    """Fetch and check photos and documents now, so a broken link is a row problem, not a half import.

    A dry run reads local files but downloads nothing: it counts the addresses it skipped."""
    loaded: dict[str, list[MediaFile]] = {"photos": [], "documents": []}
    dry_run = report.dry_run
    sources = (("photos", "photo", row.photos), ("documents", "document", row.documents + row.public_documents))
    public = set(row.public_documents)
    for attr, kind, refs in sources:
        for ref in refs:
            try:
                if dry_run and is_url(ref):
                    check_without_network(ref, policy.limits)
                    report.not_downloaded += 1
                elif dry_run:
                    data, name = read_source(ref, policy)
                    accept(data, name, kind)
                else:
                    item = import_media(service.media_dir, ref, kind, policy)
                    loaded[attr].append(replace(item, public=kind == "document" and ref in public))
            except OutsideFolder as problem:
                row.problems.append((attr, problem.message))
                if problem.folder not in report.outside_dirs:
                    report.outside_dirs.append(problem.folder)
            except (MediaError, FetchError) as problem:
                row.problems.append((attr, problem.message))
    for attr in loaded:  # the same file named twice is attached once
        seen: set[str] = set()
        loaded[attr] = [m for m in loaded[attr] if not (m.sha256 in seen or seen.add(m.sha256))]
    row.loaded = loaded


def _write(
    service: CatalogService,
    writes: list[ProductWrite],
    rows: list[ParsedRow],
    progress: ProgressFn,
    cancel: CancelToken,
) -> tuple[int, int]:
    """Write the checked rows through the editor's write path, 500 at a time inside one transaction (so the
    window can show progress and a cancel undoes all of it)."""
    producer_ids: dict[str, int] = {}
    created = sum(1 for w in writes if w.product.id is None)
    with service.write():
        for n, (write, row) in enumerate(zip(writes, rows, strict=True)):
            if row.producer:
                producer_id = _producer_id(service, row.producer, producer_ids)
                if producer_id != write.product.producer_id:  # a re-import's products have theirs already
                    writes[n] = replace(write, product=replace(write.product, producer_id=producer_id))
        for start in range(0, len(writes), 500):
            cancel.check()
            service.save_products(writes[start : start + 500])
            done = min(start + 500, len(writes))
            progress(done, len(writes), _("Writing products"))
    return created, len(writes) - created


def _producer_id(service: CatalogService, producer: Producer, cache: dict[str, int]) -> int:
    """Producers are matched by folded name; a new name creates the producer once per import. A known producer
    gains the tax code, registration number and GLN the list gives where it has none: the clerk's own entry wins."""
    key = fold(producer.name)
    if key not in cache:
        found = service.producer_rows.find_by_name(producer.name)
        if found is None or found.id is None:
            cache[key] = service.producer_rows.save(producer)
        else:
            blanks = {f: getattr(producer, f) for f in _IDENTIFIERS if getattr(producer, f) and not getattr(found, f)}
            cache[key] = service.producer_rows.save(replace(found, **blanks)) if blanks else found.id
    return cache[key]
