"""End to end: stamp URLs opened in headless Chromium, served by nginx with the rules the build
wrote, by a static host that only knows 404.html, and by `ocopdesk site serve`."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ocopdesk import i18n
from ocopdesk.services import stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.site import build_site
from ocopdesk.services.site_hosting import nginx_conf_path
from ocopdesk.services.site_preview import start_in_thread
from tests.browsers import Chromium, nginx, recording_proxy
from tests.site.conftest import DemoSite, local, tamper, unknown_serial

GENUINE = "Tem chính hãng"
VOIDED = "Tem này đã bị hủy ngày"
INVALID = "Tem không hợp lệ: mã xác thực không khớp"
UNKNOWN = "Tem không rõ nguồn gốc"


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Chromium]:
    with recording_proxy() as (proxy, seen):
        yield Chromium(tmp_path / "chromium-profile", proxy)
        assert seen == [], f"requests left 127.0.0.1: {seen}"


@pytest.fixture
def built(built_demo: DemoSite) -> DemoSite:
    """The demo with its website built in site_dir (a copy of one build: tests/site/conftest.py)."""
    return built_demo


def stamp_box(dom: str) -> str:
    start = dom.index('id="stamp"')
    return dom[start : dom.index("</div>", start)]


def expect(dom: str, status: str, words: str) -> None:
    box = stamp_box(dom)
    assert f'class="stamp {status}"' in box, box
    assert words in box, box


def test_stamps_on_nginx_with_the_built_rules(
    built: DemoSite, site_dir: Path, tmp_path: Path, browser: Chromium
) -> None:
    rules = nginx_conf_path(site_dir.resolve())
    with nginx(tmp_path / "nginx", f"include {rules};") as server:
        genuine = browser.dom(local(built.genuine[0], server))
        expect(genuine, "genuine", GENUINE)
        assert "số 1)" in stamp_box(genuine)
        expect(browser.dom(local(built.genuine[2], server)), "genuine", "số 3)")
        expect(browser.dom(local(built.voided[0], server)), "voided", VOIDED)
        expect(browser.dom(local(tamper(built.genuine[1]), server)), "invalid", INVALID)
        expect(browser.dom(local(unknown_serial(built.genuine[1]), server)), "unknown", UNKNOWN)
        expect(browser.dom(local(built.short[0], server)), "genuine", GENUINE)
        expect(browser.dom(local(tamper(built.short[1]), server)), "invalid", INVALID)
        # the page itself (no stamp): product facts, no check box shown
        lot_page = browser.dom(local(built.genuine[0].split("/21/")[0], server))
        assert 'id="stamp" class="stamp" hidden' in lot_page and built.gtin_lot in lot_page


def test_a_stamp_from_another_lot_is_not_valid(
    built: DemoSite, tmp_path: Path, site_dir: Path, browser: Chromium
) -> None:
    other = next(
        v
        for v in built.service.batches()
        if v.batch.lot_code != built.gtin_lot and built.service.product_by_sku(v.sku).product.gtin
    )
    product = built.service.product_by_sku(other.sku).product
    tail = built.genuine[0].split("/21/")[1]
    moved = f"https://truyxuat.example.vn/01/{product.gtin.zfill(14)}/10/{other.batch.lot_code}/21/{tail}"
    with nginx(tmp_path / "nginx", f"include {nginx_conf_path(site_dir.resolve())};") as server:
        expect(browser.dom(local(moved, server)), "other_lot", "thuộc lô hoặc sản phẩm khác")


def test_stamps_on_a_host_that_only_knows_404_html(
    built: DemoSite, site_dir: Path, tmp_path: Path, browser: Chromium
) -> None:
    """GitHub Pages and Netlify: no rewrite rules, unknown paths get /404.html."""
    block = f"root {site_dir.resolve()}; index index.html; error_page 404 /404.html;"
    with nginx(tmp_path / "pages-host", block) as server:
        expect(browser.dom(local(built.genuine[0], server)), "genuine", GENUINE)
        expect(browser.dom(local(built.voided[1], server)), "voided", VOIDED)
        expect(browser.dom(local(tamper(built.genuine[0]), server)), "invalid", INVALID)
        expect(browser.dom(local(built.short[1], server)), "genuine", GENUINE)
        missing = browser.dom(server + "/sp/NO-SUCH-THING/")
        assert "Không tìm thấy trang" in missing


def test_stamps_on_the_preview_server(built: DemoSite, site_dir: Path, browser: Chromium) -> None:
    server, url = start_in_thread(site_dir)
    try:
        expect(browser.dom(local(built.genuine[3], url)), "genuine", GENUINE)
        expect(browser.dom(local(built.short[0], url)), "genuine", GENUINE)
        expect(browser.dom(local(unknown_serial(built.genuine[0]), url)), "unknown", UNKNOWN)
    finally:
        server.shutdown()
        server.server_close()


def test_english_switch_keeps_the_stamp_result(built: DemoSite, site_dir: Path, browser: Chromium) -> None:
    server, url = start_in_thread(site_dir)
    try:
        dom = browser.dom(local(built.genuine[0], url) + "&lang=en")
        assert 'class="en-page"' in dom and 'lang="en"' in dom
        assert i18n.translation("Stamp check", "en") in dom
    finally:
        server.shutdown()
        server.server_close()


def test_the_proxy_catches_a_page_that_fetches_from_elsewhere(tmp_path: Path) -> None:
    """The check above can fail: a page with one outside image is caught."""
    page = tmp_path / "leaky.html"
    page.write_text('<img src="http://cdn.example.com/font.png"><script src="https://cdn.example.org/x.js"></script>')
    with recording_proxy() as (proxy, seen):
        Chromium(tmp_path / "profile", proxy).dom(page.as_uri())
        assert any("cdn.example.com" in s for s in seen) and any("cdn.example.org" in s for s in seen), seen


def test_a_site_under_a_path_like_a_github_project_page(
    service: CatalogService, tmp_path: Path, browser: Chromium
) -> None:
    """Resolver https://htx.github.io/truyxuat: every link, asset and stamp check carries the path."""
    from tests.site.conftest import make_demo

    demo = make_demo(service, base="https://htx.github.io/truyxuat")
    public = tmp_path / "public"
    build_site(service, public / "truyxuat")
    block = f"root {public}; index index.html; error_page 404 /truyxuat/404.html;"
    with nginx(tmp_path / "pages-host", block) as server:
        for url, status, words in (
            (demo.genuine[0], "genuine", GENUINE),
            (demo.voided[0], "voided", VOIDED),
            (demo.short[0], "genuine", GENUINE),
            (tamper(demo.genuine[1]), "invalid", INVALID),
        ):
            expect(browser.dom(server + url.removeprefix("https://htx.github.io")), status, words)
    rules = nginx_conf_path((public / "truyxuat").resolve())
    with nginx(tmp_path / "nginx", f"include {rules};") as server:  # the built rules handle the path too
        for url, status, words in ((demo.genuine[3], "genuine", GENUINE), (demo.short[1], "genuine", GENUINE)):
            expect(browser.dom(server + url.removeprefix("https://htx.github.io")), status, words)
        assert "Mật ong" in browser.dom(server + "/truyxuat/sp/MO-NX-500/")
    preview, base = start_in_thread(public / "truyxuat")
    try:
        assert base.endswith("/truyxuat/")
        expect(
            browser.dom(base.removesuffix("/truyxuat/") + demo.genuine[2].removeprefix("https://htx.github.io")),
            "genuine",
            GENUINE,
        )
    finally:
        preview.shutdown()
        preview.server_close()


def _published_long_ago(folder: Path) -> None:
    """Files a host has served for two months: without a caching policy a browser keeps them for
    days (heuristic freshness, a tenth of their age), which is how a voided stamp still read genuine."""
    old = time.time() - 60 * 86400
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))


@contextmanager
def _host(kind: str, site_dir: Path, workdir: Path) -> Iterator[str]:
    if kind == "preview":
        server, url = start_in_thread(site_dir)
        try:
            yield url.rstrip("/")
        finally:
            server.shutdown()
            server.server_close()
        return
    block = (
        f"include {nginx_conf_path(site_dir.resolve())};"
        if kind == "nginx"
        else f"root {site_dir.resolve()}; index index.html; error_page 404 /404.html;"
    )
    with nginx(workdir, block) as server:
        yield server


@pytest.mark.parametrize("kind", ["nginx", "static-host", "preview"])
def test_a_voided_stamp_reads_voided_after_a_rebuild_in_the_same_browser(
    kind: str, built: DemoSite, site_dir: Path, tmp_path: Path, browser: Chromium
) -> None:
    """A shopper checks a stamp, the cooperative voids it and rebuilds: the same browser (same
    profile, same cache) must now say voided — on nginx with the built rules, on a host without
    rules that sends no caching policy at all, and on the preview server."""
    _published_long_ago(site_dir)
    stamp = built.genuine[0]
    with _host(kind, site_dir, tmp_path / "host") as server:
        expect(browser.dom(local(stamp, server)), "genuine", GENUINE)
        stamps.void(built.service, built.gtin_lot, 1, 1, "sold twice", sku=None)
        build_site(built.service, site_dir)
        expect(browser.dom(local(stamp, server)), "voided", VOIDED)
        expect(browser.dom(local(built.genuine[1], server)), "genuine", GENUINE)  # its neighbours are not
