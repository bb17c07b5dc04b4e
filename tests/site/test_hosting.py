"""What the web server sends, over real HTTP on 127.0.0.1: nginx with the rules the build wrote, and
`ocopdesk site serve`. Pages and stamp data are revalidated every time, only content-addressed files
are kept long, and the site's internal files are never served."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from ocopdesk.domain.stamp import read_scan
from ocopdesk.services import stamps
from ocopdesk.services.publish import STATE
from ocopdesk.services.site import MANIFEST, build_site
from ocopdesk.services.site_hosting import nginx_conf_path
from ocopdesk.services.site_preview import start_in_thread
from tests.browsers import nginx
from tests.site.conftest import DemoSite, local

HIDDEN = (f"/{MANIFEST}", f"/{STATE}", "/.nojekyll", "/v/.AB.js.123.partial", "/%2Eocopdesk-site.json")


@pytest.fixture
def built(built_demo: DemoSite, site_dir: Path) -> DemoSite:
    """The demo with its website built in site_dir (a copy of one build: tests/site/conftest.py)."""
    demo = built_demo
    (site_dir / STATE).write_text('{"https://host/": {}}')  # what a publish leaves in the folder
    (site_dir / "v" / ".AB.js.123.partial").write_text("half a file")  # what a killed build leaves
    return demo


@contextmanager
def host(kind: str, site_dir: Path, workdir: Path) -> Iterator[str]:
    if kind == "preview":
        server, url = start_in_thread(site_dir)
        try:
            yield url.rstrip("/")
        finally:
            server.shutdown()
            server.server_close()
    else:
        with nginx(workdir, f"include {nginx_conf_path(site_dir.resolve())};") as url:
            yield url


def index_version(site_dir: Path) -> str:
    found = re.fullmatch(r'ocopStampVersion\("([0-9a-f]+)"\);\n', (site_dir / "v" / "index.js").read_text())
    assert found
    return found.group(1)


def test_the_stamp_data_address_changes_when_a_stamp_is_voided(built: DemoSite, site_dir: Path) -> None:
    before = index_version(site_dir)
    build_site(built.service, site_dir)
    assert index_version(site_dir) == before  # nothing changed: the cached shards stay good
    stamps.void(built.service, built.gtin_lot, 1, 1, "sold twice")
    report = build_site(built.service, site_dir)
    assert index_version(site_dir) != before
    shard = f"v/{read_scan(built.genuine[0]).serial[:2]}.js"
    assert sorted(report.written) == sorted([shard, "v/index.js"])
    script = (site_dir / "assets" / "stamp.js").read_text()
    assert "'v/index.js?t=' + new Date().getTime()" in script and "'.js?v=' + enc(version)" in script


@pytest.mark.parametrize("kind", ["nginx", "preview"])
def test_pages_and_stamp_data_are_revalidated_and_only_hashed_files_kept(
    kind: str, built: DemoSite, site_dir: Path, tmp_path: Path
) -> None:
    photo = next(p for p in (site_dir / "img").iterdir()).name
    shard = f"/v/{read_scan(built.genuine[0]).serial[:2]}.js"
    with host(kind, site_dir, tmp_path / "nginx") as server:
        for path in ("/", "/htx/", "/v/index.js", shard, local(built.genuine[0], server)[len(server) :], "/404.html"):
            answer = requests.get(server + path, timeout=10)
            assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-cache", path
        for path in (f"/img/{photo}", "/assets/stamp.js"):
            answer = requests.get(server + path, timeout=10)
            assert answer.status_code == 200, path
            assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable", path
        missing = requests.get(server + "/sp/NO-SUCH-THING/", timeout=10)
        assert missing.status_code == 404 and "immutable" not in missing.headers.get("Cache-Control", "")


@pytest.mark.parametrize("kind", ["nginx", "preview"])
def test_internal_files_are_never_served(kind: str, built: DemoSite, site_dir: Path, tmp_path: Path) -> None:
    with host(kind, site_dir, tmp_path / "nginx") as server:
        for path in HIDDEN:
            answer = requests.get(server + path, timeout=10)
            assert answer.status_code == 404, path
            assert b'"files"' not in answer.content and b"https://host/" not in answer.content, path
            assert b"half a file" not in answer.content, path
        assert requests.get(server + "/htx/", timeout=10).status_code == 200


def test_the_preview_lists_no_folder(built: DemoSite, site_dir: Path) -> None:
    server, url = start_in_thread(site_dir)
    try:
        for path in ("v/", "img/", "assets/", "01/", "v"):
            answer = requests.get(url + path, timeout=10)
            assert answer.status_code == 404, path
            assert "index.js" not in answer.text and ".jpg" not in answer.text, path
        head = requests.head(url + f"{MANIFEST}", timeout=10)
        assert head.status_code == 404
    finally:
        server.shutdown()
        server.server_close()


def test_nginx_lists_no_folder(built: DemoSite, site_dir: Path, tmp_path: Path) -> None:
    with host("nginx", site_dir, tmp_path / "nginx") as server:
        for path in ("/v/", "/img/", "/assets/"):
            answer = requests.get(server + path, timeout=10)
            assert answer.status_code in (403, 404), path
            assert "index.js" not in answer.text and ".jpg" not in answer.text, path
