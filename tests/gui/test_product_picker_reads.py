"""The product picker shows a long name from its start and its suggestions whole (the third walk: *Lô mới*
showed "t ong hoa nhãn Xuân Lộc (XL-MAONG-01)" and cut the suggestions at the right)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ocopdesk.gui.widgets.product_picker import ProductPicker

LONG = [("XL-MAONG-01", "Mật ong hoa nhãn Xuân Lộc loại đặc biệt chai thủy tinh 500 ml"), ("TRA-GUNG", "Trà gừng")]


def test_a_long_name_reads_from_its_start_and_its_suggestion_whole(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(700, 300)
    picker = ProductPicker(window, everything=False)
    picker.setFixedWidth(220)
    picker.set_products(LONG)
    window.show()
    qtbot.waitExposed(window)
    picker.set_sku("XL-MAONG-01")
    qtbot.waitUntil(lambda: picker.lineEdit().cursorPosition() == 0)
    QApplication.sendEvent(picker.lineEdit(), QFocusEvent(QEvent.Type.FocusIn))  # the clerk enters the box
    qtbot.waitUntil(lambda: picker.lineEdit().hasSelectedText())
    assert picker.lineEdit().selectedText() == picker.currentText()  # typing still replaces it all
    assert picker.lineEdit().cursorPosition() == 0
    qtbot.keyClicks(picker.lineEdit(), "mat ong")
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.width() >= popup.sizeHintForColumn(0)  # the suggestion is not cut at the right
    popup.hide()
