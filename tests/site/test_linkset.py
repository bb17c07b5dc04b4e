"""The GS1 linkset (#25) served by a real nginx with the rules the build wrote: `?linkType=all` or an Accept of
application/linkset+json on a GTIN, a lot or a stamp answers RFC 9264 JSON with GS1 link types; a browser's
request still gets the page."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import requests

from ocopdesk.render.site.linkset import linkset_bytes
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.site import build_site
from ocopdesk.services.site_hosting import nginx_conf_path
from ocopdesk.services.site_preview import start_in_thread
from tests.browsers import nginx
from tests.site.conftest import BASE, DemoSite, local, make_demo

HONEY_GTIN = "08938500121005"
VOC = "https://gs1.org/voc/"


def test_linkset_for_gtin_lot_and_stamp_on_nginx(demo: DemoSite, site_dir: Path, tmp_path: Path) -> None:
    build_site(demo.service, site_dir)
    with nginx(tmp_path / "nginx", f"include {nginx_conf_path(site_dir.resolve())};") as server:
        answer = requests.get(f"{server}/01/{HONEY_GTIN}?linkType=all", timeout=10)
        assert answer.status_code == 200
        assert answer.headers["Content-Type"] == "application/linkset+json"
        assert "Accept" in answer.headers["Vary"]
        data = answer.json()["linkset"]
        first = data[0]
        assert first["anchor"] == f"{BASE}/01/{HONEY_GTIN}"
        assert first[f"{VOC}pip"][0]["href"] == f"{BASE}/sp/MO-NX-500/"
        assert first[f"{VOC}certificationInfo"]  # the demo honey has a valid OCOP certificate
        lots = {item["anchor"]: item for item in data[1:]}
        lot_pages = [t["href"] for t in first[f"{VOC}traceability"]]
        assert len(lots) == len(lot_pages) == 2 and all(h.startswith(f"{BASE}/01/{HONEY_GTIN}/10/") for h in lot_pages)
        for anchor, item in lots.items():
            assert item[f"{VOC}traceability"][0]["href"] == anchor + "/"
        stamp = local(demo.genuine[0], server)
        gtin_of_stamp = stamp.split("/01/")[1][:14]
        by_accept = requests.get(stamp, headers={"Accept": "application/linkset+json"}, timeout=10)
        assert by_accept.status_code == 200 and by_accept.headers["Content-Type"] == "application/linkset+json"
        assert json.loads(by_accept.text)["linkset"][0]["anchor"] == f"{BASE}/01/{gtin_of_stamp}"
        for url in (stamp, f"{server}/01/{HONEY_GTIN}/"):  # a browser still gets the pages
            page = requests.get(url, headers={"Accept": "text/html,*/*;q=0.8"}, timeout=10)
            assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html"), url


def linked(server: str, page: str) -> tuple[str, dict[str, object]]:
    """The page's Link header, and the linkset it names fetched from the same server."""
    answer = requests.get(page, headers={"Accept": "text/html"}, timeout=10)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/html"), page
    assert "Accept" in answer.headers["Vary"]
    header = answer.headers["Link"]
    match = re.fullmatch(r'<([^>]+)>; rel="linkset"; type="application/linkset\+json"', header)
    assert match, header
    target = requests.get(server.rstrip("/") + match.group(1), timeout=10)
    assert target.status_code == 200 and target.headers["Content-Type"] == "application/linkset+json"
    return match.group(1), target.json()


def speaks_gs1_beside_every_page(demo: DemoSite, server: str) -> None:
    """Product and lot pages, with and without a GTIN, and a stamp, on `server` (nginx or the preview)."""
    service = demo.service
    honey_lot = next(v.batch for v in service.batches("MO-NX-500"))
    short = next(v for v in service.batches() if v.batch.lot_code == demo.short_lot)
    lot_url = f"{server}/01/{HONEY_GTIN}/10/{honey_lot.lot_code}/"
    href, data = linked(server, f"{server}/sp/MO-NX-500/")
    assert href == "/sp/MO-NX-500/linkset.json" and data["linkset"][0]["anchor"] == f"{BASE}/01/{HONEY_GTIN}"
    href, data = linked(server, lot_url)
    [item] = data["linkset"]
    assert href == f"/01/{HONEY_GTIN}/10/{honey_lot.lot_code}/linkset.json"
    assert item["anchor"] == f"{BASE}/01/{HONEY_GTIN}/10/{honey_lot.lot_code}"
    assert item[f"{VOC}pip"][0]["href"] == f"{BASE}/sp/MO-NX-500/"
    assert item[f"{VOC}traceability"][0]["href"] == f"{BASE}/01/{HONEY_GTIN}/10/{honey_lot.lot_code}/"
    stamp = local(demo.genuine[0], server)
    stamp_lot = stamp.split("/21/")[0]
    assert linked(server, stamp)[0] == stamp_lot.removeprefix(server) + "/linkset.json"  # the stamp's lot
    href, data = linked(server, f"{server}/sp/{short.sku}/lo/{short.batch.lot_code}/")  # no GTIN: its page
    assert data["linkset"][0]["anchor"] == f"{BASE}/sp/{short.sku}/lo/{short.batch.lot_code}/"
    by_type = requests.get(f"{server}/sp/{short.sku}/?linkType=all", timeout=10)
    assert by_type.headers["Content-Type"] == "application/linkset+json"
    assert by_type.json()["linkset"][0]["anchor"] == f"{BASE}/sp/{short.sku}/"
    for plain in (f"{server}/htx/", f"{server}/"):  # pages without a linkset name none
        assert "Link" not in requests.get(plain, timeout=10).headers, plain


def test_every_product_and_lot_page_names_its_linkset_on_nginx(demo: DemoSite, site_dir: Path, tmp_path: Path) -> None:
    build_site(demo.service, site_dir)
    with nginx(tmp_path / "nginx", f"include {nginx_conf_path(site_dir.resolve())};") as server:
        speaks_gs1_beside_every_page(demo, server)


def test_every_product_and_lot_page_names_its_linkset_on_the_preview_server(demo: DemoSite, site_dir: Path) -> None:
    build_site(demo.service, site_dir)
    server, base = start_in_thread(site_dir)
    try:
        speaks_gs1_beside_every_page(demo, base.rstrip("/"))
        answer = requests.get(f"{base}01/{HONEY_GTIN}?linkType=all", timeout=10)  # as nginx: the GTIN's linkset
        assert answer.headers["Content-Type"] == "application/linkset+json"
        assert answer.json()["linkset"][0]["anchor"] == f"{BASE}/01/{HONEY_GTIN}"
    finally:
        server.shutdown()
        server.server_close()


def test_linksets_under_a_site_path_on_nginx(service: CatalogService, site_dir: Path, tmp_path: Path) -> None:
    """A resolver address with a path (https://…/truy): the negotiated linksets and the Link headers carry it,
    and nginx finds the files without it."""
    make_demo(service, base=f"{BASE}/truy")
    build_site(service, site_dir)
    short = next(v for v in service.batches() if not service.product_by_sku(v.sku).product.gtin)
    with nginx(tmp_path / "nginx", f"include {nginx_conf_path(site_dir.resolve())};") as server:
        for asked, anchor in (
            (f"/truy/01/{HONEY_GTIN}?linkType=all", f"{BASE}/truy/01/{HONEY_GTIN}"),
            (f"/truy/sp/{short.sku}/?linkType=all", f"{BASE}/truy/sp/{short.sku}/"),
        ):
            answer = requests.get(server + asked, timeout=10)
            assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/linkset+json", asked
            assert answer.json()["linkset"][0]["anchor"] == anchor
        href, data = linked(server, f"{server}/truy/sp/MO-NX-500/")
        assert href == "/truy/sp/MO-NX-500/linkset.json" and data["linkset"][0]["anchor"].startswith(f"{BASE}/truy/")


def test_linkset_bytes_are_the_standard_librarys_indented_json() -> None:
    """#28 writes linksets without `json`'s slow indenting encoder: the bytes must stay those it wrote, or every
    folder built before would be rewritten. Varied data: Vietnamese, quotes, backslashes, control characters,
    line separators, emoji, numbers, empty arrays and objects, nesting."""
    rnd = random.Random(28)
    letters = ["a", "Đ", "ồ", '"', "\\", "\n", "<", "/", "\u2028", "😀", " ", "\x00", "é", "\t"]

    def text() -> str:
        return "".join(rnd.choice(letters) for _ in range(rnd.randint(0, 6)))

    def value(depth: int) -> object:
        pick = rnd.random()
        if depth > 3 or pick < 0.4:
            return rnd.choice([text(), text(), 1, 2.5, True, None, [], {}])
        if pick < 0.7:
            return {text(): value(depth + 1) for _ in range(rnd.randint(0, 4))}
        return [value(depth + 1) for _ in range(rnd.randint(0, 4))]

    for _n in range(2000):
        data = {"linkset": value(0), text(): value(1)}
        assert linkset_bytes(data) == (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()
