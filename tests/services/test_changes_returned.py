"""Every mutation says what it changed (#24): the windows apply what the service returns, never a `Changes`
of their own making, so a mutation that returned nothing would leave a screen stale."""

from __future__ import annotations

from pathlib import Path

from ocopdesk.services import categories, listings
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.changes import Changes
from ocopdesk.services.stamp_print import LabelOptions, load_label_options, save_label_options


def test_settings_mutations_return_what_they_changed(tmp_path: Path) -> None:
    service = CatalogService.open(tmp_path / "c.sqlite")
    try:
        assert categories.add_rule(service, "shopee", "100785", keyword="mật ong") == Changes(settings=True)
        assert listings.set_photo_way(service, "shopee", listings.BUNDLE) == Changes(settings=True)
        assert save_label_options(service, LabelOptions(own_text="HTX Như Xuân")) == Changes(settings=True)
        # and they did change what they say
        assert categories.rules(service, "shopee")[0][0].keyword == "mật ong"
        assert listings.photo_way(service, "shopee") == listings.BUNDLE
        assert load_label_options(service).own_text == "HTX Như Xuân"
    finally:
        service.close()
