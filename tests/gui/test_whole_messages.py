"""A clerk reads every word of why Save was refused: a message grows its dialog (or pane) instead of being cut
at the dialog's first size. Checked by geometry and by Tesseract reading the screenshot back (issue #22,
seam 1)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ocopdesk.gui.address import AddressDialog
from ocopdesk.gui.dialogs.batch_editor import BatchEditor
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.services import stamps
from tests.gui.reading import cut_off, read_back, share_read
from tests.gui.test_main_window import start_with_demo
from tests.gui.test_stamps_screen import open_lot


def test_new_batch_shows_the_whole_lot_code_and_date_errors(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    start_with_demo(qtbot, window)
    editor = BatchEditor(window.context.service, "MO-NX-500", window)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.lot.setText("Lô mật ong xuân")
    editor.produced.setText("31/02/2026")
    assert not editor.save()
    lot_error, date_error = editor.form.errors["lot_code"], editor.form.errors["produced_on"]
    assert "tên lô" in lot_error.text() and "dd/mm/yyyy" in date_error.text()
    qtbot.waitUntil(lambda: not cut_off(lot_error) and not cut_off(date_error), timeout=60000)
    seen = read_back(editor, tmp_path)
    assert share_read(lot_error.text(), seen) > 0.8, seen
    assert share_read(date_error.text(), seen) > 0.8, seen
    assert "Hãy ghi tên tiếng Việt vào ô tên lô" in seen  # the message's last sentence, on screen


def test_the_verify_answer_under_the_scan_box_is_read_in_full(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    lot = open_lot(qtbot, window, "MO-NX-500")
    window.guide.leave_button.click()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.go_to("batches")
    stamps.issue(window.context.service, lot, 1)
    serial = stamps.urls_for(window.context.service, stamps.find_lot(window.context.service, lot))[0][0].serial
    page = window.batches
    page.verify_box.setText(serial)  # typed from under the QR code: the longest answer
    page.verify()
    answer = page.verify_result
    assert answer.text().endswith("(tem sao chép cũng mang cùng số sê-ri).")
    qtbot.waitUntil(lambda: not cut_off(answer), timeout=60000)
    seen = read_back(answer, tmp_path)
    assert share_read(answer.text(), seen) > 0.8, seen
    assert "tem sao chép cũng mang cùng" in seen, seen  # the last line, on screen


def test_the_address_prompt_shows_its_whole_explanation(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    start_with_demo(qtbot, window)
    dialog = AddressDialog(window.context, "Phát hành tem cần địa chỉ truy xuất.", window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    text = dialog.step.explanation_label
    qtbot.waitUntil(lambda: not cut_off(text), timeout=60000)
    seen = read_back(dialog, tmp_path)
    assert "Bạn có thể đặt địa chỉ ngay bây giờ" in seen or share_read(text.text(), seen) > 0.8, seen
    assert dialog.geometry().height() <= 768
