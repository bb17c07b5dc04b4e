"""The demo speaks for one of its Thanh Hóa cooperatives, so the guide and the website have a name to show;
it never overwrites a profile the clerk filled in, and never invents a traceability address."""

from __future__ import annotations

from dataclasses import replace

from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.profile import load_profile, save_profile


def test_the_demo_fills_an_empty_profile(service: CatalogService) -> None:
    load_demo(service)
    profile = load_profile(service)
    assert profile.name == "HTX Mật ong Như Xuân" and profile.address.endswith("tỉnh Thanh Hóa")
    assert profile.phone == "0237 3868 123" and profile.resolver_base_url == ""
    producers = {p.name: p for p in service.producers()}
    assert producers[profile.name].phone == profile.phone  # the same cooperative as in the demo's list


def test_the_demo_keeps_a_profile_filled_in_before(service: CatalogService) -> None:
    save_profile(
        service, replace(load_profile(service), name="HTX Chè Hoàng Hóa", resolver_base_url="https://t.htx.vn")
    )
    load_demo(service)
    profile = load_profile(service)
    assert (profile.name, profile.address, profile.resolver_base_url) == ("HTX Chè Hoàng Hóa", "", "https://t.htx.vn")
