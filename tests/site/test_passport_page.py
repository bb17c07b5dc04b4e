"""The stamp page's item table (#25) as a shopper's phone shows it: headless Chromium opens a real stamp
URL in a 412 px wide frame and the test reads the frame's innerText (what CSS leaves visible, in the
language the switch chose), so a row hidden by a stylesheet or a missing translation fails here."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from ocopdesk.domain.batch import BatchEvent
from ocopdesk.services import stamps
from ocopdesk.services.site import build_site
from ocopdesk.services.site_preview import start_in_thread
from tests.browsers import Chromium, recording_proxy
from tests.site.conftest import DemoSite, local

HONEY = "MO-NX-500"
# The rows in the order domain/passport.py fixes, as the Vietnamese page labels them.
VI_ORDER = [
    "Tên sản phẩm",
    "Hình ảnh sản phẩm",
    "Mã GTIN",
    "Nhãn hiệu / thương hiệu",
    "Tên cơ sở sản xuất",
    "Địa chỉ cơ sở sản xuất",
    "Mã số thuế",
    "Mã địa điểm toàn cầu (GLN)",
    "Xuất xứ",
    "Mã truy xuất",
    "Ngày sản xuất",
    "Hạn sử dụng đến",
    "Tiêu chuẩn áp dụng",
    "Chứng nhận",
    "Cảnh báo an toàn",
    "Hướng dẫn sử dụng",
    "Các công đoạn sản xuất",
]
EN_ORDER = ["Product name", "GTIN", "Tax code", "Applied standard", "Safety warnings", "Production stages"]
PROBE = """<!doctype html><meta charset="utf-8"><body><iframe id="f" style="width:412px;height:3000px"></iframe>
<script>var f = document.getElementById('f'); f.onload = function () { setTimeout(function () {
 var pre = document.createElement('pre'); pre.id = 'text'; pre.textContent = f.contentDocument.body.innerText;
 document.body.appendChild(pre); }, 300); }; f.src = decodeURIComponent(location.hash.slice(1));</script>"""


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Chromium]:
    with recording_proxy() as (proxy, seen):
        yield Chromium(tmp_path / "chromium-profile", proxy)
        assert seen == [], f"requests left 127.0.0.1: {seen}"


def visible_text(browser: Chromium, site_dir: Path, url: str) -> str:
    """The innerText of the page at `url` (same origin as the probe), laid out 412 px wide."""
    root = url.split("/01/")[0].split("/sp/")[0]
    (site_dir / "probe.html").write_text(PROBE, encoding="utf-8")
    dom = browser.dom(f"{root}/probe.html#{url}")
    start = dom.index('<pre id="text">') + len('<pre id="text">')
    return html.unescape(dom[start : dom.index("</pre>", start)])


def honey_stamp(demo: DemoSite) -> str:
    lot = next(b for b in demo.service.batches(HONEY))
    return stamps.issue(demo.service, lot.batch.lot_code, 1, sku=HONEY).urls[0]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_honey_stamp_page_shows_every_item_in_order_in_both_languages(
    demo: DemoSite, site_dir: Path, browser: Chromium
) -> None:
    url = honey_stamp(demo)
    build_site(demo.service, site_dir)
    server, base = start_in_thread(site_dir)
    try:
        vi = lines(visible_text(browser, site_dir, local(url, base.rstrip("/"))))
        en = lines(visible_text(browser, site_dir, local(url, base.rstrip("/")) + "&lang=en"))
    finally:
        server.shutdown()
        server.server_close()
    table = vi[vi.index("Thông tin truy xuất và hộ chiếu số sản phẩm") :]
    assert [label for label in table if label in VI_ORDER] == VI_ORDER
    assert "chưa khai báo" not in " ".join(table)  # the demo honey declares every item
    after = {label: table[table.index(label) + 1] for label in VI_ORDER}
    assert after["Mã GTIN"] == "8938500121005"
    assert after["Mã số thuế"] == "2801234567 · số ĐKKD 2807000123"
    assert after["Tiêu chuẩn áp dụng"] == "TCCS 01:2024/HTXNX – Mật ong hoa rừng"
    assert after["Cảnh báo an toàn"].startswith("Không dùng cho trẻ em dưới 1 tuổi")
    assert after["Mã truy xuất"].startswith("(01)08938500121005(10)MO-NX-500-")
    stages = table[table.index("Các công đoạn sản xuất") :]
    assert any("06:30" in s and "Thu hoạch" in s for s in stages)
    assert sum("Mã địa điểm: GLN 8938500120008" in s for s in stages) == 4  # each of the lot's 4 stages
    english = en[en.index("Traceability and product passport") :]
    assert [label for label in english if label in EN_ORDER] == EN_ORDER
    assert "Applied standard" in english and "Tiêu chuẩn áp dụng" not in english


def test_an_undeclared_item_reads_not_declared_and_private_items_leave_the_page(
    demo: DemoSite, site_dir: Path, browser: Chromium
) -> None:
    service = demo.service
    url = honey_stamp(demo)
    honey = service.product_by_sku(HONEY)
    service.save_product(replace(honey.product, standard_number="", standard_title="", warnings=""))
    assert honey.producer is not None
    service.save_producer(replace(honey.producer, private_items="quantity,notes"))
    build_site(service, site_dir)
    server, base = start_in_thread(site_dir)
    try:
        vi = lines(visible_text(browser, site_dir, local(url, base.rstrip("/"))))
    finally:
        server.shutdown()
        server.server_close()
    assert vi[vi.index("Tiêu chuẩn áp dụng") + 1] == "chưa khai báo"
    assert vi[vi.index("Cảnh báo an toàn") + 1] == "chưa khai báo"
    assert "Số lượng" not in vi  # the lot quantity is private now
    assert not any("Thu hoạch nguyên liệu" in line for line in vi)  # so are the stages' notes
    assert any("GLN 8938500120008" in line for line in vi)  # the legal minimum stays
    assert json.dumps(vi, ensure_ascii=False).count("06:30") == 1


def test_a_lot_made_from_another_names_it_and_links_to_its_page(
    demo: DemoSite, site_dir: Path, browser: Chromium
) -> None:
    """Honey wine bottled from a honey lot: its stamp page says "Nguyên liệu từ lô …" (English: "Ingredients from
    lot …") under the stage, and the link opens the honey lot's own page."""
    service = demo.service
    honey, wine = service.batches(HONEY)[0].batch, service.batches("RUOU-MO-NX")[0].batch
    assert honey.id is not None and wine.id is not None
    stage = BatchEvent(wine.id, "processing", dt.date(2026, 10, 30), "Xưởng rượu", inputs=(honey.id,))
    service.add_event(stage)
    url = stamps.issue(service, wine.lot_code, 1, sku="RUOU-MO-NX").urls[0]
    build_site(service, site_dir)
    server, base = start_in_thread(site_dir)
    try:
        page = local(url, base.rstrip("/"))
        vi = lines(visible_text(browser, site_dir, page))
        en = lines(visible_text(browser, site_dir, page + "&lang=en"))
        dom = browser.dom(page)
        [href] = re.findall(r'class="made-from">.*?<a href="([^"]+)"', dom)
        honey_page = requests.get(base.rstrip("/") + href, timeout=10)
    finally:
        server.shutdown()
        server.server_close()
    honey_name = service.product_by_sku(HONEY).product.name
    assert f"Nguyên liệu từ lô {honey.lot_code} ({honey_name})" in vi
    assert f"Ingredients from lot {honey.lot_code} ({honey_name})" in en
    assert honey_page.status_code == 200 and honey.lot_code in honey_page.text
