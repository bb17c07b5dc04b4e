"""“Vận chuyển trên Shopee” on the Đăng lên sàn page: a tick box per channel of the shop's template, kept
in the catalogue at every tick; none ticked turns the Shopee column red with a reason that names the box;
choosing the seller's own template reads its channels."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ocopdesk.gui.main_window import MainWindow
from ocopdesk.services import listings, shipping
from tests.gui.test_main_window import start_with_demo
from tests.gui.test_marketplaces_page import cell
from tests.listings.test_shipping import REAL


def problems(window: MainWindow) -> list[str]:
    page = window.marketplaces
    return [page.problems.item(i).text() for i in range(page.problems.count())]


def test_ticking_channels_in_the_panel(qtbot: QtBot, window: MainWindow) -> None:
    start_with_demo(qtbot, window)
    service = window.context.service
    listings.set_photo_way(service, "shopee", listings.BUNDLE)  # the photos are not what this test is about
    window.go_to("marketplaces")
    page = window.marketplaces
    qtbot.waitUntil(lambda: page.matrix.rowCount() == 32)
    page.matrix.setCurrentCell(*cell(window, "MO-NX-500", "postmart"))
    assert not page.shipping_panel.isVisible(), "a kit has no shipping columns"
    page.matrix.setCurrentCell(*cell(window, "MO-NX-500", "shopee"))
    panel = page.shipping_panel
    assert panel.isVisible() and panel.title() == "Vận chuyển trên Shopee"
    assert [b.text() for b in panel.boxes.values()] == [
        "Siêu Tốc - 4 Giờ",
        "Nhanh",
        "Tiết kiệm",
        "Hàng Cồng Kềnh",
        "Tủ Nhận Hàng",
    ]
    assert [b.isChecked() for b in panel.boxes.values()] == [False, True, True, False, False]  # the demo shop's
    assert page.matrix.item(*cell(window, "MO-NX-500", "shopee")).text() == "sẵn sàng"

    panel.boxes["5001"].click()
    panel.boxes["5002"].click()  # none on now
    qtbot.waitUntil(lambda: "lỗi" in page.matrix.item(*cell(window, "MO-NX-500", "shopee")).text())
    assert shipping.choice(service, "shopee").on == frozenset()
    reason = next(t for t in problems(window) if "vận chuyển" in t)
    assert "“Vận chuyển trên Shopee” trong trang Đăng lên sàn" in reason
    assert "Chưa bật" in panel.text.text()
    item = next(
        page.problems.item(i) for i in range(page.problems.count()) if "vận chuyển" in page.problems.item(i).text()
    )
    with qtbot.waitSignal(page.notify) as said:
        page._fix(item)  # a double-click on the reason leads to the box, not to the product editor
    assert "Vận chuyển trên Shopee" in said.args[0]

    panel.boxes["50039"].click()
    qtbot.waitUntil(lambda: page.matrix.item(*cell(window, "MO-NX-500", "shopee")).text() == "sẵn sàng")
    assert shipping.choice(service, "shopee").on == {"50039"}
    assert not any("vận chuyển" in t for t in problems(window))


@pytest.mark.skipif(not REAL.is_file(), reason="Shopee's real template is not on this machine")
def test_choosing_the_template_reads_its_channels(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    start_with_demo(qtbot, window)
    window.go_to("marketplaces")
    page = window.marketplaces
    qtbot.waitUntil(lambda: page.matrix.rowCount() == 32)
    page.matrix.setCurrentCell(*cell(window, "MO-NX-500", "shopee"))
    panel = page.shipping_panel
    assert "tháng 7/2025" in panel.source.text()  # the built-in list, until the shop's own template is read
    template = tmp_path / "Shopee_mass_upload_cua_shop.xlsx"
    shutil.copyfile(REAL, template)
    page.choose_template(str(template))
    qtbot.waitUntil(lambda: template.name in panel.source.text())
    assert shipping.choice(window.context.service, "shopee").source == template.name
    assert [b.isChecked() for b in panel.boxes.values()] == [False, True, True, False, False]  # kept on
    qtbot.waitUntil(lambda: page.category_task is not None and not page.category_task.running)


@pytest.mark.skipif(not REAL.is_file(), reason="Shopee's real template is not on this machine")
def test_the_tick_boxes_stay_put_while_the_template_is_read(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """The fresh walk (#22): a moment after the template was chosen, the category text and the shipping
    text grew and the tick boxes moved under the mouse. Everything above the boxes keeps its room."""
    start_with_demo(qtbot, window)
    window.guide.leave_button.click()
    shipping.choose(window.context.service, "shopee", [])  # a shop that has ticked nothing yet
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.go_to("marketplaces")
    page = window.marketplaces
    qtbot.waitUntil(lambda: page.matrix.rowCount() == 32)
    page.matrix.setCurrentCell(*cell(window, "MO-NX-500", "shopee"))
    panel = page.shipping_panel
    qtbot.waitUntil(lambda: panel.isVisible() and bool(panel.boxes))

    def where() -> list[tuple[int, int]]:
        QApplication.processEvents()
        return [(p.x(), p.y()) for p in (b.mapTo(window, QPoint(0, 0)) for b in panel.boxes.values())]

    before = where()
    template = tmp_path / "Shopee_mass_upload_cua_shop.xlsx"
    shutil.copyfile(REAL, template)
    page.choose_template(str(template))
    qtbot.waitUntil(lambda: template.name in panel.source.text())
    qtbot.waitUntil(lambda: page.category_task is not None and not page.category_task.running)
    panel.boxes["5001"].click()  # a channel on: the sentence above the boxes changes
    qtbot.waitUntil(lambda: "Chưa bật" not in panel.text.text())
    assert where() == before
