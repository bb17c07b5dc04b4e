from __future__ import annotations

from ocopdesk.domain import site_paths
from ocopdesk.domain.stamp import stamp_url


def test_lot_page_is_the_stamp_url_without_its_serial() -> None:
    url = stamp_url("https://t.vn", "9REBCG9Z8Y", "TD2X91ZQZG654", gtin="8938500121005", lot="MO-261109")
    page = site_paths.lot_path("MO", "MO-261109", "8938500121005")
    assert url.startswith("https://t.vn/" + page.rstrip("/") + "/21/")
    assert site_paths.served_page(url.removeprefix("https://t.vn").split("?")[0]) == page


def test_short_form_is_served_by_the_lookup_page() -> None:
    url = stamp_url("https://t.vn", "9REBCG9Z8Y", "TD2X91ZQZG654")
    assert site_paths.served_page(url.removeprefix("https://t.vn").split("?")[0]) == "s/"
    assert site_paths.served_page("/sp/MO/") is None


def test_page_files_stay_inside_the_site() -> None:
    assert str(site_paths.page_file("sp/MO-1/")) == "sp/MO-1/index.html"
    assert str(site_paths.page_file(site_paths.lot_path("A", "L1/2", "8938500121005"))).endswith("10/L1/2/index.html")
    assert site_paths.page_file(site_paths.product_path("A/../B")) is None
    assert site_paths.page_file(site_paths.lot_path("A", "..", "8938500121005")) is None
    assert site_paths.page_file(site_paths.lot_path("A", 'x"<y', "8938500121005")) is None
    assert str(site_paths.page_file("")) == "index.html"
