"""Stamp use cases: issue serials for a lot, verify a scanned stamp, void a range, record printing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from ocopdesk.domain.batch import Batch
from ocopdesk.domain.dates import format_date
from ocopdesk.domain.errors import NotFoundError, OcopDeskError
from ocopdesk.domain.stamp import NotAStamp, Stamp, code_matches, new_serial, read_scan, url_maker, verification_code
from ocopdesk.i18n import _
from ocopdesk.render.files import write_atomic
from ocopdesk.services.catalog import CatalogService, ProductDetail
from ocopdesk.services.changes import Changes
from ocopdesk.services.profile import load_profile
from ocopdesk.services.progress import CancelToken, ProgressFn, no_progress

MAX_PER_ISSUE = 1_000_000
_CHUNK = 20_000


@dataclass(frozen=True, slots=True)
class IssueResult:
    batch: Batch
    first: int
    last: int
    urls: list[str]
    changes: Changes


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
            for b in service.batch_rows.find_by_lot(lot.strip(), ignore_case=ignore_case)
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
    with service.write():
        key = service.stamp_rows.secret()
        first = service.stamp_rows.next_number(batch.id)
        serials: list[str] = []
        for start in range(0, count, _CHUNK):
            cancel.check()
            chunk = _fresh_serials(service, min(_CHUNK, count - start), set(serials))
            service.stamp_rows.insert_many(batch.id, first + start, chunk)
            serials += chunk
            progress(start + len(chunk), count, _("Issuing stamps"))
    make = url_maker(base, detail.product.gtin, batch.lot_code)
    urls = [make(serial, verification_code(key, serial)) for serial in serials]
    return IssueResult(batch, first, first + count - 1, urls, Changes(batches=True))


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
        drawn -= service.stamp_rows.existing_serials(list(drawn))
        serials += sorted(drawn)
    return serials


def urls_for(service: CatalogService, batch: Batch, low: int = 1, high: int | None = None) -> list[tuple[Stamp, str]]:
    """The stamps of a lot (a running-number range) with the exact URL their QR holds."""
    assert batch.id is not None
    base = resolver_base(service)
    detail = service.product(batch.product_id)
    key = service.stamp_rows.secret_readonly()
    make = url_maker(base, detail.product.gtin, batch.lot_code)
    return [
        (s, make(s.serial, verification_code(key, s.serial))) for s in service.stamp_rows.for_batch(batch.id, low, high)
    ]


def void(
    service: CatalogService, lot: str, low: int, high: int, reason: str, sku: str | None = None
) -> tuple[int, Changes]:
    """Void a running-number range of a lot; returns how many stamps were voided (those already void are not
    counted) and what changed."""
    if not reason.strip():
        raise OcopDeskError(_("Give a reason for voiding the stamps (e.g. a spoiled sheet)."))
    batch = find_lot(service, lot, sku)
    assert batch.id is not None
    with service.write():
        count = service.stamp_rows.void_range(batch.id, low, high, reason.strip())
    return count, Changes(batches=True)


def record_printed(service: CatalogService, printed: list[Stamp]) -> Changes:
    with service.write():
        service.stamp_rows.mark_printed([s.id for s in printed if s.id is not None])
    return Changes(batches=True)


@dataclass(frozen=True, slots=True)
class Verification:
    """The answer to "is this stamp genuine?": one of genuine, serial (a typed serial we issued, its
    code not checked), voided, unknown, forged, foreign, malformed."""

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
    """Check a scanned URL, a typed serial and code, or a serial alone against the catalogue."""
    try:
        scan = read_scan(text)
    except NotAStamp:
        return Verification("malformed", _("This is not a stamp code or address that OCOPDesk prints."))
    base = load_profile(service).resolver_base_url
    if scan.base and base and scan.base.lower().rstrip("/") != base.lower().rstrip("/"):
        return Verification("foreign", _("This stamp is not one of ours (it leads to {base}).").format(base=scan.base))
    stamp = service.stamp_rows.by_serial(scan.serial)
    if stamp is None:
        return Verification(
            "unknown", _("No stamp with the serial {serial} was ever issued here.").format(serial=scan.serial)
        )
    batch = service.batch_rows.get(stamp.batch_id)
    assert batch is not None
    detail = service.product(batch.product_id)
    if not scan.code:
        return _serial_only(stamp, batch, detail)
    if scan.gtin and (
        not detail.product.gtin or scan.gtin != detail.product.gtin.zfill(14) or scan.lot != batch.lot_code
    ):
        return _answer(
            "forged",
            _("The product or lot in this code does not match the stamp {serial}: it was altered.").format(
                serial=scan.serial
            ),
            stamp,
            batch,
            detail,
        )
    if not code_matches(service.stamp_rows.secret_readonly(), scan.serial, scan.code):
        return _answer(
            "forged",
            _("The verification code is wrong: this stamp is forged or was copied incorrectly."),
            stamp,
            batch,
            detail,
        )
    if stamp.status == "voided":
        return _answer("voided", _voided(stamp), stamp, batch, detail)
    return _answer(
        "genuine",
        _("Genuine: {product}, lot {lot}, stamp no. {number}.").format(
            product=detail.product.name, lot=batch.lot_code, number=stamp.number
        ),
        stamp,
        batch,
        detail,
    )


def _voided(stamp: Stamp) -> str:
    return _("This stamp was voided on {date}: {reason}").format(date=_day(stamp.voided_at), reason=stamp.void_reason)


def _serial_only(stamp: Stamp, batch: Batch, detail: ProductDetail) -> Verification:
    """What a serial typed alone can tell: which stamp it is — but not that the stamp in hand is
    genuine, because a copied stamp shows the same serial; only its QR code carries the secret code."""
    if stamp.status == "voided":
        message = _("Stamp no. {number} of lot {lot} of {product}. {voided}").format(
            number=stamp.number, lot=batch.lot_code, product=detail.product.name, voided=_voided(stamp)
        )
        return _answer("voided", message, stamp, batch, detail)
    message = _("Stamp no. {number} of lot {lot} of {product}, {printed}, not voided.").format(
        number=stamp.number, lot=batch.lot_code, product=detail.product.name, printed=printed_text(stamp)
    )
    note = _(
        "Only the serial was checked: scan the QR code to check the stamp itself "
        "(a copied stamp shows the same serial)."
    )
    return _answer("serial", f"{message} {note}", stamp, batch, detail)


def printed_text(stamp: Stamp) -> str:
    """ "printed on dd/mm/yyyy", how often, or not yet (proof PDFs never count)."""
    if not stamp.print_count:
        return _("not printed yet")
    if stamp.print_count == 1:
        return _("printed on {date}").format(date=_day(stamp.last_printed_at))
    return _("printed {count} times, last on {date}").format(count=stamp.print_count, date=_day(stamp.last_printed_at))


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
    """A stored UTC timestamp as the local dd/mm/yyyy people read (23:30 UTC is the next morning in Hà Nội)."""
    if not timestamp:
        return ""
    moment = dt.datetime.fromisoformat(timestamp)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return format_date(moment.date())


CSV_COLUMNS = ("number", "serial", "url", "lot", "product")


def stamps_csv(
    service: CatalogService, lot: str, out: Path, sku: str | None = None, low: int = 1, high: int | None = None
) -> int:
    """The lot's issued stamps (voided ones never) as CSV for label programs such as gLabels or
    BarTender: number, serial, the exact URL of the QR code, lot, product. UTF-8 with a byte-order
    mark, so Excel and BarTender read the Vietnamese right. Not counted as printed: OCOPDesk cannot
    know what another program printed. Returns the number of rows."""
    batch = find_lot(service, lot, sku)
    detail = service.product(batch.product_id)
    rows = [(s, url) for s, url in urls_for(service, batch, low, high) if s.status == "issued"]
    if not rows:
        raise OcopDeskError(
            _("There are no stamps to list in that range (issue them first; voided stamps are never listed).")
        )
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for s, url in rows:
        writer.writerow([s.number, s.serial, url, batch.lot_code, detail.product.name])
    write_atomic(Path(out), buffer.getvalue().encode("utf-8-sig"))
    return len(rows)


def counts(service: CatalogService, batch_id: int) -> dict[str, int]:
    """Issued (still valid), voided and printed stamps of a lot."""
    return service.stamp_rows.count_for_batch(batch_id)
