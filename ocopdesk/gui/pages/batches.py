"""Lô & tem: production batches and their process timeline (stamps plug in here)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain.batch import EVENT_KINDS
from ocopdesk.domain.dates import format_date
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.dialogs.batch_editor import BatchEditor, EventEditor, LotRenameDialog
from ocopdesk.gui.dialogs.stamp_history import StampHistoryDialog
from ocopdesk.gui.dialogs.stamp_print_dialog import StampPrintDialog
from ocopdesk.gui.tasks import Task, run_task
from ocopdesk.i18n import _
from ocopdesk.services import jobs
from ocopdesk.services.catalog import BatchView
from ocopdesk.services.changes import Changes
from ocopdesk.services.stamps import counts as stamp_counts
from ocopdesk.services.stamps import verify as verify_stamp


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
        column.addWidget(self._stamp_box())
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        top = QHBoxLayout()
        top.addWidget(self.sku_filter)
        top.addWidget(QPushButton(_("Show"), clicked=self.refresh))
        top.addWidget(QPushButton(_("New batch…"), clicked=self.add_batch))
        top.addWidget(QPushButton(_("Rename lot…"), clicked=self.rename_lot))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(splitter)
        context.changed.connect(self.on_changed)
        context.catalogue_opened.connect(self.refresh)
        self.views: list[BatchView] = []
        self.task: Task | None = None
        self.refresh()

    def _stamp_box(self) -> QGroupBox:
        box = QGroupBox(_("Traceability stamps"))
        column = QVBoxLayout(box)
        self.stamp_counts = QLabel()
        row = QHBoxLayout()
        self.issue_count = QSpinBox(minimum=1, maximum=100_000, value=65)
        row.addWidget(self.issue_count)
        row.addWidget(QPushButton(_("Issue stamps"), clicked=lambda: self.issue_stamps()))
        row.addWidget(QPushButton(_("Print…"), clicked=lambda: self.print_stamps()))
        row.addWidget(QPushButton(_("History…"), clicked=lambda: self.stamp_history()))
        self.verify_box = QLineEdit(placeholderText=_("Scan a stamp, or type the serial printed under its QR code"))
        self.verify_box.returnPressed.connect(self.verify)
        self.verify_result = QLabel(wordWrap=True)
        for widget in (self.stamp_counts, self.verify_box, self.verify_result):
            column.addWidget(widget)
        column.insertLayout(1, row)
        return box

    def _update_stamp_counts(self) -> None:
        view = self.selected_batch()
        if view is None or view.batch.id is None:
            self.stamp_counts.setText(_("Choose a batch."))
            return
        counts = stamp_counts(self.context.service, view.batch.id)
        self.stamp_counts.setText(_("{issued} issued · {voided} voided · {printed} printed").format(**counts))

    def issue_stamps(self) -> Task | None:
        view = self.selected_batch()
        if view is None:
            return None
        self.task = run_task(
            self,
            _("Issuing stamps"),
            self.context.service.path,
            jobs.issue_stamps_job,
            view.batch.lot_code,
            self.issue_count.value(),
            view.sku,
        )
        self.task.done.connect(self._issued)
        self.task.failed.connect(lambda message, details: messages.warn(self, message, details))
        return self.task

    def _issued(self, count: int) -> None:
        self.context.apply(Changes(batches=True))
        self.message.setText(
            _("{n} stamps issued. Build the website again (Website menu) so shoppers can check them.").format(n=count)
        )

    def print_stamps(self) -> StampPrintDialog | None:
        return self._open_for_batch(StampPrintDialog)  # type: ignore[return-value]

    def stamp_history(self) -> StampHistoryDialog | None:
        return self._open_for_batch(StampHistoryDialog)  # type: ignore[return-value]

    def _open_for_batch(self, dialog_type: type[QDialog]) -> QDialog | None:
        """A stamp dialog for the selected lot; a problem (no address set, no stamps) is explained."""
        view = self.selected_batch()
        if view is None:
            return None
        try:
            dialog = dialog_type(self.context, view.batch.lot_code, view.sku, self)  # type: ignore[call-arg]
        except OcopDeskError as problem:
            messages.warn(self, problem.message)
            return None
        dialog.open()
        return dialog

    def verify(self) -> None:
        """A USB scanner types the URL and Enter: answer in plain words, in colour."""
        answer = verify_stamp(self.context.service, self.verify_box.text())
        colour = {"genuine": "#1b5e20", "serial": "#8a5300", "voided": "#8a5300"}.get(answer.result, "#b3261e")
        self.verify_result.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.verify_result.setText(answer.message)
        self.verify_box.selectAll()

    def on_changed(self, changes: Changes) -> None:
        if changes.batches or changes.products:
            self.refresh()

    def refresh(self) -> None:
        problems = self.context.service.code_problems()  # codes saved before today's rule
        try:
            self.views = self.context.service.batches(self.sku_filter.text().strip() or None)
            self.message.clear()
        except OcopDeskError as failure:
            self.views = []
            self.message.setText(failure.message)
        unreachable = 0
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            b = view.batch
            reasons = problems.lot_page(b)
            unreachable += bool(reasons)
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
                item.setToolTip("\n".join([view.product_name, *reasons]))
                if reasons:
                    item.setForeground(QColor("#b3261e"))
                self.table.setItem(row, col, item)
        if unreachable:
            self.message.setText(
                _(
                    "{n} lots (in red) can have no web page, so their stamps would lead to “Page not found”; point at "
                    "one to see why. Select it and press Rename lot…, or rename the product's SKU."
                ).format(n=unreachable)
            )
        self.table.resizeColumnsToContents()
        self._show_events()

    def selected_batch(self) -> BatchView | None:
        row = self.table.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def _show_events(self) -> None:
        self.events.clear()
        self._update_stamp_counts()
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

    def rename_lot(self) -> LotRenameDialog | None:
        view = self.selected_batch()
        if view is None:
            self.message.setText(_("Choose a batch."))
            return None
        dialog = LotRenameDialog(self.context.service, view.batch, view.sku, self)
        dialog.saved.connect(self.context.apply)
        dialog.open()
        return dialog

    def add_event(self) -> EventEditor | None:
        view = self.selected_batch()
        if view is None or view.batch.id is None:
            return None
        editor = EventEditor(self.context.service, view.batch.id, self)
        editor.saved.connect(self.context.apply)
        editor.saved.connect(lambda _changes: self._show_events())
        editor.open()
        return editor
