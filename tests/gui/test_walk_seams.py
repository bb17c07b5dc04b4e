"""The seams the last walk still tripped on (issue #22): the traceability address asked after the clerk had
confirmed issuing stamps, the catalogue's full path in the status bar, and an export that said nothing while
it worked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from ocopdesk.gui.main_window import MainWindow
from ocopdesk.services import categories
from ocopdesk.services.profile import load_profile, save_profile
from ocopdesk.services.stamps import counts as stamp_counts
from tests.gui.conftest import BoxAnswerer
from tests.gui.reading import cut_off
from tests.gui.test_help import Opened
from tests.gui.test_main_window import start_with_demo
from tests.gui.test_marketplaces_page import cell
from tests.gui.test_workflows import finish
from tests.listings import shopee_template

ADDRESS = "https://truyxuat.htx-nhuxuan.vn"


def choose_lot(qtbot: QtBot, window: MainWindow, sku: str) -> None:
    start_with_demo(qtbot, window)
    window.go_to("batches")
    window.batches.product_filter.set_sku(sku)
    window.batches.table.selectRow(0)


def test_issuing_without_an_address_asks_address_and_count_in_one_dialog(qtbot: QtBot, window: MainWindow) -> None:
    """No "Issue 5 stamps?" box first and an address dialog after it: one dialog, whose Save issues. (Any
    message box here would be closed by the clean slate and fail the test.)"""
    choose_lot(qtbot, window, "MO-NX-500")
    page = window.batches
    page.issue_count.setValue(5)
    assert page.confirm_and_issue() is None
    dialog = page.address_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.save_button.text() == "Lưu và phát hành 5 tem"
    lead = dialog.findChildren(type(dialog.step.result))[0].text()
    assert "Phát hành 5 tem cho lô" in lead and "đặt địa chỉ này trước" in lead
    dialog.step.edit.setText(ADDRESS)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.task is not None and not page.task.running)
    qtbot.waitUntil(lambda: page.stamp_counts.text().startswith("5 "))
    assert load_profile(window.context.service).resolver_base_url == ADDRESS


def test_cancelling_the_address_issues_nothing(qtbot: QtBot, window: MainWindow) -> None:
    choose_lot(qtbot, window, "MO-NX-500")
    page = window.batches
    page.confirm_and_issue()
    page.address_dialog.step.edit.setText(ADDRESS)
    page.address_dialog.reject()
    batch = page.selected_batch().batch
    assert page.task is None and stamp_counts(window.context.service, batch.id)["issued"] == 0
    assert load_profile(window.context.service).resolver_base_url == ""


def test_the_confirmation_names_the_address_the_stamps_will_carry(
    qtbot: QtBot, window: MainWindow, boxes: BoxAnswerer
) -> None:
    choose_lot(qtbot, window, "MO-NX-500")
    service = window.context.service
    save_profile(service, replace(load_profile(service), resolver_base_url=ADDRESS))
    page = window.batches
    page.issue_count.setValue(3)
    boxes.answer("Hủy")
    assert page.confirm_and_issue() is None
    assert "Phát hành 3 tem" in boxes.texts[0] and f"Mã QR của tem sẽ dẫn tới {ADDRESS}." in boxes.texts[0]
    assert page.address_dialog is None


def test_the_status_bar_names_the_catalogue_and_keeps_its_path_in_a_tooltip_and_about(
    qtbot: QtBot, window: MainWindow, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    path = window.context.service.path
    label = window.status_path
    name = load_profile(window.context.service).name
    assert name and label.text() == f"Danh mục: {name}"
    assert str(path.parent) not in label.text() and cut_off(label) == ""
    assert str(path) in label.toolTip() and "Dữ liệu và nhật ký nằm ở đâu" in label.toolTip()
    assert window.windowTitle() == f"OCOPDesk — {name}"
    boxes.answer("Đồng ý")
    window.about()
    assert f"Tệp danh mục: {path}" in boxes.texts[0]


def test_a_new_catalogue_is_called_new_until_the_cooperative_is_named(qtbot: QtBot, window: MainWindow) -> None:
    window.welcome.new_button.click()
    label = window.status_path
    assert label.text() == "Danh mục mới" and window.windowTitle() == "OCOPDesk"  # not "catalogue"
    guide = window.guide
    guide.profile_fields["name"].setText("HTX Chè Hoàng Hóa")
    assert guide.next()
    qtbot.waitUntil(lambda: label.text() == "Danh mục: HTX Chè Hoàng Hóa")


def test_an_export_shows_at_once_that_it_works_and_offers_the_folder_at_the_end(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    """About a second of export, and the progress window waits half of it: the page says so the moment the
    export starts, with a busy cursor and its buttons off; the summary's "Mở thư mục" opens the folder."""
    start_with_demo(qtbot, window)
    window.go_to("marketplaces")
    page = window.marketplaces
    qtbot.waitUntil(lambda: page.matrix.rowCount() == 32 and page.export_button.isEnabled())
    page.matrix.setCurrentCell(*cell(window, "MO-NX-500", "postmart"))
    folder = tmp_path / "goi"
    folder.mkdir()
    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        boxes.answer("Mở thư mục")
        task = page.export(str(folder / "postmart.zip"))
        # before the event loop has run once: what the clerk sees while the child process starts
        assert page.export_note.isVisible() and page.export_note.text() == "Đang chuẩn bị gói cho postmart.vn…"
        assert page.cursor().shape() == Qt.CursorShape.BusyCursor
        pressable = [b.text() for b in (page.export_button, page.check_button, page.categories_button) if b.isEnabled()]
        assert pressable == [] and not page.include_unready.isEnabled()
        finish(qtbot, task)
        qtbot.waitUntil(lambda: bool(opened.urls))
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened.urls == [QUrl.fromLocalFile(str(folder)).toString()]
    assert f"Đã ghi gói vào {folder / 'postmart.zip'}" in boxes.texts[0]
    assert page.export_button.isEnabled() and page.check_button.isEnabled() and not page.export_note.isVisible()
    assert page.cursor().shape() == Qt.CursorShape.ArrowCursor


def test_a_failed_export_gives_the_buttons_back(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    window.go_to("marketplaces")
    page = window.marketplaces
    qtbot.waitUntil(lambda: page.matrix.rowCount() == 32 and page.export_button.isEnabled())
    page.matrix.setCurrentCell(*cell(window, "MO-NX-500", "postmart"))
    (tmp_path / "postmart.zip").mkdir()  # a folder where the bundle should go: the export is refused
    boxes.answer("Đồng ý")
    finish(qtbot, page.export(str(tmp_path / "postmart.zip")))
    qtbot.waitUntil(lambda: bool(boxes.texts))
    assert page.export_button.isEnabled() and not page.export_note.isVisible()


def test_the_export_template_chosen_loads_the_category_list_too(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The fresh walk chose the Shopee template for the export, then the category picker said its list was
    not loaded (only the 15 categories OCOPDesk knows): one template, one choice."""
    start_with_demo(qtbot, window)
    window.go_to("marketplaces")
    page = window.marketplaces
    qtbot.waitUntil(lambda: page.matrix.rowCount() == 32 and page.export_button.isEnabled())
    page.matrix.setCurrentCell(*cell(window, "MO-NX-500", "shopee"))
    service = window.context.service
    assert categories.list_info(service, "shopee") is None
    template = shopee_template.make(tmp_path / "Shopee_mass_upload_basic_template.xlsx")
    page.choose_template(str(template))
    qtbot.waitUntil(lambda: page.category_task is not None and not page.category_task.running)
    info = categories.list_info(service, "shopee")
    assert info is not None and info.source == template.name and info.count > 15
    first = page.category_task
    page.choose_template(str(template))  # the same file again: not read twice
    assert page.category_task is first


def test_an_open_category_picker_shows_the_list_once_the_template_is_read(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The walk opened the picker a second after choosing the template, while its list was still being read;
    the picker kept saying "not loaded" until it was closed and opened again."""
    start_with_demo(qtbot, window)
    window.go_to("marketplaces")
    page = window.marketplaces
    qtbot.waitUntil(lambda: page.matrix.rowCount() == 32 and page.export_button.isEnabled())
    page.matrix.setCurrentCell(*cell(window, "MO-NX-500", "shopee"))
    picker = page.edit_categories()
    assert picker.isVisible() and "Chưa nạp" in picker.info.text()
    page.choose_template(str(shopee_template.make(tmp_path / "Shopee_mass_upload_basic_template.xlsx")))
    qtbot.waitUntil(lambda: "Chưa nạp" not in picker.info.text())
    assert len(picker.index) > 15
    picker.reject()
