"""A word-wrapped label that claims the height its text needs at its current width, so the dialog, splitter
pane or page holding it grows instead of cutting the message off after its first lines."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget


class WrappingLabel(QLabel):
    """Qt lays a wrapped label out by height-for-width, which top-level windows and splitters ignore: a
    dialog keeps its size and a splitter pane its height, and the label is clipped ("…chữ cái A–Z và a–z…").
    A minimum height is something every layout and window honours (a window smaller than its layout's
    minimum is enlarged), so the label keeps its minimum height equal to what its text needs."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

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
        if not self.text():
            self.setMinimumHeight(0)
            return
        if not self.isVisible():
            return
        needed = self.heightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)
