"""Choosing a product from a list instead of typing its SKU: type part of the name (with or without
diacritics) or the SKU and pick it; a barcode scanner that types an SKU and Enter still works."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from ocopdesk.domain.text import fold
from ocopdesk.i18n import _

FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1


class ProductPicker(QComboBox):
    """`sku()` is the chosen product's SKU, or "" for every product."""

    sku_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, everything: bool = True) -> None:
        super().__init__(parent)
        self.everything = everything  # offer "All products" first (a filter), or only products (a choice)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        self.lineEdit().setPlaceholderText(_("Type part of a product name or its SKU"))
        # Matches anywhere in "name (SKU)", ignoring case and diacritics ("mat ong" finds "Mật ong").
        self._folded = QSortFilterProxyModel(self)
        self._folded.setSourceModel(self.model())
        self._folded.setFilterRole(FOLDED_ROLE)
        completer = QCompleter(self)
        completer.setModel(self._folded)
        completer.setCompletionRole(Qt.ItemDataRole.DisplayRole)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated[str].connect(self._pick_text)  # type: ignore[index]
        self.setCompleter(completer)
        self.lineEdit().textEdited.connect(self._filter)
        self.lineEdit().installEventFilter(self)  # entering the box selects its text: typing replaces it
        self.lineEdit().returnPressed.connect(lambda: self._pick_text(self.currentText()))
        self.currentIndexChanged.connect(lambda _index: self.sku_changed.emit(self.sku()))
        # a chosen name reads from its start (the box sets its text after this signal: hence the timer)
        self.currentIndexChanged.connect(lambda _index: QTimer.singleShot(0, self, self._show_start))
        self.set_products([])

    def set_products(self, products: list[tuple[str, str]]) -> None:
        """(sku, name) pairs, shown by name; the choice is kept when its product is still listed."""
        current = self.sku()
        self.blockSignals(True)
        self.clear()
        if self.everything:
            self.addItem(_("All products"), "")
        for sku, name in sorted(set(products), key=lambda p: (fold(p[1]), p[0])):
            self.addItem(f"{name} ({sku})", sku)
        for row in range(self.count()):
            self.setItemData(row, fold(self.itemText(row)), FOLDED_ROLE)
        self.setCurrentIndex(max(0, self.findData(current)))
        self.blockSignals(False)
        self._show_start()

    def sku(self) -> str:
        index = self.currentIndex()
        if index >= 0 and self.itemText(index) == self.currentText():
            return str(self.itemData(index) or "")
        return self.currentText().strip()  # typed or scanned, not (yet) in the list

    def set_sku(self, sku: str) -> None:
        found = next((row for row in range(self.count()) if str(self.itemData(row)).casefold() == sku.casefold()), -1)
        if found >= 0:
            self.setCurrentIndex(found)
            self._show_start()
        else:
            self.setEditText(sku)
            self.sku_changed.emit(self.sku())

    # The SKU box this replaced was a line edit: a scanner, a test or a script may still "type" into it.
    def setText(self, text: str) -> None:
        self.set_sku(text.strip())

    def text(self) -> str:
        return self.sku()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.lineEdit() and event.type() == QEvent.Type.FocusIn:
            QTimer.singleShot(0, self._select_from_start)
        return super().eventFilter(watched, event)

    def _show_start(self) -> None:
        if not self.lineEdit().hasSelectedText():
            self.lineEdit().setCursorPosition(0)

    def _select_from_start(self) -> None:
        """All the text selected (typing replaces it) with the cursor at its start: a long name in a narrow
        box shows its beginning ("Mật ong hoa…"), not its end ("…t ong hoa nhãn Xuân Lộc (XL-01)")."""
        length = len(self.lineEdit().text())
        self.lineEdit().setSelection(length, -length)

    def _filter(self, text: str) -> None:
        self._folded.setFilterFixedString(fold(text))
        self.completer().complete()
        popup = self.completer().popup()  # as wide as the names it lists, within the window: none cut short
        wanted = popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 2 * popup.frameWidth()
        popup.setMinimumWidth(min(wanted, max(self.width(), self.window().width() - 20)))

    def _pick_text(self, text: str) -> None:
        row = self.findText(text)
        if row >= 0:
            self.setCurrentIndex(row)
        else:
            self.set_sku(text.strip())
