"""The category picker on the real Shopee VN list (2025-07): a tourism service (OCOP group 6) is told
plainly, in Vietnamese, that the marketplace has no category for it, and offered nothing to accept; a
nem chua is offered processed meats with a ★, never mattresses. OCOPDESK_SCREENSHOTS=folder saves them."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ocopdesk.domain.product import Product
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.services import categories
from tests.gui.test_category_picker import open_shopee, shoot
from tests.gui.test_main_window import start_with_demo
from tests.listings.category_corpus import SHOPEE


def test_the_picker_says_why_a_service_gets_no_category(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1366, 768)
    start_with_demo(qtbot, window)
    service = window.context.service
    categories.load_list(service, "shopee", SHOPEE)
    window.marketplaces.refresh()
    open_shopee(qtbot, window, "DL-CL-TOUR")
    dialog = window.marketplaces.edit_categories()
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=60000)
    assert dialog.suggestions.count() == 0 and not dialog.suggestions.isVisible()
    assert dialog.suggestions_label.isVisible()
    assert dialog.suggestions_label.text().startswith("Dịch vụ du lịch (nhóm OCOP 6) không phải hàng hóa")
    shoot(dialog, "category-service-note")
    dialog.reject()

    open_shopee(qtbot, window, "NEM-HR-10")
    dialog = window.marketplaces.edit_categories()
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=60000)
    first = dialog.suggestions.item(0).text()
    assert first.startswith("★ Thịt và hải sản chế biến sẵn — Thực phẩm và đồ uống")
    assert dialog.suggestions_label.text().startswith("Gợi ý cho sản phẩm này")
    assert all("Nệm" not in dialog.suggestions.item(i).text() for i in range(dialog.suggestions.count()))
    shoot(dialog, "category-nem-chua")
    dialog.reject()


def test_a_rule_made_in_the_picker_keeps_the_marks_typed(qtbot: QtBot, window: MainWindow) -> None:
    start_with_demo(qtbot, window)
    service = window.context.service
    categories.load_list(service, "shopee", SHOPEE)
    window.marketplaces.refresh()
    open_shopee(qtbot, window, "CHE-LAM-PQ")
    dialog = window.marketplaces.edit_categories()
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=60000)
    assert dialog.chosen is not None and dialog.chosen.id == "100859"  # chè lam, a sweet: Các loại bánh › Khác
    dialog.also.setChecked(True)
    dialog.keyword.setText("  Chè lam ")
    assert dialog.accept_choice()
    own, _seed = categories.rules(service, "shopee")
    assert own[0].keyword == "Chè lam" and own[0].category == "100859"
    assert own[0].matches(Product("X", "Chè lam gừng hộp quà"))
    assert own[0].matches(Product("X", "Che lam xanh"))  # a name typed without marks: folded, matches
    assert not own[0].matches(Product("X", "Chè làm sẵn"))  # other marks, another word
