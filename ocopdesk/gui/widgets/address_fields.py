"""The producer's 2025 address as a form asks it: province, then a commune of that province, then the street
or village. One set of pickers for the producer editor and the start-up guide, so a producer made in either
is complete the same way."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit

from ocopdesk.domain import address
from ocopdesk.domain.collation import collation_key
from ocopdesk.domain.errors import FieldError
from ocopdesk.domain.text import fold
from ocopdesk.gui.widgets.form import FieldForm
from ocopdesk.i18n import _

PLACE_FIELDS = ("province_code", "commune_code", "street")
SHORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the commune's name after "Xã "/"Phường ", folded: what typing matches
KINDS = ("xa ", "phuong ", "dac khu ")  # a typed kind word is passed over, so "xa hoang" finds Xã Hoằng Hóa


class NameCompleter(QCompleter):
    """Matches typing on the folded short name but writes the commune's real name into the box: the combo
    box chooses the line whose text the box shows, so the folded "quang ngoc" it wrote before was no
    choice and the address was saved empty (#22)."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class ListOnArrows(QObject):
    """Up or Down in the commune box opens the list instead of stepping to the neighbouring commune.

    An editable combo box steps its current item on an arrow key and writes that item's name over what was
    typed: a fresh walker typed "quang x", found no match, pressed Down to see a list and saved Xã Quảng Ninh,
    the commune next to the one saved before, without ever choosing it (#22). Inside the search popup the
    arrows still move through the matches (the popup has its own handling and never reaches this filter)."""

    def __init__(self, box: QComboBox) -> None:
        super().__init__(box)
        self.box = box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # only an arrow key press looks at the box: other events also arrive while the box is being destroyed
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            return False
        if self.box.view().isVisible() or self.box.completer().popup().isVisible():
            return False  # a list already open keeps its own arrows
        self.box.showPopup()
        return True


def searchable(box: QComboBox) -> None:
    """Every commune's name begins "Xã " or "Phường ", so a list searched from the first letter finds
    nothing (#22): the box takes typing, matched on each item's SHORT_ROLE (the name after that word,
    folded), with or without diacritics ("hoang t" offers Xã Hoằng Tiến), and a name typed but not chosen
    is no choice (`chosen_row`). Used by the producer's address and by a production stage's commune."""
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.lineEdit().setPlaceholderText(_("(choose)"))  # a hint, not text: typing never lands after it
    completer = NameCompleter(box.model(), box)
    completer.setCompletionRole(SHORT_ROLE)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    box.setCompleter(completer)
    box.lineEdit().textEdited.connect(lambda text: _complete(completer, text))
    arrows = ListOnArrows(box)
    box.installEventFilter(arrows)
    box.lineEdit().installEventFilter(arrows)


def _complete(completer: QCompleter, text: str) -> None:
    typed = fold(text).lstrip()
    typed = next((typed[len(kind) :] for kind in KINDS if typed.startswith(kind)), typed)
    completer.setCompletionPrefix(typed)
    if typed:
        completer.complete()


def chosen_row(box: QComboBox) -> int:
    """The row of the item the box shows (typing leaves the last choice selected under other text, so the
    text decides), 0 when empty, -1 when the text names no listed item."""
    text = box.currentText().strip()
    if not text:
        return 0
    if text == box.itemText(box.currentIndex()):
        return box.currentIndex()
    return box.findText(text, Qt.MatchFlag.MatchExactly)


class AddressFields:
    """Adds the three rows to `form` (errors show under each, by the producer's field names)."""

    def __init__(self, form: FieldForm) -> None:
        self.province: QComboBox = form.add("province_code", _("Province"), QComboBox())  # type: ignore[assignment]
        self.province.addItem(_("(choose)"), "")
        for code, name in sorted(address.provinces().items(), key=lambda kv: collation_key(kv[1])):
            self.province.addItem(name, code)
        self.commune: QComboBox = form.add("commune_code", _("Commune / ward"), QComboBox())  # type: ignore[assignment]
        searchable(self.commune)
        self.province.currentIndexChanged.connect(self._fill_communes)
        self.street: QLineEdit = form.add("street", _("Street, village"), QLineEdit())  # type: ignore[assignment]
        self._fill_communes()

    def _fill_communes(self) -> None:
        self.commune.clear()
        self.commune.addItem("", "")  # no commune: the box is empty and shows its placeholder
        code = self.province.currentData()
        for commune in sorted(
            (c for c in address.communes().values() if c.province_code == code), key=lambda c: collation_key(c.short)
        ):
            self.commune.addItem(commune.name, commune.code)
            self.commune.setItemData(self.commune.count() - 1, fold(commune.short), SHORT_ROLE)

    def load(self, province_code: str, commune_code: str, street: str) -> None:
        self.province.setCurrentIndex(max(0, self.province.findData(province_code)))
        self._fill_communes()
        self.commune.setCurrentIndex(max(0, self.commune.findData(commune_code)))
        self.street.setText(street)

    def values(self) -> dict[str, str]:
        """The producer's fields: province_code, commune_code, street ("" where nothing is chosen)."""
        row = chosen_row(self.commune)
        return {
            "province_code": self.province.currentData() or "",
            "commune_code": (self.commune.itemData(row) or "") if row > 0 else "",
            "street": self.street.text(),
        }

    def problems(self) -> list[FieldError]:
        """Text in the commune box that names no commune of the province: an error to show before saving,
        so an address the screen shows is never stored empty (#22). An empty box is no error."""
        if self.commune.currentText().strip() and chosen_row(self.commune) < 0:
            return [FieldError("commune_code", _("Choose the commune / ward from the list"))]
        return []
