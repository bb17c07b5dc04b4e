"""Qt's own words in Vietnamese: standard buttons, message boxes, Qt's file dialog (what Linux shows; Windows'
native dialog follows the system), following the language chosen; folder pickers make the folder they
suggest; tab titles keep the marks above Vietnamese capitals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QMessageBox, QTreeView
from pytestqt.qtbot import QtBot

from ocopdesk.bundled import resource
from ocopdesk.gui.application import install_qt_translation
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.gui.widgets.pickers import choose_folder
from tests.gui.conftest import BoxAnswerer
from tests.gui.test_main_window import start_with_demo

Button = QMessageBox.StandardButton


def test_standard_buttons_and_message_boxes_speak_vietnamese(window: MainWindow) -> None:
    box = QMessageBox()
    box.setStandardButtons(Button.Ok | Button.Cancel | Button.Yes | Button.No | Button.Save | Button.Close)
    box.setDetailedText("…")
    texts = {b.text() for b in box.buttons()}
    assert {"Đồng ý", "Hủy", "&Có", "&Không", "Lưu", "Đóng", "Chi tiết…"} <= texts
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert [b.text() for b in buttons.buttons()] == ["Đồng ý", "Hủy"]


def test_english_is_english_and_vietnamese_comes_back(window: MainWindow) -> None:
    app = QApplication.instance()
    assert install_qt_translation(app, "en") is False
    english = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert english.buttons()[0].text() == "Cancel"
    assert install_qt_translation(app, "vi") is True
    vietnamese = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert vietnamese.buttons()[0].text() == "Hủy"


def test_the_file_dialog_speaks_vietnamese(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    dialog = QFileDialog(window, "Chọn thư mục", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.show()
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"&Tìm trong:", "&Loại tệp:"} <= labels
    header = dialog.findChild(QTreeView).model()
    titles = [header.headerData(c, Qt.Orientation.Horizontal) for c in range(header.columnCount())]
    assert titles == ["Tên", "Kích thước", "Loại", "Ngày sửa"]
    buttons = {b.text() for b in dialog.findChildren(QDialogButtonBox)[0].buttons()}
    assert "&Chọn" in buttons and "Hủy" in buttons
    # a folder that does not exist, typed by hand: Qt's warning, in Vietnamese
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    name.setText(str(tmp_path / "khong-co"))
    boxes.answer("Đồng ý")
    QTimer.singleShot(0, dialog.accept)
    qtbot.waitUntil(lambda: bool(boxes.texts))
    assert "Không tìm thấy thư mục." in boxes.texts[0] and "Hãy kiểm tra lại tên thư mục." in boxes.texts[0]
    dialog.reject()


def test_the_compiled_catalogue_is_the_source_compiled(tmp_path: Path) -> None:
    """The .qm is committed (a wheel and a frozen build carry it without a build step); it must be what
    `pyside6-lrelease` makes of the .ts today."""
    source = resource("locale", "vi", "qtbase_vi.ts")
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    out = tmp_path / "qtbase_vi.qm"
    subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(out)], check=True)
    assert out.read_bytes() == resource("locale", "vi", "qtbase_vi.qm").read_bytes(), (
        "run: pyside6-lrelease resources/locale/vi/qtbase_vi.ts -qm resources/locale/vi/qtbase_vi.qm"
    )


def test_a_folder_picker_makes_the_folder_it_suggests(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    suggested = tmp_path / "truyxuat-website"
    seen: list[str] = []

    def answer(accept: bool) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, lambda: answer(accept))
            return
        seen.append(dialog.directory().absolutePath())
        dialog.accept() if accept else dialog.reject()

    QTimer.singleShot(0, lambda: answer(True))
    chosen = choose_folder(window, "Thư mục chứa trang web", suggested)
    assert seen == [str(suggested)] and Path(chosen) == suggested and suggested.is_dir()

    other = tmp_path / "moi"
    QTimer.singleShot(0, lambda: answer(False))
    assert choose_folder(window, "Thư mục chứa trang web", other) == ""
    assert not other.exists()  # made for the dialog, removed again when not chosen and still empty


def test_tabs_keep_the_hook_of_a_capital(qtbot: QtBot, window: MainWindow) -> None:
    """ "Ảnh và tài liệu" on a tab that is not the current one: with the mark clipped it draws exactly as
    "Anh và tài liệu"."""
    start_with_demo(qtbot, window)
    editor = window.products.new_product()
    tabs = editor.tabs
    assert tabs.tabText(3) == "Ảnh và tài liệu" and tabs.currentIndex() != 3
    qtbot.wait(50)
    with_mark = tabs.tabBar().grab().toImage()
    tabs.setTabText(3, "Anh và tài liệu")
    without = tabs.tabBar().grab().toImage()
    assert with_mark != without
    editor.done(0)
