"""The GS1 linkset (#25) served by a real nginx with the rules the build wrote: `?linkType=all` or an Accept of
application/linkset+json on a GTIN, a lot or a stamp answers RFC 9264 JSON with GS1 link types; a browser's
request still gets the page."""

from __future__ import annotations

import json
from pathlib import Path

import requests

from ocopdesk.services.site import build_site
from ocopdesk.services.site_hosting import nginx_conf_path
from tests.browsers import nginx
from tests.site.conftest import BASE, DemoSite, local

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
