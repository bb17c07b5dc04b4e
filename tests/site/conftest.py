"""A demo catalogue with stamps (genuine, voided, no-GTIN) and its built website.

The demo is built once per test process (one per pytest-xdist worker) and each test gets a copy of its
files (catalogue and photo folder), which costs milliseconds instead of a demo load and two stamp runs.
Its website too (`built_demo`, issue #21): built once a day per process, copied, and the two things a build
writes that name its folder (the nginx rules beside it, the catalogue's site-folder setting) written again
for the copy by the build's own functions; a copy that still names the template's folder fails the test."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from ocopdesk.services import stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.profile import load_profile, save_profile
from ocopdesk.services.site import MANIFEST, SITE_PREFIX, build_site
from ocopdesk.services.site_hosting import nginx_conf_path, write_nginx_conf
from ocopdesk.storage.database import media_dir_for

BASE = "https://truyxuat.example.vn"


@dataclass
class DemoSite:
    service: CatalogService
    gtin_lot: str  # a lot of a product with a GTIN
    short_lot: str  # a lot of a product without one
    genuine: list[str]  # stamp URLs
    voided: list[str]
    short: list[str]


def make_demo(service: CatalogService, base: str = BASE) -> DemoSite:
    load_demo(service, today=dt.date(2026, 11, 10))
    save_profile(
        service, replace(load_profile(service), name="HTX Như Xuân", resolver_base_url=base, phone="0912 345 678")
    )
    with_gtin = next(b for b in service.batches() if service.product_by_sku(b.sku).product.gtin)
    without = next(b for b in service.batches() if not service.product_by_sku(b.sku).product.gtin)
    urls = stamps.issue(service, with_gtin.batch.lot_code, 6, sku=with_gtin.sku).urls
    stamps.void(service, with_gtin.batch.lot_code, 5, 6, "spoiled sheet", sku=with_gtin.sku)
    short = stamps.issue(service, without.batch.lot_code, 2, sku=without.sku).urls
    return DemoSite(service, with_gtin.batch.lot_code, without.batch.lot_code, urls[:4], urls[4:], short)


@dataclass(frozen=True)
class DemoTemplate:
    path: Path  # a closed catalogue made by make_demo
    site: DemoSite  # its lots and stamp URLs (the service in it is closed)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    path = tmp_path_factory.mktemp("demo-template") / "catalogue.sqlite"
    service = CatalogService.open(path)
    site = make_demo(service)
    service.close()
    return DemoTemplate(path, site)


def copy_catalogue(source: Path, target: Path) -> None:
    """A closed catalogue's files (the database and its photo folder) to a new place."""
    shutil.copy2(source, target)
    if media_dir_for(source).is_dir():
        shutil.copytree(media_dir_for(source), media_dir_for(target))


@pytest.fixture(scope="session")
def built_templates(demo_template: DemoTemplate, tmp_path_factory: pytest.TempPathFactory) -> dict[dt.date, Path]:
    """The demo template's catalogue and its website (`site`) in one folder, by the day they were built: pages
    say what is expired today, so a run that passes midnight builds again."""
    return {}


def built_template(templates: dict[dt.date, Path], demo: DemoTemplate, factory: pytest.TempPathFactory) -> Path:
    today = dt.date.today()
    if today not in templates:
        folder = factory.mktemp("built-template")
        copy_catalogue(demo.path, folder / "catalogue.sqlite")
        service = CatalogService.open(folder / "catalogue.sqlite")
        build_site(service, folder / "site", today=today)
        service.close()
        templates[today] = folder
    return templates[today]


@pytest.fixture
def service(db_path: Path, request: pytest.FixtureRequest) -> Iterator[CatalogService]:
    """The catalogue at db_path; a copy of the demo when the test asks for `demo` too, of the demo whose
    website was built when it asks for `built_demo`."""
    if "built_demo" in request.fixturenames:
        folder = built_template(
            request.getfixturevalue("built_templates"),
            request.getfixturevalue("demo_template"),
            request.getfixturevalue("tmp_path_factory"),
        )
        copy_catalogue(folder / "catalogue.sqlite", db_path)
        request.node.stash[BUILT_FROM] = folder
    elif "demo" in request.fixturenames:
        copy_catalogue(request.getfixturevalue("demo_template").path, db_path)
    svc = CatalogService.open(db_path)
    yield svc
    svc.close()


@pytest.fixture
def demo(service: CatalogService, demo_template: DemoTemplate) -> DemoSite:
    return replace(demo_template.site, service=service)


BUILT_FROM = pytest.StashKey[Path]()


@pytest.fixture
def built_demo(demo: DemoSite, site_dir: Path, request: pytest.FixtureRequest) -> DemoSite:
    """The demo after `build_site(demo.service, site_dir)`: a copy of a build made once (files get today's
    times, as a build's would). What names the folder is written again as the build writes it."""
    template = request.node.stash[BUILT_FROM]
    shutil.copytree(template / "site", site_dir, copy_function=shutil.copy)
    out = site_dir.resolve()
    root = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["root"]
    write_nginx_conf(out, root)
    demo.service.settings.save(SITE_PREFIX, {"folder": str(out)})
    copied = [*out.rglob("*"), nginx_conf_path(out)]
    named = [p.name for p in copied if p.is_file() and str(template).encode() in p.read_bytes()]
    assert not named, f"copied from the template but still naming its folder: {named}"
    assert str(template) not in json.dumps(demo.service.settings.get_all("")), "a setting names the template"
    # The manifest records the state a build was made from (services/site_state.py: the folder and the
    # catalogue's change marks among it); the copy's is the template's. One build in place finds every page
    # current and records this folder's state, as a build made here would have.
    again = build_site(demo.service, out)
    assert again.written == [] and again.removed == [], again.summary()
    return demo


def local(url: str, server: str) -> str:
    """The stamp URL as the shopper's phone would request it, sent to our test server instead."""
    return server.rstrip("/") + url[len(BASE) :]


def tamper(url: str) -> str:
    """Change one character of the code: what a forger guessing codes produces."""
    head, code = url.rsplit("k=", 1)
    return f"{head}k={code[:-1]}{'0' if code[-1] != '0' else '1'}"


def unknown_serial(url: str) -> str:
    head, rest = url.split("/21/")
    return f"{head}/21/ZZZZZZZZZZ?{rest.split('?')[1]}"


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    return tmp_path / "site"
