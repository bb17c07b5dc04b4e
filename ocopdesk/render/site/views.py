"""What the website's pages show, as typed values: the services fill them from the catalogue, the
templates read their fields, and the JSON-LD (schema.org) each page carries is built here from them.

They are frozen dataclasses rather than dicts so a missing or misspelt field fails where the view is
made, not as an empty spot on a page; their `repr` is the page's input fingerprint (see
services/site_pages.py), so every field that shows on a page is a field here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ocopdesk.render.site.passport import PassportView


@dataclass(frozen=True, slots=True)
class PhotoView:
    src: str
    srcset: str
    width: int
    height: int
    alt: str
    absolute: str  # the largest size's full address, for JSON-LD and link previews


@dataclass(frozen=True, slots=True)
class CertificateView:
    stars: int
    decision_number: str
    authority: str
    signed_on: str
    valid_until: str
    status: str | Markup


@dataclass(frozen=True, slots=True)
class ProducerView:
    name: str
    made_in: str | Markup
    phone: str
    address: str


@dataclass(frozen=True, slots=True)
class LotLink:
    code: str
    name: str
    produced_on: str
    path: str
    href: str


@dataclass(frozen=True, slots=True)
class DocumentLink:
    title: str
    href: str


@dataclass(frozen=True, slots=True)
class ProductView:
    name: str
    sku: str
    gtin: str
    href: str
    stars: int
    photos: list[PhotoView]
    net_quantity: str
    shelf_life: str | Markup
    shelf_life_days: int | None
    description: str
    ingredients: str
    usage: str
    storage: str
    warnings: str
    certificate: CertificateView | None
    producer: ProducerView | None
    lots: list[LotLink]
    documents: list[DocumentLink]
    uuid: str = ""  # the catalogue record's stable id (#24), in the JSON-LD for machines, not on the page
    brand: str = ""  # the brand / trademark on the package (Circular 02/2024), "" when not declared
    standard: str = ""  # the applied standard, number and title ("TCCS 01:2024/HTXNX – Mật ong hoa rừng")

    @property
    def image(self) -> str:
        return self.photos[0].absolute if self.photos else ""


@dataclass(frozen=True, slots=True)
class EventView:
    date: str
    kind: str | Markup
    place: str
    actor: str
    note: str


@dataclass(frozen=True, slots=True)
class LotView:
    code: str
    name: str
    path: str
    href: str
    produced_on: str
    produced_iso: str
    expires_on: str
    expires_iso: str
    quantity: str
    events: list[EventView]
    inspections: list[EventView]
    passport: PassportView | None = None  # the item table every stamp page shows (#25)
    uuid: str = ""  # the lot record's stable id (#24)


@dataclass(frozen=True, slots=True)
class CardView:
    name: str
    href: str
    stars: int
    photo: PhotoView | None


def product_jsonld(view: ProductView, url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "@id": url,
        "url": url,
        "name": view.name,
        "sku": view.sku,
        "description": view.description,
        "image": [p.absolute for p in view.photos],
        "countryOfOrigin": {"@type": "Country", "name": "VN"},
    }
    if view.gtin:
        data["gtin14"] = view.gtin.zfill(14)
    if view.producer:
        data["manufacturer"] = {"@type": "Organization", "name": view.producer.name, "address": view.producer.address}
        data["brand"] = {"@type": "Brand", "name": view.producer.name}
    if view.brand:  # the declared brand is the brand; the producer's name stands in only without one
        data["brand"] = {"@type": "Brand", "name": view.brand}
    if view.certificate:
        data["award"] = f"OCOP {view.certificate.stars}★ ({view.certificate.decision_number})"
    if view.uuid:
        data["identifier"] = [record_id(view.uuid)]
    return data


GS1_VOC = "https://ref.gs1.org/voc/"


def gs1_product_jsonld(view: ProductView, url: str) -> dict[str, Any]:
    """The product in GS1 Web Vocabulary terms (https://ref.gs1.org/voc/), beside the schema.org block: what a
    GS1 resolver or the national traceability portal reads. Same page id, so both describe one thing.

    Terms as GS1 Web Vocabulary 1.16 defines them (github.com/gs1/WebVoc, v1.16/gs1Voc.ttl): `gs1:brand` (range
    gs1:Brand, a sub-property of schema:brand) with `gs1:brandName`; the applied standard (Circular 02/2024's
    "tiêu chuẩn áp dụng") as `gs1:certification` → `gs1:CertificationDetails` with `gs1:certificationStandard`
    ("Name of the certification standard. Free text."), the vocabulary's one term for a standard a product
    meets; a TCCS is declared by the producer, so no `gs1:certificationAgency` is claimed."""
    data: dict[str, Any] = {
        "@context": {"gs1": GS1_VOC, "owl": "http://www.w3.org/2002/07/owl#"},
        "@id": url,
        "@type": "gs1:Product",
        "gs1:productName": {"@value": view.name, "@language": "vi"},
        "gs1:countryOfOrigin": {"@type": "gs1:Country", "gs1:countryCode": "VN"},
    }
    if view.description:
        data["gs1:productDescription"] = {"@value": view.description, "@language": "vi"}
    if view.gtin:
        data["gs1:gtin"] = view.gtin.zfill(14)
    if view.producer:
        data["gs1:manufacturer"] = {"@type": "gs1:Organization", "gs1:organizationName": view.producer.name}
    if view.brand:
        data["gs1:brand"] = {"@type": "gs1:Brand", "gs1:brandName": {"@value": view.brand, "@language": "vi"}}
    if view.standard:
        standard = {"@value": view.standard, "@language": "vi"}
        data["gs1:certification"] = {"@type": "gs1:CertificationDetails", "gs1:certificationStandard": standard}
    if view.uuid:
        data["owl:sameAs"] = {"@id": f"urn:uuid:{view.uuid}"}
    return data


def record_id(uuid: str) -> dict[str, str]:
    """A record's stable id (#24) as schema.org says an identifier with no property of its own is given."""
    return {"@type": "PropertyValue", "propertyID": "OCOPDesk record", "value": f"urn:uuid:{uuid}"}


def lot_jsonld(view: ProductView, lot: LotView, url: str) -> dict[str, Any]:
    """The product's JSON-LD for one lot: its own id, the GS1 lot number, its dates."""
    data = product_jsonld(view, url)
    data["productID"] = url.rstrip("/")
    data["identifier"] = [{"@type": "PropertyValue", "propertyID": "GS1 AI (10) batch/lot", "value": lot.code}]
    data["identifier"] += [record_id(lot.uuid)] if lot.uuid else []
    data["productionDate"] = lot.produced_iso
    if lot.expires_iso:
        data["expires"] = lot.expires_iso
    return data


def organization_jsonld(name: str, address: str, phone: str, email: str, url: str) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": name,
        "address": address,
        "telephone": phone,
        "email": email,
        "url": url,
    }
