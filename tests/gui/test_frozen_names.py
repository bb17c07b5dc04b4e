"""The frozen names column stays on its cells' rows however the table was scrolled (#22).

Seen in the README picture taken under a real window manager: the marketplace matrix scrolled one row to show
the selected product while the names column had no scroll range yet; the names stayed at the top and every name
stood one row above its own status cells."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from ocopdesk.gui.widgets.tables import FrozenNames


def test_names_follow_a_scroll_made_before_they_could_scroll(qtbot: QtBot) -> None:
    model = QStandardItemModel(60, 3)
    for row in range(60):
        for column in range(3):
            model.setItem(row, column, QStandardItem(f"product {row}" if column == 0 else f"{row}.{column}"))
    table = QTableView()
    table.setModel(model)
    frozen = FrozenNames(table, name_column=0)
    qtbot.addWidget(frozen)
    frozen.resize(600, 300)
    frozen.show()
    qtbot.waitExposed(frozen)
    names, rows = frozen.names.verticalScrollBar(), table.verticalScrollBar()
    qtbot.waitUntil(lambda: names.maximum() > 7 and rows.maximum() > 7)
    full = rows.maximum()
    names.setRange(0, 0)  # as while the names view is not laid out yet (the window's first show)
    rows.setValue(7)  # the table scrolls to a selected row meanwhile: the names' value is clamped to 0
    assert names.value() == 0
    names.setRange(0, full)  # the names' layout arrives
    assert names.value() == rows.value() == 7
    assert frozen.names.rowAt(2) == table.rowAt(2)
