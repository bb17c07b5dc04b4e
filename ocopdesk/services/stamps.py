"""Stamp use cases: issue serials for a lot, verify a scanned stamp, void a range, record printing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ocopdesk.domain.batch import Batch
from ocopdesk.domain.dates import format_date
from ocopdesk.domain.errors import NotFoundError, OcopDeskError
from ocopdesk.domain.stamp import NotAStamp, Stamp, code_matches, new_serial, read_scan, url_maker, verification_code
from ocopdesk.i18n import _
from ocopdesk.services.catalog import CatalogService, ProductDetail
from ocopdesk.services.changes import Changes
from ocopdesk.services.profile import load_profile
from ocopdesk.services.progress import CancelToken, ProgressFn, no_progress
from ocopdesk.storage import batches, stamps

MAX_PER_ISSUE = 1_000_000
_CHUNK = 20_000


@dataclass(frozen=True, slots=True)
class IssueResult:
    batch: Batch
    first: int
    last: int
    urls: list[str]


def resolver_base(service: CatalogService) -> str:
    base = load_profile(service).resolver_base_url
    if not base:
        raise OcopDeskError(
            _("Set the traceability address first (Settings → Stamps): it is where every stamp's QR code leads."),
            cli_hint=_("On the command line: ocopdesk settings set resolver_base_url https://…"),
        )
    return base


def find_lot(service: CatalogService, lot: str, sku: str | None = None) -> Batch:
    """The lot with this code, as typed or else in any case (lot codes are unique per product
    ignoring case; an older catalogue may hold both `ab` and `AB`, and then the exact one wins)."""
    product_id = service.product_by_sku(sku).product.id if sku else None
    found: list[Batch] = []
    for ignore_case in (False, True):
        found = [
            b
            for b in batches.find_by_lot(service.cdb, lot.strip(), ignore_case=ignore_case)
            if product_id is None or b.product_id == product_id
        ]
        if found:
            break
    if not found:
        raise NotFoundError(_("There is no lot {lot}.").format(lot=lot))
    if len(found) > 1:
        raise OcopDeskError(
            _("Several products have a lot {lot}; say which product.").format(lot=lot),
            cli_hint=_("On the command line: add --sku."),
        )
    return found[0]


def issue(
    service: CatalogService,
    lot: str,
    count: int,
    sku: str | None = None,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> IssueResult:
    """Issue `count` new stamps in one transaction. Two copies of the app issuing for the same lot
    at once queue on the write lock, so running numbers never collide; serials are drawn again in
    the unlikely case one already exists."""
    if not 1 <= count <= MAX_PER_ISSUE:
        raise OcopDeskError(_("The number of stamps must be between 1 and {max}.").format(max=MAX_PER_ISSUE))
    cancel = cancel or CancelToken()
    base = resolver_base(service)
    batch = find_lot(service, lot, sku)
    assert batch.id is not None
    detail = service.product(batch.product_id)
    refuse_unreachable(service, batch, detail)
    with service.cdb.write():
        key = stamps.secret(service.cdb)
        first = stamps.next_number(service.cdb, batch.id)
        serials: list[str] = []
        for start in range(0, count, _CHUNK):
            cancel.check()
            chunk = _fresh_serials(service, min(_CHUNK, count - start), set(serials))
            stamps.insert_many(service.cdb, batch.id, first + start, chunk)
            serials += chunk
            progress(start + len(chunk), count, _("Issuing stamps"))
    make = url_maker(base, detail.product.gtin, batch.lot_code)
    urls = [make(serial, verification_code(key, serial)) for serial in serials]
    return IssueResult(batch, first, first + count - 1, urls)


def refuse_unreachable(service: CatalogService, batch: Batch, detail: ProductDetail) -> None:
    """No stamps for a lot the website can have no page for (a code saved before today's rule):
    a genuine stamp would lead the shopper to "Page not found"."""
    reasons = service.lot_page_problems(batch)
    if reasons:
        raise OcopDeskError(
            _(
                "No stamps for the lot {lot} of {sku}: the website cannot have a page for it, so its stamps would "
                "lead to “Page not found”. {reasons} Rename the lot (Batches & stamps → Rename lot…) or the product's "
                "SKU (in the product's window)."
            ).format(lot=batch.lot_code, sku=detail.product.sku, reasons=" ".join(reasons))
        )


def _fresh_serials(service: CatalogService, n: int, taken: set[str]) -> list[str]:
    serials: list[str] = []
    while len(serials) < n:
        drawn = {new_serial() for _ in range(n - len(serials))} - taken - set(serials)
        drawn -= stamps.existing_serials(service.cdb, list(drawn))
        serials += sorted(drawn)
    return serials


def urls_for(service: CatalogService, batch: Batch, low: int = 1, high: int | None = None) -> list[tuple[Stamp, str]]:
    """The stamps of a lot (a running-number range) with the exact URL their QR holds."""
    assert batch.id is not None
    base = resolver_base(service)
    detail = service.product(batch.product_id)
    key = stamps.secret_readonly(service.cdb)
    make = url_maker(base, detail.product.gtin, batch.lot_code)
    return [
        (s, make(s.serial, verification_code(key, s.serial)))
        for s in stamps.for_batch(service.cdb, batch.id, low, high)
    ]


def void(service: CatalogService, lot: str, low: int, high: int, reason: str, sku: str | None = None) -> int:
    if not reason.strip():
        raise OcopDeskError(_("Give a reason for voiding the stamps (e.g. a spoiled sheet)."))
    batch = find_lot(service, lot, sku)
    assert batch.id is not None
    with service.cdb.write():
        return stamps.void_range(service.cdb, batch.id, low, high, reason.strip())


def record_printed(service: CatalogService, printed: list[Stamp]) -> Changes:
    with service.cdb.write():
        stamps.mark_printed(service.cdb, [s.id for s in printed if s.id is not None])
    return Changes(batches=True)


@dataclass(frozen=True, slots=True)
class Verification:
    """The answer to "is this stamp genuine?": one of genuine, voided, unknown, forged, foreign, malformed."""

    result: str
    message: str
    stamp: Stamp | None = None
    batch: Batch | None = None
    product: ProductDetail | None = None
    details: dict[str, str] = field(default_factory=dict)

    @property
    def genuine(self) -> bool:
        return self.result == "genuine"


def verify(service: CatalogService, text: str) -> Verification:
    """Check a scanned URL or a typed serial and code against the catalogue."""
    try:
        scan = read_scan(text)
    except NotAStamp:
        return Verification("malformed", _("This is not a stamp code or address that OCOPDesk prints."))
    base = load_profile(service).resolver_base_url
    if scan.base and base and scan.base.lower().rstrip("/") != base.lower().rstrip("/"):
        return Verification("foreign", _("This stamp is not one of ours (it leads to {base}).").format(base=scan.base))
    stamp = stamps.by_serial(service.cdb, scan.serial)
    if stamp is None:
        return Verification(
            "unknown", _("No stamp with the serial {serial} was ever issued here.").format(serial=scan.serial)
        )
    batch = batches.get(service.cdb, stamp.batch_id)
    assert batch is not None
    detail = service.product(batch.product_id)
    if scan.gtin and (
        not detail.product.gtin or scan.gtin != detail.product.gtin.zfill(14) or scan.lot != batch.lot_code
    ):
        return Verification(
            "forged",
            _("The product or lot in this code does not match the stamp {serial}: it was altered.").format(
                serial=scan.serial
            ),
            stamp,
            batch,
            detail,
        )
    if not code_matches(stamps.secret_readonly(service.cdb), scan.serial, scan.code):
        return Verification(
            "forged",
            _("The verification code is wrong: this stamp is forged or was copied incorrectly."),
            stamp,
            batch,
            detail,
        )
    if stamp.status == "voided":
        return Verification(
            "voided",
            _("This stamp was voided on {date}: {reason}").format(date=stamp.voided_at[:10], reason=stamp.void_reason),
            stamp,
            batch,
            detail,
        )
    return Verification(
        "genuine",
        _("Genuine: {product}, lot {lot}, stamp no. {number}.").format(
            product=detail.product.name, lot=batch.lot_code, number=stamp.number
        ),
        stamp,
        batch,
        detail,
    )


def _answer(result: str, message: str, stamp: Stamp, batch: Batch, detail: ProductDetail) -> Verification:
    """An answer about a stamp we issued, with what a shopper or clerk wants to see."""
    details = {
        "product": detail.product.name,
        "sku": detail.product.sku,
        "producer": detail.producer.name if detail.producer else "",
        "lot": batch.lot_code,
        "produced_on": batch.produced_on.isoformat(),
        "expires_on": batch.expires_on.isoformat() if batch.expires_on else "",
        "number": str(stamp.number),
        "print_count": str(stamp.print_count),
        "last_printed_at": stamp.last_printed_at,
    }
    return Verification(result, message, stamp, batch, detail, details)


def _day(timestamp: str) -> str:
    """An ISO timestamp as the dd/mm/yyyy people read."""
    return format_date(dt.date.fromisoformat(timestamp[:10])) if timestamp else ""


def counts(service: CatalogService, batch_id: int) -> dict[str, int]:
    """Issued (still valid), voided and printed stamps of a lot."""
    return stamps.count_for_batch(service.cdb, batch_id)
