"""`export epcis`: the catalogue's traceability events as one EPCIS 2.0 JSON-LD document that any EPCIS
system (the national portal run by GS1 Vietnam speaks GS1 standards) can read: issued stamps commissioned,
voided stamps decommissioned, each lot's production stages, and the products, lots and places as master
data in GS1 Web Vocabulary / CBV terms. Events are written one by one, so memory stays flat however many
stamps there are; the file is written under a temporary name and renamed when complete. A stage's place is
its GLN, or its commune by the official 2025 code. A stage that names the lots it used (honey lot → bottled
lot) is a TransformationEvent from those lots to this one, both sides as lot classes; a stage without inputs
stays an ObjectEvent (a TransformationEvent without inputs would claim a transformation of nothing).

Stable ids (#24): the document's sender is the catalogue (`urn:uuid:` of its id), and each product and lot in
the master data is `owl:sameAs` its catalogue record's `urn:uuid:`, so a receiver that gathers several co-ops'
documents can tell two records apart, or one record sent twice, whatever its SKU or lot code became. Event IDs
stay the CBV 2.0 event hashes (domain/epcis.py): they are already stable (the same event, the same ID, on any
machine and in any re-export), and a corrected event must get a new ID, which a record's UUID would not."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby, islice
from pathlib import Path
from typing import Any

from ocopdesk.domain import address, digital_link, epcis, site_paths
from ocopdesk.domain.batch import Batch, BatchEvent
from ocopdesk.domain.passport import parse_private
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product
from ocopdesk.domain.stamp import SHORT_PATH
from ocopdesk.render.files import check_target
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.stamps import find_lot, resolver_base

CHUNK = 1000  # stamps per commissioning event: one issue of 100,000 stamps stays 100 readable events
GS1 = "https://gs1.org/voc/"
CBVMDA = "urn:epcglobal:cbv:mda#"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


@dataclass(frozen=True, slots=True)
class EpcisReport:
    path: Path
    events: int
    stamps: int
    lots: int


@dataclass(frozen=True, slots=True)
class _Lot:
    batch: Batch
    product: Product
    producer: Producer | None
    klass: str  # the lot as an EPC class: GTIN + lot Digital Link, or the lot page without a GTIN
    stamp_prefix: str  # a stamp's EPC is this + its serial
    place: str  # the producer's GLN as a URI, or ""


def export_epcis(service: CatalogService, out: Path, lot: str | None = None, sku: str | None = None) -> EpcisReport:
    """Write the EPCIS document for every lot (or one lot) to `out`."""
    out = Path(out)
    check_target(out)
    base = resolver_base(service)
    lots = _lots(service, base, lot, sku)
    every = _with_inputs(service, base, lots)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    counts = [0, 0]
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as handle:
            head = _document(_master_data(service, lots, every, base), service.catalogue_id())
            handle.write(head[: -len("]}}")])
            for n, event in enumerate(_events(service, lots, every, base, counts)):
                handle.write(("\n" if n == 0 else ",\n") + json.dumps(event, ensure_ascii=False))
            handle.write("\n]}}\n")
        partial.replace(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return EpcisReport(out, counts[0], counts[1], len(lots))


def _document(master: list[dict[str, Any]], catalogue_id: str) -> str:
    document = {
        "@context": [epcis.CONTEXT],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "sender": f"urn:uuid:{catalogue_id}",
        "epcisHeader": {"epcisMasterData": {"vocabularyList": master}},
        "epcisBody": {"eventList": []},
    }
    return json.dumps(document, ensure_ascii=False)


def _lots(service: CatalogService, base: str, lot: str | None, sku: str | None) -> dict[int, _Lot]:
    chosen = [find_lot(service, lot, sku)] if lot else [v.batch for v in service.batches(sku)]
    details: dict[int, Any] = {}
    return {b.id or 0: _lot(service, base, b, details) for b in sorted(chosen, key=lambda b: b.id or 0)}


def _lot(service: CatalogService, base: str, batch: Batch, details: dict[int, Any]) -> _Lot:
    """A lot with its product, producer, EPC class and stamp prefix; `details` caches products by id."""
    detail = details.get(batch.product_id) or details.setdefault(batch.product_id, service.product(batch.product_id))
    p, who = detail.product, detail.producer
    if p.gtin:
        klass = digital_link.build(base, p.gtin, lot=batch.lot_code)
        prefix = klass + "/21/"
    else:
        klass = f"{digital_link.check_stem(base)}/{site_paths.lot_path(p.sku, batch.lot_code)}"
        prefix = f"{digital_link.check_stem(base)}/{SHORT_PATH}/"
    place = epcis.gln_uri(who.gln) if who and who.gln else ""
    return _Lot(batch, p, who, klass, prefix, place)


def _events(
    service: CatalogService, lots: dict[int, _Lot], every: dict[int, _Lot], base: str, counts: list[int]
) -> Iterator[dict[str, Any]]:
    """Stages first (they come before the stamps in time), then issues, then voids; `counts` learns how many."""
    for lot in lots.values():
        for event in _stage_events(service, lot, base, every):
            counts[0] += 1
            yield event
    for voided in (False, True):
        rows = service.stamp_rows.epcis_rows(list(lots), voided=voided)
        for (batch_id, time), group in groupby(rows, key=lambda r: (r[0], r[2])):
            lot = lots[batch_id]
            serials = (row[1] for row in group)
            while chunk := list(islice(serials, CHUNK)):
                counts[0] += 1
                counts[1] += 0 if voided else len(chunk)
                yield epcis.object_event(
                    epcis.from_utc(time),
                    "DELETE" if voided else "ADD",
                    "decommissioning" if voided else "commissioning",
                    epcs=[lot.stamp_prefix + s for s in chunk],
                    disposition="inactive" if voided else "active",
                    place=lot.place,
                )


def _with_inputs(service: CatalogService, base: str, lots: dict[int, _Lot]) -> dict[int, _Lot]:
    """The chosen lots and the lots their stages used, which the export may not include (`--lot` of a bottled
    lot): their classes name a TransformationEvent's inputs and their master data says what they are."""
    every = dict(lots)
    details: dict[int, Any] = {}
    for batch_id in lots:
        for stage in service.events(batch_id):
            for input_id in stage.inputs:
                if input_id not in every:
                    batch = service.batch_rows.get(input_id)
                    assert batch is not None  # the table refuses to delete a lot another lot was made from
                    every[input_id] = _lot(service, base, batch, details)
    return every


def _stage_events(service: CatalogService, lot: _Lot, base: str, every: dict[int, _Lot]) -> Iterator[dict[str, Any]]:
    private = parse_private(lot.producer.private_items) if lot.producer else ()
    quantity = None if "quantity" in private else lot.batch.quantity
    assert lot.batch.id is not None
    for stage in service.events(lot.batch.id):
        time, step = epcis.local_time(stage.occurred_on, stage.occurred_time), epcis.biz_step(stage.kind, base)
        place = _stage_place(stage, base)
        if stage.inputs:
            inputs = [(every[batch_id].klass, None) for batch_id in stage.inputs]  # how much went in: not recorded
            yield epcis.transformation_event(time, step, inputs=inputs, outputs=[(lot.klass, quantity)], place=place)
            continue
        harvest = stage.kind == "harvest"
        yield epcis.object_event(
            time,
            "ADD" if harvest else "OBSERVE",
            step,
            classes=[(lot.klass, quantity if harvest else None)],
            disposition="active" if harvest else "",
            place=place,
        )


def _stage_place(stage: BatchEvent, base: str) -> str:
    """Where a stage happened: its GLN, else its commune by the official code (the location tracing code of
    Circular 02/2024 when the place has no GLN), else nowhere said."""
    if stage.place_gln:
        return epcis.gln_uri(stage.place_gln)
    if stage.commune_code in address.communes():
        return epcis.commune_uri(base, stage.commune_code)
    return ""


def _place_attributes(name: str, commune_code: str, base: str) -> list[dict[str, Any]]:
    """A location's master data: its name, and where the commune is known its official code, commune and province
    in CBV master-data terms (cbvmda:city, cbvmda:state, cbvmda:countryCode)."""
    commune = address.communes().get(commune_code)
    pairs: list[tuple[str, Any]] = [(f"{GS1}physicalLocationName", name or address.describe(commune_code))]
    if commune is not None:
        pairs += [(f"{CBVMDA}city", commune.name), (f"{CBVMDA}state", commune.province_name)]
        pairs += [(f"{CBVMDA}countryCode", "VN"), (epcis.commune_code_term(base), commune.code)]
    return _attributes(pairs)


def _places(service: CatalogService, lots: dict[int, _Lot], base: str) -> dict[str, list[dict[str, Any]]]:
    """Every location the document names: producers with a GLN, and each stage's GLN or commune."""
    places: dict[str, list[dict[str, Any]]] = {}
    for lot in lots.values():
        who = lot.producer
        if who and who.gln:
            places.setdefault(lot.place, _place_attributes(who.address_text or who.name, who.commune_code, base))
        assert lot.batch.id is not None
        for stage in service.events(lot.batch.id):
            uri = _stage_place(stage, base)
            if uri and uri not in places:
                places[uri] = _place_attributes(stage.place, stage.commune_code, base)
    return places


def _master_data(
    service: CatalogService, lots: dict[int, _Lot], every: dict[int, _Lot], base: str
) -> list[dict[str, Any]]:
    """Products and lots (`every`: the chosen ones and their input lots) as EPC classes; the chosen lots' places
    (GLNs, communes) as business locations."""
    classes: dict[str, list[dict[str, Any]]] = {}
    for lot in every.values():
        p, who = lot.product, lot.producer
        product_id = (
            digital_link.build(base, p.gtin) if p.gtin else f"{base.rstrip('/')}/{site_paths.product_path(p.sku)}"
        )
        maker = {f"{GS1}organizationName": who.name} if who else {}
        if who and who.gln:
            maker[f"{GS1}globalLocationNumber"] = who.gln
        product = [(f"{GS1}productName", p.name), (f"{GS1}countryOfOrigin", "VN"), (f"{GS1}manufacturer", maker)]
        product += [(f"{GS1}gtin", p.gtin.zfill(14))] if p.gtin else []
        product += [(SAME_AS, f"urn:uuid:{p.uuid}")]
        classes.setdefault(product_id, _attributes(product))
        b = lot.batch
        batch = [(f"{CBVMDA}lotNumber", b.lot_code), (f"{GS1}productionDate", b.produced_on.isoformat())]
        batch += [(f"{CBVMDA}itemExpirationDate", b.expires_on.isoformat())] if b.expires_on else []
        batch += [(SAME_AS, f"urn:uuid:{b.uuid}")]
        classes[lot.klass] = _attributes(batch)
    vocab = [
        {
            "type": "urn:epcglobal:epcis:vtype:EPCClass",
            "vocabularyElementList": [{"id": uri, "attributes": attrs} for uri, attrs in classes.items()],
        }
    ]
    places = _places(service, lots, base)
    if places:
        vocab.append(
            {
                "type": "urn:epcglobal:epcis:vtype:BusinessLocation",
                "vocabularyElementList": [{"id": uri, "attributes": attrs} for uri, attrs in places.items()],
            }
        )
    return vocab


def _attributes(pairs: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": key, "attribute": value} for key, value in pairs if value]
