"""A rebuild with nothing changed (#28) is known from the catalogue's change marks and the last build's state: it
makes no page, reads no product and says what the last build said; any change at all, a new day, or a file
missing from the folder sends the build back to comparing every page."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from ocopdesk.services.site import build_site
from ocopdesk.services.site_pages import SitePages
from tests.site.conftest import DemoSite

DAY = dt.date(2026, 11, 10)


def forbid_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    def outputs(*_args: object) -> None:
        raise AssertionError("the pages were made again")

    monkeypatch.setattr(SitePages, "outputs", outputs)


def test_nothing_changed_makes_nothing_and_reports_the_same(
    demo: DemoSite, site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build_site(demo.service, site_dir, today=DAY)
    assert first.pages and first.written

    with monkeypatch.context() as patch:
        forbid_pages(patch)
        again = build_site(demo.service, site_dir, today=DAY)
    assert (again.pages, again.warnings, again.written, again.removed) == (first.pages, first.warnings, [], [])
    assert again.unchanged == len(first.written) and again.nginx_conf == first.nginx_conf


@pytest.mark.parametrize("change", ["product", "stamp void", "profile", "day", "page deleted"])
def test_any_change_makes_the_build_compare_again(
    demo: DemoSite, site_dir: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    service = demo.service
    build_site(service, site_dir, today=DAY)
    view = next(b for b in service.batches() if b.batch.lot_code == demo.gtin_lot)
    today = DAY
    if change == "product":
        detail = service.product_by_sku(view.sku)
        service.save_product(replace(detail.product, description="Vụ mới."))
    elif change == "stamp void":
        from ocopdesk.services import stamps

        stamps.void(service, demo.gtin_lot, 1, 1, "torn", sku=view.sku)
    elif change == "profile":
        from ocopdesk.services.profile import load_profile, save_profile

        save_profile(service, replace(load_profile(service), phone="0987 654 321"))
    elif change == "day":
        today = DAY + dt.timedelta(days=1)
    else:
        (site_dir / f"sp/{view.sku}/index.html").unlink()
    with monkeypatch.context() as patch:
        forbid_pages(patch)
        with pytest.raises(AssertionError, match="made again"):
            build_site(service, site_dir, today=today)
    report = build_site(service, site_dir, today=today)
    assert change == "day" or report.written  # a new day changes nothing here unless a certificate ends


def test_stamps_are_read_again_only_when_their_inputs_change(
    demo: DemoSite, site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A product's text changes nothing in the stamp data: no stamp is read. A voided stamp and a renamed lot
    (its page moves) each rewrite the shards that hold them."""
    from ocopdesk.services import stamps
    from ocopdesk.services.catalog_parts import StampRows

    service = demo.service
    build_site(service, site_dir, today=DAY)
    view = next(b for b in service.batches() if b.batch.lot_code == demo.gtin_lot)
    detail = service.product_by_sku(view.sku)
    service.save_product(replace(detail.product, description="Vụ mới."))
    with monkeypatch.context() as patch:

        def unread(*_args: object) -> None:
            raise AssertionError("the stamps were read")

        patch.setattr(StampRows, "published_rows", unread)
        report = build_site(service, site_dir, today=DAY)
    assert report.written and not any(rel.startswith("v/") for rel in report.written)

    stamps.void(service, demo.gtin_lot, 1, 1, "torn", sku=view.sku)
    voided = build_site(service, site_dir, today=DAY).written
    assert "v/index.js" in voided and any(rel.startswith("v/") and rel != "v/index.js" for rel in voided)
