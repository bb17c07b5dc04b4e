"""The built folder: every page there, nothing secret, every text escaped, rebuilt incrementally."""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ocopdesk.domain.batch import BatchEvent
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.ocop import Certificate
from ocopdesk.domain.product import ProductFilter
from ocopdesk.domain.stamp import published_check, read_scan
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.profile import load_profile, save_profile
from ocopdesk.services.site import MANIFEST, build_site, remember_place
from ocopdesk.services.site_hosting import nginx_conf_path
from ocopdesk.storage import stamps as stamp_rows
from tests.site.conftest import DemoSite

EVIL = "<script>alert(1)</script>\"'&"


def all_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


class Refs(HTMLParser):
    """Every URL a browser would fetch by itself, and the JSON-LD blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.jsonld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("img", "script") and a.get("src"):
            self.fetched.append(a["src"] or "")
        if tag == "img" and a.get("srcset"):
            self.fetched += [part.split()[0] for part in (a["srcset"] or "").split(",")]
        if tag == "link" and a.get("rel") in ("stylesheet", "icon", "preload"):
            self.fetched.append(a.get("href") or "")
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.jsonld.append(data)
            self._in_ld = False


def test_demo_site_has_every_page_the_codes_lead_to(demo: DemoSite, site_dir: Path) -> None:
    report = build_site(demo.service, site_dir)
    assert not report.warnings
    files = all_files(site_dir)
    for view in demo.service.batches():
        product = demo.service.product_by_sku(view.sku).product
        if product.gtin:
            assert f"01/{product.gtin.zfill(14)}/10/{view.batch.lot_code}/index.html" in files
            assert f"01/{product.gtin.zfill(14)}/index.html" in files
        else:
            assert f"sp/{product.sku}/lo/{view.batch.lot_code}/index.html" in files
    for detail_id in demo.service.search(ProductFilter()):
        assert f"sp/{demo.service.product(detail_id).product.sku}/index.html" in files
    for name in ("index.html", "htx/index.html", "s/index.html", "404.html", "assets/stamp.js", ".nojekyll"):
        assert name in files
    assert nginx_conf_path(site_dir.resolve()).is_file()
    # each stamp's published check is in its shard, under its serial
    scan = read_scan(demo.genuine[0])
    shard = files[f"v/{scan.serial[:2]}.js"].decode()
    assert published_check(scan.serial, scan.code) in shard


def test_pages_are_small_and_fetch_nothing_from_elsewhere(demo: DemoSite, site_dir: Path) -> None:
    build_site(demo.service, site_dir)
    for rel, data in all_files(site_dir).items():
        if not rel.endswith(".html"):
            continue
        assert len(data) <= 100_000, rel
        refs = Refs()
        refs.feed(data.decode())
        assert refs.fetched or (rel.startswith("01/") and rel.count("/") == 2), rel  # redirect pages fetch nothing
        for url in refs.fetched:
            assert url.startswith("/") and not url.startswith("//"), (rel, url)
        for block in refs.jsonld:  # schema.org, and GS1 Web Vocabulary beside it on product pages
            context = json.loads(block)["@context"]
            assert context == "https://schema.org" or context["gs1"] == "https://ref.gs1.org/voc/"


def test_the_folder_holds_no_secret(demo: DemoSite, site_dir: Path) -> None:
    build_site(demo.service, site_dir)
    key = stamp_rows.secret_readonly(demo.service.cdb)
    forms = [key, key.hex().encode(), key.hex().upper().encode(), base64.b64encode(key), base64.urlsafe_b64encode(key)]
    codes = [read_scan(url).code.encode() for url in demo.genuine + demo.voided + demo.short]
    blob = b"\n".join(all_files(site_dir).values()) + nginx_conf_path(site_dir.resolve()).read_bytes()
    for secret in forms + codes:
        assert secret not in blob
    for url in demo.genuine + demo.short:
        assert url.split("?")[1].encode() not in blob


def test_catalogue_text_is_escaped_everywhere(demo: DemoSite, site_dir: Path) -> None:
    service = demo.service
    save_profile(service, replace(load_profile(service), name=EVIL, address=EVIL, email=EVIL, phone=EVIL))
    view = next(b for b in service.batches() if b.batch.lot_code == demo.gtin_lot)
    detail = service.product_by_sku(view.sku)
    assert detail.producer is not None
    service.save_producer(replace(detail.producer, name=EVIL + "HTX", street=EVIL))
    texts = dict.fromkeys(("name", "net_quantity", "ingredients", "usage", "storage", "warnings", "description"), EVIL)
    cert = Certificate(4, EVIL, dt.date(2026, 1, 5), authority=EVIL)
    service.save_product(replace(detail.product, **texts), certificate=cert)
    batch = replace(view.batch)
    assert batch.id is not None
    service.add_event(BatchEvent(batch.id, "harvest", dt.date(2026, 11, 1), place=EVIL, actor=EVIL, note=EVIL))
    remember_place(service, "Làng cói " + EVIL, EVIL)

    build_site(service, site_dir)
    pages = {k: v.decode() for k, v in all_files(site_dir).items() if k.endswith(".html")}
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    lot_page = next(v for k, v in pages.items() if f"/10/{demo.gtin_lot}/index.html" in k)
    for text in pages.values():
        assert "<script>alert(1)" not in text
        assert "</script>\"'" not in text
    for page in (lot_page, pages["htx/index.html"], pages[f"sp/{view.sku}/index.html"]):
        assert escaped in page
    refs = Refs()
    refs.feed(lot_page)
    assert json.loads(refs.jsonld[0])["name"] == EVIL  # the JSON-LD keeps the text, escaped for <script>
    assert sum(escaped in p for p in pages.values()) > 3


def test_rebuild_rewrites_only_what_changed(demo: DemoSite, site_dir: Path) -> None:
    first = build_site(demo.service, site_dir)
    assert first.written and first.photos_made
    before = {p: p.stat().st_mtime_ns for p in site_dir.rglob("*") if p.is_file() and p.name != MANIFEST}

    again = build_site(demo.service, site_dir)
    assert again.written == [] and again.photos_made == 0 and again.removed == []
    assert {p: p.stat().st_mtime_ns for p in before} == before

    view = next(b for b in demo.service.batches() if b.batch.lot_code == demo.gtin_lot)
    detail = demo.service.product_by_sku(view.sku)
    demo.service.save_product(replace(detail.product, description="Mật ong mới, vụ xuân."))
    changed = build_site(demo.service, site_dir)
    gtin_dir = f"01/{detail.product.gtin.zfill(14)}/"
    assert changed.written
    assert all(p.startswith((f"sp/{view.sku}/", gtin_dir)) for p in changed.written), changed.written
    assert "Mật ong mới, vụ xuân." in (site_dir / f"sp/{view.sku}/index.html").read_text()


def test_pages_of_a_deleted_product_go_away(service: CatalogService, site_dir: Path) -> None:
    from tests.site.conftest import make_demo

    demo = make_demo(service)
    build_site(demo.service, site_dir)
    lone = next(s for s in service.summaries(service.search(ProductFilter())) if not service.batches(s.sku))
    service.delete_product(lone.id)
    report = build_site(service, site_dir)
    assert f"sp/{lone.sku}/index.html" in report.removed
    assert not (site_dir / "sp" / lone.sku).exists()


def test_a_folder_with_other_files_is_refused_and_left_alone(demo: DemoSite, tmp_path: Path) -> None:
    folder = tmp_path / "my documents"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"precious")
    (folder / f".{MANIFEST}.77.partial").write_bytes(b"{")  # even beside what a killed build leaves
    with pytest.raises(OcopDeskError, match="not empty"):
        build_site(demo.service, folder)
    assert sorted(p.name for p in folder.iterdir()) == [f".{MANIFEST}.77.partial", "thesis.docx"]


def test_a_damaged_photo_is_reported_and_the_site_still_built(demo: DemoSite, site_dir: Path) -> None:
    detail = demo.service.product_by_sku(demo.service.batches()[0].sku)
    broken = demo.service.media_path(detail.photos[0])
    broken.write_bytes(broken.read_bytes()[:200])  # a copy cut short
    report = build_site(demo.service, site_dir)
    assert any(detail.product.sku in w for w in report.warnings)
    assert (site_dir / f"sp/{detail.product.sku}/index.html").is_file()


def test_site_needs_the_traceability_address(service: CatalogService, site_dir: Path) -> None:
    with pytest.raises(OcopDeskError, match="traceability address"):
        build_site(service, site_dir)
    assert not site_dir.exists()


def test_a_long_catalogue_is_listed_over_several_pages(
    demo: DemoSite, site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ocopdesk.services.site_pages.CARDS_PER_PAGE", 10)
    build_site(demo.service, site_dir)
    count = len(demo.service.search(ProductFilter()))
    pages = (count + 9) // 10
    assert (site_dir / f"htx/{pages}/index.html").is_file() and not (site_dir / f"htx/{pages + 1}").exists()
    first = (site_dir / "htx/index.html").read_text()
    assert 'href="/htx/2/" rel="next"' in first and first.count('<li><a href="/sp/') == 10
    assert 'href="/htx/" rel="prev"' in (site_dir / "htx/2/index.html").read_text()


def test_scripts_stay_es5_for_old_phones_and_in_app_browsers() -> None:
    """No syntax or API an old Android WebView lacks, and no Web Crypto (https-only)."""
    from ocopdesk.render.site.pages import assets

    for name in ("site.js", "stamp.js"):
        code = assets()[name].decode()
        for modern in ("=>", "`", "let ", "const ", "fetch(", "Promise", "crypto.subtle", "async ", "class ", "..."):
            assert modern not in code, (name, modern)


def test_a_place_poster_leads_to_its_page(demo: DemoSite, site_dir: Path, tmp_path: Path) -> None:
    from ocopdesk.services.posters import poster_pdf

    _pdf, url = poster_pdf(demo.service, tmp_path / "qr.pdf", place="Bản Kho Mường – Pù Luông", line="Homestay")
    build_site(demo.service, site_dir)
    page = site_dir / url.removeprefix("https://truyxuat.example.vn/") / "index.html"
    assert url.endswith("/dd/ban-kho-muong-pu-luong") and page.is_file()
    text = page.read_text()
    assert "Bản Kho Mường – Pù Luông" in text and "Homestay bản Kho Mường" in text  # its group 6 products
    assert 'href="/dd/ban-kho-muong-pu-luong/"' in (site_dir / "htx" / "index.html").read_text()


def test_an_empty_catalogue_builds_a_small_honest_site(service: CatalogService, site_dir: Path) -> None:
    save_profile(service, replace(load_profile(service), name="HTX Mới", resolver_base_url="https://t.example.vn"))
    report = build_site(service, site_dir)
    assert report.pages == 1 and not report.warnings  # the cooperative page
    home = (site_dir / "htx" / "index.html").read_text()
    assert "HTX Mới" in home and "Chưa có sản phẩm." in home
    assert (site_dir / "v" / "9Z.js").read_text() == "ocopStamps([],{});\n"  # every shard, even empty


def test_an_incremental_build_equals_a_fresh_one_after_every_kind_of_change(
    demo: DemoSite, site_dir: Path, tmp_path: Path
) -> None:
    """Pages are skipped on a fingerprint of their product's data (#28), not of their rendered views: after a
    lot's event, a producer's privacy, the date that ends the certificates, and the cooperative's name, each
    in turn, the folder rebuilt in place holds exactly the bytes of a build from nothing."""
    service = demo.service
    day = dt.date(2026, 11, 10)
    build_site(service, site_dir, today=day)

    def same_as_fresh(today: dt.date, step: str) -> list[str]:
        rebuilt = build_site(service, site_dir, today=today)
        fresh_dir = tmp_path / step
        fresh = build_site(service, fresh_dir, today=today)
        ours, theirs = all_files(site_dir), all_files(fresh_dir)
        ours.pop(MANIFEST), theirs.pop(MANIFEST)
        assert ours.keys() == theirs.keys()
        assert [name for name in ours if ours[name] != theirs[name]] == [], step
        assert rebuilt.written and len(rebuilt.written) < len(fresh.written), step
        return [ours[name].decode() for name in rebuilt.written if name.endswith(".html")]

    view = next(b for b in service.batches() if b.batch.lot_code == demo.gtin_lot)
    assert view.batch.id is not None
    service.add_event(BatchEvent(view.batch.id, "harvest", dt.date(2026, 11, 2), place="Đồi Pù Luông", note="Vụ 2"))
    assert any("Vụ 2" in page for page in same_as_fresh(day, "event"))
    producer = service.product_by_sku(view.sku).producer
    assert producer is not None
    service.save_producer(replace(producer, private_items="actors,notes"))
    pages = same_as_fresh(day, "private")
    assert any("Đồi Pù Luông" in page for page in pages) and not any("Vụ 2" in page for page in pages)
    details = [service.product(product_id) for product_id in service.search(ProductFilter())]
    expires = max(c.valid_until for d in details for c in d.certificates if c.valid_until)
    same_as_fresh(expires + dt.timedelta(days=1), "expired")  # nothing saved: only the date ends them
    save_profile(service, replace(load_profile(service), name="HTX Như Xuân mới"))
    same_as_fresh(expires + dt.timedelta(days=1), "renamed")
