"""Dates and numbers that Qt draws itself follow the language chosen (issue #22, seam 17): Qt's own file
dialog — what Linux shows — read "7 12 2026 14:21" in the computer's C locale; it now writes dd/mm/yyyy,
and Qt's default locale is vi_VN (en_GB in English, which keeps the day first)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QDoubleSpinBox,
    QFileDialog,
    QFileSystemModel,
    QStyleOptionViewItem,
    QTreeView,
)
from pytestqt.qtbot import QtBot

from ocopdesk.gui.main_window import MainWindow
from ocopdesk.gui.qt_locale import DATE_COLUMN, SIZE_COLUMN, FileDates, install_qt_locale
from tests.gui.reading import read_back


def shown_text(view: QTreeView, row: int, column: int) -> str:
    """The text the view's delegate draws in a cell (what the clerk sees there)."""
    index = view.model().index(row, column, view.rootIndex())
    option = QStyleOptionViewItem()
    view.itemDelegateForIndex(index).initStyleOption(option, index)
    return option.text


def test_the_file_dialog_writes_dates_day_first(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "tem"
    folder.mkdir()
    stamp = folder / "tem-lo-1.pdf"
    stamp.write_bytes(b"%" * 2500)
    when = dt.datetime(2026, 3, 5, 14, 21)
    os.utime(stamp, (when.timestamp(), when.timestamp()))
    dialog = QFileDialog(window, "Chọn tệp", str(folder))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    view = dialog.findChild(QTreeView, "treeView")
    model = view.model()
    assert isinstance(model, QFileSystemModel)
    qtbot.waitUntil(lambda: isinstance(view.itemDelegate(), FileDates))  # the focus entered the dialog
    qtbot.waitUntil(lambda: model.rowCount(view.rootIndex()) == 1)
    assert shown_text(view, 0, DATE_COLUMN) == "05/03/2026 14:21"
    assert shown_text(view, 0, SIZE_COLUMN) == "2,44 kB"  # a decimal comma, as Vietnamese write it
    (folder / "anh").mkdir()  # a folder's kind is Qt's word, not the file's: "Folder" in the last walk
    qtbot.waitUntil(lambda: model.rowCount(view.rootIndex()) == 2)
    kinds = {shown_text(view, row, 0): shown_text(view, row, 2) for row in range(2)}
    assert kinds["anh"] == "Thư mục"
    assert "05/03/2026" in read_back(view, tmp_path)  # drawn so, not only held so
    dialog.reject()


def test_qt_numbers_follow_the_language_and_english_keeps_the_day_first(window: MainWindow) -> None:
    app = QApplication.instance()
    box = QDoubleSpinBox(decimals=1, value=1.5)
    assert box.text() == "1,5" and box.locale().name() == "vi_VN"
    try:
        english = install_qt_locale(app, "en")
        assert english.name() == "en_GB" and QDoubleSpinBox(decimals=1, value=1.5).text() == "1.5"
        assert english.toString(dt.date(2026, 3, 5), english.dateFormat(english.FormatType.ShortFormat)) == (
            "05/03/2026"
        )
    finally:
        install_qt_locale(app, "vi")
