"""The import's mapping step in the real window: what the clerk sees above each column, what a choice does,
and that the choice is remembered for the next file with the same column names."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ocopdesk.domain.product import ProductFilter
from ocopdesk.gui.dialogs.import_mapping import ImportMappingDialog
from ocopdesk.gui.main_window import MainWindow
from tests.gui.conftest import BoxAnswerer
from tests.gui.test_main_window import start_with_demo
from tests.gui.test_workflows import finish, through_mapping
from tests.services.test_import_corpus import district_list, workbook


def picked(dialog: ImportMappingDialog) -> dict[str, str]:
    """Column header as written → the picker's visible text."""
    headers = {dialog.table.item(1, c).text(): c for c in range(dialog.table.columnCount())}
    return {h: dialog.table.cellWidget(0, c).currentText() for h, c in headers.items()}


def test_the_district_list_is_shown_recognised_and_imports(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    path = district_list(tmp_path / "ds.xlsx")
    seen: dict[str, str] = {}

    def look(dialog: ImportMappingDialog) -> None:
        seen.update(picked(dialog))
        assert dialog.table.item(2, 1).text() == "Sản phẩm thử 1"  # the first data row, under its header
        dialog.resize(1366, 768)
        dialog.grab().save(str(tmp_path / "mapping.png"))

    boxes.answer("Đồng ý")  # waits up to the one-minute ceiling: the refusal comes after the import job
    finish(qtbot, through_mapping(qtbot, window, path, look))
    qtbot.waitUntil(lambda: len(boxes.texts) == 1, timeout=60000)  # the refusal (#23: a box that offers the good rows)
    assert seen["Hạng sao OCOP"] == "Số sao OCOP" and seen["Giá bán (đ)"] == "Giá bán (đồng)"
    assert seen["Ngày cấp"] == "Ngày ký" and seen["Cơ sở sản xuất"] == "Chủ thể sản xuất (HTX)"
    assert "STT" not in seen  # a row-number column is not offered
    assert "Dòng 13, cột “Mã vạch”" in boxes.details[0] and "Dòng 14, cột “Tên sản phẩm”" in boxes.details[0]


def test_a_question_is_answered_in_the_picker_and_remembered(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    rows = [["Tên sản phẩm", "Địa chỉ cơ sở sản xuất", "Ghi chú"], ["Mật ong rừng", "Xã Thanh Quân", "mới"]]
    first = workbook(tmp_path / "a.xlsx", {"DS": rows})

    def answer(dialog: ImportMappingDialog) -> None:
        texts = picked(dialog)
        assert texts["Địa chỉ cơ sở sản xuất"].startswith("? ")  # not guessed
        assert texts["Ghi chú"] == "(không dùng)"
        picker = dialog.pickers["B"]
        picker.setCurrentIndex(picker.findData("address"))

    boxes.answer("Đồng ý")
    finish(qtbot, through_mapping(qtbot, window, first, answer))
    qtbot.waitUntil(lambda: len(boxes.texts) == 1)
    service = window.context.service
    made = next(s for s in service.summaries(service.search(ProductFilter("Mật ong rừng"))) if s.name == "Mật ong rừng")
    producer = service.product_by_sku(made.sku).producer
    assert producer is None  # the column went to the address, not to a producer's name

    second = workbook(tmp_path / "b.xlsx", {"DS": [rows[0], ["Chè xanh", "Xã Xuân Du", ""]]})
    remembered: dict[str, str] = {}
    boxes.answer("Đồng ý")
    finish(qtbot, through_mapping(qtbot, window, second, lambda d: remembered.update(picked(d))))
    assert remembered["Địa chỉ cơ sở sản xuất"] == "Địa chỉ"


def test_import_is_disabled_until_a_column_is_the_product_name(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    start_with_demo(qtbot, window)
    path = workbook(tmp_path / "n.xlsx", {"DS": [["Tên sản phẩm", "Giá"], ["A", 1000]]})
    preview = finish(qtbot, window.actions_.import_sheet(str(path)))
    assert preview is not None
    qtbot.waitUntil(lambda: window.actions_.mapping_dialog is not None and window.actions_.mapping_dialog.isVisible())
    dialog = window.actions_.mapping_dialog
    assert dialog is not None and dialog.import_button.isEnabled()
    dialog.pickers["A"].setCurrentIndex(0)  # "(not used)"
    assert not dialog.import_button.isEnabled() and "tên sản phẩm" in dialog.status.text()
    dialog.pickers["A"].setCurrentIndex(dialog.pickers["A"].findData("name"))
    dialog.pickers["B"].setCurrentIndex(dialog.pickers["B"].findData("name"))
    assert not dialog.import_button.isEnabled() and "một cột" in dialog.status.text()
    dialog.reject()
