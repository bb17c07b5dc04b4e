"""Measuring what a clerk sees: whether a cell's text is cut short ("Bánh gai Hàm …") or a header's title
does not fit, computed the way Qt's style decides it (the text rectangle of the item, minus the focus
margins, against the font's advance of the text)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QListView, QStyle, QStyleOptionViewItem, QTableView


def visible_rows(view: QAbstractItemView) -> list[int]:
    model = view.model()
    area = view.viewport().rect()
    return [
        row
        for row in range(model.rowCount())
        if not (isinstance(view, QTableView) and view.isRowHidden(row))
        and view.visualRect(model.index(row, _first_column(view))).intersects(area)
    ]


def _first_column(view: QAbstractItemView) -> int:
    if isinstance(view, QTableView):
        return next(c for c in range(view.model().columnCount()) if not view.isColumnHidden(c))
    return 0


def text_room(view: QAbstractItemView, index: QModelIndex) -> tuple[int, int]:
    """(width the text needs, width the cell gives it) for the item at `index`."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    delegate = view.itemDelegateForIndex(index)
    delegate.initStyleOption(option, index)
    style = view.style()
    text_rect: QRect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    needed = QFontMetrics(option.font).horizontalAdvance(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
    return needed, text_rect.width() - 2 * margin


def elided(view: QAbstractItemView, column: int = 0) -> list[str]:
    """The texts of visible rows in `column` that are drawn cut short."""
    model = view.model()
    cut = []
    for row in visible_rows(view):
        index = model.index(row, column)
        needed, room = text_room(view, index)
        if needed > room:
            cut.append(f"{index.data()} ({needed} > {room} px)")
    return cut


def cut_headers(view: QTableView) -> list[str]:
    """The visible column titles that do not fit their section (sort arrow included where it shows)."""
    header: QHeaderView = view.horizontalHeader()
    cut = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        needed = header.sectionSizeFromContents(section).width()
        if header.sectionSize(section) < needed:
            title = view.model().headerData(section, Qt.Orientation.Horizontal)
            cut.append(f"{title} ({header.sectionSize(section)} < {needed} px)")
    return cut


def list_elided(view: QListView) -> list[str]:
    return elided(view, 0)
