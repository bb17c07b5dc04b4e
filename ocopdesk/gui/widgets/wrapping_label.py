"""A word-wrapped label that claims the height its text needs at its current width, so the dialog, splitter
pane or page holding it grows instead of cutting the message off after its first lines."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget


class WrappingLabel(QLabel):
    """Qt lays a wrapped label out by height-for-width, which top-level windows and splitters ignore: a
    dialog keeps its size and a splitter pane its height, and the label is clipped ("…chữ cái A–Z và a–z…").
    A minimum height is something every layout and window honours (a window smaller than its layout's
    minimum is enlarged), so the label keeps its minimum height equal to what its text needs."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.reserved: tuple[str, ...] = ()

    def reserve(self, *texts: str) -> None:
        """Claim the height of the tallest of `texts` as well, whichever is shown: a label whose text
        changes a moment after the page appears (a template read in the background) then moves nothing
        below it — the tick boxes under the clerk's mouse stayed put (#22). Measured in bold, the
        heavier of the styles the label is given, so the room is never short."""
        self.reserved = texts
        self._claim()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._claim()

    def clear(self) -> None:
        super().clear()
        self._claim()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._claim()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._claim()

    def _claim(self) -> None:
        """Ask for the height the text takes at the width the label has been laid out to; a hidden label's
        width is a default, not a layout's, so it waits for its show event."""
        if not self.text() and not self.reserved:
            self.setMinimumHeight(0)
            return
        if not self.isVisible():
            return
        needed = max(self.heightForWidth(self.width()) if self.text() else 0, self._reserved_height())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def _reserved_height(self) -> int:
        if not self.reserved:
            return 0
        bold = QFont(self.font())
        bold.setBold(True)
        metrics, margins = QFontMetrics(bold), self.contentsMargins()
        width = max(1, self.width() - margins.left() - margins.right() - 2 * self.margin())
        flags = int(Qt.TextFlag.TextWordWrap)
        tallest = max(metrics.boundingRect(QRect(0, 0, width, 1 << 20), flags, t).height() for t in self.reserved)
        return tallest + margins.top() + margins.bottom() + 2 * self.margin()
