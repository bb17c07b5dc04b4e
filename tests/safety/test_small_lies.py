"""Issue #20's small lies, each tried as a clerk or shopper meets it: a void dated before the stamp's issue
(the clock set back, with Debian's faketime), a 200-character unbroken product name on a 412 px phone in real
Chromium, English byte sizes, `tel:` links."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from ocopdesk.domain import site_paths
from ocopdesk.services import stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.site import build_site
from ocopdesk.services.site_preview import start_in_thread
from tests.browsers import Chromium, recording_proxy
from tests.safety.devtools import devtools
from tests.site.conftest import local, make_demo

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "ocopdesk", *args],
        cwd=ROOT,
        env={**os.environ, "OCOPDESK_LANG": "en"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(shutil.which("faketime") is None, reason="needs Debian's faketime")
def test_a_void_is_never_dated_before_the_stamps_issue(db_path: Path) -> None:
    service = CatalogService.open(db_path)
    demo = make_demo(service)
    lot = demo.short_lot
    service.close()
    back = ("faketime", "-f", "2020-01-02 03:04:05")  # the laptop's clock set back years
    done = _cli(
        "stamps", "void", "--lot", lot, "--serials", "1-1", "--reason", "hỏng", "--db", str(db_path), prefix=back
    )
    assert done.returncode == 0, done.stderr
    service = CatalogService.open(db_path)
    try:
        batch = stamps.find_lot(service, lot)
        stamp = next(s for s, _url in stamps.urls_for(service, batch, 1, 1))
    finally:
        service.close()
    assert stamp.status == "voided" and stamp.voided_at >= stamp.issued_at and not stamp.voided_at.startswith("2020")


@pytest.mark.parametrize(("language", "expected"), [("en", "is 1,025 MB"), ("vi", "1.025 MB")])
def test_a_refused_1_gib_file_is_sized_with_the_languages_separators(
    tmp_path: Path, language: str, expected: str
) -> None:
    big = tmp_path / "danh-sach.csv"
    with big.open("wb") as handle:  # sparse: 1 GiB on paper, nothing on disk
        handle.write("Tên sản phẩm,Mã SP\n".encode())
        handle.truncate((1 << 30) + 5)
    done = subprocess.run(
        [sys.executable, "-m", "ocopdesk", "import", str(big), "--db", str(tmp_path / "c.sqlite")],
        cwd=ROOT,
        env={**os.environ, "OCOPDESK_LANG": language},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0 and expected in done.stdout + done.stderr, done.stdout + done.stderr


LONG_NAME = "MậtonghoarừngNhưXuân" * 10  # 200 characters, no space: what a paste from a spreadsheet can make


def _width_at_412(browser: Chromium, site: Path, base: str, path: str) -> int:
    """The page's document width inside a 412 px frame (a phone's layout viewport), read back by a same-origin
    page that `--dump-dom` prints."""
    name = f"do-rong-{abs(hash(path))}.html"
    (site / name).write_text(
        '<!doctype html><body style="margin:0"><p id="out">waiting</p>'
        f'<iframe id="f" src="{base}{path}" style="width:412px;height:900px;border:0"></iframe><script>'
        "document.getElementById('f').onload = function () { document.getElementById('out').textContent ="
        " 'width=' + this.contentDocument.documentElement.scrollWidth; };</script>",
        encoding="utf-8",
    )
    dom = browser.dom(base + name)
    return int(dom.split("width=", 1)[1].split("<", 1)[0])


def test_a_200_character_unbroken_name_does_not_widen_the_phone_page(service: CatalogService, tmp_path: Path) -> None:
    demo = make_demo(service)
    sku = next(b.sku for b in service.batches() if b.batch.lot_code == demo.gtin_lot)  # its stamps are genuine
    detail = service.product_by_sku(sku)
    service.save_product(replace(detail.product, name=LONG_NAME))
    site = tmp_path / "web"
    build_site(service, site)
    server, base = start_in_thread(site)
    stamp_page = local(demo.genuine[0], base.rstrip("/"))
    try:
        with recording_proxy() as (proxy, seen):
            browser = Chromium(tmp_path / "profile", proxy)
            widths = {
                "product": _width_at_412(browser, site, base, site_paths.product_path(sku)),
                "stamp": _width_at_412(browser, site, base, stamp_page[len(base) :]),
            }
            assert seen == []
    finally:
        server.shutdown()
        server.server_close()
    assert all(w <= 412 for w in widths.values()), widths


def test_tel_links_carry_no_spaces(service: CatalogService, tmp_path: Path) -> None:
    make_demo(service)  # the profile's phone is "0912 345 678", as clerks type it
    build_site(service, tmp_path / "web")
    page = (tmp_path / "web" / "htx" / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:0912345678"' in page and ">0912 345 678<" in page


def test_back_to_a_stamp_page_after_a_void_and_rebuild_says_voided(service: CatalogService, tmp_path: Path) -> None:
    """Real Chromium through DevTools: check a stamp (genuine), go on to another page, the cooperative voids the
    stamp and rebuilds, the shopper presses Back. The page comes from the back-forward cache (its script state
    survives: proven by a marker), and must say voided, not the genuine answer it had."""
    demo = make_demo(service)
    site = tmp_path / "web"
    build_site(service, site)
    server, base = start_in_thread(site)
    stamp = demo.genuine[0]
    try:
        with recording_proxy() as (proxy, seen), devtools(tmp_path / "profile", proxy) as page:
            page.call("Page.enable")
            page.call("Page.navigate", url=local(stamp, base.rstrip("/")))
            page.wait_for("document.getElementById('stamp') && document.getElementById('stamp').className")
            assert (
                page.wait_for(
                    "/genuine|voided/.test(document.getElementById('stamp').className) && "
                    "document.getElementById('stamp').className"
                )
                == "stamp genuine"
            )
            page.evaluate("window.shownBefore = true")
            number = 1  # demo.genuine[0] is the first stamp of its lot
            stamps.void(service, demo.gtin_lot, number, number, "khách báo mất")
            build_site(service, site)
            page.call("Page.navigate", url=base + "htx/")
            page.wait_for("location.pathname.indexOf('/htx/') >= 0 && document.readyState === 'complete'")
            page.evaluate("history.back()")
            page.wait_for("!!document.getElementById('stamp')")
            assert page.evaluate("window.shownBefore === true"), "not restored from the back-forward cache"
            assert page.wait_for("document.getElementById('stamp').className === 'stamp voided'")
            assert seen == []
    finally:
        server.shutdown()
        server.server_close()
