"""Stamp checks end to end (#27): the nginx rules the build wrote, on 127.0.0.1, write their stamp log
while headless Chromium opens genuine, voided, tampered and never-issued stamp URLs; the log is loaded
and the counts and signals are the ones those visits must give."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ocopdesk.services import scans, stamps
from ocopdesk.services.site import build_site
from ocopdesk.services.site_hosting import nginx_conf_path, stamp_log_path
from tests.browsers import Chromium, nginx, recording_proxy
from tests.site.conftest import DemoSite, local, tamper, unknown_serial


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Chromium]:
    with recording_proxy() as (proxy, seen):
        yield Chromium(tmp_path / "chromium-profile", proxy)
        assert seen == [], f"requests left 127.0.0.1: {seen}"


def serial(url: str) -> str:
    return url.split("?")[0].rstrip("/").rsplit("/", 1)[1]


def visit_stamps(demo: DemoSite, site_dir: Path, workdir: Path, browser: Chromium) -> list[str]:
    """Open the stamps as shoppers would; returns the URLs opened (each a check)."""
    opened = [
        demo.genuine[0],
        demo.genuine[0],
        demo.genuine[1],
        tamper(demo.genuine[2]),  # a forged code on a real serial: still a check of that serial
        demo.genuine[3],  # never printed
        demo.voided[0],
        unknown_serial(demo.genuine[1]),
        demo.short[0],
    ]
    with nginx(workdir, f"include {nginx_conf_path(site_dir.resolve())};") as server:
        for url in opened:
            browser.dom(local(url, server))
        browser.dom(local(demo.genuine[0].split("/21/")[0], server))  # the lot page itself: no check
    return opened


def test_checks_through_nginx_are_counted_and_flagged(
    demo: DemoSite, site_dir: Path, tmp_path: Path, browser: Chromium
) -> None:
    service = demo.service
    printed = [s for s in service.stamp_rows.for_batch(_batch_id(demo)) if s.number <= 3]
    stamps.record_printed(service, printed)
    build_site(service, site_dir)
    opened = visit_stamps(demo, site_dir, tmp_path / "nginx", browser)

    log = stamp_log_path(site_dir.resolve())
    lines = log.read_text().splitlines()
    assert len(lines) == len(opened), lines  # only stamp URLs reach the stamp log, one line per visit
    assert all('"GET /01/' in line or '"GET /s/' in line for line in lines)

    report = scans.load(service, [log])
    assert (report.checks, report.malformed) == (len(opened), 0)
    found = {s.serial: s for s in scans.stamps(service)}
    assert found[serial(demo.genuine[0])].checks == 2
    assert found[serial(demo.genuine[0])].flags == ()
    assert found[serial(demo.genuine[0])].devices == {"Linux": 2}  # HeadlessChrome on X11
    assert found[serial(demo.genuine[2])].checks == 1
    assert [f.kind for f in found[serial(demo.genuine[3])].flags] == ["unprinted"]
    assert [f.kind for f in found[serial(demo.voided[0])].flags] == ["voided"]
    assert [f.kind for f in found["ZZZZZZZZZZ"].flags] == ["unknown"]
    assert found[serial(demo.short[0])].lot == demo.short_lot  # the short form's lot comes from the catalogue
    suspicious = {s.serial for s in scans.stamps(service, suspicious=True)}
    assert suspicious == {serial(demo.genuine[3]), serial(demo.voided[0]), "ZZZZZZZZZZ", serial(demo.short[0])}

    assert scans.load(service, [log]).checks == 0  # loaded twice: nothing counted twice


def _batch_id(demo: DemoSite) -> int:
    return next(b.batch.id for b in demo.service.batches() if b.batch.lot_code == demo.gtin_lot)


def test_the_next_build_tells_the_shopper_first_check_count_and_copy_warning(
    demo: DemoSite, site_dir: Path, tmp_path: Path, browser: Chromium
) -> None:
    """A stamp checked from six networks in six days is flagged copied; after the next build its page
    says when it was first checked, how often, and warns; a quiet stamp gets the date and count only."""
    service = demo.service
    stamps.record_printed(service, service.stamp_rows.for_batch(_batch_id(demo)))
    copied, quiet = serial(demo.genuine[0]), serial(demo.genuine[1])
    path = demo.genuine[0].removeprefix("https://truyxuat.example.vn")
    quiet_path = demo.genuine[1].removeprefix("https://truyxuat.example.vn")
    ua = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36"
    lines = [
        f'198.51.{n}.20 - - [0{n + 1}/Dec/2026:09:00:00 +0700] "GET {path} HTTP/1.1" 200 900 "-" "{ua}"'
        for n in range(6)
    ]
    lines.append(f'203.0.113.9 - - [03/Dec/2026:10:00:00 +0700] "GET {quiet_path} HTTP/1.1" 200 900 "-" "{ua}"')
    log = tmp_path / "access.log"
    log.write_text("\n".join(lines) + "\n")
    scans.load(service, [log])
    build_site(service, site_dir)
    with nginx(tmp_path / "nginx", f"include {nginx_conf_path(site_dir.resolve())};") as server:
        flagged = browser.dom(local(demo.genuine[0], server))
        calm = browser.dom(local(demo.genuine[1], server))
        browser.screenshot(local(demo.genuine[0], server), tmp_path / "copied.png", (412, 900))
    assert "Quét lần đầu ngày 01/12/2026; đã có 6 lượt quét." in flagged
    assert "có thể là tem giả" in flagged and 'class="stamp genuine copied"' in flagged
    assert "Quét lần đầu ngày 03/12/2026; đã có 1 lượt quét." in calm and "có thể là tem giả" not in calm
    assert copied != quiet and "198.51" not in (site_dir / "v").joinpath(f"{copied[:2]}.js").read_text()
    shutil.copy(tmp_path / "copied.png", Path("/tmp/t27-copied.png"))
