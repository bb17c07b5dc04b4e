"""Whole workflows through the real window: import, backup and restore, settings, producers,
batches, overview, delete. Message boxes are answered by clicking their (Vietnamese) buttons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from ocopdesk.domain.batch import Batch
from ocopdesk.domain.product import Product
from ocopdesk.gui.dialogs.import_mapping import ImportMappingDialog
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.gui.tasks import Task
from ocopdesk.services.profile import load_profile
from ocopdesk.storage import batches, products
from tests.gui.conftest import BoxAnswerer
from tests.gui.test_main_window import start_with_demo


def finish(qtbot: QtBot, task: Task | None) -> Task:
    assert task is not None
    qtbot.waitUntil(lambda: not task.running)
    return task


def through_mapping(
    qtbot: QtBot, window: MainWindow, path: Path, change: Callable[[ImportMappingDialog], None] | None = None
) -> Task:
    """Choose the file, look at the mapping step as a clerk does, press Import; returns the import task."""
    preview = finish(qtbot, window.actions_.import_sheet(str(path)))
    qtbot.waitUntil(lambda: window.actions_.mapping_dialog is not None and window.actions_.mapping_dialog.isVisible())
    dialog = window.actions_.mapping_dialog
    assert dialog is not None
    if change is not None:
        change(dialog)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.actions_.last_task is not preview)
    task = window.actions_.last_task
    assert task is not None
    return task


def test_import_a_spreadsheet_in_the_background(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    sheet = tmp_path / "sp.csv"
    sheet.write_text(
        "Mã SP;Tên sản phẩm;Giá bán\nNEW-1;Mắm tôm Hậu Lộc;35.000đ\nNEW-2;Tương Nghi Sơn;40.000\n", encoding="utf-8"
    )
    boxes.answer("Đồng ý")
    finish(qtbot, through_mapping(qtbot, window, sheet))
    qtbot.waitUntil(lambda: bool(boxes.texts))
    assert boxes.texts == ["Đã nhập 2 trên 2 dòng: 2 mới, 0 cập nhật."]
    qtbot.waitUntil(lambda: window.products.model.rowCount() == 34)


def test_a_bad_spreadsheet_lists_every_problem_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    sheet = tmp_path / "bad.csv"
    sheet.write_text("Tên sản phẩm,Giá bán\nA,10.000\nB,mười nghìn\n", encoding="utf-8")
    boxes.answer("Đồng ý")  # OK, not "Nhập các dòng hợp lệ" (#23)
    finish(qtbot, through_mapping(qtbot, window, sheet))
    qtbot.waitUntil(lambda: len(boxes.texts) == 1, timeout=60000)
    assert "chưa nhập gì" in boxes.texts[0]
    assert "Dòng 3, cột “Giá bán”" in boxes.details[0]
    assert window.context.service.count_products() == 32


def test_cancel_stops_an_import_and_nothing_is_written(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    sheet = tmp_path / "big.csv"
    sheet.write_text("Mã SP,Tên sản phẩm\n" + "".join(f"B{n},Sản phẩm {n}\n" for n in range(60_000)), encoding="utf-8")
    task = through_mapping(qtbot, window, sheet)
    boxes.answer("Đồng ý")
    failures: list[str] = []
    task.failed.connect(lambda message, _details: failures.append(message))
    qtbot.waitUntil(lambda: task.dialog.value() > 0)  # it is really working
    task.dialog.findChild(QPushButton).click()  # the dialog's Cancel button, as a user would
    finish(qtbot, task)
    assert failures == ["Đã hủy. Không có gì bị thay đổi."]
    assert window.context.service.count_products() == 32


def test_backup_then_restore_from_the_menu(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    archive = tmp_path / "sao-luu.zip"
    boxes.answer("Đồng ý")
    finish(qtbot, window.actions_.backup(str(archive)))
    assert archive.exists() and boxes.texts[-1].startswith("Đã ghi bản sao lưu")
    window.context.service.delete_product(window.context.service.product_by_sku("DL-CL-HOMESTAY").product.id)
    assert window.context.service.count_products() == 31
    boxes.answer("Khôi phục")
    task = window.actions_.restore(str(archive))
    finish(qtbot, task)
    qtbot.waitUntil(lambda: window.context.has_catalogue and window.products.model.rowCount() == 32)
    assert window.context.service.count_products() == 32
    assert list((window.context.service.path.parent / "backups").glob("*before-restore*.sqlite"))


def test_settings_validate_the_traceability_address_and_keep_the_profile(qtbot: QtBot, window: MainWindow) -> None:
    start_with_demo(qtbot, window)
    dialog = window.open_settings()
    dialog.fields["name"].setText("HTX Mật ong Như Xuân")
    dialog.fields["resolver_base_url"].setText("truyxuat nhu xuan")
    assert dialog.save() is False
    assert dialog.tabs.currentIndex() == 1 and "https://" in dialog.stamps.error_text("resolver_base_url")
    dialog.fields["resolver_base_url"].setText("https://truyxuat.htxnhuxuan.vn/")
    assert dialog.save()
    profile = load_profile(window.context.service)
    assert (profile.name, profile.resolver_base_url) == ("HTX Mật ong Như Xuân", "https://truyxuat.htxnhuxuan.vn")


def test_new_producer_with_2025_address_appears_in_the_lists(qtbot: QtBot, window: MainWindow) -> None:
    start_with_demo(qtbot, window)
    window.go_to("producers")
    editor = window.producers.new_producer()
    editor.name.insert("HTX Nước mắm Hậu Lộc")
    editor.phone.setText("12345")  # too short
    editor.province.setCurrentIndex(editor.province.findData("38"))
    editor.commune.setCurrentIndex(editor.commune.findData("16012"))
    assert editor.save() is False and "điện thoại" in editor.form.error_text("phone")
    editor.phone.setText("0237 3868 999")
    assert editor.save()
    assert any(p.name == "HTX Nước mắm Hậu Lộc" for p in window.producers.producers)
    row = next(r for r, p in enumerate(window.producers.producers) if p.name == "HTX Nước mắm Hậu Lộc")
    assert window.producers.table.item(row, 2).text() == "Xã Hậu Lộc, Thanh Hóa"
    assert window.products.producer.findText("HTX Nước mắm Hậu Lộc") > 0


def test_add_a_batch_and_an_event(qtbot: QtBot, window: MainWindow) -> None:
    start_with_demo(qtbot, window)
    window.go_to("batches")
    page = window.batches
    editor = page.add_batch()
    editor.sku.setText("NM-NS-40")
    editor.lot.insert("Lô 1")
    editor.produced.setText("20/11/2026")
    assert editor.save() is False and "mã QR" in editor.form.error_text("lot_code")
    editor.lot.setText("NS40-2611")
    assert editor.save()
    page.sku_filter.setText("NM-NS-40")
    page.refresh()
    row = next(r for r, v in enumerate(page.views) if v.batch.lot_code == "NS40-2611")
    page.table.selectRow(row)
    event_editor = page.add_event()
    assert event_editor is not None
    event_editor.kind.setCurrentIndex(event_editor.kind.findData("inspection"))
    event_editor.date.setText("21/11/2026")
    event_editor.place.insert("Phòng kiểm nghiệm")
    assert event_editor.save()
    assert any("Phòng kiểm nghiệm" in page.events.item(i).text() for i in range(page.events.count()))
    bottling = page.add_event()  # a stage that used another lot says which, in the lot's timeline
    assert bottling is not None
    source = bottling.inputs.list.item(0)
    source.setCheckState(Qt.CheckState.Checked)
    bottling.date.setText("22/11/2026")
    assert bottling.save()
    code = source.text().split(" · ")[0]
    assert any(f"Nguyên liệu từ lô: {code}" in page.events.item(i).text() for i in range(page.events.count()))


def test_overview_click_opens_the_expiring_product(qtbot: QtBot, window: MainWindow) -> None:
    start_with_demo(qtbot, window)
    window.go_to("overview")
    item = window.overview.expiring.item(0)
    opened: list[int] = []
    window.overview.open_product.connect(opened.append)
    window.overview.expiring.itemClicked.emit(item)
    assert opened == [item.data(Qt.ItemDataRole.UserRole)]
    editor = window.products.findChildren(type(window.products.new_product()))[0]
    assert editor is not None


def test_delete_asks_first_and_refuses_products_with_batches(
    qtbot: QtBot, window: MainWindow, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    page = window.products
    page.search_box.setText("homestay")
    page.apply_filter()
    page.table.selectRow(0)
    boxes.answer("Hủy")
    page.delete_selected()
    assert window.context.service.count_products() == 32
    boxes.answer("Xóa")
    page.delete_selected()
    assert window.context.service.count_products() == 31
    page.search_box.setText("mat ong hoa bac ha")
    page.apply_filter()
    page.table.selectRow(0)
    boxes.answer("Xóa")
    boxes.answer("Đồng ý")
    page.delete_selected()
    qtbot.waitUntil(lambda: len(boxes.texts) >= 4)
    assert "lô sản xuất" in boxes.texts[-1] and window.context.service.count_products() == 31


def test_lot_and_sku_rules_in_the_dialogs_and_renaming_a_lot_saved_before_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The batch dialog refuses a code the website could not have a page for and a case-only twin;
    a lot and a SKU an older version saved are marked and can be put right in the window."""
    start_with_demo(qtbot, window)
    service = window.context.service
    existing = service.batches("NM-NS-40")[0].batch
    window.go_to("batches")
    page = window.batches
    editor = page.add_batch()
    editor.sku.setText("NM-NS-40")
    editor.lot.setText("NS40+1")
    editor.produced.setText("20/11/2026")
    assert editor.save() is False and "“+”" in editor.form.error_text("lot_code")
    editor.lot.setText(existing.lot_code.lower())
    assert editor.save() is False and existing.lot_code in editor.form.error_text("lot_code")
    editor.reject()

    with service.cdb.write():  # as an older version could have saved them
        batches.save(service.cdb, Batch(existing.product_id, "NS40+OLD", existing.produced_on))
        con = products.save(service.cdb, Product(sku="CON", name="Sản phẩm cũ"))
    page.sku_filter.setText("NM-NS-40")
    page.refresh()
    assert page.message.text().startswith("1 lô (màu đỏ) không thể có trang web")
    row = next(r for r, v in enumerate(page.views) if v.batch.lot_code == "NS40+OLD")
    assert "“+”" in page.table.item(row, 1).toolTip()
    page.table.selectRow(row)
    dialog = page.rename_lot()
    assert dialog is not None
    dialog.lot.setText("NS40.OLD.")
    assert dialog.save() is False and "chữ cái hoặc chữ số" in dialog.form.error_text("lot_code")
    dialog.lot.setText("NS40-OLD")
    assert dialog.save()
    assert page.message.text() == "" and any(v.batch.lot_code == "NS40-OLD" for v in page.views)

    product_editor = window.products.edit(con)
    assert "“CON” là tên Windows dành cho thiết bị" in product_editor.general.error_text("sku")
    product_editor.sku.setText("CON-1")
    assert product_editor.save() and service.product(con).product.sku == "CON-1"
