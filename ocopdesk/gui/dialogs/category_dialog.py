"""Ngành hàng: the rules that give products a marketplace category — the user's own first, then
the shipped seed — and a form to add one (a keyword in the name, an OCOP group or sub-group)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.i18n import _
from ocopdesk.marketplaces.base import Marketplace
from ocopdesk.marketplaces.categories import CategoryRule
from ocopdesk.services import listings
from ocopdesk.services.changes import Changes


class CategoryDialog(QDialog):
    def __init__(self, context: AppContext, market: Marketplace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.market = context, market
        self.setWindowTitle(_("{market} categories").format(market=market.name))
        self.resize(640, 480)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [_("Category id"), _("Name"), _("Keyword"), _("OCOP group"), _("Sub-group")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.inputs = {name: QLineEdit() for name in ("category", "name", "keyword", "group", "subgroup")}
        form = QFormLayout()
        labels = {
            "category": _("Category id"),
            "name": _("Name"),
            "keyword": _("Keyword in the product name"),
            "group": _("OCOP group"),
            "subgroup": _("Sub-group"),
        }
        for name, widget in self.inputs.items():
            form.addRow(labels[name], widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(_("The first rule that matches a product gives its category. Your rules come first."), wordWrap=True)
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(QPushButton(_("Add the rule"), clicked=lambda: self.add()))
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        rules = listings.category_rules(self.context.service, self.market.id)
        self.table.setRowCount(len(rules))
        for row, rule in enumerate(rules):
            for col, value in enumerate((rule.category, rule.name, rule.keyword, rule.group, rule.subgroup)):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def add(self) -> bool:
        values = {name: widget.text().strip() for name, widget in self.inputs.items()}
        try:
            listings.add_category_rule(self.context.service, self.market.id, CategoryRule(**values))
        except OcopDeskError as failure:
            messages.warn(self, failure.message)
            return False
        for widget in self.inputs.values():
            widget.clear()
        self.refresh()
        self.context.apply(Changes(settings=True))
        return True
