"""The lots a production stage used (honey lot → bottled lot): a searchable list of the catalogue's lots, each
with a tick box. Searching ignores diacritics, as the clerk types them on a laptop without a Vietnamese IME."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ocopdesk.domain.text import fold
from ocopdesk.i18n import _

ROWS_SHOWN = 5  # enough to see a few matches; the dialog must still fit a 1366×768 screen


class InputLotsPicker(QWidget):
    """Tick the lots used; `chosen()` gives their batch ids."""

    def __init__(self, lots: list[tuple[int, str, str]], parent: QWidget | None = None) -> None:
        """`lots` are (batch id, the line shown, the full description in its tooltip)."""
        super().__init__(parent)
        self.search = QLineEdit(placeholderText=_("Search lots by product or code"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        for batch_id, text, tip in lots:
            item = QListWidgetItem(text)
            item.setToolTip(tip)
            item.setData(Qt.ItemDataRole.UserRole, batch_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        # Long product names end in "…" instead of a sideways scroll bar that hid a row of the five.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        row = max(self.list.sizeHintForRow(0), self.fontMetrics().height() + 4)
        self.list.setFixedHeight(row * ROWS_SHOWN + 2 * self.list.frameWidth() + 2)
        self.setToolTip(_("The lots this stage used, e.g. the honey lot a bottled lot was filled from."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.search.textChanged.connect(self._filter)

    def _filter(self, text: str) -> None:
        """Hide the lots whose text lacks the typed words; ticked lots stay visible, so none is used unseen."""
        words = fold(text).split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            shown = all(w in fold(item.text()) for w in words) or item.checkState() == Qt.CheckState.Checked
            item.setHidden(not shown)

    def chosen(self) -> tuple[int, ...]:
        items = (self.list.item(row) for row in range(self.list.count()))
        return tuple(int(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.checkState() == Qt.CheckState.Checked)

    def choose(self, batch_ids: set[int]) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in batch_ids:
                item.setCheckState(Qt.CheckState.Checked)
