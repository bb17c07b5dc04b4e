"""Ngành hàng: choose a product's marketplace category by name — a searchable tree of the list the
seller centre's template carries (typing "mat ong" finds "Mật ong"), the suggestions for the product
at the top, and optionally the same category for every product whose name holds a few words.
Before a list is loaded the tree holds the few categories OCOPDesk knows, and a category id read
in the seller centre can be typed in by hand."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain.category import Category, CategoryListInfo
from ocopdesk.domain.dates import format_date
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.text import clean_line
from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.file_dialogs import TEMPLATE, open_name
from ocopdesk.gui.seller_templates import remember_template
from ocopdesk.gui.tasks import Task, run_task
from ocopdesk.i18n import _
from ocopdesk.services import categories
from ocopdesk.services.changes import Changes

if TYPE_CHECKING:  # names for annotations only: the GUI reaches marketplaces through services
    from ocopdesk.marketplaces.base import Marketplace
    from ocopdesk.marketplaces.categories import CategoryIndex

_ID = Qt.ItemDataRole.UserRole
SHOWN_AT_MOST = 2000  # leaves in the tree at once (a whole list is ~1,600); typing narrows it


class CategoryDialog(QDialog):
    def __init__(
        self, context: AppContext, market: Marketplace, sku: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context, self.market, self.sku = context, market, sku
        self.task: Task | None = None
        self.chosen: Category | None = None
        name = context.service.product_by_sku(sku).product.name if sku else ""
        self.setWindowTitle(
            _("{market} category for {product}").format(market=market.name, product=name)
            if sku
            else _("{market} categories").format(market=market.name)
        )
        self.resize(760, 600)
        self.info = QLabel(wordWrap=True)
        self.load_button = QPushButton(_("Load the list from a template…"), clicked=lambda: self.load())
        self.suggestions = QListWidget()
        self.suggestions.setMaximumHeight(92)
        self.suggestions.itemClicked.connect(lambda item: self.select(item.data(_ID)))
        self.suggestions.itemDoubleClicked.connect(lambda item: self.select(item.data(_ID)) and self.accept_choice())
        self.search = QLineEdit(placeholderText=_("Search by name, with or without diacritics (e.g. mat ong)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self.fill_tree())
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Category"), _("Id")])
        self.tree.setColumnWidth(0, 560)
        self.tree.currentItemChanged.connect(lambda item, _old: self._picked(item))
        self.tree.itemDoubleClicked.connect(lambda item, _col: item.data(0, _ID) and self.accept_choice())
        self.picked = QLabel(wordWrap=True)
        self.manual_id, self.manual_name = QLineEdit(), QLineEdit()
        self.manual = QWidget()
        manual_form = QFormLayout(self.manual)
        manual_form.setContentsMargins(0, 0, 0, 0)
        manual_form.addRow(_("Category id from the seller centre"), self.manual_id)
        manual_form.addRow(_("Its name"), self.manual_name)
        self.also = QCheckBox(_("Also for every product whose name contains:"))
        self.keyword = QLineEdit(" ".join(name.split()[:2]))
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Choose this category"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept_choice)
        buttons.rejected.connect(self.reject)
        self._lay_out(buttons)
        self.refresh()
        context.changed.connect(self._list_changed)

    def _list_changed(self, changes: Changes) -> None:
        """A list loaded elsewhere while this dialog is open (the export template, chosen a moment before,
        is read in the background): show it, rather than "not loaded, 15 categories" until reopened."""
        visible_change = changes.settings and self.isVisible()
        if visible_change and categories.list_info(self.context.service, self.market.id) != self.shown_list:
            self.refresh()

    def _lay_out(self, buttons: QDialogButtonBox) -> None:
        """Top to bottom: the list's state, suggestions, search, the tree, a hand-typed id, the rule."""
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.info, 1)
        top.addWidget(self.load_button)
        layout.addLayout(top)
        self.suggestions_label = QLabel(_("Suggested for this product (click to select):"))
        self.suggestions_label.setWordWrap(True)  # the group-6 note is a sentence
        layout.addWidget(self.suggestions_label)
        layout.addWidget(self.suggestions)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.manual)
        layout.addWidget(self.picked)
        rule = QHBoxLayout()
        rule.addWidget(self.also)
        rule.addWidget(self.keyword, 1)
        layout.addLayout(rule)
        layout.addWidget(buttons)

    # -- data ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        service = self.context.service
        self.index: CategoryIndex = categories.index(service, self.market.id)
        info = categories.list_info(service, self.market.id)
        self.shown_list = info
        self.info.setText(self._info_text(info))
        self.manual.setVisible(info is None)
        self.suggestions.clear()
        self.suggestions_label.setText(_("Suggested for this product (click to select):"))
        note = ""
        if self.sku:
            product = service.product_by_sku(self.sku).product
            found = categories.suggester(service, self.market.id).suggest(product, 5)
            note = categories.note(product, found)
            for s in found:
                text = _("{name} — {path} ({confidence}%)").format(
                    name=s.category.name,
                    path=" › ".join(s.category.path[:-1]) or s.category.id,
                    confidence=round(s.confidence * 100),
                )
                item = QListWidgetItem(("★ " if s.confident else "") + text)
                item.setData(_ID, s.category.id)
                self.suggestions.addItem(item)
        has = self.suggestions.count() > 0
        self.suggestions.setVisible(has)
        self.suggestions_label.setVisible(has or bool(note))
        if note:
            self.suggestions_label.setText(note)
        self.fill_tree()
        if has:
            self.select(self.suggestions.item(0).data(_ID))

    def _info_text(self, info: CategoryListInfo | None) -> str:
        if info is None:
            return _(
                "No {market} category list is loaded yet: only the {n} categories OCOPDesk knows are shown. Load "
                "the full list from the mass-upload template you download from your seller centre."
            ).format(market=self.market.name, n=len(self.index))
        return _("{market} list: {count} categories, loaded on {date} from {source}.").format(
            market=self.market.name, count=info.count, date=format_date(info.loaded_on), source=info.source
        )

    def fill_tree(self) -> None:
        """The matching leaves under their parents; everything expanded while searching."""
        query = self.search.text().strip()
        leaves = self.index.search(query) if query else self.index.leaves
        self.tree.clear()
        nodes: dict[tuple[str, ...], QTreeWidgetItem] = {}
        for category in leaves[:SHOWN_AT_MOST]:
            parent: QTreeWidgetItem | None = None
            for depth in range(1, len(category.path)):
                key = category.path[:depth]
                if key not in nodes:
                    node = QTreeWidgetItem([key[-1], ""])
                    node.setFlags(node.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                    (parent.addChild(node) if parent else self.tree.addTopLevelItem(node))
                    nodes[key] = node
                parent = nodes[key]
            leaf = QTreeWidgetItem([category.name, category.id])
            leaf.setData(0, _ID, category.id)
            leaf.setToolTip(0, category.path_text)
            (parent.addChild(leaf) if parent else self.tree.addTopLevelItem(leaf))
        if query or len(leaves) <= 40:
            self.tree.expandAll()
        if len(leaves) > SHOWN_AT_MOST:
            more = QTreeWidgetItem([_("… {n} more: type to narrow the list").format(n=len(leaves) - SHOWN_AT_MOST)])
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(more)
        shown = self._find_item(self.chosen.id) if self.chosen is not None else None
        if shown is not None:  # the choice stays in sight when the search is cleared
            self.tree.setCurrentItem(shown)
            self.tree.scrollToItem(shown)

    # -- choosing --------------------------------------------------------------------------------

    def select(self, category_id: str) -> bool:
        """Show `category_id` in the tree (clearing a search that hides it) and take it."""
        found = self._find_item(category_id)
        if found is None and self.search.text():
            self.search.clear()
            found = self._find_item(category_id)
        if found is not None:
            self.tree.setCurrentItem(found)
            self.tree.scrollToItem(found)
        self.chosen = self.index.get(category_id)
        self._show_choice()
        return self.chosen is not None

    def _find_item(self, category_id: str) -> QTreeWidgetItem | None:
        matches = self.tree.findItems(category_id, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 1)
        return matches[0] if matches else None

    def _picked(self, item: QTreeWidgetItem | None) -> None:
        category_id = item.data(0, _ID) if item is not None else None
        if category_id:
            self.chosen = self.index.get(category_id)
            self._show_choice()

    def _show_choice(self) -> None:
        self.picked.setText(
            _("Chosen: {category}").format(category=self.chosen.label()) if self.chosen else _("Nothing chosen yet.")
        )

    def accept_choice(self) -> bool:
        if not self.sku:
            self.reject()
            return False
        service = self.context.service
        try:
            if self.chosen is None and self.manual.isVisible() and self.manual_id.text().strip():
                self.chosen, changes = categories.choose_by_hand(
                    service, self.market.id, self.sku, self.manual_id.text(), self.manual_name.text()
                )
            elif self.chosen is not None:
                _category, changes = categories.choose(service, self.market.id, self.sku, self.chosen.id)
            else:
                messages.warn(self, _("Choose a category in the list first."))
                return False
            if self.also.isChecked() and self.keyword.text().strip():
                keyword = clean_line(self.keyword.text())  # as typed: marks count (#23)
                changes |= categories.add_rule(
                    service, self.market.id, self.chosen.id, self.chosen.name, keyword=keyword
                )
        except OcopDeskError as failure:
            messages.warn(self, failure.message)
            return False
        self.context.apply(changes)
        self.accept()
        return True

    # -- loading a list --------------------------------------------------------------------------

    def load(self, path: str | None = None) -> Task | None:
        if path is None:
            path = open_name(
                self, TEMPLATE, _("Mass-upload template from the seller centre"), "Excel (*.xlsx)", self.context
            )
        if not path:
            return None
        remember_template(self.context, self.market.id, Path(path))  # the export uses it too
        self.task = run_task(
            self,
            _("Reading the category list…"),
            self.context.service.path,
            categories.load_list_job,
            self.market.id,
            Path(path),
        )
        self.task.done.connect(self._loaded)
        self.task.failed.connect(lambda message, details: messages.warn(self, message, details))
        return self.task

    def _loaded(self, result: tuple[CategoryListInfo, Changes]) -> None:
        self.refresh()
        self.context.apply(result[1])
