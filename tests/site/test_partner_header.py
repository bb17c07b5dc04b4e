"""A partner's product on the cooperative's website is headed by its own producer (#22).

The demo's site belongs to HTX Mật ong Như Xuân and also carries its partners' products (HTX Cói Nga
Sơn's mats and bags…). A shopper reads the name at the top of a page as the maker's; before #22 every page
opened with the site owner's name, so a mat made in Nga Sơn read as made by the honey cooperative. The text
is read in the order a browser shows it (Vietnamese, as the page opens)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from ocopdesk.domain import site_paths
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.profile import load_profile, save_profile
from ocopdesk.services.site import build_site
from tests.site.test_page_text import read

OWNER = "HTX Mật ong Như Xuân"
PARTNER = "HTX Cói Nga Sơn"
PARTNER_SKU = "COI-NS-CHIEU"
OWN_SKU = "MO-NX-500"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The demo site, owned by the honey cooperative, and each product's lot-page path."""
    folder = tmp_path_factory.mktemp("partner-site")
    service = CatalogService.open(folder / "c.sqlite")
    load_demo(service, today=dt.date(2026, 11, 10))
    save_profile(service, replace(load_profile(service), name=OWNER, resolver_base_url="https://truyxuat.example.vn"))
    lots = {}
    for view in service.batches():
        gtin = service.product_by_sku(view.sku).product.gtin
        lots.setdefault(view.sku, site_paths.lot_path(view.sku, view.batch.lot_code, gtin))
    build_site(service, folder / "site")
    service.close()
    return folder / "site", lots


def shown_text(page: Path) -> str:
    return " ".join(" ".join(read(page).texts).split())


def page_file(site: Path, path: str) -> Path:
    return site / path / "index.html"


@pytest.mark.parametrize("kind", ["product", "lot"])
def test_a_partners_page_names_the_partner_first(built: tuple[Path, dict[str, str]], kind: str) -> None:
    site, lots = built
    path = site_paths.product_path(PARTNER_SKU) if kind == "product" else lots[PARTNER_SKU]
    text = shown_text(page_file(site, path))
    assert text.startswith(PARTNER), text[:200]
    # the owner stays, in the small print after the partner and before the product's own heading
    assert text.index(PARTNER) < text.index("trên trang của") < text.index(OWNER) < text.index("Chiếu cói")


@pytest.mark.parametrize("kind", ["product", "lot"])
def test_the_owners_own_page_keeps_its_plain_header(built: tuple[Path, dict[str, str]], kind: str) -> None:
    site, lots = built
    path = site_paths.product_path(OWN_SKU) if kind == "product" else lots[OWN_SKU]
    text = shown_text(page_file(site, path))
    assert text.startswith(OWNER), text[:200]
    assert "trên trang của" not in text


def test_the_cooperatives_page_is_headed_by_the_owner(built: tuple[Path, dict[str, str]]) -> None:
    site, _lots = built
    text = shown_text(page_file(site, site_paths.COOPERATIVE_PATH))
    assert text.startswith(OWNER) and "trên trang của" not in text
