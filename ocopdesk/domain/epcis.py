"""EPCIS 2.0 events in JSON-LD with CBV 2.0 values, and their event hash IDs.

A stamp's issue is a commissioning ObjectEvent whose EPCs are the stamps' GS1 Digital Link URIs (without
the verification code, which only the printed stamp carries); a voided stamp is decommissioned; a lot's
production stage is an ObjectEvent on the lot as a class (GTIN + lot), or a TransformationEvent from the lots it
used to the lot when the clerk named them. Event IDs follow the CBV 2.0 event
hash algorithm (`ni:///sha-256;…?ver=CBV2.0`): the pre-hash string of the event's fields in the canonical
order, values normalised (UTC times to the millisecond, CBV values as Web URIs, Digital Links constrained to
id.gs1.org), concatenated and hashed, so the same event always gets the same ID, on any machine. The
reference implementation (github.com/RalphTro/epcis-event-hash-generator, PROP_ORDER) checks ours in tests.
Sources: GS1 EPCIS 2.0 and CBV 2.0 (github.com/gs1/EPCIS), DOMAIN.md §5.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from ocopdesk.domain import digital_link

CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
CBV = "https://ref.gs1.org/cbv/"
VIETNAM = dt.timezone(dt.timedelta(hours=7))
OFFSET = "+07:00"
# Our stage kinds → CBV 2.0 business steps; farming and processing steps have no CBV value, so they get
# the co-op's own URI under its site (EPCIS allows any URI outside the CBV namespace).
BIZ_STEPS = {"harvest": "commissioning", "packing": "packing", "inspection": "inspecting", "other": "other"}
OWN_STEPS = ("planting", "fertilising", "spraying", "processing")


def biz_step(kind: str, base: str) -> str:
    if kind in BIZ_STEPS:
        return BIZ_STEPS[kind]
    return f"{digital_link.check_stem(base)}/voc/bizstep/{kind if kind in OWN_STEPS else 'other'}"


def local_time(day: dt.date, clock: str = "") -> str:
    """A stage's time in Vietnam: the day at HH:MM, or at noon when only the day is known (so that its UTC
    form stays on the same calendar day)."""
    hours, minutes = (int(x) for x in (clock or "12:00").split(":"))
    return dt.datetime(day.year, day.month, day.day, hours, minutes, tzinfo=VIETNAM).isoformat()


def from_utc(stamp: str) -> str:
    """A stored UTC time ("2026-11-24T07:00:00+00:00") as Vietnamese local time with its offset."""
    moment = dt.datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(VIETNAM).isoformat()


def gln_uri(gln: str) -> str:
    return f"https://id.gs1.org/414/{gln}"


def commune_uri(base: str, code: str) -> str:
    """A commune as an EPCIS location, named by its official 2025 code. A commune has no GS1 key, and EPCIS 2.0
    takes any URI as a readPoint/bizLocation id (EPCIS-JSON-Schema.json `readPoint.id`: `#/definitions/uri`;
    CBV 2.0 §8.4 allows private location identifiers), so the co-op's site names it, as it names its own steps."""
    return f"{digital_link.check_stem(base)}/voc/location/vn-commune/{code}"


def commune_code_term(base: str) -> str:
    """The master-data attribute that carries a location's official commune code (no CBV or GS1 Web Vocabulary
    term exists for an administrative-unit code; CBV 2.0 lets master data use any URI as an attribute name)."""
    return f"{digital_link.check_stem(base)}/voc/vnCommuneCode"


def object_event(
    time: str,
    action: str,
    step: str,
    *,
    epcs: Sequence[str] = (),
    classes: Sequence[tuple[str, int | None]] = (),
    disposition: str = "",
    place: str = "",
) -> dict[str, Any]:
    """One ObjectEvent with its eventID; `classes` are (epcClass, quantity or None) pairs."""
    event: dict[str, Any] = {"type": "ObjectEvent", "eventTime": time, "eventTimeZoneOffset": OFFSET}
    if epcs:
        event["epcList"] = list(epcs)
    if classes:
        event["quantityList"] = _quantities(classes)
    event["action"] = action
    event["bizStep"] = step
    if disposition:
        event["disposition"] = disposition
    if place:
        event["readPoint"] = {"id": place}
        event["bizLocation"] = {"id": place}
    return {"eventID": event_id(event), **event}


def transformation_event(
    time: str,
    step: str,
    *,
    inputs: Sequence[tuple[str, int | None]],
    outputs: Sequence[tuple[str, int | None]],
    place: str = "",
) -> dict[str, Any]:
    """One TransformationEvent with its eventID: lots (EPC classes, with a quantity or None) went in, a lot came
    out. Lots are classes, not instances, so both sides are quantity lists (EPCIS 2.0 §7.4.6: inputs and outputs
    may be EPCs or classes; an EPC list holds instance identifiers, and a lot is not one item)."""
    event: dict[str, Any] = {"type": "TransformationEvent", "eventTime": time, "eventTimeZoneOffset": OFFSET}
    event["inputQuantityList"] = _quantities(inputs)
    event["outputQuantityList"] = _quantities(outputs)
    event["bizStep"] = step
    if place:
        event["readPoint"] = {"id": place}
        event["bizLocation"] = {"id": place}
    return {"eventID": event_id(event), **event}


def _quantities(classes: Sequence[tuple[str, int | None]]) -> list[dict[str, Any]]:
    return [{"epcClass": c} if q is None else {"epcClass": c, "quantity": q} for c, q in classes]


def event_id(event: dict[str, Any]) -> str:
    """The CBV 2.0 event hash ID of an event built by `object_event` or `transformation_event`."""
    return "ni:///sha-256;" + hashlib.sha256(pre_hash(event).encode()).hexdigest() + "?ver=CBV2.0"


# The event's lists in the hash algorithm's canonical order (its PROP_ORDER), with what each holds.
_LISTS = (
    ("epcList", False),
    ("inputEPCList", False),
    ("quantityList", True),
    ("inputQuantityList", True),
    ("outputEPCList", False),
    ("outputQuantityList", True),
)


def pre_hash(event: dict[str, Any]) -> str:
    parts = [f"eventType={event['type']}", f"eventTime={_utc_ms(event['eventTime'])}"]
    parts.append(f"eventTimeZoneOffset={event['eventTimeZoneOffset']}")
    for key, quantities in _LISTS:
        if event.get(key):
            items = (
                [_quantity_part(q) for q in event[key]] if quantities else [f"epc={canonical(e)}" for e in event[key]]
            )
            parts.append(key + "".join(sorted(items)))
    if "action" in event:
        parts.append(f"action={event['action']}")
    parts.append(f"bizStep={_cbv(event['bizStep'], 'BizStep')}")
    if event.get("disposition"):
        parts.append(f"disposition={_cbv(event['disposition'], 'Disp')}")
    for key in ("readPoint", "bizLocation"):
        if key in event:
            parts.append(f"{key}id={canonical(event[key]['id'])}")
    return "".join(parts)


def _quantity_part(element: dict[str, Any]) -> str:
    quantity = f"quantity={element['quantity']}" if "quantity" in element else ""
    return f"quantityElementepcClass={canonical(element['epcClass'])}{quantity}"


def canonical(uri: str) -> str:
    """A GS1 Digital Link constrained as the hash wants it: on id.gs1.org, a serialised item by GTIN and serial
    only (AI 21 identifies it; the lot is an attribute), no query. Other URIs stay as they are. The part before
    the serial is the same for a whole lot, so it is parsed once (a hundred thousand stamps in milliseconds)."""
    if "/01/" not in uri:
        return uri  # not a GS1 Digital Link (a stamp of a product without a GTIN)
    head, sep, serial = uri.partition("?")[0].rpartition("/21/")
    if sep and serial and "/" not in serial:
        gtin = _gtin(head)
        if gtin:
            return f"https://id.gs1.org/01/{gtin}/21/{serial}"
    return _class(uri)


@cache
def _gtin(uri: str) -> str:
    try:
        return digital_link.parse(uri).gtin
    except ValueError:
        return ""


@lru_cache(maxsize=4096)
def _class(uri: str) -> str:
    try:
        link = digital_link.parse(uri)
    except ValueError:
        return uri
    if link.gtin and link.serial:
        return f"https://id.gs1.org/01/{link.gtin}/21/{digital_link.encode(link.serial)}"
    if link.gtin and link.lot:
        return f"https://id.gs1.org/01/{link.gtin}/10/{digital_link.encode(link.lot)}"
    return uri


def _cbv(value: str, kind: str) -> str:
    return value if ":" in value else f"{CBV}{kind}-{value}"


def _utc_ms(time: str) -> str:
    moment = dt.datetime.fromisoformat(time).astimezone(dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
