"""Lô & tem: production batches and their process timeline (stamps plug in here)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain.batch import EVENT_KINDS
from ocopdesk.domain.dates import format_date
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.dialogs.batch_editor import BatchEditor, EventEditor
from ocopdesk.i18n import _
from ocopdesk.services.catalog import BatchView
from ocopdesk.services.changes import Changes


class BatchesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.sku_filter = QLineEdit(placeholderText=_("Product SKU (empty: all batches)"))
        self.sku_filter.returnPressed.connect(self.refresh)
        self.message = QLabel()
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [_("SKU"), _("Lot"), _("Lot name"), _("Produced"), _("Expires"), _("Quantity")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._show_events)
        self.events = QListWidget()
        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(QLabel(_("Process timeline")))
        column.addWidget(self.events)
        column.addWidget(QPushButton(_("Add event…"), clicked=self.add_event))
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        top = QHBoxLayout()
        top.addWidget(self.sku_filter)
        top.addWidget(QPushButton(_("Show"), clicked=self.refresh))
        top.addWidget(QPushButton(_("New batch…"), clicked=self.add_batch))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(splitter)
        context.changed.connect(self.on_changed)
        context.catalogue_opened.connect(self.refresh)
        self.views: list[BatchView] = []
        self.refresh()

    def on_changed(self, changes: Changes) -> None:
        if changes.batches or changes.products:
            self.refresh()

    def refresh(self) -> None:
        try:
            self.views = self.context.service.batches(self.sku_filter.text().strip() or None)
            self.message.clear()
        except OcopDeskError as failure:
            self.views = []
            self.message.setText(failure.message)
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            b = view.batch
            cells = (
                view.sku,
                b.lot_code,
                b.lot_name,
                format_date(b.produced_on),
                format_date(b.expires_on),
                "" if b.quantity is None else str(b.quantity),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, b.id)
                item.setToolTip(view.product_name)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self._show_events()

    def selected_batch(self) -> BatchView | None:
        row = self.table.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def _show_events(self) -> None:
        self.events.clear()
        view = self.selected_batch()
        if view is None or view.batch.id is None:
            return
        for event in self.context.service.events(view.batch.id):
            parts = [
                format_date(event.occurred_on),
                _(EVENT_KINDS.get(event.kind, event.kind)),
                event.place,
                event.actor,
                event.note,
            ]
            self.events.addItem(" · ".join(p for p in parts if p))

    def add_batch(self) -> BatchEditor:
        editor = BatchEditor(self.context.service, self.sku_filter.text().strip(), self)
        editor.saved.connect(self.context.apply)
        editor.open()
        return editor

    def add_event(self) -> EventEditor | None:
        view = self.selected_batch()
        if view is None or view.batch.id is None:
            return None
        editor = EventEditor(self.context.service, view.batch.id, self)
        editor.saved.connect(self.context.apply)
        editor.saved.connect(lambda _changes: self._show_events())
        editor.open()
        return editor
