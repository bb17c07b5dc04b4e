"""Photos and documents in the window: a document is published only when ticked, and files outside a
sheet's folder are read only when the clerk allows it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ocopdesk.gui.main_window import MainWindow
from tests.gui.conftest import BoxAnswerer
from tests.gui.test_main_window import start_with_demo
from tests.gui.test_workflows import finish, through_mapping
from tests.services.test_importer import jpeg
from tests.services.test_public_documents import CERTIFICATE, PRIVATE


def test_the_clerk_ticks_a_document_to_publish_it(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    start_with_demo(qtbot, window)
    (tmp_path / "cert.pdf").write_bytes(CERTIFICATE)
    (tmp_path / "contract.pdf").write_bytes(PRIVATE)
    service = window.context.service
    product_id = service.product_by_sku("MO-NX-500").product.id
    editor = window.products.edit(product_id)
    start = editor.documents.count()
    editor.add_files([str(tmp_path / "contract.pdf"), str(tmp_path / "cert.pdf")], "document")
    added = [editor.documents.item(start), editor.documents.item(start + 1)]
    assert all(item.checkState() == item.checkState().Unchecked for item in added)  # private unless ticked
    added[1].setCheckState(added[1].checkState().Checked)
    assert editor.save() is True
    stored = {d.original_name: d.public for d in service.product_by_sku("MO-NX-500").documents}
    assert stored["cert.pdf"] is True and stored["contract.pdf"] is False


def test_the_window_asks_before_reading_another_folder(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    photos = tmp_path / "anh"
    photos.mkdir()
    (photos / "a.jpg").write_bytes(jpeg("red"))
    folder = tmp_path / "bang"
    folder.mkdir()
    sheet = folder / "sp.csv"
    sheet.write_text(f"Mã SP,Tên sản phẩm,Ảnh\nNEW-1,Mắm tôm Hậu Lộc,{photos / 'a.jpg'}\n", encoding="utf-8")
    boxes.answer("Cho phép và nhập")
    first = finish(qtbot, through_mapping(qtbot, window, sheet))
    qtbot.waitUntil(lambda: len(boxes.texts) == 1)
    assert str(photos) in boxes.texts[0] and "ngoài thư mục" in boxes.texts[0]
    boxes.answer("Đồng ý")
    qtbot.waitUntil(lambda: window.actions_.last_task is not first)
    finish(qtbot, window.actions_.last_task)
    qtbot.waitUntil(lambda: len(boxes.texts) == 2)
    assert boxes.texts[1] == "Đã nhập 1 trên 1 dòng: 1 mới, 0 cập nhật."
    assert [p.original_name for p in window.context.service.product_by_sku("NEW-1").photos] == ["a.jpg"]
