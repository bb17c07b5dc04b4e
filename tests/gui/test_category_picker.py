"""Đăng lên sàn, categories and photos: the list loaded from the seller's template in the picker,
found by name without diacritics, a suggestion accepted with a click or all confident ones at
once, and the photos put on the traceability website (a real server on 127.0.0.1) in one click —
or sent in the bundle instead. With OCOPDESK_SCREENSHOTS=folder it also saves the screens."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ocopdesk.gui.dialogs.category_dialog import CategoryDialog
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.services import categories, listings
from ocopdesk.services.profile import load_profile, save_profile
from ocopdesk.services.site import build_site
from tests.gui.conftest import BoxAnswerer
from tests.gui.test_main_window import start_with_demo
from tests.gui.test_marketplaces_page import cell
from tests.gui.test_workflows import finish
from tests.listings import shopee_template
from tests.listings.test_export import static_server


def shoot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("OCOPDESK_SCREENSHOTS")
    if folder:
        QApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def problems(window: MainWindow) -> list[str]:
    page = window.marketplaces
    return [page.problems.item(i).text() for i in range(page.problems.count())]


def open_shopee(qtbot: QtBot, window: MainWindow, sku: str) -> None:
    window.go_to("marketplaces")
    window.marketplaces.matrix.setCurrentCell(*cell(window, sku, "shopee"))


def test_load_the_list_search_by_name_and_choose(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.resize(1366, 768)
    start_with_demo(qtbot, window)
    open_shopee(qtbot, window, "MUC-KHO-NS")
    page = window.marketplaces
    assert any("ngành hàng Shopee" in t for t in problems(window))
    dialog = page.edit_categories()
    assert "Chưa nạp danh sách ngành hàng Shopee" in dialog.info.text() and dialog.manual.isVisible()
    finish(qtbot, dialog.load(str(shopee_template.make(tmp_path / "mau.xlsx"))))
    qtbot.waitUntil(lambda: "Danh sách Shopee" in dialog.info.text())
    assert not dialog.manual.isVisible()
    assert dialog.suggestions.item(0).text().startswith("★ Hải sản khô — Thực phẩm và đồ uống › Nhu yếu phẩm")
    assert dialog.chosen is not None and dialog.chosen.name == "Hải sản khô"  # the first suggestion, selected

    dialog.search.setText("mat ong")
    leaves = dialog.tree.findItems("Mật ong", qtbot_match(), 0)
    assert leaves and leaves[0].parent().text(0) == "Ngũ cốc & mứt"
    shoot(dialog, "category-picker")
    dialog.search.setText("muc")
    found = [i.text(0) for i in dialog.tree.findItems("", qtbot_match(contains=True), 0) if i.data(0, 256)]
    assert {"Mực & bạch tuộc", "Mực tẩm & cá khô ăn liền"} <= set(found)
    assert dialog.select(dialog.suggestions.item(0).data(256)) and dialog.accept_choice()
    qtbot.waitUntil(lambda: "Hải sản khô" in page.category_panel.text.text())
    assert not any("ngành hàng Shopee" in t for t in problems(window))
    assert "Hải sản khô" in page.assistant_field("Ngành hàng")[0].text()


def qtbot_match(contains: bool = False):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    flags = Qt.MatchFlag.MatchRecursive
    return flags | (Qt.MatchFlag.MatchContains if contains else Qt.MatchFlag.MatchExactly)


def test_accept_one_suggestion_then_all_the_confident_ones(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    window.resize(1366, 768)
    start_with_demo(qtbot, window)
    service = window.context.service
    categories.load_list(service, "shopee", shopee_template.make(tmp_path / "mau.xlsx"))
    open_shopee(qtbot, window, "CHA-HR")
    page = window.marketplaces
    page.refresh()
    page.matrix.setCurrentCell(*cell(window, "CHA-HR", "shopee"))
    panel = page.category_panel
    assert "Gợi ý: Giò, chả & nem" in panel.text.text() and panel.accept_button.isVisible()
    shoot(window, "category-suggestion")
    assert panel.accept_suggestion()
    page.matrix.setCurrentCell(*cell(window, "CHA-HR", "shopee"))
    assert "Ngành hàng: Thực phẩm và đồ uống › Đồ chế biến sẵn › Giò, chả & nem" in panel.text.text()
    assert not panel.accept_button.isVisible()

    boxes.answer("Đồng ý")
    applied = panel.accept_all()
    assert applied >= 12 and "sản phẩm chờ bạn chọn" in boxes.texts[-1]
    waiting = {i.sku for i in categories.suggest(service, "shopee") if i.needs_one}
    assert waiting and "MUC-KHO-NS" not in waiting  # the confident ones are done, the unsure wait
    page.matrix.setCurrentCell(*cell(window, sorted(waiting)[0], "shopee"))
    assert any("ngành hàng Shopee" in t for t in problems(window))
    shoot(window, "marketplaces-matrix")


def test_photos_on_the_website_in_one_click_or_in_the_bundle(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    start_with_demo(qtbot, window)
    service = window.context.service
    published: list[bool] = []
    window.marketplaces.publish_requested.connect(lambda: published.append(True))
    with static_server(tmp_path / "web") as host:  # the traceability website, served as it is built
        save_profile(service, replace(load_profile(service), resolver_base_url=host))
        build_site(service, tmp_path / "web")  # its folder is the image folder by default
        window.marketplaces.refresh()
        open_shopee(qtbot, window, "MO-NX-500")
        page = window.marketplaces
        panel = page.photo_panel
        assert panel.isVisible() and "máy chủ ảnh" in panel.text.text() and "chưa mở được" in panel.text.text()
        assert any("máy chủ ảnh" in t for t in problems(window))
        finish(qtbot, panel.put_on_website())
        qtbot.waitUntil(lambda: page.matrix.item(*cell(window, "MO-NX-500", "shopee")).text() == "sẵn sàng")
        page.matrix.setCurrentCell(*cell(window, "MO-NX-500", "shopee"))
        assert "đều mở được" in panel.text.text() and published == []  # the host serves the folder itself

    panel.switch_way()
    page.matrix.setCurrentCell(*cell(window, "MO-NX-500", "tiktok"))
    assert listings.photo_way(service, "shopee") == listings.BUNDLE
    page.matrix.setCurrentCell(*cell(window, "MO-NX-500", "shopee"))
    assert "Ảnh được đưa vào gói" in panel.text.text() and not panel.publish_button.isVisible()
    assert page.matrix.item(*cell(window, "MO-NX-500", "shopee")).text().startswith("sẵn sàng")


def test_the_picker_alone_before_a_list_shows_the_known_categories(qtbot: QtBot, window: MainWindow) -> None:
    start_with_demo(qtbot, window)
    from ocopdesk.marketplaces.base import get

    market = get("shopee")
    assert market is not None
    dialog = CategoryDialog(window.context, market, "GAO-NEP-TX", window)
    assert dialog.tree.topLevelItemCount() >= 10  # the seed's known leaves
    dialog.search.setText("gao")
    assert [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())] == ["Gạo"]
    dialog.close()
