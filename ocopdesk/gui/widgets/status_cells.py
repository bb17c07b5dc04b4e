"""A compact status cell: a drawn sign (ready, errors, warnings), the number of problems, and a small sign
for what happened to the listing (exported, changed since, listed). The whole story is in the tooltip."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QHelpEvent, QPainter
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QToolTip

from ocopdesk.gui.widgets import icons

Index = QModelIndex | QPersistentModelIndex
SIGN = 16
PAD = 5


@dataclass(frozen=True, slots=True)
class CellStatus:
    sign: str  # "ready", "error" or "warning"
    count: int = 0  # problems to fix (shown when not ready)
    listing: str = ""  # "", "exported", "changed" or "listed"
    tooltip: str = ""


class StatusDelegate(QStyledItemDelegate):
    """Paints the CellStatus that `status_of(index)` gives; cells it has none for are drawn as text."""

    def __init__(self, status_of: Callable[[Index], CellStatus | None], parent: QAbstractItemView) -> None:
        super().__init__(parent)
        self.status_of = status_of

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        status = self.status_of(index)
        if status is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect
        top = rect.top() + (rect.height() - SIGN) / 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        icons.paint(painter, QRectF(rect.left() + PAD, top, SIGN, SIGN), status.sign)
        if status.count:
            selected = bool(opt.state & QStyle.StateFlag.State_Selected)
            painter.setPen(opt.palette.highlightedText().color() if selected else opt.palette.text().color())
            text_rect = rect.adjusted(PAD + SIGN + 3, 0, 0, 0)
            painter.drawText(
                text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), str(status.count)
            )
        if status.listing:
            size = SIGN - 2
            icons.paint(
                painter,
                QRectF(rect.right() - PAD - size, rect.top() + (rect.height() - size) / 2, size, size),
                status.listing,
            )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        status = self.status_of(index)
        if status is None:
            return super().sizeHint(option, index)
        digits = option.fontMetrics.horizontalAdvance("99")
        return QSize(PAD + SIGN + 3 + digits + PAD + SIGN + PAD, max(SIGN + 8, option.fontMetrics.height() + 8))

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem, index: Index) -> bool:
        status = self.status_of(index)
        if status is None or not status.tooltip or event is None:
            return super().helpEvent(event, view, option, index)
        QToolTip.showText(event.globalPos(), status.tooltip, view)
        return True
