"""Đăng lên sàn: the readiness matrix, fixing a product from it, the assistant, export and status."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from ocopdesk.gui.dialogs.product_editor import ProductEditor
from ocopdesk.gui.main_window import MainWindow
from tests.gui.conftest import BoxAnswerer
from tests.gui.test_main_window import start_with_demo
from tests.gui.test_workflows import finish


def cell(window: MainWindow, sku: str, market: str) -> tuple[int, int]:
    page = window.marketplaces
    row = next(r for r in range(page.matrix.rowCount()) if page.matrix.item(r, 0).text() == sku)
    col = 2 + [m.id for m in page.markets].index(market)
    return row, col


def test_matrix_fix_assistant_export_and_status(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    assert "postmart.vn: " not in window.overview.markets.text()  # checked only once the overview is seen
    window.go_to("overview")
    qtbot.waitUntil(lambda: "postmart.vn: " in window.overview.markets.text())
    postmart_ready = int(window.overview.markets.text().split("postmart.vn: ")[1].split("/")[0])
    window.go_to("marketplaces")
    page = window.marketplaces
    assert page.matrix.rowCount() == 32 and page.matrix.columnCount() == 2 + 7

    row, col = cell(window, "MO-NX-500", "postmart")
    assert page.matrix.item(row, col).text() == "sẵn sàng"
    column = [page.matrix.item(r, col).text() for r in range(page.matrix.rowCount())]
    assert sum(t.startswith("sẵn sàng") for t in column) == postmart_ready > 0
    row, col = cell(window, "MO-NX-500", "shopee")  # its photos are on no image host yet
    page.matrix.setCurrentCell(row, col)
    assert "lỗi" in page.matrix.item(row, col).text() and page.photo_panel.isVisible()
    row, col = cell(window, "COI-NS-TUI", "shopee")
    assert "lỗi" in page.matrix.item(row, col).text()
    page.matrix.setCurrentCell(row, col)
    texts = [page.problems.item(i).text() for i in range(page.problems.count())]
    assert any("ngành hàng Shopee" in t for t in texts)

    # a missing price: double-click opens the product editor at the price field
    honey = window.context.service.product_by_sku("MO-NX-500").product
    window.context.service.save_product(replace(honey, price=None))
    page.refresh()
    row, col = cell(window, "MO-NX-500", "postmart")
    page.matrix.setCurrentCell(row, col)
    item = next(page.problems.item(i) for i in range(page.problems.count()) if "giá" in page.problems.item(i).text())
    page._fix(item)
    editor = next(w for w in window.findChildren(ProductEditor) if w.isVisible())
    assert editor.tabs.currentIndex() == 0 and "giá" in editor.general.error_text("price").lower()
    editor.general.inputs["price"].setText("250000")
    editor.save()
    qtbot.waitUntil(lambda: page.matrix.item(*cell(window, "MO-NX-500", "postmart")).text().startswith("sẵn sàng"))

    # the assistant copies a field for the seller form
    page.matrix.setCurrentCell(*cell(window, "MO-NX-500", "voso"))
    _value, copy = page.assistant_field("Tên sản phẩm")
    copy.click()
    assert QGuiApplication.clipboard().text().startswith("Mật ong hoa rừng Như Xuân")

    # export in the background, then the status shows in the matrix and the listing address is kept
    out = tmp_path / "voso.zip"
    boxes.answer("Đồng ý")
    finish(qtbot, page.export(str(out)))
    assert out.is_file() and "Đã ghi gói" in boxes.texts[-1]
    with zipfile.ZipFile(out) as archive:
        assert any(n.endswith("mo-nx-500/thong-tin.txt") for n in archive.namelist())
    row, col = cell(window, "MO-NX-500", "voso")
    assert "đã xuất" in page.matrix.item(row, col).text()
    page.matrix.setCurrentCell(row, col)
    page.listed_url.setText("https://voso.vn/mat-ong-hoa-rung-nhu-xuan")
    page.save_listed()
    assert "đã đăng" in page.matrix.item(*cell(window, "MO-NX-500", "voso")).text()


def test_a_category_typed_in_the_picker_for_a_product_and_its_name_clears_the_problem(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Before any TikTok list is loaded, the id read in the seller centre, for this product and
    every product whose name holds "mat ong"."""
    start_with_demo(qtbot, window)
    window.go_to("marketplaces")
    page = window.marketplaces
    row, col = cell(window, "MO-NX-500", "tiktok")
    page.matrix.setCurrentCell(row, col)
    assert any("ngành hàng TikTok" in page.problems.item(i).text() for i in range(page.problems.count()))
    dialog = page.edit_categories()
    assert dialog.manual.isVisible()
    dialog.manual_id.setText("601450")
    dialog.manual_name.setText("Mật ong")
    dialog.also.setChecked(True)
    assert dialog.keyword.text() == "Mật ong" and dialog.accept_choice()
    for sku in ("MO-NX-500", "MO-NX-BAC"):
        page.matrix.setCurrentCell(*cell(window, sku, "tiktok"))
        assert not any("ngành hàng TikTok" in page.problems.item(i).text() for i in range(page.problems.count()))
    assert "601450" in page.category_panel.text.text()


def test_image_host_settings_are_checked_and_kept(qtbot: QtBot, window: MainWindow) -> None:
    start_with_demo(qtbot, window)
    dialog = window.open_settings()
    dialog.image_host.setText("anh.htx.vn")
    assert dialog.save() is False
    assert dialog.tabs.currentWidget() is dialog.market and "https://" in dialog.market.error_text("image_host_url")
    dialog.image_host.setText("https://anh.htx.vn")
    dialog.image_folder.setText("/srv/anh")
    assert dialog.save() is True
    from ocopdesk.services.listings import listing_settings

    assert listing_settings(window.context.service) == {
        "image_host_url": "https://anh.htx.vn",
        "image_folder": "/srv/anh",
    }


def test_a_large_catalogue_is_checked_in_the_background(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ocopdesk.gui.pages.marketplaces.CHECK_IN_BACKGROUND_FROM", 10)
    start_with_demo(qtbot, window)
    window.go_to("marketplaces")
    page = window.marketplaces
    assert page.task is not None  # 32 products > 10: a worker process checks them
    qtbot.waitUntil(lambda: not page.task.running and page.matrix.rowCount() == 32)
    row, col = cell(window, "MO-NX-500", "postmart")
    assert page.matrix.item(row, col).text() == "sẵn sàng"
