"""Product pages carry GS1 Web Vocabulary JSON-LD (https://ref.gs1.org/voc/) beside the schema.org block (#25),
read back as RDF by the JSON-LD reference algorithm (pyld) into rdflib: the triples a GS1 reader would get."""

from __future__ import annotations

import json
from pathlib import Path

from pyld import jsonld
from rdflib import Graph, Literal, URIRef

from ocopdesk.domain import site_paths
from ocopdesk.services.site import build_site
from tests.site.conftest import DemoSite
from tests.site.test_build import Refs

GS1 = "https://ref.gs1.org/voc/"
HONEY = "MO-NX-500"


def blocks(page: Path) -> list[dict[str, object]]:
    refs = Refs()
    refs.feed(page.read_text(encoding="utf-8"))
    return [json.loads(block) for block in refs.jsonld]


def test_a_product_page_says_what_it_is_in_gs1_web_vocabulary(demo: DemoSite, site_dir: Path) -> None:
    build_site(demo.service, site_dir)
    detail = demo.service.product_by_sku(HONEY)
    page = site_dir / site_paths.product_path(HONEY) / "index.html"
    schema_org, gs1 = blocks(page)
    assert schema_org["@context"] == "https://schema.org" and gs1["@id"] == schema_org["@id"]
    graph = Graph().parse(data=jsonld.to_rdf(gs1, {"format": "application/n-quads"}), format="nquads")
    product = URIRef(str(gs1["@id"]))
    assert (product, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(GS1 + "Product")) in graph
    assert (product, URIRef(GS1 + "productName"), Literal(detail.product.name, lang="vi")) in graph
    assert (product, URIRef(GS1 + "gtin"), Literal(detail.product.gtin.zfill(14))) in graph
    [maker] = graph.objects(product, URIRef(GS1 + "manufacturer"))
    assert detail.producer is not None
    assert (maker, URIRef(GS1 + "organizationName"), Literal(detail.producer.name)) in graph
    [brand] = graph.objects(product, URIRef(GS1 + "brand"))
    assert (brand, URIRef(GS1 + "brandName"), Literal(detail.product.brand, lang="vi")) in graph
    [certification] = graph.objects(product, URIRef(GS1 + "certification"))
    standard = f"{detail.product.standard_number} – {detail.product.standard_title}"
    assert detail.product.brand and detail.product.standard_number and detail.product.standard_title
    assert (certification, URIRef(GS1 + "certificationStandard"), Literal(standard, lang="vi")) in graph
    assert schema_org["brand"] == {"@type": "Brand", "name": detail.product.brand}
    same = URIRef("http://www.w3.org/2002/07/owl#sameAs")
    assert (product, same, URIRef(f"urn:uuid:{detail.product.uuid}")) in graph


def test_cooperative_pages_carry_schema_org_only(demo: DemoSite, site_dir: Path) -> None:
    build_site(demo.service, site_dir)
    [organization] = blocks(site_dir / "htx" / "index.html")
    assert organization["@type"] == "Organization"
