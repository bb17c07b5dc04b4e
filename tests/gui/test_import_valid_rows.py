"""Issue #23 in the real window: a refused import lists its problems and offers "Nhập các dòng hợp lệ", which
imports the good rows through the same service call as `ocopdesk import --skip-invalid` and lists the rest; a
column chosen by hand stays chosen after the refusal."""

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

WAIT = 60_000  # ms: the ceiling for background work on a loaded machine


def names(window: MainWindow, text: str) -> list[str]:
    service = window.context.service
    return sorted(s.name for s in service.summaries(service.search(ProductFilter(text))) if text in s.name)


def test_the_valid_rows_are_imported_from_the_refusal_and_the_rest_listed(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    path = district_list(tmp_path / "ds.xlsx")  # 10 rows: 13 has a wrong barcode, 14 no name
    boxes.answer("Nhập các dòng hợp lệ")
    refused = finish(qtbot, through_mapping(qtbot, window, path))
    qtbot.waitUntil(lambda: len(boxes.texts) == 1, timeout=WAIT)
    assert "chưa nhập gì" in boxes.texts[0] and "8 dòng hợp lệ" in boxes.texts[0]
    assert "Dòng 13, cột “Mã vạch”" in boxes.details[0] and "Dòng 14, cột “Tên sản phẩm”" in boxes.details[0]
    qtbot.waitUntil(lambda: window.actions_.last_task is not refused, timeout=WAIT)
    boxes.answer("Đồng ý")
    finish(qtbot, window.actions_.last_task)
    qtbot.waitUntil(lambda: len(boxes.texts) == 2, timeout=WAIT)
    assert "8" in boxes.texts[1] and "13, 14" in boxes.texts[1]  # the summary names the rows left out
    assert "Dòng 13, cột “Mã vạch”" in boxes.details[1]  # and why, as the refusal did
    assert names(window, "Sản phẩm thử") == sorted(f"Sản phẩm thử {n}" for n in range(1, 9))
    qtbot.waitUntil(lambda: window.products.model.rowCount() == 40, timeout=WAIT)  # 32 demo + 8


def test_ok_on_the_refusal_imports_nothing_and_keeps_the_hand_made_mapping(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    header = ["Tên sản phẩm", "Cột lạ", "Mã vạch"]
    bad = workbook(tmp_path / "bad.xlsx", {"T": [header, ["Mật ong thử", "Lọ", "8936012345670"]]})

    def choose_unit(dialog: ImportMappingDialog) -> None:
        dialog.pickers["B"].setCurrentIndex(dialog.pickers["B"].findData("unit"))

    boxes.answer("Đồng ý")
    finish(qtbot, through_mapping(qtbot, window, bad, choose_unit))
    qtbot.waitUntil(lambda: len(boxes.texts) == 1, timeout=WAIT)
    assert "chưa nhập gì" in boxes.texts[0] and "dòng hợp lệ" not in boxes.texts[0]  # no valid row to offer
    assert names(window, "Mật ong thử") == []

    fixed = workbook(tmp_path / "fixed.xlsx", {"T": [header, ["Mật ong thử", "Lọ", "8936012345674"]]})
    seen: dict[str, str] = {}
    boxes.answer("Đồng ý")
    finish(qtbot, through_mapping(qtbot, window, fixed, lambda d: seen.update(B=d.pickers["B"].currentData())))
    qtbot.waitUntil(lambda: len(boxes.texts) == 2, timeout=WAIT)
    assert seen["B"] == "unit"  # the refused try's choice, offered again
    service = window.context.service
    made = next(s for s in service.summaries(service.search(ProductFilter("Mật ong thử"))) if s.name == "Mật ong thử")
    assert service.product_by_sku(made.sku).product.unit == "lọ"
