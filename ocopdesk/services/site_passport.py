"""Builds a lot page's passport block: every item of domain/passport.py in its order, each declared
value or "not declared", with the producer's privacy choices applied to what lies beyond the minimum."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from markupsafe import Markup

from ocopdesk.domain import address
from ocopdesk.domain.batch import EVENT_KINDS, Batch, BatchEvent
from ocopdesk.domain.dates import format_date
from ocopdesk.domain.ocop import Certificate
from ocopdesk.domain.passport import ITEMS, parse_private
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product
from ocopdesk.i18n import N_
from ocopdesk.render.site.passport import InputLot, PassportRow, PassportView, StageView
from ocopdesk.render.site.texts import LABELS, both, both_cached

NOT_DECLARED = N_("not declared")
PHOTO_ABOVE = N_("photo at the top of the page")
EACH_STAMP = N_("each stamp adds its own serial number (21)")
NO_STAGES = N_("not declared: no production stage with its time and place")
GLN_LABEL = N_("Location number (GLN)")
COMMUNE_CODE = N_("commune code {code}")
REGISTRATION = N_("business registration no. {number}")


def passport_view(
    product: Product,
    producer: Producer | None,
    batch: Batch,
    expires: dt.date | None,
    events: list[BatchEvent],
    *,
    has_photo: bool,
    certificate: Certificate | None,
    input_lots: Mapping[int, InputLot] | None = None,
) -> PassportView:
    """The block's rows and stages; `expires` is the lot's expiry (given, or from the shelf life); `input_lots`
    names and links the lots a stage used, by batch id."""
    private = parse_private(producer.private_items) if producer else ()
    values = _values(product, producer, batch, expires, has_photo, certificate)
    rows = [_row(key, values.get(key, "")) for key in ITEMS if key != "stages"]
    if producer and producer.gln:
        at = next(i for i, r in enumerate(rows) if r.key == "identifier") + 1
        rows.insert(at, PassportRow("gln", both_cached(GLN_LABEL), producer.gln, True))
    stages = [_stage(e, private, input_lots or {}) for e in events]
    return PassportView(rows, stages, both_cached(ITEMS["stages"]), both_cached(NO_STAGES))


def _values(
    p: Product,
    who: Producer | None,
    batch: Batch,
    expires: dt.date | None,
    has_photo: bool,
    cert: Certificate | None,
) -> dict[str, str | Markup]:
    trace = f"(01){p.gtin.zfill(14)}(10){batch.lot_code}" if p.gtin else batch.lot_code
    values: dict[str, str | Markup] = {
        "name": p.name,
        "image": both_cached(PHOTO_ABOVE) if has_photo else "",
        "gtin": p.gtin,
        "brand": p.brand,
        "trace_code": Markup("{} <small>({})</small>").format(trace, both_cached(EACH_STAMP)),
        "produced_on": format_date(batch.produced_on),
        "expires_on": format_date(expires),
        "standard": " – ".join(x for x in (p.standard_number, p.standard_title) if x) if p.standard_number else "",
        "certification": f"OCOP {cert.stars}★ · {cert.decision_number} · {cert.authority}".rstrip(" ·") if cert else "",
        "warnings": p.warnings,
        "usage": p.usage,
    }
    if who is not None:
        ids = [who.tax_code, both(REGISTRATION, number=who.registration_no) if who.registration_no else ""]
        commune = address.communes().get(who.commune_code)
        origin = both_cached(LABELS["origin"])
        values |= {
            "producer": who.name,
            "address": who.address_text,
            "identifier": Markup(" · ").join(x for x in ids if x),
            "origin": Markup("{} ({})").format(origin, commune.province_name) if commune else origin,
        }
    return values


def _row(key: str, value: str | Markup) -> PassportRow:
    label = both_cached(ITEMS[key])
    if value:
        return PassportRow(key, label, value, True)
    return PassportRow(key, label, both_cached(NOT_DECLARED), False)


def _stage(e: BatchEvent, private: tuple[str, ...], input_lots: Mapping[int, InputLot]) -> StageView:
    when = format_date(e.occurred_on) + (f" {e.occurred_time}" if e.occurred_time else "")
    place = ", ".join(x for x in (e.place, address.describe(e.commune_code)) if x)
    if e.place_gln:
        code: str | Markup = f"GLN {e.place_gln}"
    elif e.commune_code:
        code = both(COMMUNE_CODE, code=e.commune_code)
    else:
        code = both_cached(NOT_DECLARED)
    return StageView(
        when,
        both_cached(EVENT_KINDS.get(e.kind, EVENT_KINDS["other"])),
        place,
        code,
        "" if "actors" in private else e.actor,
        "" if "notes" in private else e.note,
        tuple(input_lots[i] for i in e.inputs if i in input_lots),
    )
