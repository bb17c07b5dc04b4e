"""Cơ sở sản xuất: cooperatives, enterprises and households, with their editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ocopdesk.domain.producer import KINDS, Producer
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.dialogs.producer_editor import ProducerEditor
from ocopdesk.gui.widgets.tables import ColumnFitter
from ocopdesk.i18n import _, ngettext
from ocopdesk.services.changes import Changes


class ProducersPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("Name"), _("Kind"), _("Address"), _("Phone"), _("Tax code")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.columns = ColumnFitter(self.table, stretch=0, caps={2: 0.4})  # the name takes the spare width
        self.table.doubleClicked.connect(lambda index: self.edit(index.row()))
        buttons = QHBoxLayout()
        buttons.addWidget(QPushButton(_("New producer"), clicked=self.new_producer))
        buttons.addWidget(QPushButton(_("Edit"), clicked=lambda: self.edit(self.table.currentRow())))
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        context.changed.connect(self.on_changed)
        context.catalogue_opened.connect(self.refresh)
        self.producers: list[Producer] = []
        self.refresh()

    def on_changed(self, changes: Changes) -> None:
        if changes.producers:
            self.refresh()

    def refresh(self) -> None:
        self.producers = self.context.service.producers()
        self.table.setRowCount(len(self.producers))
        for row, p in enumerate(self.producers):
            for column, text in enumerate((p.name, _(KINDS.get(p.kind, p.kind)), p.address_text, p.phone, p.tax_code)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, p.id)
                self.table.setItem(row, column, item)
        self.columns.refit()

    def status_text(self) -> str:
        return ngettext("{n} producer", "{n} producers", len(self.producers)).format(n=len(self.producers))

    def new_producer(self) -> ProducerEditor:
        return self._open(None)

    def edit(self, row: int) -> ProducerEditor | None:
        return self._open(self.producers[row]) if 0 <= row < len(self.producers) else None

    def _open(self, producer: Producer | None) -> ProducerEditor:
        editor = ProducerEditor(self.context.service, producer, self)
        editor.saved.connect(self.context.apply)
        editor.open()
        return editor
